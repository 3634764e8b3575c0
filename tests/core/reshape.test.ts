import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { reshape, tensor, Tensor } from '../../src/core';
import { RUNS, arbShape, arbTensorOf, expectExact, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { reshape as reshapeOp } from '../../src/core';

describe('reshape', () => {
  it('reshape of [2,3] to [3,2] keeps the row-major order', () => {
    const y = reshape(tensor([2, 3], [1, 2, 3, 4, 5, 6]), [3, 2]);
    expect(y.shape).toEqual([3, 2]);
    expect(y.toNested()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('reshape infers one dimension given as -1', () => {
    expect(reshape(new Tensor([2, 3, 4]), [-1, 4]).shape).toEqual([6, 4]);
    expect(reshape(new Tensor([2, 3, 4]), [2, -1]).shape).toEqual([2, 12]);
    expect(reshape(new Tensor([2, 3, 4]), [-1]).shape).toEqual([24]);
  });

  it('reshape splits and merges heads: [B,T,D] to [B,T,H,Dh] and back', () => {
    const x = tensor([1, 2, 4], [...Array(8).keys()]);
    const split = reshape(x, [1, 2, 2, 2]);
    expect(split.get(0, 1, 1, 0)).toBe(6);
    expectExact(reshape(split, [1, 2, 4]).data, x.data);
  });

  it('reshape to a scalar shape and back', () => {
    const s = reshape(tensor([1, 1], [5]), []);
    expect(s.shape).toEqual([]);
    expect(reshape(s, [1]).data[0]).toBe(5);
  });

  it('reshape throws an error naming the op and both shapes when sizes differ', () => {
    expect(() => reshape(new Tensor([2, 3]), [4, 2])).toThrow('reshape: sizes differ, input is [2,3], target is [4,2]');
  });

  it('reshape throws an error naming the op and both shapes when -1 cannot be inferred', () => {
    expect(() => reshape(new Tensor([2, 3]), [4, -1])).toThrow('reshape: cannot infer -1, input is [2,3], target is [4,-1]');
    expect(() => reshape(new Tensor([0, 3]), [0, -1])).toThrow(/reshape: cannot infer -1/);
  });

  it('reshape throws an error naming the op and both shapes for two -1 or a negative dimension', () => {
    expect(() => reshape(new Tensor([2, 2]), [-1, -1])).toThrow('reshape: target dimensions must be ≥ 0 with at most one -1, input is [2,2], target is [-1,-1]');
    expect(() => reshape(new Tensor([2, 2]), [-2, -2])).toThrow(/reshape: .*input is \[2,2\], target is \[-2,-2\]/);
    expect(() => reshape(new Tensor([2, 2]), [1.5, 2])).toThrow(/reshape: .*target is \[1\.5,2\]/);
  });

  it('reshape does not mutate its input', () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    const snap = snapshot(x);
    reshape(x, [6]);
    reshape(x, [3, -1]);
    snap.check();
  });

  it('reshape keeps the data in order for any shape of the same size', () => {
    fc.assert(
      fc.property(
        arbShape(1, 4, 1, 4).chain((shape) => fc.tuple(arbTensorOf(shape), fc.shuffledSubarray(shape, { minLength: shape.length, maxLength: shape.length }))),
        ([x, target]) => {
          const snap = snapshot(x);
          const y = reshape(x, target);
          snap.check();
          expect([...y.shape]).toEqual(target);
          expectExact(y.data, x.data);
          expectExact(reshape(y, x.shape).data, x.data);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('reshape backward', () => {
  it('reshape passes the finite-difference check', () => {
    expect(gradCheck((x) => reshapeOp(x, [6, -1]), [randomTensor([3, 4], 1)]).ok).toBe(true);
  });
});
