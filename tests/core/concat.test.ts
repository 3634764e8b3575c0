import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { concat, narrow, tensor, fromNested, Tensor } from '../../src/core';
import { RUNS, arbShape, arbTensorOf, expectExact, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { concat as concatOp } from '../../src/core';

describe('concat', () => {
  it('concat along axis 0 stacks rows', () => {
    const y = concat([fromNested([[1, 2]]), fromNested([[3, 4], [5, 6]])], 0);
    expect(y.shape).toEqual([3, 2]);
    expectExact(y.data, [1, 2, 3, 4, 5, 6]);
  });

  it('concat along the last axis joins each row (heads merged back to D)', () => {
    const y = concat([fromNested([[1], [2]]), fromNested([[10, 11], [20, 21]]), fromNested([[100], [200]])], -1);
    expect(y.shape).toEqual([2, 4]);
    expectExact(y.data, [1, 10, 11, 100, 2, 20, 21, 200]);
  });

  it('concat along a middle axis of [2,1,2] and [2,2,2]', () => {
    const a = tensor([2, 1, 2], [0, 1, 2, 3]);
    const b = tensor([2, 2, 2], [10, 11, 12, 13, 20, 21, 22, 23]);
    const y = concat([a, b], 1);
    expect(y.shape).toEqual([2, 3, 2]);
    expectExact(y.data, [0, 1, 10, 11, 12, 13, 2, 3, 20, 21, 22, 23]);
  });

  it('concat of one tensor copies it', () => {
    const x = tensor([2], [1, 2]);
    const y = concat([x], 0);
    expectExact(y.data, x.data);
    expect(y.data).not.toBe(x.data);
  });

  it('concat with an empty piece leaves the others', () => {
    const y = concat([new Tensor([2, 0]), fromNested([[1], [2]])], 1);
    expectExact(y.data, [1, 2]);
  });

  it('concat throws an error naming the op and both shapes when shapes differ off the axis', () => {
    expect(() => concat([new Tensor([2, 3]), new Tensor([3, 3])], 1)).toThrow('concat: shapes differ off axis 1, a is [2,3], b is [3,3]');
    expect(() => concat([new Tensor([2, 3]), new Tensor([2, 3, 1])], 0)).toThrow('concat: shapes differ off axis 0, a is [2,3], b is [2,3,1]');
  });

  it('concat of no tensors throws an error naming the op', () => {
    expect(() => concat([], 0)).toThrow('concat: no tensors given');
  });

  it('concat does not mutate its inputs', () => {
    const a = fromNested([[1, 2]]), b = fromNested([[3, 4]]);
    const snap = snapshot(a, b);
    concat([a, b], 0);
    snap.check();
  });

  it('concat then narrow gives back each piece', () => {
    fc.assert(
      fc.property(
        arbShape(1, 3, 1, 4).chain((shape) =>
          fc.tuple(fc.integer({ min: 0, max: shape.length - 1 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 })).chain(([axis, lens]) =>
            fc.tuple(fc.constant(axis), fc.tuple(...lens.map((len) => arbTensorOf(shape.map((d, i) => (i === axis ? len : d)))))),
          ),
        ),
        ([axis, pieces]) => {
          const snap = snapshot(...pieces);
          const y = concat(pieces, axis);
          snap.check();
          let at = 0;
          for (const p of pieces) {
            expectExact(narrow(y, axis, at, p.shape[axis]).data, p.data);
            at += p.shape[axis];
          }
          expect(y.shape[axis]).toBe(at);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('concat backward', () => {
  it('concat passes the finite-difference check for every input', () => {
    expect(gradCheck((a, b) => concatOp([a, b], 1), [randomTensor([2, 2, 3], 1), randomTensor([2, 1, 3], 2)]).ok).toBe(true);
  });
});
