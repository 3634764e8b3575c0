import { describe, expect, it } from 'vitest';
import { batchNorm, layerNormWithStats, tensor } from '../../src/core';
import {
  NORM_EPS, NORM_PRESETS, NORM_PRESETS_DATA, evalSettleRatio, resizeVector, runNorm, settledRunning, trainingStep,
} from '../../src/labs/normLab';

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

  it('eval does not approach training: the running variance settles at the unbiased one, so eval ends at √((n−1)/n) of it', () => {
    const p = NORM_PRESETS_DATA.running;
    const n = p.values.length;
    let run = p.running!;
    for (let i = 0; i < 300; i++) run = trainingStep(p.values, run);
    const settled = settledRunning(p.values);
    run.mean.forEach((m, j) => expect(m).toBeCloseTo(settled.mean[j], 4));
    run.var.forEach((v, j) => expect(v).toBeCloseTo(settled.var[j], 4));
    // the unbiased variance is n/(n−1) times the biased one training divides by
    const train = runNorm('bn', p.values, [1, 1, 1], [0, 0, 0], { training: true });
    train.stats.forEach((s, j) => expect(settled.var[j]).toBeCloseTo(((s.std ** 2 - NORM_EPS) * n) / (n - 1), 4));
    const evalOut = runNorm('bn', p.values, [1, 1, 1], [0, 0, 0], { training: false, running: run });
    const ratio = evalSettleRatio(n);
    expect(ratio).toBeCloseTo(Math.sqrt(3 / 4), 10);
    train.output.forEach((row, i) => row.forEach((y, j) => expect(evalOut.output[i][j]).toBeCloseTo(ratio * y, 3)));
    expect(evalSettleRatio(1)).toBe(1);
  });
});
