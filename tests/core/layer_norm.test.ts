import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { layerNorm, layerNormWithStats, tensor, fromNested, full } from '../../src/core';
import { RUNS, arbValue, expectClose, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { layerNorm as layerNormOp } from '../../src/core';

const SQRT_1_5 = Math.sqrt(1.5);

describe('layerNorm', () => {
  it('layerNorm of [1, 2, 3] with eps 0 is [-√1.5, 0, √1.5]', () => {
    const y = layerNorm(tensor([3], [1, 2, 3]), null, null, 0);
    expectClose(y.data, [-SQRT_1_5, 0, SQRT_1_5], 1e-6);
  });

  it('layerNorm uses the biased variance plus eps, as torch.nn.LayerNorm', () => {
    // [0, 2]: mean 1, biased variance 1 -> (x - 1) / sqrt(1 + eps)
    const eps = 1e-5;
    const y = layerNorm(tensor([2], [0, 2]), null, null);
    const r = 1 / Math.sqrt(1 + eps);
    expectClose(y.data, [-r, r], 1e-7);
  });

  it('layerNorm applies weight and bias after normalising', () => {
    const y = layerNorm(tensor([3], [1, 2, 3]), tensor([3], [2, 3, -1]), tensor([3], [0.5, -1, 10]), 0);
    expectClose(y.data, [-2 * SQRT_1_5 + 0.5, -1, -SQRT_1_5 + 10], 1e-6);
  });

  it('layerNorm normalizes each row of a [2,2,3] tensor on its own (rows differ by shift and scale)', () => {
    const x = fromNested([[[1, 2, 3], [10, 20, 30]], [[-3, -2, -1], [0, 0, 6]]]);
    const y = layerNorm(x, null, null, 0);
    expect(y.shape).toEqual([2, 2, 3]);
    const a = [-SQRT_1_5, 0, SQRT_1_5];
    expectClose(y.data, [...a, ...a, ...a, -1 / Math.SQRT2, -1 / Math.SQRT2, Math.SQRT2], 1e-6);
  });

  it('layerNormWithStats returns each row mean and 1/sqrt(var + eps)', () => {
    const { y, mean, rstd } = layerNormWithStats(fromNested([[1, 2, 3], [4, 4, 4]]), null, null, 0.5);
    expect(Array.from(mean)).toEqual([2, 4]);
    expectClose(rstd, [1 / Math.sqrt(2 / 3 + 0.5), 1 / Math.sqrt(0.5)], 1e-12);
    expectClose(y.data, [-1 / Math.sqrt(2 / 3 + 0.5), 0, 1 / Math.sqrt(2 / 3 + 0.5), 0, 0, 0], 1e-6);
  });

  it('layerNorm of a constant row returns bias, not NaN', () => {
    const bias = tensor([4], [0.5, -1, 2, 0]);
    const y = layerNorm(fromNested([[3, 3, 3, 3], [-0.1, -0.1, -0.1, -0.1]]), tensor([4], [2, 3, 4, 5]), bias);
    expect(Array.from(y.data)).toEqual([...bias.data, ...bias.data]);
  });

  it('layerNorm of a constant row returns bias even with eps 0 (no 0/0)', () => {
    const bias = tensor([3], [1, 2, 3]);
    const y = layerNorm(full([2, 3], 0.1), tensor([3], [7, 7, 7]), bias, 0);
    expect(y.data.some(Number.isNaN)).toBe(false);
    expect(Array.from(y.data)).toEqual([...bias.data, ...bias.data]);
  });

  it('layerNorm of a constant row of large values (overflow of the sum would not matter) returns bias', () => {
    const bias = tensor([3], [1, 2, 3]);
    const y = layerNorm(full([1, 3], 3e38), null, bias);
    expect(Array.from(y.data)).toEqual(Array.from(bias.data));
  });

  it('layerNorm of a single feature returns bias', () => {
    const y = layerNorm(tensor([3, 1], [5, -2, 1e4]), tensor([1], [9]), tensor([1], [0.25]));
    expect(Array.from(y.data)).toEqual([0.25, 0.25, 0.25]);
  });

  it('layerNorm throws an error naming the op and both shapes when the weight does not match', () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(() => layerNorm(x, tensor([4], [1, 1, 1, 1]), null)).toThrow('layerNorm: weight must match the last axis, a is [2,3], b is [4]');
    expect(() => layerNorm(x, tensor([1, 3], [1, 1, 1]), null)).toThrow(/layerNorm.*\[2,3\].*\[1,3\]/);
  });

  it('layerNorm throws an error naming the op and both shapes when the bias does not match', () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(() => layerNorm(x, null, tensor([2], [0, 0]))).toThrow('layerNorm: bias must match the last axis, a is [2,3], b is [2]');
  });

  it('layerNorm of a rank-0 tensor throws an error naming the op', () => {
    expect(() => layerNorm(tensor([], [1]), null, null)).toThrow(/layerNorm/);
  });

  it('layerNorm does not mutate its input, weight or bias', () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 7]);
    const w = tensor([3], [1, 2, 3]), b = tensor([3], [0, 1, 0]);
    const snap = snapshot(x, w, b);
    layerNorm(x, w, b);
    snap.check();
  });

  // ------------------------------------------------------------- properties

  /** Rows [rows, d] of random values, none of them constant. */
  const arbRows = fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 16 }))
    .chain(([rows, d]) => fc.tuple(fc.constant([rows, d]), fc.array(arbValue(100), { minLength: rows * d, maxLength: rows * d })))
    .filter(([[rows, d], values]) => {
      for (let r = 0; r < rows; r++) {
        const row = values.slice(r * d, r * d + d).map(Math.fround);
        if (row.every((v) => v === row[0])) return false;
      }
      return true;
    });

  function rowStats(values: ArrayLike<number>): { mean: number; variance: number } {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += values[i];
    const mean = s / values.length;
    let v = 0;
    for (let i = 0; i < values.length; i++) v += (values[i] - mean) ** 2;
    return { mean, variance: v / values.length };
  }

  it('layerNorm rows have mean 0 and variance 1 before the affine step (weight 1, bias 0, eps 0)', () => {
    fc.assert(
      fc.property(arbRows, ([shape, values]) => {
        const [rows, d] = shape;
        const x = tensor(shape, values);
        const snap = snapshot(x);
        const y = layerNorm(x, full([d], 1), full([d], 0), 0);
        snap.check();
        for (let r = 0; r < rows; r++) {
          const { mean, variance } = rowStats(y.data.subarray(r * d, r * d + d));
          expect(Math.abs(mean)).toBeLessThan(1e-5);
          expect(Math.abs(variance - 1)).toBeLessThan(1e-5);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('layerNorm rows have mean 0 and variance var / (var + eps) with the default eps', () => {
    fc.assert(
      fc.property(arbRows, ([shape, values]) => {
        const [rows, d] = shape;
        const x = tensor(shape, values);
        const y = layerNorm(x, null, null);
        for (let r = 0; r < rows; r++) {
          const inStats = rowStats(x.data.subarray(r * d, r * d + d));
          const { mean, variance } = rowStats(y.data.subarray(r * d, r * d + d));
          expect(Math.abs(mean)).toBeLessThan(1e-5);
          expect(Math.abs(variance - inStats.variance / (inStats.variance + 1e-5))).toBeLessThan(1e-5);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('layerNorm is invariant to shifting and positively scaling a row (eps 0)', () => {
    fc.assert(
      fc.property(arbRows, fc.float({ min: Math.fround(-8), max: Math.fround(8), noNaN: true }), fc.integer({ min: -3, max: 3 }), ([shape, values], shift, k) => {
        // shift by an integer and scale by a power of two so the transformed input is exact in float32
        const s = 2 ** k, c = Math.round(shift);
        const x = tensor(shape, values);
        const x2 = tensor(shape, Array.from(x.data, (v) => v * s + c));
        fc.pre(x2.data.every((v, i) => (v - c) / s === x.data[i]));
        const y1 = layerNorm(x, null, null, 0), y2 = layerNorm(x2, null, null, 0);
        expectClose(y2.data, y1.data, 1e-4);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('layerNorm backward', () => {
  it('layerNorm passes the finite-difference check for x, weight and bias', () => {
    expect(gradCheck((x, w, b) => layerNormOp(x, w, b), [randomTensor([3, 6], 1, -2, 2), randomTensor([6], 2), randomTensor([6], 3)]).ok).toBe(true);
    expect(gradCheck((x) => layerNormOp(x, null, null), [randomTensor([2, 2, 5], 4, -2, 2)]).ok).toBe(true);
  });
});
