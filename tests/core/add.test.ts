import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { add, tensor, fromNested, Tensor } from '../../src/core';
import { arbBroadcastPair, arbTensorOf, explicitBroadcast, expectExact, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { add as addOp } from '../../src/core';

describe('add', () => {
  it('add of two same-shape tensors adds element by element', () => {
    expectExact(add(tensor([2, 2], [1, 2, 3, 4]), tensor([2, 2], [10, 20, 30, 40])).data, [11, 22, 33, 44]);
  });

  it('add broadcasts a bias row [D] over the rows of [T,D]', () => {
    const y = add(fromNested([[1, 2, 3], [4, 5, 6]]), tensor([3], [10, 20, 30]));
    expect(y.shape).toEqual([2, 3]);
    expectExact(y.data, [11, 22, 33, 14, 25, 36]);
  });

  it('add broadcasts a column [T,1] against a row [1,D] into [T,D]', () => {
    const y = add(tensor([2, 1], [1, 2]), tensor([1, 3], [10, 20, 30]));
    expect(y.shape).toEqual([2, 3]);
    expectExact(y.data, [11, 21, 31, 12, 22, 32]);
  });

  it('add broadcasts a scalar tensor over every element', () => {
    expectExact(add(tensor([], [0.5]), tensor([3], [1, 2, 3])).data, [1.5, 2.5, 3.5]);
  });

  it('add is symmetric under broadcasting', () => {
    const a = fromNested([[1, 2, 3], [4, 5, 6]]), b = tensor([3], [10, 20, 30]);
    expectExact(add(a, b).data, add(b, a).data);
  });

  it('add throws an error naming the op and both shapes when shapes do not broadcast', () => {
    expect(() => add(new Tensor([2, 3]), new Tensor([4]))).toThrow('add: shapes do not broadcast, a is [2,3], b is [4]');
    expect(() => add(new Tensor([2, 3]), new Tensor([3, 3]))).toThrow('add: shapes do not broadcast, a is [2,3], b is [3,3]');
  });

  it('add does not mutate its inputs', () => {
    const a = fromNested([[1, 2], [3, 4]]), b = tensor([2], [5, 6]);
    const snap = snapshot(a, b);
    const y = add(a, b);
    snap.check();
    expect(y.data).not.toBe(a.data);
  });

  it('broadcasting add equals an explicit loop', () => {
    fc.assert(
      fc.property(
        arbBroadcastPair.chain(({ out, a, b }) => fc.tuple(fc.constant(out), arbTensorOf(a), arbTensorOf(b))),
        ([out, a, b]) => {
          const snap = snapshot(a, b);
          const y = add(a, b);
          snap.check();
          expect([...y.shape]).toEqual(out);
          expectExact(y.data, explicitBroadcast(a, b, out, (x, z) => x + z));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('add backward', () => {
  it('add passes the finite-difference check, broadcast operand included', () => {
    expect(gradCheck(addOp, [randomTensor([2, 3], 1), randomTensor([3], 2)]).ok).toBe(true);
    expect(gradCheck(addOp, [randomTensor([2, 1, 3], 3), randomTensor([4, 1], 4)]).ok).toBe(true);
    expect(gradCheck(addOp, [randomTensor([2, 3], 5), randomTensor([2, 3], 6)]).ok).toBe(true);
  });
});
