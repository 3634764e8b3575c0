import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { tensor, Tensor } from '../../src/core';
import { binaryOp, type BinaryGrad } from '../../src/core/binary';
import { RUNS, arbBroadcastPair, arbTensorOf, explicitBroadcast, expectExact, snapshot } from './helpers';

const sub = (x: number, y: number) => x - y;
const SUB_GRAD: BinaryGrad = { da: () => 1, db: () => -1 };

describe('binaryOp', () => {
  it('binaryOp applies the function element by element on same-shape tensors', () => {
    const out = binaryOp('sub', tensor([3], [5, 6, 7]), tensor([3], [1, 2, 3]), sub, SUB_GRAD);
    expectExact(out.data, [4, 4, 4]);
  });

  it('binaryOp keeps the operand order when broadcasting (a - b, not b - a)', () => {
    const out = binaryOp('sub', tensor([2, 1], [10, 20]), tensor([3], [1, 2, 3]), sub, SUB_GRAD);
    expect(out.shape).toEqual([2, 3]);
    expectExact(out.data, [9, 8, 7, 19, 18, 17]);
  });

  it('binaryOp throws an error naming the op passed in and both shapes', () => {
    expect(() => binaryOp('sub', new Tensor([2]), new Tensor([3]), sub, SUB_GRAD)).toThrow('sub: shapes do not broadcast, a is [2], b is [3]');
  });

  it('binaryOp with broadcasting equals an explicit loop (subtraction)', () => {
    fc.assert(
      fc.property(
        arbBroadcastPair.chain(({ out, a, b }) => fc.tuple(fc.constant(out), arbTensorOf(a), arbTensorOf(b))),
        ([out, a, b]) => {
          const snap = snapshot(a, b);
          const y = binaryOp('sub', a, b, sub, SUB_GRAD);
          snap.check();
          expect([...y.shape]).toEqual(out);
          expectExact(y.data, explicitBroadcast(a, b, out, sub));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
