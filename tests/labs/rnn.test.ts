import { describe, it, expect } from 'vitest';
import { createModel, createRnnModel, type RnnArch } from '../../src/model';
import { BUNDLE_FORMAT, writeBundle, type ModelBundle, type ModelMeta } from '../../src/io/bundle';
import { writeRnnBundle, type RnnModelBundle } from '../../src/io/rnn_bundle';
import { reverseLongTask, type ByLengthScores } from '../../src/tasks';
import { rnnTaskConfig, taskModelConfig, DEFAULT_ARCH } from '../../src/train';
import {
  RnnLabLoader, additiveScoreTerms, alignmentMatrix, contextVector, decoderStates, encoderStates, labModelUrls, lengthSeries,
  overwriteSeries, readLabBundle, runRnnWalk, summarizeLengthSeries, transformerCrossAttention, walkStops, type RnnWalk,
} from '../../src/labs/rnn';

const task = reverseLongTask;
const scores = (n: number): NonNullable<ModelMeta['metrics']> => ({ valid: { exactMatch: 0, bleu: 0, n: 0 }, test: { exactMatch: 0, bleu: 0, n: 0 }, byLength: byLength(n) });
function byLength(n: number): ByLengthScores {
  return { seed: 1, perLength: 100, lengths: Array.from({ length: n }, (_, i) => ({ length: i + 1, n: 100, exactMatch: 1 - i / n, tokenAccuracy: 1 - i / (2 * n) })) };
}

function rnnBundle(arch: RnnArch, seed = 3): RnnModelBundle {
  const model = createRnnModel(rnnTaskConfig(task, { arch, embedDim: 6, hiddenSize: 7, attentionDim: arch === 'rnn-attention' ? 5 : 0 }), seed);
  for (const t of model.params.values()) for (let i = 0; i < t.size; i++) t.data[i] *= 2;
  return {
    model,
    meta: {
      format: BUNDLE_FORMAT, arch, task: task.name, config: model.config, srcVocab: [...task.srcVocab.tokens], tgtVocab: [...task.tgtVocab.tokens],
      srcEos: true, seed, steps: 0, training: {}, metrics: scores(24), parameters: 123,
    },
  };
}

function transformerBundle(): ModelBundle {
  const model = createModel(taskModelConfig(task, { ...DEFAULT_ARCH, dModel: 8, nHead: 2, dimFeedforward: 8 }), 1);
  return {
    model,
    meta: {
      format: BUNDLE_FORMAT, task: task.name, config: model.config, srcVocab: [...task.srcVocab.tokens], tgtVocab: [...task.tgtVocab.tokens],
      srcEos: true, seed: 1, steps: 0, training: {}, metrics: scores(24), parameters: 456,
    },
  };
}

function walk(arch: RnnArch, text = 'abcdefg'): RnnWalk {
  const r = runRnnWalk(rnnBundle(arch), text);
  if (!r.ok) throw new Error('walk failed');
  return r.walk;
}

describe('runRnnWalk', () => {
  it('runs a typed input greedily with the whole trace: a state per input token, c, a state per output step', () => {
    for (const arch of ['rnn-fixed', 'rnn-attention'] as const) {
      const w = walk(arch);
      expect(w.srcTokens).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', '<eos>']);
      expect(encoderStates(w).length).toBe(8);
      expect(encoderStates(w)[0].length).toBe(arch === 'rnn-fixed' ? 7 : 14);
      expect(contextVector(w).length).toBe(7);
      expect(decoderStates(w).length).toBe(w.tokens.length);
      expect(w.tgtTokens.length).toBe(w.tokens.length);
      expect(w.stop === 'eos' ? w.tokens[w.tokens.length - 1] === 2 : w.tokens.length === 25).toBe(true);
    }
  });

  it('c of the fixed model is its state after the last input token, and keeps its size as the input grows', () => {
    const w = walk('rnn-fixed');
    expect(contextVector(w)).toEqual(encoderStates(w)[7]);
    expect(contextVector(walk('rnn-fixed', 'abcdefghijklmnopqrstuvwx')).length).toBe(7);
  });

  it('reports what is wrong with an input as data and runs nothing', () => {
    const b = rnnBundle('rnn-fixed');
    const bad = runRnnWalk(b, 'abC');
    expect(bad.ok).toBe(false);
    if (!bad.ok && 'problems' in bad) expect(bad.problems[0]).toMatchObject({ kind: 'unknownChar', char: 'C', index: 2 });
    const long = runRnnWalk(b, 'a'.repeat(25));
    if (!long.ok && 'problems' in long) expect(long.problems).toEqual([{ kind: 'tooLong', length: 25, max: 24 }]);
    else throw new Error('a 25-letter input ran');
    const empty = runRnnWalk(b, '');
    expect(empty.ok).toBe(false);
  });

  it('walkStops lists every input token, then the context, then every output step', () => {
    const w = walk('rnn-attention', 'abc');
    const stops = walkStops(w);
    expect(stops.slice(0, 5)).toEqual([
      { kind: 'encode', position: 0 }, { kind: 'encode', position: 1 }, { kind: 'encode', position: 2 }, { kind: 'encode', position: 3 }, { kind: 'context' },
    ]);
    expect(stops.length).toBe(4 + 1 + w.tokens.length);
    expect(stops[stops.length - 1]).toEqual({ kind: 'decode', step: w.tokens.length - 1 });
  });
});

describe('overwriteSeries', () => {
  it('gives each input token the share of the state kept (mean z) and how much of the state is new', () => {
    const w = walk('rnn-fixed');
    const s = overwriteSeries(w);
    expect(s.map((p) => p.token)).toEqual(w.srcTokens);
    expect(s[0].change).toBeCloseTo(1, 6); // from h = 0 everything is new
    for (const p of s) {
      expect(p.keep).toBeGreaterThan(0);
      expect(p.keep).toBeLessThan(1);
      expect(p.change).toBeGreaterThanOrEqual(0);
    }
    const z = w.trace.get('enc.fwd.z');
    expect(s[3].keep).toBeCloseTo(Array.from(z.data.subarray(21, 28)).reduce((a, v) => a + v, 0) / 7, 6);
  });
});

describe('attention views', () => {
  it('the alignment matrix has one row per output step, each a distribution over the input positions', () => {
    const w = walk('rnn-attention');
    const a = alignmentMatrix(w);
    expect(a.rowLabels).toEqual(w.tgtTokens);
    expect(a.colLabels).toEqual(w.srcTokens);
    expect(a.weights.length).toBe(w.tokens.length);
    for (const row of a.weights) expect(row.reduce((x, v) => x + v, 0)).toBeCloseTo(1, 5);
    expect(() => alignmentMatrix(walk('rnn-fixed'))).toThrow('alignmentMatrix: the rnn-fixed model has no attention weights');
  });

  it('the additive score of a cell: v·tanh(W_q s + W_k h_j), its terms adding up to the recorded score', () => {
    const b = rnnBundle('rnn-attention');
    const r = runRnnWalk(b, 'abcdefg');
    if (!r.ok) throw new Error('walk failed');
    const v = b.model.params.get('attention.v.weight')!;
    const t = additiveScoreTerms(r.walk, v, 1, 4);
    expect(t.query.length).toBe(5);
    t.sum.forEach((x, a) => expect(Math.tanh(x)).toBeCloseTo(t.hidden[a], 5));
    expect(t.products.reduce((x, p) => x + p, 0)).toBeCloseTo(t.score, 5);
    expect(t.weight).toBe(alignmentMatrix(r.walk).weights[1][4]);
    // W_q s_0 at the first step, from the parameters
    const Wq = b.model.params.get('attention.W_q.weight')!, s0 = contextVector(r.walk);
    const q0 = additiveScoreTerms(r.walk, v, 0, 0).query;
    for (let a = 0; a < 5; a++) expect(q0[a]).toBeCloseTo(s0.reduce((x, s, k) => x + Wq.data[a * 7 + k] * s, 0), 5);
    expect(() => additiveScoreTerms(r.walk, v, 99, 0)).toThrow(/additiveScoreTerms: step 99 is outside 0\.\./);
    expect(() => additiveScoreTerms(r.walk, v, 0, 8)).toThrow('additiveScoreTerms: position 8 is outside 0..7');
  });

  it('the Transformer\'s cross-attention for the same input: per head or averaged, rows summing to 1', () => {
    const b = transformerBundle();
    const mean = transformerCrossAttention(b, 'abcd', 1);
    const h0 = transformerCrossAttention(b, 'abcd', 1, 0), h1 = transformerCrossAttention(b, 'abcd', 1, 1);
    expect(mean.colLabels).toEqual(['a', 'b', 'c', 'd', '<eos>']);
    expect(mean.weights.length).toBe(mean.rowLabels.length); // one row per output step
    for (const row of mean.weights) expect(row.reduce((x, v) => x + v, 0)).toBeCloseTo(1, 5);
    expect(mean.weights[0][2]).toBeCloseTo((h0.weights[0][2] + h1.weights[0][2]) / 2, 6);
    expect(() => transformerCrossAttention(b, 'abcd', 2)).toThrow('transformerCrossAttention: layer 2 is outside 0..1');
  });
});

describe('accuracy by length', () => {
  it('takes each model\'s stored by-length scores, and says where each curve falls below one half', () => {
    const series = lengthSeries([
      { arch: 'rnn-fixed', meta: rnnBundle('rnn-fixed').meta },
      { arch: 'transformer', meta: { ...transformerBundle().meta, metrics: { ...scores(0), byLength: { seed: 1, perLength: 100, lengths: [{ length: 1, n: 100, exactMatch: 1, tokenAccuracy: 1 }] } } } },
    ]);
    expect(series.map((s) => s.arch)).toEqual(['rnn-fixed', 'transformer']);
    expect(series[0].points.length).toBe(24);
    expect(series[0].parameters).toBe(123);
    const sum = summarizeLengthSeries(series[0]);
    expect(sum.firstBelowHalf).toBe(14); // length 13 has exact match 1 − 12/24 = 0.5, length 14 has 1 − 13/24
    expect(summarizeLengthSeries(series[1])).toMatchObject({ meanExactMatch: 1, exactMatchAtMax: 1, firstBelowHalf: null });
    const none = { ...transformerBundle().meta, metrics: { valid: scores(0).valid, test: scores(0).test } };
    expect(() => lengthSeries([{ arch: 'transformer', meta: none }])).toThrow('the transformer model of reverse-long stores no by-length scores');
  });
});

describe('loading the three models', () => {
  it('reads either kind of bundle by its arch, from relative URLs, and names a file of the wrong kind', async () => {
    const files = new Map<string, Uint8Array | string>();
    const put = (name: string, f: { json: string; safetensors: Uint8Array }) => {
      files.set(`models/${name}.json`, f.json);
      files.set(`models/${name}.safetensors`, f.safetensors);
    };
    put('reverse-long-rnn-fixed', writeRnnBundle(rnnBundle('rnn-fixed')));
    put('reverse-long-rnn-attention', writeRnnBundle(rnnBundle('rnn-fixed')));
    put('reverse-long', writeBundle(transformerBundle()));
    const fetchFn = async (url: string) => {
      const f = files.get(url);
      return {
        ok: f !== undefined, status: f === undefined ? 404 : 200,
        text: async () => f as string,
        arrayBuffer: async () => (f as Uint8Array).slice().buffer as ArrayBuffer,
      };
    };
    const loader = new RnnLabLoader(fetchFn);
    expect(labModelUrls('reverse-long', 'rnn-fixed').json).toBe('models/reverse-long-rnn-fixed.json');
    expect((await loader.load('reverse-long', 'rnn-fixed')).arch).toBe('rnn-fixed');
    expect((await loader.load('reverse-long', 'transformer')).arch).toBe('transformer');
    await expect(loader.load('reverse-long', 'rnn-attention')).rejects.toThrow('models/reverse-long-rnn-attention.json holds a model of arch rnn-fixed, not rnn-attention');
    await expect(loader.load('reverse', 'rnn-fixed')).rejects.toThrow('models/reverse-rnn-fixed.json: HTTP 404');
    const tf = writeBundle(transformerBundle());
    expect(readLabBundle(tf.json, tf.safetensors).arch).toBe('transformer');
  });
});
