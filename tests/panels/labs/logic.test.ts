import { describe, expect, it } from 'vitest';
import { Rng, batchNorm, layerNormWithStats, matmul, positionalEncoding, softmax, tensor, transpose } from '../../../src/core';
import { attentionScores } from '../../../src/model';
import { NORM_EPS, NORM_PRESETS_DATA, resizeVector, runNorm, trainingStep } from '../../../src/panels/labs/normLab';
import { SCORE_KINDS, measureSpread, rowEntropy, scoreAll, scoringParams, stdOf } from '../../../src/panels/labs/scoring';
import { convPathLength, costCurves, crossoverConvolution, crossoverRecurrent, layerCosts, pow2Steps } from '../../../src/panels/labs/cost';
import { MASK_TOKEN, chosenCount, countDraws, drawMask, numberedDraw, replacementVocab, tokenize } from '../../../src/panels/labs/bert';
import { column, posEncData, similarityRow, waveDims, wavelength } from '../../../src/panels/labs/posEnc';
import { NORM_PRESETS } from '../../../src/state/slices/labs';

const flat = (m: number[][]) => m.flat();

describe('BatchNorm vs LayerNorm lab numbers', () => {
  const x = [
    [1, 2, 3],
    [4, 5, 7],
    [-2, 0, 9],
  ];
  const g = [1, 2, 0.5], b = [0, -1, 3];

  it('BatchNorm output and per-column statistics equal the core batchNorm', () => {
    const out = runNorm('bn', x, g, b, { training: true });
    const ref = batchNorm(tensor([3, 3], flat(x)), tensor([3], g), tensor([3], b), null, { training: true, eps: NORM_EPS });
    expect(flat(out.output)).toEqual(Array.from(ref.y.data));
    expect(out.stats.map((s) => s.mean)).toEqual(Array.from(ref.mean.data));
    out.stats.forEach((s, j) => expect(s.std).toBe(Math.sqrt(ref.var.data[j] + NORM_EPS)));
    expect(out.runningAfter?.mean).toEqual(Array.from(ref.runningMean.data));
  });

  it('LayerNorm output and per-row statistics equal the core layerNorm', () => {
    const out = runNorm('ln', x, g, b, { training: true });
    const ref = layerNormWithStats(tensor([3, 3], flat(x)), tensor([3], g), tensor([3], b), NORM_EPS);
    expect(flat(out.output)).toEqual(Array.from(ref.y.data));
    expect(out.stats.map((s) => s.mean)).toEqual(Array.from(ref.mean));
    out.stats.forEach((s, i) => expect(s.std).toBe(1 / ref.rstd[i]));
  });

  it('normalises down the columns for BatchNorm and along the rows for LayerNorm', () => {
    const bn = runNorm('bn', x, [1, 1, 1], [0, 0, 0], { training: true });
    const ln = runNorm('ln', x, [1, 1, 1], [0, 0, 0], { training: true });
    for (let j = 0; j < 3; j++) expect(bn.output.reduce((s, r) => s + r[j], 0)).toBeCloseTo(0, 5);
    for (const row of ln.output) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 5);
    expect(bn.stats).toHaveLength(3);
    expect(ln.stats).toHaveLength(3);
  });

  it('a batch of one gives β everywhere under BatchNorm, never NaN', () => {
    const p = NORM_PRESETS_DATA.single;
    const out = runNorm('bn', p.values, p.gamma, [0.5, -1, 2, 3], { training: true });
    expect(out.output[0]).toEqual([0.5, -1, 2, 3]);
    expect(flat(out.output).every(Number.isFinite)).toBe(true);
  });

  it('with padding, BatchNorm statistics include the pad rows and differ from the real tokens’ statistics', () => {
    const p = NORM_PRESETS_DATA.padding;
    const out = runNorm('bn', p.values, p.gamma, p.beta, { training: true, seqLen: p.seqLen, pad: p.pad });
    const real = p.values.filter((_, i) => !p.pad![i]);
    const clean = batchNorm(tensor([real.length, 3], flat(real)), null, null, null, { training: true, eps: NORM_EPS });
    expect(out.cleanStats!.map((s) => s.mean)).toEqual(Array.from(clean.mean.data));
    out.stats.forEach((s, j) => {
      expect(s.mean).toBeLessThan(out.cleanStats![j].mean);
      expect(s.std).toBeGreaterThan(out.cleanStats![j].std);
    });
  });

  it('with padding, LayerNorm of a real token does not depend on the pads, and a pad row becomes β', () => {
    const p = NORM_PRESETS_DATA.padding;
    const out = runNorm('ln', p.values, p.gamma, [0.1, 0.2, 0.3], { training: true, seqLen: p.seqLen, pad: p.pad });
    const alone = runNorm('ln', [p.values[4]], p.gamma, [0.1, 0.2, 0.3], { training: true });
    expect(out.output[4]).toEqual(alone.output[0]);
    expect(out.output[6]).toEqual([0.1, 0.2, 0.3].map((v) => Math.fround(v)));
  });

  it('eval mode uses the running statistics; a training step moves them towards the batch by momentum 0.1', () => {
    const p = NORM_PRESETS_DATA.running;
    const run = p.running!;
    const evalOut = runNorm('bn', p.values, p.gamma, p.beta, { training: false, running: run });
    expect(evalOut.stats.map((s) => s.mean)).toEqual([0, 0, 0]);
    const ref = batchNorm(tensor([4, 3], flat(p.values)), null, null, { runningMean: tensor([3], run.mean), runningVar: tensor([3], run.var) }, { training: false, eps: NORM_EPS });
    expect(flat(evalOut.output)).toEqual(Array.from(ref.y.data));
    const next = trainingStep(p.values, run);
    expect(next.mean[0]).toBeCloseTo(0.1 * 6.5, 5);
    expect(next.var[0]).toBeCloseTo(0.9 + 0.1 * (5 / 3), 5);
  });

  it('every preset runs under both norms without a non-finite number', () => {
    for (const id of NORM_PRESETS) {
      const p = NORM_PRESETS_DATA[id];
      for (const kind of ['bn', 'ln'] as const) {
        const out = runNorm(kind, p.values, p.gamma, p.beta, { training: true, seqLen: p.seqLen, pad: p.pad, running: p.running });
        expect(flat(out.output).every(Number.isFinite), `${id} ${kind}`).toBe(true);
      }
    }
  });

  it('values at the editor’s limit of ±1e6 stay finite', () => {
    const out = runNorm('bn', [[1e6, -1e6], [-1e6, 1e6]], [1, 1], [0, 0], { training: true });
    expect(flat(out.output).every(Number.isFinite)).toBe(true);
  });

  it('resizeVector keeps the first values and fills new features', () => {
    expect(resizeVector([1, 2], 4, 9)).toEqual([1, 2, 9, 9]);
    expect(resizeVector([1, 2, 3], 1, 9)).toEqual([1]);
  });
});

describe('scoring lab numbers', () => {
  const q = [1, 0.5, -0.5, 0.2];
  const keys = [[0.9, 0.4, -0.6, 0.1], [-1, 0.3, 0.8, -0.2], [2, 1, -1, 0.4]];
  const params = scoringParams(4, 7);

  it('every score is the model’s attentionScores and every weight the core’s softmax', () => {
    const rows = scoreAll(q, keys, params);
    expect(rows.map((r) => r.kind)).toEqual([...SCORE_KINDS]);
    for (const r of rows) {
      const s = attentionScores(r.kind, tensor([1, 4], q), tensor([3, 4], keys.flat()), params);
      expect(r.scores).toEqual(Array.from(s.data));
      expect(r.weights).toEqual(Array.from(softmax(s).data));
      expect(r.weights.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 6);
    }
  });

  it('the scaled dot product is the dot product divided by √d', () => {
    const [dot, scaled] = scoreAll(q, keys, params);
    dot.scores.forEach((s, j) => expect(scaled.scores[j]).toBeCloseTo(s / 2, 5));
  });

  it('the same seed gives the same parameters, another seed others', () => {
    expect(Array.from(scoringParams(4, 7).W.data)).toEqual(Array.from(params.W.data));
    expect(Array.from(scoringParams(4, 8).W.data)).not.toEqual(Array.from(params.W.data));
    expect(params.Wq.shape).toEqual([4, 4]);
    expect(params.va.shape).toEqual([4]);
  });

  it('unscaled dot products spread like √d while scaled ones stay near 1', () => {
    const small = measureSpread(4), big = measureSpread(256);
    expect(big.spread / small.spread).toBeGreaterThan(5);
    expect(big.spread).toBeGreaterThan(12);
    expect(big.spreadScaled).toBeGreaterThan(0.8);
    expect(big.spreadScaled).toBeLessThan(1.2);
    expect(small.spreadScaled).toBeGreaterThan(0.8);
  });

  it('without scaling the softmax entropy collapses as d grows; with scaling it does not', () => {
    const small = measureSpread(4), big = measureSpread(512);
    expect(big.entropy).toBeLessThan(0.4);
    expect(big.entropyScaled).toBeGreaterThan(1.5);
    expect(Math.abs(big.entropyScaled - small.entropyScaled)).toBeLessThan(0.3);
    expect(big.maxEntropy).toBeCloseTo(Math.log(10));
    expect(big.topWeight).toBeGreaterThan(big.topWeightScaled);
  });

  it('a measurement is reproducible', () => {
    expect(measureSpread(64)).toEqual(measureSpread(64));
  });

  it('rowEntropy of a uniform row is ln n and of a one-hot row 0; stdOf is the population deviation', () => {
    expect(rowEntropy(tensor([2, 4], [0.25, 0.25, 0.25, 0.25, 1, 0, 0, 0])).entropy).toBeCloseTo(Math.log(4) / 2);
    expect(stdOf([1, 3])).toBe(1);
  });
});

describe('cost lab numbers', () => {
  it('follows Table 1: T²D, TD², KTD² operations; 1, T, 1 sequential; 1, T, ⌈log_K T⌉ path', () => {
    const [att, rnn, conv] = layerCosts(100, 512, 3);
    expect(att).toMatchObject({ kind: 'attention', ops: 100 * 100 * 512, sequential: 1, pathLength: 1 });
    expect(rnn).toMatchObject({ kind: 'recurrent', ops: 100 * 512 * 512, sequential: 100, pathLength: 100 });
    expect(conv).toMatchObject({ kind: 'convolution', ops: 3 * 100 * 512 * 512, sequential: 1, pathLength: 5 });
  });

  it('self-attention and recurrence cost the same at T = D, attention and convolution at T = K·D', () => {
    expect(crossoverRecurrent(512)).toBe(512);
    const [a, r] = layerCosts(512, 512, 3);
    expect(a.ops).toBe(r.ops);
    const [a2, , c2] = layerCosts(crossoverConvolution(64, 3), 64, 3);
    expect(a2.ops).toBe(c2.ops);
  });

  it('computes the convolution path exactly at powers of K', () => {
    expect(convPathLength(9, 3)).toBe(2);
    expect(convPathLength(10, 3)).toBe(3);
    expect(convPathLength(1, 3)).toBe(1);
  });

  it('curves run from T = 1 to the maximum for all three layers; slider steps are powers of two and halves', () => {
    const c = costCurves(512, 3, 8192);
    expect(c.map((s) => s.kind)).toEqual(['attention', 'recurrent', 'convolution']);
    expect(c[0].points[0].x).toBeCloseTo(1);
    expect(c[0].points.at(-1)!.x).toBeCloseTo(8192);
    expect(pow2Steps(2, 64)).toEqual([2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]);
  });
});

describe('BERT masking', () => {
  it('tokenises English by words and Chinese by characters, punctuation apart', () => {
    expect(tokenize('the cat, sat.')).toEqual(['the', 'cat', ',', 'sat', '.']);
    expect(tokenize('今天 天气好！')).toEqual(['今', '天', '天', '气', '好', '！']);
    expect(tokenize('   ')).toEqual([]);
  });

  it('chooses 15% of the positions, rounded, at least one', () => {
    expect(chosenCount(14)).toBe(2);
    expect(chosenCount(3)).toBe(1);
    expect(chosenCount(64)).toBe(10);
    expect(chosenCount(0)).toBe(0);
  });

  it('a numbered draw is reproducible and changes only the chosen positions', () => {
    const toks = tokenize('the cat sat on the mat because it was tired and wanted to sleep');
    const a = numberedDraw(toks, 3), b = numberedDraw(toks, 3);
    expect(a).toEqual(b);
    expect(a.fates.filter((f) => f !== 'untouched')).toHaveLength(2);
    a.fates.forEach((f, i) => {
      if (f === 'untouched' || f === 'same') expect(a.shown[i]).toBe(toks[i]);
      if (f === 'mask') expect(a.shown[i]).toBe(MASK_TOKEN);
    });
    const many = Array.from({ length: 30 }, (_, n) => JSON.stringify(numberedDraw(toks, n + 1).fates));
    expect(new Set(many).size).toBeGreaterThan(5);
  });

  it('over 10,000 draws the shares come close to 80 / 10 / 10', () => {
    const toks = tokenize('the cat sat on the mat because it was tired and wanted to sleep');
    const c = countDraws(toks, 10_000);
    expect(c.chosen).toBe(20_000);
    expect(c.mask + c.random + c.same).toBe(c.chosen);
    expect(c.mask / c.chosen).toBeGreaterThan(0.78);
    expect(c.mask / c.chosen).toBeLessThan(0.82);
    expect(c.random / c.chosen).toBeGreaterThan(0.09);
    expect(c.same / c.chosen).toBeLessThan(0.11);
    expect(countDraws(toks, 10_000)).toEqual(c);
  });

  it('random replacements come from words for English and characters for Chinese', () => {
    expect(replacementVocab(['hello']).every((w) => !/[\u4e00-\u9fff]/.test(w))).toBe(true);
    expect(replacementVocab(['好']).filter((w) => /^[a-z]+$/.test(w))).toEqual([]);
    const d = drawMask(['a'], ['x'], new Rng(1));
    expect(d.fates).toHaveLength(1);
  });
});

describe('positional encoding lab numbers', () => {
  it('shows the core’s positional encoding and its PE·PEᵀ similarity', () => {
    const { pe, similarity } = posEncData(20, 16);
    expect(pe).toBe(positionalEncoding(20, 16));
    expect(Array.from(similarity.data)).toEqual(Array.from(matmul(pe, transpose(pe)).data));
  });

  it('every position is most similar to itself, at D/2', () => {
    const { similarity } = posEncData(30, 32);
    for (let p = 0; p < 30; p++) {
      const row = similarityRow(similarity, p);
      expect(row[p].y).toBeCloseTo(16, 4);
      expect(Math.max(...row.map((r) => r.y))).toBeCloseTo(row[p].y, 4);
    }
  });

  it('picks four distinct wave dimensions and knows their wavelengths', () => {
    expect(waveDims(64)).toEqual([0, 1, 8, 32]);
    expect(waveDims(2)).toEqual([0, 1]);
    expect(wavelength(0, 64)).toBeCloseTo(2 * Math.PI);
    expect(column(positionalEncoding(3, 4), 1).map((p) => p.y)).toEqual([1, Math.fround(Math.cos(1)), Math.fround(Math.cos(2))]);
  });
});
