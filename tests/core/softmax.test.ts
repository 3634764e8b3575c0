import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { softmax, tensor, fromNested, Mask, maskFrom, causalMask } from '../../src/core';
import { RUNS, arbValue, expectClose, snapshot, sizeOfShape } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { softmax as softmaxOp } from '../../src/core';

describe('softmax', () => {
  it('softmax of [0, ln 3] is [1/4, 3/4]', () => {
    const y = softmax(tensor([2], [0, Math.log(3)]));
    expectClose(y.data, [0.25, 0.75], 1e-7);
  });

  it('softmax of [1, 2, 3] matches the hand-computed values', () => {
    const e1 = Math.E, e2 = Math.E ** 2, e3 = Math.E ** 3, s = e1 + e2 + e3;
    const y = softmax(tensor([3], [1, 2, 3]));
    expectClose(y.data, [e1 / s, e2 / s, e3 / s], 1e-7);
    expect(y.shape).toEqual([3]);
  });

  it('softmax works row by row over the last axis of a [2,2,2] tensor', () => {
    const y = softmax(fromNested([[[0, 0], [0, Math.log(3)]], [[Math.log(3), 0], [5, 5]]]));
    expect(y.shape).toEqual([2, 2, 2]);
    expectClose(y.data, [0.5, 0.5, 0.25, 0.75, 0.75, 0.25, 0.5, 0.5], 1e-7);
  });

  it('softmax is invariant to adding a constant to a row', () => {
    const a = softmax(tensor([3], [1, 2, 3]));
    const b = softmax(tensor([3], [101, 102, 103]));
    expectClose(a.data, b.data, 1e-7);
  });

  it('softmax gives exactly 0 at masked entries and renormalises the rest', () => {
    const y = softmax(tensor([3], [0, 100, Math.log(3)]), maskFrom([3], [0, 1, 0]));
    expect(y.data[1]).toBe(0);
    expectClose(y.data, [0.25, 0, 0.75], 1e-7);
  });

  it('softmax gives zeros for a fully masked row', () => {
    const x = fromNested([[1, 2, 3], [4, 5, 6]]);
    const y = softmax(x, maskFrom([2, 3], [1, 1, 1, 0, 0, 0]));
    expect(Array.from(y.data.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(y.data.every((v) => !Number.isNaN(v))).toBe(true);
    expectClose(y.data.subarray(3), softmax(tensor([3], [4, 5, 6])).data, 1e-7);
  });

  it('softmax gives zeros, not NaN, for a row of -Infinity (fully masked row by value)', () => {
    const y = softmax(tensor([2], [-Infinity, -Infinity]));
    expect(Array.from(y.data)).toEqual([0, 0]);
  });

  it('softmax gives 0 for a single -Infinity entry (masked by value) and 1 for the rest', () => {
    const y = softmax(tensor([2], [-Infinity, 3]));
    expect(Array.from(y.data)).toEqual([0, 1]);
  });

  it('softmax stays finite on overflow: logits of +1e4', () => {
    // 1e4, 1e4 - 1 and 1e4 - 2 are exact in float32; exp(1e4) alone would be Infinity
    const y = softmax(tensor([3], [1e4, 1e4 - 1, 1e4 - 2]));
    expect(y.data.every(Number.isFinite)).toBe(true);
    const s = 1 + Math.exp(-1) + Math.exp(-2);
    expectClose(y.data, [1 / s, Math.exp(-1) / s, Math.exp(-2) / s], 1e-7);
  });

  it('softmax stays finite on underflow: logits of -1e4', () => {
    const y = softmax(tensor([3], [-1e4, -1e4, -1e4]));
    expect(y.data.every(Number.isFinite)).toBe(true);
    expectClose(y.data, [1 / 3, 1 / 3, 1 / 3], 1e-7);
  });

  it('softmax of logits ±1e4 in one row puts all the mass on the largest (overflow and underflow)', () => {
    const y = softmax(tensor([3], [1e4, -1e4, 0]));
    expect(y.data.every(Number.isFinite)).toBe(true);
    expect(Array.from(y.data)).toEqual([1, 0, 0]);
  });

  it('softmax of a single-element row is 1', () => {
    expect(Array.from(softmax(tensor([4, 1], [-3, 0, 7, 1e4])).data)).toEqual([1, 1, 1, 1]);
  });

  it('softmax broadcasts a [B,1,T,T] mask over the heads of [B,H,T,T] scores', () => {
    const B = 2, H = 3, T = 3;
    const x = tensor([B, H, T, T], Array.from({ length: B * H * T * T }, (_, i) => Math.sin(i)));
    const mask = new Mask([B, 1, T, T]);
    mask.data.set(causalMask(T).data, 0); // batch 0: causal
    mask.data.set([0, 0, 1, 0, 0, 1, 0, 0, 1], T * T); // batch 1: last key padded
    const y = softmax(x, mask);
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const off = ((b * H + h) * T) * T;
        const rowMask = mask.data.subarray(b * T * T, (b + 1) * T * T);
        const expected = softmax(tensor([T, T], x.data.subarray(off, off + T * T)), new Mask([T, T], rowMask));
        expectClose(y.data.subarray(off, off + T * T), expected.data, 0);
      }
    }
    expect(y.get(0, 1, 0, 1)).toBe(0);
    expect(y.get(1, 2, 1, 2)).toBe(0);
  });

  it('softmax broadcasts a [T] mask over every row', () => {
    const y = softmax(fromNested([[1, 2, 3], [3, 2, 1]]), maskFrom([3], [0, 1, 0]));
    expect(y.get(0, 1)).toBe(0);
    expect(y.get(1, 1)).toBe(0);
    expectClose([y.get(0, 0) + y.get(0, 2), y.get(1, 0) + y.get(1, 2)], [1, 1], 1e-7);
  });

  it('softmax throws an error naming the op and both shapes when the mask does not broadcast', () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(() => softmax(x, new Mask([2, 4]))).toThrow(/softmax.*\[2,4\].*\[2,3\]/);
    expect(() => softmax(x, new Mask([3, 3]))).toThrow(/softmax.*\[3,3\].*\[2,3\]/);
  });

  it('softmax of a rank-0 tensor throws an error naming the op', () => {
    expect(() => softmax(tensor([], [1]))).toThrow(/softmax/);
  });

  it('softmax does not mutate its input or its mask', () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    const m = maskFrom([2, 3], [0, 1, 0, 1, 1, 1]);
    const snap = snapshot(x, m);
    const y = softmax(x, m);
    snap.check();
    expect(y).not.toBe(x);
    expect(y.data).not.toBe(x.data);
  });

  // ------------------------------------------------------------- properties

  /** Scores [rows, n] and a mask with at least one unmasked entry per row. */
  const arbScoresAndMask = fc
    .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 8 }))
    .chain(([rows, n]) =>
      fc.tuple(
        fc.constant([rows, n]),
        fc.array(arbValue(50), { minLength: rows * n, maxLength: rows * n }),
        fc.array(fc.boolean(), { minLength: rows * n, maxLength: rows * n }),
        fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: rows, maxLength: rows }),
      ),
    )
    .map(([shape, values, maskBits, keep]) => {
      const [rows, n] = shape;
      const bits = maskBits.map((b) => (b ? 1 : 0));
      for (let r = 0; r < rows; r++) bits[r * n + keep[r]] = 0; // one unmasked entry per row
      return { x: tensor(shape, values), mask: maskFrom(shape, bits) };
    });

  it('softmax rows sum to 1 and masked entries are exactly 0 (random masks)', () => {
    fc.assert(
      fc.property(arbScoresAndMask, ({ x, mask }) => {
        const snap = snapshot(x, mask);
        const y = softmax(x, mask);
        snap.check();
        const [rows, n] = x.shape;
        for (let r = 0; r < rows; r++) {
          let sum = 0;
          for (let j = 0; j < n; j++) {
            const v = y.data[r * n + j];
            if (mask.data[r * n + j]) expect(v).toBe(0);
            else expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
            sum += v;
          }
          expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('softmax rows sum to 1 without a mask for any shape', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
          fc.tuple(fc.constant(shape), fc.array(arbValue(1e4), { minLength: sizeOfShape(shape), maxLength: sizeOfShape(shape) })),
        ),
        ([shape, values]) => {
          const y = softmax(tensor(shape, values));
          const n = shape[shape.length - 1];
          for (let o = 0; o < y.size; o += n) {
            let sum = 0;
            for (let j = 0; j < n; j++) {
              expect(Number.isFinite(y.data[o + j])).toBe(true);
              sum += y.data[o + j];
            }
            expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('softmax backward', () => {
  it('softmax passes the finite-difference check with a broadcast mask and a fully masked row', () => {
    const m = maskFrom([2, 4], [0, 1, 0, 0, 1, 1, 1, 1]);
    expect(gradCheck((x) => softmaxOp(x, m), [randomTensor([3, 2, 4], 1, -3, 3)]).ok).toBe(true);
    expect(gradCheck((x) => softmaxOp(x), [randomTensor([4, 5], 2, -3, 3)]).ok).toBe(true);
  });
});
