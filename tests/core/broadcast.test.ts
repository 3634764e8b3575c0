import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { broadcastShapes } from '../../src/core';
import { broadcastIndex, broadcastRowOffsets } from '../../src/core/broadcast';
import { RUNS, arbBroadcastPair, expectExact, ravel, unravel } from './helpers';

describe('broadcastShapes', () => {
  it('broadcastShapes follows the NumPy rules', () => {
    expect(broadcastShapes('op', [2, 3], [3])).toEqual([2, 3]);
    expect(broadcastShapes('op', [2, 1], [1, 3])).toEqual([2, 3]);
    expect(broadcastShapes('op', [4, 1, 3], [2, 1])).toEqual([4, 2, 3]);
    expect(broadcastShapes('op', [], [2, 2])).toEqual([2, 2]);
    expect(broadcastShapes('op', [5], [])).toEqual([5]);
  });

  it('broadcastShapes lets a dimension of 1 broadcast to 0', () => {
    expect(broadcastShapes('op', [1, 3], [0, 3])).toEqual([0, 3]);
  });

  it('broadcastShapes throws an error naming the op and both shapes', () => {
    expect(() => broadcastShapes('add', [2, 3], [3, 2])).toThrow('add: shapes do not broadcast, a is [2,3], b is [3,2]');
  });
});

describe('broadcastIndex', () => {
  it('broadcastIndex of a row [3] onto [2,3] repeats the row', () => {
    expectExact(broadcastIndex([3], [2, 3]), [0, 1, 2, 0, 1, 2]);
  });

  it('broadcastIndex of a column [2,1] onto [2,3] repeats each element', () => {
    expectExact(broadcastIndex([2, 1], [2, 3]), [0, 0, 0, 1, 1, 1]);
  });

  it('broadcastIndex of a shape onto itself is 0, 1, 2, …', () => {
    expectExact(broadcastIndex([2, 3, 2], [2, 3, 2]), [...Array(12).keys()]);
  });

  it('broadcastIndex points every output element at the source element it broadcasts from', () => {
    fc.assert(
      fc.property(arbBroadcastPair, ({ out, a }) => {
        const idx = broadcastIndex(a, out);
        const n = out.reduce((p, d) => p * d, 1);
        expect(idx.length).toBe(n);
        for (let i = 0; i < n; i++) {
          const full = unravel(i, out);
          const src = full.slice(out.length - a.length).map((v, k) => (a[k] === 1 ? 0 : v));
          expect(idx[i]).toBe(ravel(src, a));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('broadcastRowOffsets', () => {
  it('broadcastRowOffsets of a [B,1,T,T] mask over [B,H,T,T] repeats each batch over the heads', () => {
    // B=2, H=2, T=2: 8 rows of 2; mask rows (b, t) at offset (b·T + t)·T
    expectExact(broadcastRowOffsets('softmax', [2, 1, 2, 2], [2, 2, 2, 2]), [0, 2, 0, 2, 4, 6, 4, 6]);
  });

  it('broadcastRowOffsets of a [T] mask gives offset 0 for every row', () => {
    expectExact(broadcastRowOffsets('softmax', [3], [2, 2, 3]), [0, 0, 0, 0]);
  });

  it('broadcastRowOffsets throws an error naming the op and both shapes when the last axis differs', () => {
    expect(() => broadcastRowOffsets('softmax', [2, 4], [2, 3])).toThrow('softmax: mask shape [2,4] does not broadcast to [2,3]');
  });

  it('broadcastRowOffsets throws when the mask has more axes than the scores', () => {
    expect(() => broadcastRowOffsets('maskedFill', [1, 2, 3], [2, 3])).toThrow('maskedFill: mask shape [1,2,3] does not broadcast to [2,3]');
  });

  it('broadcastRowOffsets throws when a leading mask axis is larger than the scores axis', () => {
    expect(() => broadcastRowOffsets('softmax', [2, 3], [1, 3])).toThrow('softmax: mask shape [2,3] does not broadcast to [1,3]');
  });
});
