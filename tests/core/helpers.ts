/**
 * Shared helpers of the core tests: tolerant comparisons, input snapshots (to
 * prove ops are pure) and fast-check arbitraries for tensors and shapes.
 * Not a test file itself (vitest collects only *.test.ts).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { Tensor, tensor, type Shape } from '../../src/core';

/** Property runs per property; the suite as a whole runs many thousands of cases. */
export const RUNS = 500;

export function sizeOfShape(shape: Shape): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** Every element of `actual` within `tol` (absolute) of `expected`, with the index in the message. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (a === e) continue; // also covers equal infinities
    if (!(Math.abs(a - e) <= tol)) {
      throw new Error(`element ${i}: got ${a}, expected ${e} (tolerance ${tol})`);
    }
  }
}

/** Exact element-wise equality of two arrays (no tolerance; +0 and -0 count as equal). */
export function expectExact(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(Array.from(actual, (v) => v + 0)).toEqual(Array.from(expected, (v) => v + 0));
}

/**
 * Copies the data and shape of every input; `check()` asserts that none of them
 * changed (DESIGN.md convention 4: ops never mutate their inputs).
 */
export function snapshot(...xs: { shape: Shape; data: ArrayLike<number> }[]): { check: () => void } {
  const copies = xs.map((x) => ({ shape: [...x.shape], data: Array.from(x.data) }));
  return {
    check() {
      xs.forEach((x, i) => {
        expect([...x.shape]).toEqual(copies[i].shape);
        const now = Array.from(x.data);
        // Object.is-like comparison that treats NaN as equal to NaN
        expect(now).toEqual(copies[i].data);
      });
    },
  };
}

/** Row-major multi-index of a flat offset. */
export function unravel(offset: number, shape: Shape): number[] {
  const idx = new Array<number>(shape.length);
  let r = offset;
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = r % shape[i];
    r = Math.floor(r / shape[i]);
  }
  return idx;
}

/** Flat row-major offset of a multi-index. */
export function ravel(index: readonly number[], shape: Shape): number {
  let off = 0;
  for (let i = 0; i < shape.length; i++) off = off * shape[i] + index[i];
  return off;
}

/** A finite float32 in [-bound, bound]. */
export function arbValue(bound = 10): fc.Arbitrary<number> {
  return fc.float({ min: Math.fround(-bound), max: Math.fround(bound), noNaN: true, noDefaultInfinity: true });
}

/** A shape of the given rank range and dimension range. */
export function arbShape(minRank: number, maxRank: number, minDim = 1, maxDim = 4): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/** A tensor of exactly this shape with values in [-bound, bound]. */
export function arbTensorOf(shape: Shape, bound = 10): fc.Arbitrary<Tensor> {
  const n = sizeOfShape(shape);
  return fc.array(arbValue(bound), { minLength: n, maxLength: n }).map((v) => tensor(shape, v));
}

/** A tensor of a random shape drawn from `shapes`. */
export function arbTensor(shapes: fc.Arbitrary<number[]>, bound = 10): fc.Arbitrary<Tensor> {
  return shapes.chain((s) => arbTensorOf(s, bound));
}

/** A permutation of 0..n-1. */
export function arbPermutation(n: number): fc.Arbitrary<number[]> {
  return fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n });
}

/** Two shapes that broadcast: b is a suffix of a's shape with some axes set to 1 (and possibly swapped roles). */
export const arbBroadcastPair = arbShape(0, 4, 1, 4).chain((shape) =>
  fc
    .record({
      keep: fc.integer({ min: 0, max: shape.length }),
      ones: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      onesA: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      swap: fc.boolean(),
    })
    .map(({ keep, ones, onesA, swap }) => {
      const suffix = shape.slice(shape.length - keep).map((d, i) => (ones[i] ? 1 : d));
      // a may also have size-1 axes where b keeps the full size
      const full = shape.map((d, i) => {
        const j = i - (shape.length - keep);
        return onesA[i] && j >= 0 && suffix[j] !== 1 ? 1 : d;
      });
      return { out: shape, a: swap ? suffix : full, b: swap ? full : suffix };
    }),
);

/** Element-wise f with broadcasting by an explicit loop over the output. */
export function explicitBroadcast(a: Tensor, b: Tensor, out: readonly number[], f: (x: number, y: number) => number): number[] {
  const n = out.reduce((p, d) => p * d, 1);
  const pick = (idx: number[], s: readonly number[]) => idx.slice(out.length - s.length).map((v, i) => (s[i] === 1 ? 0 : v));
  const res: number[] = [];
  for (let i = 0; i < n; i++) {
    const idx = unravel(i, out);
    res.push(Math.fround(f(a.data[ravel(pick(idx, a.shape), a.shape)], b.data[ravel(pick(idx, b.shape), b.shape)])));
  }
  return res;
}
