/**
 * What the RNN lab's page shows, as data: the chart's series and the numbers beside the
 * three complaints, one stop of the step-through, the largest terms of an additive score.
 */
import { describe, expect, it } from 'vitest';
import { createRnnModel, type RnnArch } from '../../src/model';
import { BUNDLE_FORMAT } from '../../src/io/bundle';
import type { RnnModelBundle } from '../../src/io/rnn_bundle';
import { reverseLongTask } from '../../src/tasks';
import { rnnTaskConfig } from '../../src/train';
import {
  additiveScoreTerms, alignmentMatrix, contextVector, decoderStates, encoderStates, overwriteSeries, runRnnWalk, walkStops,
  type LengthSeries, type RnnWalk,
} from '../../src/labs/rnn';
import {
  argmaxCell, carriedShare, distinctFoci, flatRows, largestTerms, lengthChartSeries, lengthFacts, meanChange, stopView, tokenLabel,
  type WalkArrays,
} from '../../src/labs/rnn_view';

const task = reverseLongTask;

function bundle(arch: RnnArch): RnnModelBundle {
  const model = createRnnModel(rnnTaskConfig(task, { arch, embedDim: 6, hiddenSize: 7, attentionDim: arch === 'rnn-attention' ? 5 : 0 }), 5);
  for (const t of model.params.values()) for (let i = 0; i < t.size; i++) t.data[i] *= 2;
  return {
    model,
    meta: {
      format: BUNDLE_FORMAT, arch, task: task.name, config: model.config, srcVocab: [...task.srcVocab.tokens], tgtVocab: [...task.tgtVocab.tokens],
      srcEos: true, seed: 5, steps: 0, training: {},
    },
  };
}

function walkOf(b: RnnModelBundle, text = 'abcdef'): RnnWalk {
  const r = runRnnWalk(b, text);
  if (!r.ok) throw new Error('walk failed');
  return r.walk;
}

function arraysOf(b: RnnModelBundle, w: RnnWalk): WalkArrays {
  return {
    vocab: b.meta.tgtVocab, encStates: encoderStates(w), decStates: decoderStates(w), overwrite: overwriteSeries(w),
    context: contextVector(w), alignment: w.arch === 'rnn-attention' ? alignmentMatrix(w) : null,
  };
}

const series = (arch: LengthSeries['arch'], em: number[], tok: number[]): LengthSeries => ({
  arch, parameters: 1000, points: em.map((e, i) => ({ length: i + 1, n: 100, exactMatch: e, tokenAccuracy: tok[i] })),
});

describe('the accuracy-vs-length chart and its numbers', () => {
  const s = [
    series('rnn-fixed', [1, 0.95, 0.9, 0.6, 0.4, 0.1], [1, 0.99, 0.97, 0.9, 0.8, 0.6]),
    series('rnn-attention', [1, 1, 1, 1, 1, 0.98], [1, 1, 1, 1, 1, 0.99]),
  ];

  it('draws one line per model, x the length and y the measure chosen', () => {
    const exact = lengthChartSeries(s, 'exact');
    expect(exact.map((x) => x.id)).toEqual(['rnn-fixed', 'rnn-attention']);
    expect(exact[0].points[4]).toEqual({ x: 5, y: 0.4 });
    expect(lengthChartSeries(s, 'token')[0].points[4]).toEqual({ x: 5, y: 0.8 });
  });

  it('says where exact match falls below one half, how long it stays at 90%, and its value at the longest length', () => {
    const [fixed, attn] = lengthFacts(s);
    expect(fixed).toMatchObject({ firstBelowHalf: 5, lastAbove90: 3, exactMatchAtMax: 0.1, tokenAccuracyAtMax: 0.6, maxLength: 6 });
    expect(fixed.meanExactMatch).toBeCloseTo((1 + 0.95 + 0.9 + 0.6 + 0.4 + 0.1) / 6, 10);
    expect(attn.firstBelowHalf).toBeNull();
    expect(attn.lastAbove90).toBe(6);
  });

  it('a model that is never at 90% has no such length', () => {
    expect(lengthFacts([series('rnn-fixed', [0.5, 0.2], [0.7, 0.6])])[0].lastAbove90).toBeNull();
  });
});

describe('small helpers', () => {
  it('flattens rows and refuses ragged ones', () => {
    expect(Array.from(flatRows([[1, 2], [3, 4]]))).toEqual([1, 2, 3, 4]);
    expect(flatRows([]).length).toBe(0);
    expect(() => flatRows([[1, 2], [3]])).toThrow('flatRows: row 1 has 1 values, row 0 has 2');
  });

  it('names the special tokens', () => {
    expect(['<eos>', '<bos>', '<pad>', 'a'].map(tokenLabel)).toEqual(['EOS', 'BOS', 'PAD', 'a']);
  });

  it('counts distinct foci of an alignment and finds a row’s largest cell', () => {
    const a = { rowLabels: ['x', 'y', 'z'], colLabels: ['a', 'b', 'c'], weights: [[0.1, 0.2, 0.7], [0.1, 0.8, 0.1], [0.2, 0.1, 0.7]] };
    expect(distinctFoci(a)).toBe(2);
    expect(argmaxCell(a, 1)).toEqual({ row: 1, col: 1 });
    expect(argmaxCell(a)).toEqual({ row: 0, col: 2 });
  });

  it('the mean change leaves out the first token (always all new)', () => {
    expect(meanChange([{ position: 0, token: 'a', keep: 0, change: 1 }, { position: 1, token: 'b', keep: 0.5, change: 0.2 }, { position: 2, token: 'c', keep: 0.5, change: 0.4 }])).toBeCloseTo(0.3, 10);
    expect(meanChange([])).toBe(0);
  });
});

describe('stopView: one stop of the step-through, looked up in the walk', () => {
  it('an encoder stop shows the state after that token and how much of it is new', () => {
    const b = bundle('rnn-fixed');
    const w = walkOf(b);
    const a = arraysOf(b, w);
    const v = stopView(w, { kind: 'encode', position: 2 }, a);
    expect(v).toMatchObject({ kind: 'encode', position: 2, token: 'c' });
    if (v.kind !== 'encode') throw new Error('not an encoder stop');
    expect(v.state).toEqual(encoderStates(w)[2]);
    expect(v.change).toBe(overwriteSeries(w)[2].change);
    const c = stopView(w, { kind: 'context' }, a);
    expect(c).toEqual({ kind: 'context', vector: contextVector(w) });
  });

  it('a decoder stop shows the state, the token chosen with its probability (the largest), and the attention row', () => {
    for (const arch of ['rnn-fixed', 'rnn-attention'] as const) {
      const b = bundle(arch);
      const w = walkOf(b);
      const a = arraysOf(b, w);
      const stops = walkStops(w);
      const last = stops[stops.length - 1];
      const v = stopView(w, { kind: 'decode', step: 0 }, a);
      if (v.kind !== 'decode') throw new Error('not a decoder stop');
      expect(v.prev).toBe('<bos>');
      expect(v.token).toBe(w.tgtTokens[0]);
      expect(v.p).toBeCloseTo(w.result.steps[0].probs[w.tokens[0]], 7);
      expect(v.top[0]).toEqual({ token: v.token, p: v.p });
      expect(v.top.length).toBe(3);
      expect(v.top[1].p).toBeLessThanOrEqual(v.top[0].p);
      expect(v.state).toEqual(decoderStates(w)[0]);
      if (arch === 'rnn-attention') {
        expect(v.attention).toEqual(alignmentMatrix(w).weights[0]);
      } else {
        expect(v.attention).toBeNull();
      }
      const end = stopView(w, last, a);
      if (end.kind !== 'decode') throw new Error('not a decoder stop');
      expect(end.eos).toBe(w.stop === 'eos');
      if (w.tokens.length > 1) expect(v.eos).toBe(false);
    }
  });
});

describe('largestTerms', () => {
  it('keeps the k terms of largest size, and the rest adds up with them to the score', () => {
    const b = bundle('rnn-attention');
    const w = walkOf(b);
    const t = additiveScoreTerms(w, b.model.params.get('attention.v.weight')!, 0, 1);
    const big = largestTerms(t, 2);
    expect(big.terms.length).toBe(2);
    expect(big.restCount).toBe(3);
    expect(Math.abs(big.terms[0].product)).toBeGreaterThanOrEqual(Math.abs(big.terms[1].product));
    const others = t.products.filter((_, a) => !big.terms.some((x) => x.index === a));
    for (const o of others) expect(Math.abs(o)).toBeLessThanOrEqual(Math.abs(big.terms[1].product));
    expect(big.terms.reduce((a, x) => a + x.product, 0) + big.rest).toBeCloseTo(t.score, 5);
    for (const x of big.terms) expect(x.product).toBeCloseTo(x.v * x.hidden, 6);
  });
});

describe('carriedShare', () => {
  it('is the mean over units of the product of the later update gates: 1 for the last token, shrinking towards the first', () => {
    const b = bundle('rnn-fixed');
    const w = walkOf(b, 'abcdefgh');
    const share = carriedShare(w);
    const z = w.trace.get('enc.fwd.z');
    const [, S, H] = z.shape;
    expect(share.length).toBe(S);
    expect(share[S - 1]).toBe(1);
    let direct = 0;
    for (let k = 0; k < H; k++) direct += z.data[(S - 1) * H + k] * z.data[(S - 2) * H + k];
    expect(share[S - 3]).toBeCloseTo(direct / H, 6);
    for (let j = 1; j < S; j++) expect(share[j - 1]).toBeLessThanOrEqual(share[j] + 1e-12);
  });
});
