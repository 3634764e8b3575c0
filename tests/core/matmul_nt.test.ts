import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { matmul, matmulNT, transpose, Tensor, Rng } from '../../src/core';
import { gradCheck, randomTensor } from '../helpers/gradcheck';

function rand(shape: number[], rng: Rng): Tensor {
  const t = new Tensor(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(-2, 2);
  return t;
}

describe('matmulNT', () => {
  it('matmulNT(a, b) equals matmul(a, bᵀ) for random shapes, batches broadcasting', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.integer({ min: 0, max: 1e6 }),
        (m, n, k, batch, broadcastB, seed) => {
          const rng = new Rng(seed);
          const a = rand([batch, m, k], rng);
          const b = rand(broadcastB ? [n, k] : [batch, n, k], rng);
          const want = matmul(a, transpose(b));
          const got = matmulNT(a, b);
          expect(got.shape).toEqual(want.shape);
          for (let i = 0; i < got.size; i++) expect(Math.abs(got.data[i] - want.data[i])).toBeLessThan(1e-5);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('matmulNT names the op and both shapes when the last dimensions differ', () => {
    expect(() => matmulNT(new Tensor([2, 3]), new Tensor([4, 5]))).toThrow('matmulNT: last dimensions differ, a is [2,3], b is [4,5]');
  });

  it('matmulNT passes the finite-difference check', () => {
    expect(gradCheck(matmulNT, [randomTensor([2, 5, 3], 1), randomTensor([2, 6, 3], 2)]).ok).toBe(true);
    expect(gradCheck(matmulNT, [randomTensor([2, 4, 4], 3), randomTensor([4, 4], 4)]).ok).toBe(true);
  });
});
