import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { permute, transpose, tensor, fromNested, Tensor } from '../../src/core';
import { RUNS, arbPermutation, arbShape, arbTensorOf, expectExact, snapshot, unravel, ravel } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { permute as permuteOp, transpose as transposeOp } from '../../src/core';

/** The inverse permutation: inv[perm[i]] = i. */
function inverse(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

describe('permute', () => {
  it('permute of a [2,3] matrix with axes [1,0] is its transpose', () => {
    const y = permute(fromNested([[1, 2, 3], [4, 5, 6]]), [1, 0]);
    expect(y.shape).toEqual([3, 2]);
    expectExact(y.data, [1, 4, 2, 5, 3, 6]);
  });

  it('permute of a [2,3,2] tensor with axes [2,0,1] moves the last axis first', () => {
    const x = tensor([2, 3, 2], [...Array(12).keys()]);
    const y = permute(x, [2, 0, 1]);
    expect(y.shape).toEqual([2, 2, 3]);
    // y[k, i, j] = x[i, j, k] = 6i + 2j + k
    expectExact(y.data, [0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11]);
  });

  it('permute accepts negative axes', () => {
    const x = tensor([2, 3, 2], [...Array(12).keys()]);
    expectExact(permute(x, [-1, 0, -2]).data, permute(x, [2, 0, 1]).data);
  });

  it('permute of [B,T,H,Dh] to [B,H,T,Dh] splits heads as multi-head attention does', () => {
    // B=1, T=2, H=2, Dh=2; element value = 1000·t + 100·h + d
    const x = tensor([1, 2, 2, 2], [0, 1, 100, 101, 1000, 1001, 1100, 1101]);
    const y = permute(x, [0, 2, 1, 3]);
    expect(y.shape).toEqual([1, 2, 2, 2]);
    expectExact(y.data, [0, 1, 1000, 1001, 100, 101, 1100, 1101]);
  });

  it('permute with the identity order copies the tensor', () => {
    const x = tensor([2, 2], [1, 2, 3, 4]);
    const y = permute(x, [0, 1]);
    expectExact(y.data, x.data);
    expect(y.data).not.toBe(x.data);
  });

  it('permute of a rank-0 tensor with no axes copies the value', () => {
    expectExact(permute(tensor([], [7]), []).data, [7]);
  });

  it('permute of a tensor with a zero-length axis gives an empty tensor of the permuted shape', () => {
    const y = permute(new Tensor([2, 0, 3]), [2, 1, 0]);
    expect(y.shape).toEqual([3, 0, 2]);
    expect(y.size).toBe(0);
  });

  it('permute throws an error naming the op and the shape when the axis count is wrong', () => {
    expect(() => permute(new Tensor([2, 3]), [0])).toThrow('permute: 1 axes given for a tensor of shape [2,3]');
  });

  it('permute throws an error naming the op when the axes are not a permutation', () => {
    expect(() => permute(new Tensor([2, 3]), [0, 0])).toThrow(/permute: axes \[0,0\] are not a permutation/);
    expect(() => permute(new Tensor([2, 3]), [0, 2])).toThrow(/permute: axis 2 is out of range for rank 2/);
  });

  it('permute does not mutate its input', () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    const snap = snapshot(x);
    permute(x, [1, 0]);
    snap.check();
  });

  it('permute puts x[index] at y[permuted index] (random shapes and permutations)', () => {
    fc.assert(
      fc.property(
        arbShape(1, 5, 1, 4).chain((shape) => fc.tuple(arbTensorOf(shape), arbPermutation(shape.length))),
        ([x, perm]) => {
          const y = permute(x, perm);
          expect([...y.shape]).toEqual(perm.map((p) => x.shape[p]));
          for (let i = 0; i < x.size; i++) {
            const idx = unravel(i, x.shape);
            expect(y.data[ravel(perm.map((p) => idx[p]), y.shape)]).toBe(x.data[i]);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('permute then inverse permute is identity', () => {
    fc.assert(
      fc.property(
        arbShape(0, 5, 1, 4).chain((shape) => fc.tuple(arbTensorOf(shape), arbPermutation(shape.length))),
        ([x, perm]) => {
          const snap = snapshot(x);
          const back = permute(permute(x, perm), inverse(perm));
          snap.check();
          expect([...back.shape]).toEqual([...x.shape]);
          expectExact(back.data, x.data);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('transpose', () => {
  it('transpose swaps the last two axes by default', () => {
    const y = transpose(tensor([2, 2, 3], [...Array(12).keys()]));
    expect(y.shape).toEqual([2, 3, 2]);
    expectExact(y.data, [0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11]);
  });

  it('transpose swaps two named axes', () => {
    const x = tensor([2, 1, 3], [1, 2, 3, 4, 5, 6]);
    const y = transpose(x, 0, 2);
    expect(y.shape).toEqual([3, 1, 2]);
    expectExact(y.data, [1, 4, 2, 5, 3, 6]);
  });

  it('transpose of a rank-1 tensor throws an error naming the op', () => {
    expect(() => transpose(tensor([3], [1, 2, 3]))).toThrow(/transpose: axis -2 is out of range for rank 1/);
  });

  it('transpose twice is identity', () => {
    fc.assert(
      fc.property(
        arbShape(2, 5, 1, 4).chain((shape) =>
          fc.tuple(arbTensorOf(shape), fc.integer({ min: 0, max: shape.length - 1 }), fc.integer({ min: 0, max: shape.length - 1 })),
        ),
        ([x, a, b]) => {
          const snap = snapshot(x);
          const once = transpose(x, a, b);
          const twice = transpose(once, a, b);
          snap.check();
          expect([...twice.shape]).toEqual([...x.shape]);
          expectExact(twice.data, x.data);
          // and the default (last two axes) too
          expectExact(transpose(transpose(x)).data, x.data);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('permute backward', () => {
  it('permute and transpose pass the finite-difference check', () => {
    expect(gradCheck((x) => permuteOp(x, [2, 0, 1]), [randomTensor([2, 3, 4], 1)]).ok).toBe(true);
    expect(gradCheck((x) => transposeOp(x), [randomTensor([2, 3, 4], 2)]).ok).toBe(true);
  });
});
