import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { batchNorm, tensor, fromNested, full } from '../../src/core';
import { RUNS, arbValue, expectClose, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { batchNorm as batchNormOp } from '../../src/core';

describe('batchNorm', () => {
  it('batchNorm in training normalises each feature column with the batch mean and biased variance', () => {
    // column 0: [1, 3] mean 2, var 1; column 1: [10, 10] constant
    const r = batchNorm(fromNested([[1, 10], [3, 10]]), null, null, null, { training: true, eps: 0.25 });
    const k = 1 / Math.sqrt(1 + 0.25);
    expectClose(r.y.data, [-k, 0, k, 0], 1e-7);
    expect(Array.from(r.mean.data)).toEqual([2, 10]);
    expect(Array.from(r.var.data)).toEqual([1, 0]);
  });

  it('batchNorm in training updates the running statistics with momentum and the unbiased variance', () => {
    // column [1, 3]: mean 2, unbiased variance 2; from running mean 0 and var 1 with momentum 0.1
    const r = batchNorm(tensor([2, 1], [1, 3]), null, null, null, { training: true });
    expectClose(r.runningMean.data, [0.9 * 0 + 0.1 * 2], 1e-7);
    expectClose(r.runningVar.data, [0.9 * 1 + 0.1 * 2], 1e-7);
  });

  it('batchNorm takes the running statistics from the state and a custom momentum', () => {
    const state = { runningMean: tensor([2], [1, -1]), runningVar: tensor([2], [4, 2]) };
    // columns [0, 2, 4] (mean 2, unbiased var 4) and [1, 1, 4] (mean 2, unbiased var 3)
    const r = batchNorm(fromNested([[0, 1], [2, 1], [4, 4]]), null, null, state, { training: true, momentum: 0.5 });
    expectClose(r.runningMean.data, [0.5 * 1 + 0.5 * 2, 0.5 * -1 + 0.5 * 2], 1e-7);
    expectClose(r.runningVar.data, [0.5 * 4 + 0.5 * 4, 0.5 * 2 + 0.5 * 3], 1e-6);
    expectClose(r.var.data, [8 / 3, 2], 1e-6);
  });

  it('batchNorm in eval mode normalises with the running statistics and keeps them', () => {
    const state = { runningMean: tensor([2], [1, -2]), runningVar: tensor([2], [4, 0.25]) };
    const r = batchNorm(fromNested([[3, -2], [1, -1]]), tensor([2], [2, 1]), tensor([2], [0, 5]), state, { training: false, eps: 0 });
    expectClose(r.y.data, [2 * 1, 5 + 0, 2 * 0, 5 + 2], 1e-6);
    expect(Array.from(r.runningMean.data)).toEqual([1, -2]);
    expect(Array.from(r.runningVar.data)).toEqual([4, 0.25]);
    expect(Array.from(r.mean.data)).toEqual([1, -2]);
    expect(Array.from(r.var.data)).toEqual([4, 0.25]);
  });

  it('batchNorm in eval mode without a state uses mean 0 and variance 1', () => {
    const r = batchNorm(fromNested([[3, -2]]), null, null, null, { training: false, eps: 0 });
    expect(Array.from(r.y.data)).toEqual([3, -2]);
  });

  it('batchNorm applies weight and bias after normalising', () => {
    const r = batchNorm(tensor([2, 1], [1, 3]), tensor([1], [3]), tensor([1], [0.5]), null, { training: true, eps: 0 });
    expectClose(r.y.data, [-3 + 0.5, 3 + 0.5], 1e-7);
  });

  it('batchNorm of [B, T, C] takes statistics over batch and positions for each feature', () => {
    // feature 0 over all (b, t): [0, 2, 4, 6] mean 3 var 5; feature 1: [1, 1, 1, 1]
    const x = fromNested([[[0, 1], [2, 1]], [[4, 1], [6, 1]]]);
    const r = batchNorm(x, null, tensor([2], [0, 7]), null, { training: true, eps: 0 });
    expect(r.y.shape).toEqual([2, 2, 2]);
    const s = Math.sqrt(5);
    expectClose(r.y.data, [-3 / s, 7, -1 / s, 7, 1 / s, 7, 3 / s, 7], 1e-6);
    expect(Array.from(r.mean.data)).toEqual([3, 1]);
    expect(Array.from(r.var.data)).toEqual([5, 0]);
  });

  it('batchNorm over a batch of one row returns bias', () => {
    const bias = tensor([3], [0.5, -1, 2]);
    const r = batchNorm(tensor([1, 3], [7, -3, 1e4]), tensor([3], [2, 3, 4]), bias, null, { training: true });
    expect(Array.from(r.y.data)).toEqual(Array.from(bias.data));
    expect(Array.from(r.var.data)).toEqual([0, 0, 0]);
    expect(r.y.data.some(Number.isNaN)).toBe(false);
  });

  it('batchNorm over a batch of one row leaves a finite running variance (no division by n - 1 = 0)', () => {
    const r = batchNorm(tensor([1, 2], [7, -3]), null, null, null, { training: true });
    expect(r.runningVar.data.every(Number.isFinite)).toBe(true);
    expectClose(r.runningVar.data, [0.9, 0.9], 1e-7);
    expectClose(r.runningMean.data, [0.7, -0.3], 1e-6);
  });

  it('batchNorm over a batch of one row (one batch, one position of [1,1,C]) returns bias even with eps 0', () => {
    const bias = tensor([2], [3, 4]);
    const r = batchNorm(tensor([1, 1, 2], [7, -3]), null, bias, null, { training: true, eps: 0 });
    expect(Array.from(r.y.data)).toEqual([3, 4]);
  });

  it('batchNorm of a constant column returns bias for that column', () => {
    const r = batchNorm(fromNested([[5, 1], [5, 2], [5, 9]]), null, tensor([2], [-0.5, 0]), null, { training: true });
    expect([r.y.data[0], r.y.data[2], r.y.data[4]]).toEqual([-0.5, -0.5, -0.5]);
  });

  it('batchNorm throws an error naming the op and both shapes when the weight does not match', () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(() => batchNorm(x, tensor([2], [1, 1]), null, null, { training: true })).toThrow('batchNorm: weight must match the feature axis, a is [2,3], b is [2]');
  });

  it('batchNorm throws an error naming the op and both shapes when the bias or running stats do not match', () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(() => batchNorm(x, null, tensor([4], [0, 0, 0, 0]), null, { training: true })).toThrow(/batchNorm: bias.*\[2,3\].*\[4\]/);
    const bad = { runningMean: tensor([2], [0, 0]), runningVar: tensor([3], [1, 1, 1]) };
    expect(() => batchNorm(x, null, null, bad, { training: false })).toThrow(/batchNorm: running mean.*\[2,3\].*\[2\]/);
    const bad2 = { runningMean: tensor([3], [0, 0, 0]), runningVar: tensor([1, 3], [1, 1, 1]) };
    expect(() => batchNorm(x, null, null, bad2, { training: false })).toThrow(/batchNorm: running var.*\[2,3\].*\[1,3\]/);
  });

  it('batchNorm of a rank-1 tensor throws an error naming the op and the shape', () => {
    expect(() => batchNorm(tensor([3], [1, 2, 3]), null, null, null, { training: true })).toThrow(/batchNorm.*\[3\]/);
  });

  it('batchNorm does not mutate its input, weight, bias or running statistics', () => {
    const x = fromNested([[1, 2], [3, 5], [0, -1]]);
    const w = tensor([2], [1, 2]), b = tensor([2], [0, 1]);
    const state = { runningMean: tensor([2], [0.5, 0.5]), runningVar: tensor([2], [2, 3]) };
    const snap = snapshot(x, w, b, state.runningMean, state.runningVar);
    const r = batchNorm(x, w, b, state, { training: true });
    snap.check();
    expect(r.runningMean).not.toBe(state.runningMean);
    expect(r.runningVar).not.toBe(state.runningVar);
    batchNorm(x, w, b, state, { training: false });
    snap.check();
  });

  // ------------------------------------------------------------- properties

  /** x [n, c] of random values, no column constant. */
  const arbBatch = fc
    .tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 5 }))
    .chain(([n, c]) => fc.tuple(fc.constant([n, c]), fc.array(arbValue(100), { minLength: n * c, maxLength: n * c })))
    .filter(([[n, c], values]) => {
      for (let j = 0; j < c; j++) {
        const first = Math.fround(values[j]);
        let constant = true;
        for (let r = 1; r < n; r++) if (Math.fround(values[r * c + j]) !== first) constant = false;
        if (constant) return false;
      }
      return true;
    });

  function columnStats(y: Float32Array, n: number, c: number, j: number): { mean: number; variance: number; unbiased: number } {
    let s = 0;
    for (let r = 0; r < n; r++) s += y[r * c + j];
    const mean = s / n;
    let v = 0;
    for (let r = 0; r < n; r++) v += (y[r * c + j] - mean) ** 2;
    return { mean, variance: v / n, unbiased: v / (n - 1) };
  }

  it('batchNorm columns have mean 0 and variance 1 in training mode (weight 1, bias 0, eps 0)', () => {
    fc.assert(
      fc.property(arbBatch, ([shape, values]) => {
        const [n, c] = shape;
        const x = tensor(shape, values);
        const snap = snapshot(x);
        const r = batchNorm(x, full([c], 1), full([c], 0), null, { training: true, eps: 0 });
        snap.check();
        for (let j = 0; j < c; j++) {
          const { mean, variance } = columnStats(r.y.data, n, c, j);
          expect(Math.abs(mean)).toBeLessThan(1e-5);
          expect(Math.abs(variance - 1)).toBeLessThan(1e-5);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('batchNorm running statistics move by momentum towards the batch mean and unbiased variance', () => {
    fc.assert(
      fc.property(arbBatch, fc.double({ min: 0, max: 1, noNaN: true }), ([shape, values], momentum) => {
        const [n, c] = shape;
        const x = tensor(shape, values);
        const state = { runningMean: full([c], 0.5), runningVar: full([c], 2) };
        const r = batchNorm(x, null, null, state, { training: true, momentum });
        for (let j = 0; j < c; j++) {
          const { mean, unbiased } = columnStats(x.data, n, c, j);
          expect(Math.abs(r.runningMean.data[j] - ((1 - momentum) * 0.5 + momentum * mean))).toBeLessThan(1e-4);
          expect(Math.abs(r.runningVar.data[j] - ((1 - momentum) * 2 + momentum * unbiased)) / Math.max(1, unbiased)).toBeLessThan(1e-5);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('batchNorm in eval mode is the affine map (x - runningMean) / sqrt(runningVar + eps)', () => {
    fc.assert(
      fc.property(arbBatch, ([shape, values]) => {
        const [n, c] = shape;
        const x = tensor(shape, values);
        const rm = tensor([c], Array.from({ length: c }, (_, j) => j - 1));
        const rv = tensor([c], Array.from({ length: c }, (_, j) => j + 0.5));
        const r = batchNorm(x, null, null, { runningMean: rm, runningVar: rv }, { training: false });
        for (let i = 0; i < n * c; i++) {
          const j = i % c;
          const want = (x.data[i] - rm.data[j]) / Math.sqrt(rv.data[j] + 1e-5);
          expect(Math.abs(r.y.data[i] - want)).toBeLessThan(1e-5 * Math.max(1, Math.abs(want)));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('batchNorm backward', () => {
  it('batchNorm passes the finite-difference check in training mode (through the batch statistics)', () => {
    expect(gradCheck((x, w, b) => batchNormOp(x, w, b, null, { training: true }).y, [randomTensor([5, 4], 1, -2, 2), randomTensor([4], 2), randomTensor([4], 3)]).ok).toBe(true);
    expect(gradCheck((x, w, b) => batchNormOp(x, w, b, null, { training: true }).y, [randomTensor([2, 3, 4], 7, -2, 2), randomTensor([4], 8), randomTensor([4], 9)]).ok).toBe(true);
  });

  it('batchNorm passes the finite-difference check in eval mode (running statistics are constants)', () => {
    const state = { runningMean: randomTensor([4], 4), runningVar: randomTensor([4], 5, 0.5, 2) };
    expect(gradCheck((x, w, b) => batchNormOp(x, w, b, state, { training: false }).y, [randomTensor([2, 3, 4], 6, -2, 2), randomTensor([4], 2), randomTensor([4], 3)]).ok).toBe(true);
  });
});
