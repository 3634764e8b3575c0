import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { embedding, fromNested, Tensor } from '../../src/core';
import { RUNS, arbTensorOf, expectExact, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { embedding as embeddingOp } from '../../src/core';

const W = fromNested([[0, 0.5], [1, 1.5], [2, 2.5]]); // V = 3, D = 2

describe('embedding', () => {
  it('embedding of a flat id list [T] gives the weight rows [T, D]', () => {
    const y = embedding([2, 0, 2], W);
    expect(y.shape).toEqual([3, 2]);
    expectExact(y.data, [2, 2.5, 0, 0.5, 2, 2.5]);
  });

  it('embedding of nested ids [B][T] gives [B, T, D]', () => {
    const y = embedding([[1, 2], [0, 1]], W);
    expect(y.shape).toEqual([2, 2, 2]);
    expectExact(y.data, [1, 1.5, 2, 2.5, 0, 0.5, 1, 1.5]);
  });

  it('embedding of no ids gives [0, D]', () => {
    expect(embedding([], W).shape).toEqual([0, 2]);
  });

  it('embedding copies the rows (the output does not share the weight buffer)', () => {
    const y = embedding([0], W);
    expect(y.data.buffer).not.toBe(W.data.buffer);
  });

  it('embedding throws an error naming the op for an id outside the vocabulary', () => {
    expect(() => embedding([3], W)).toThrow('embedding: token id 3 is outside the vocabulary of 3');
    expect(() => embedding([-1], W)).toThrow('embedding: token id -1 is outside the vocabulary of 3');
    expect(() => embedding([0.5], W)).toThrow(/embedding: token id 0.5/);
  });

  it('embedding throws an error naming the op and the shape when the weight is not [V, D]', () => {
    expect(() => embedding([0], new Tensor([3]))).toThrow('embedding: weight must be [V, D], shape is [3]');
  });

  it('embedding throws an error naming the op for ragged rows', () => {
    expect(() => embedding([[0, 1], [2]], W)).toThrow('embedding: rows have different lengths (2 and 1)');
  });

  it('embedding does not mutate its weight', () => {
    const snap = snapshot(W);
    embedding([[0, 1, 2]], W);
    snap.check();
  });

  it('embedding row t equals weight row ids[t]', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 5 }))
          .chain(([v, d]) => fc.tuple(arbTensorOf([v, d]), fc.array(fc.integer({ min: 0, max: v - 1 }), { maxLength: 10 }))),
        ([w, ids]) => {
          const d = w.shape[1];
          const y = embedding(ids, w);
          expect([...y.shape]).toEqual([ids.length, d]);
          ids.forEach((id, t) => expectExact(y.data.subarray(t * d, t * d + d), w.data.subarray(id * d, id * d + d)));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('embedding backward', () => {
  it('embedding passes the finite-difference check, repeated ids adding up', () => {
    expect(gradCheck((w) => embeddingOp([[1, 2, 1], [0, 2, 2]], w), [randomTensor([3, 4], 1)]).ok).toBe(true);
  });
});
