import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { narrow, concat, tensor } from '../../src/core';
import { RUNS, arbShape, arbTensorOf, expectExact, snapshot, unravel, ravel } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { narrow as narrowOp } from '../../src/core';

describe('narrow', () => {
  it('narrow takes rows [1, 3) of a [4,2] matrix', () => {
    const y = narrow(tensor([4, 2], [0, 1, 2, 3, 4, 5, 6, 7]), 0, 1, 2);
    expect(y.shape).toEqual([2, 2]);
    expectExact(y.data, [2, 3, 4, 5]);
  });

  it('narrow takes columns of the last axis (a negative axis)', () => {
    const y = narrow(tensor([2, 3], [1, 2, 3, 4, 5, 6]), -1, 1, 2);
    expect(y.shape).toEqual([2, 2]);
    expectExact(y.data, [2, 3, 5, 6]);
  });

  it('narrow of a middle axis keeps the outer and inner axes', () => {
    const y = narrow(tensor([2, 3, 2], [...Array(12).keys()]), 1, 2, 1);
    expect(y.shape).toEqual([2, 1, 2]);
    expectExact(y.data, [4, 5, 10, 11]);
  });

  it('narrow of length 0 gives an empty tensor', () => {
    expect(narrow(tensor([2, 3], [1, 2, 3, 4, 5, 6]), 1, 3, 0).shape).toEqual([2, 0]);
  });

  it('narrow copies (writing the output leaves the input as it was)', () => {
    const x = tensor([3], [1, 2, 3]);
    const y = narrow(x, 0, 0, 2);
    y.data[0] = 99;
    expectExact(x.data, [1, 2, 3]);
  });

  it('narrow throws an error naming the op and the shape when the range is outside the axis', () => {
    expect(() => narrow(tensor([2, 3], [1, 2, 3, 4, 5, 6]), 1, 2, 2)).toThrow('narrow: [2, 4) is outside axis 1 of shape [2,3]');
    expect(() => narrow(tensor([2, 3], [1, 2, 3, 4, 5, 6]), 0, -1, 1)).toThrow(/narrow: \[-1, 0\) is outside axis 0 of shape \[2,3\]/);
    expect(() => narrow(tensor([2, 3], [1, 2, 3, 4, 5, 6]), 2, 0, 1)).toThrow(/narrow: axis 2 is out of range for rank 2/);
  });

  it('narrow does not mutate its input', () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    const snap = snapshot(x);
    narrow(x, 1, 1, 1);
    snap.check();
  });

  it('narrow picks x[…, start + i, …] and concatenating the pieces gives back the tensor', () => {
    fc.assert(
      fc.property(
        arbShape(1, 4, 1, 5).chain((shape) =>
          fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) =>
            fc.tuple(arbTensorOf(shape), fc.constant(axis), fc.integer({ min: 0, max: shape[axis] })),
          ),
        ),
        ([x, axis, cut]) => {
          const dim = x.shape[axis];
          const head = narrow(x, axis, 0, cut), tail = narrow(x, axis, cut, dim - cut);
          for (let i = 0; i < tail.size; i++) {
            const idx = unravel(i, tail.shape);
            idx[axis] += cut;
            expect(tail.data[i]).toBe(x.data[ravel(idx, x.shape)]);
          }
          const back = concat([head, tail], axis);
          expect([...back.shape]).toEqual([...x.shape]);
          expectExact(back.data, x.data);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('narrow backward', () => {
  it('narrow passes the finite-difference check', () => {
    expect(gradCheck((x) => narrowOp(x, 1, 1, 2), [randomTensor([2, 4, 3], 1)]).ok).toBe(true);
  });
});
