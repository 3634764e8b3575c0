import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { mul, scale, tensor, fromNested, Tensor } from '../../src/core';
import { RUNS, arbBroadcastPair, arbTensor, arbShape, arbTensorOf, explicitBroadcast, expectExact, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { mul as mulOp, scale as scaleOp } from '../../src/core';

describe('mul', () => {
  it('mul of two same-shape tensors multiplies element by element', () => {
    expectExact(mul(tensor([2, 2], [1, 2, 3, 4]), tensor([2, 2], [2, 0.5, -1, 0])).data, [2, 1, -3, 0]);
  });

  it('mul broadcasts a [D] vector over the rows of [T,D]', () => {
    expectExact(mul(fromNested([[1, 2], [3, 4]]), tensor([2], [10, -1])).data, [10, -2, 30, -4]);
  });

  it('mul throws an error naming the op and both shapes when shapes do not broadcast', () => {
    expect(() => mul(new Tensor([2, 3]), new Tensor([2]))).toThrow('mul: shapes do not broadcast, a is [2,3], b is [2]');
  });

  it('mul does not mutate its inputs', () => {
    const a = fromNested([[1, 2], [3, 4]]), b = tensor([2], [5, 6]);
    const snap = snapshot(a, b);
    mul(a, b);
    snap.check();
  });

  it('broadcasting mul equals an explicit loop', () => {
    fc.assert(
      fc.property(
        arbBroadcastPair.chain(({ out, a, b }) => fc.tuple(fc.constant(out), arbTensorOf(a), arbTensorOf(b))),
        ([out, a, b]) => {
          expectExact(mul(a, b).data, explicitBroadcast(a, b, out, (x, z) => x * z));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('scale', () => {
  it('scale multiplies every element by a number (1/√Dh of attention)', () => {
    expectExact(scale(tensor([3], [2, -4, 8]), 0.5).data, [1, -2, 4]);
  });

  it('scale keeps the shape and does not mutate its input', () => {
    const x = fromNested([[1, 2], [3, 4]]);
    const snap = snapshot(x);
    const y = scale(x, 3);
    snap.check();
    expect(y.shape).toEqual([2, 2]);
    expectExact(y.data, [3, 6, 9, 12]);
  });

  it('scale by s equals mul by a scalar tensor s', () => {
    fc.assert(
      fc.property(arbTensor(arbShape(0, 3)), fc.float({ min: -4, max: 4, noNaN: true }), (x, s) => {
        expectExact(scale(x, s).data, mul(x, tensor([], [s])).data);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('mul backward', () => {
  it('mul and scale pass the finite-difference check', () => {
    expect(gradCheck(mulOp, [randomTensor([2, 1, 3], 1), randomTensor([4, 1], 2)]).ok).toBe(true);
    expect(gradCheck(mulOp, [randomTensor([3, 4], 3), randomTensor([3, 4], 4)]).ok).toBe(true);
    expect(gradCheck((x) => scaleOp(x, -2.5), [randomTensor([5], 5)]).ok).toBe(true);
  });
});
