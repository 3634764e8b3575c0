import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { matmul, gemm, tensor, fromNested, Tensor, type Shape } from '../../src/core';
import { RUNS, arbTensorOf, expectClose, expectExact, snapshot, unravel, ravel } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { matmul as matmulOp } from '../../src/core';

/** The naive triple loop, batch axes broadcast as torch.matmul, in float64. */
function naiveMatmul(a: Tensor, b: Tensor): { shape: number[]; data: number[] } {
  const m = a.shape[a.rank - 2], k = a.shape[a.rank - 1], n = b.shape[b.rank - 1];
  const ba = a.shape.slice(0, -2), bb = b.shape.slice(0, -2);
  const rank = Math.max(ba.length, bb.length);
  const batch: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = ba[ba.length - rank + i] ?? 1, db = bb[bb.length - rank + i] ?? 1;
    batch.push(Math.max(da, db));
  }
  const pick = (idx: number[], src: Shape) => idx.slice(rank - src.length).map((v, i) => (src[i] === 1 ? 0 : v));
  const total = batch.reduce((p, d) => p * d, 1);
  const data: number[] = [];
  for (let t = 0; t < total; t++) {
    const idx = unravel(t, batch);
    const ao = ravel(pick(idx, ba), ba) * m * k, bo = ravel(pick(idx, bb), bb) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a.data[ao + i * k + p] * b.data[bo + p * n + j];
        data.push(s);
      }
    }
  }
  return { shape: [...batch, m, n], data };
}

describe('matmul', () => {
  it('matmul of two 2×2 matrices matches the hand-computed product', () => {
    const y = matmul(fromNested([[1, 2], [3, 4]]), fromNested([[5, 6], [7, 8]]));
    expect(y.shape).toEqual([2, 2]);
    expectExact(y.data, [19, 22, 43, 50]);
  });

  it('matmul of [2,3] by [3,1] is a matrix-vector product', () => {
    const y = matmul(fromNested([[1, 0, -1], [2, 3, 4]]), fromNested([[1], [2], [3]]));
    expect(y.shape).toEqual([2, 1]);
    expectExact(y.data, [-2, 20]);
  });

  it('matmul of a row by a column is a dot product [1,1]', () => {
    const y = matmul(fromNested([[1, 2, 3, 4, 5]]), tensor([5, 1], [5, 4, 3, 2, 1]));
    expectExact(y.data, [35]);
  });

  it('matmul by the identity returns the same matrix', () => {
    const a = fromNested([[1.5, -2, 3], [4, 5.25, -6]]);
    const y = matmul(a, fromNested([[1, 0, 0], [0, 1, 0], [0, 0, 1]]));
    expectExact(y.data, a.data);
  });

  it('matmul multiplies each batch matrix of [2,2,2] by its own partner', () => {
    const a = fromNested([[[1, 0], [0, 1]], [[2, 0], [0, 2]]]);
    const b = fromNested([[[1, 2], [3, 4]], [[1, 2], [3, 4]]]);
    const y = matmul(a, b);
    expect(y.shape).toEqual([2, 2, 2]);
    expectExact(y.data, [1, 2, 3, 4, 2, 4, 6, 8]);
  });

  it('matmul broadcasts a [K,N] matrix over the batch axes of a [B,M,K] tensor', () => {
    const a = fromNested([[[1, 2]], [[3, 4]], [[5, 6]]]); // [3,1,2]
    const b = fromNested([[1, 0, 1], [0, 1, 1]]); // [2,3]
    const y = matmul(a, b);
    expect(y.shape).toEqual([3, 1, 3]);
    expectExact(y.data, [1, 2, 3, 3, 4, 7, 5, 6, 11]);
  });

  it('matmul broadcasts batch axes of size 1 on both sides ([2,1,..] by [1,3,..] gives [2,3,..])', () => {
    const a = tensor([2, 1, 1, 1], [1, 10]);
    const b = tensor([1, 3, 1, 1], [1, 2, 3]);
    const y = matmul(a, b);
    expect(y.shape).toEqual([2, 3, 1, 1]);
    expectExact(y.data, [1, 2, 3, 10, 20, 30]);
  });

  it('matmul with an inner dimension of 0 gives zeros', () => {
    const y = matmul(new Tensor([2, 0]), new Tensor([0, 3]));
    expect(y.shape).toEqual([2, 3]);
    expectExact(y.data, [0, 0, 0, 0, 0, 0]);
  });

  it('matmul throws an error naming the op and both shapes when the inner dimensions differ', () => {
    expect(() => matmul(new Tensor([2, 5, 8]), new Tensor([6, 4]))).toThrow('matmul: inner dimensions differ, a is [2,5,8], b is [6,4]');
  });

  it('matmul throws an error naming the op and both shapes when batch axes do not broadcast', () => {
    expect(() => matmul(new Tensor([2, 3, 4]), new Tensor([3, 4, 5]))).toThrow('matmul: batch dimensions do not broadcast, a is [2,3,4], b is [3,4,5]');
  });

  it('matmul throws an error naming the op and both shapes for a rank-1 operand', () => {
    expect(() => matmul(new Tensor([3]), new Tensor([3, 2]))).toThrow(/matmul.*\[3\].*\[3,2\]/);
  });

  it('gemm writes one product at the given offsets and nothing else', () => {
    const out = new Float32Array(6).fill(-1);
    gemm(Float32Array.of(9, 1, 2, 3, 4), 1, Float32Array.of(9, 9, 1, 0, 0, 1), 2, out, 2, 2, 2, 2, new Float64Array(2));
    expectExact(out, [-1, -1, 1, 2, 3, 4]);
  });

  it('matmul of 5×5 by the identity returns the matrix (one register block plus edges)', () => {
    const a = tensor([5, 5], Array.from({ length: 25 }, (_, i) => i - 12));
    const eye = tensor([5, 5], Array.from({ length: 25 }, (_, i) => (i % 6 === 0 ? 1 : 0)));
    expectExact(matmul(a, eye).data, a.data);
    expectExact(matmul(eye, a).data, a.data);
  });

  it('matmul does not mutate its inputs', () => {
    const a = fromNested([[1, 2], [3, 4]]), b = fromNested([[5, 6], [7, 8]]);
    const snap = snapshot(a, b);
    matmul(a, b);
    snap.check();
  });

  // ------------------------------------------------------------- properties

  it('matmul equals a naive triple loop (random shapes, broadcast batch axes)', () => {
    const arbCase = fc
      .record({
        // up to 9 rows and columns: two 4×4 register blocks plus the edges
        m: fc.integer({ min: 1, max: 9 }),
        k: fc.integer({ min: 1, max: 9 }),
        n: fc.integer({ min: 1, max: 9 }),
        batch: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
        dropA: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        dropB: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        aRank: fc.integer({ min: 0, max: 2 }),
        bRank: fc.integer({ min: 0, max: 2 }),
      })
      .chain(({ m, k, n, batch, dropA, dropB, aRank, bRank }) => {
        // each operand takes a suffix of the batch axes, some of them shrunk to 1
        const ba = batch.slice(batch.length - Math.min(aRank, batch.length)).map((d, i) => (dropA[i] ? 1 : d));
        const bb = batch.slice(batch.length - Math.min(bRank, batch.length)).map((d, i) => (dropB[i] ? 1 : d));
        return fc.tuple(arbTensorOf([...ba, m, k], 4), arbTensorOf([...bb, k, n], 4));
      });
    fc.assert(
      fc.property(arbCase, ([a, b]) => {
        const snap = snapshot(a, b);
        const y = matmul(a, b);
        snap.check();
        const want = naiveMatmul(a, b);
        expect([...y.shape]).toEqual(want.shape);
        expectClose(y.data, want.data, 1e-4);
      }),
      { numRuns: 1000 },
    );
  });

  it('matmul of small integers is exact', () => {
    const ints = (n: number) => fc.array(fc.integer({ min: -20, max: 20 }), { minLength: n, maxLength: n });
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9 })).chain(([m, k, n]) =>
          fc.tuple(ints(m * k).map((v) => tensor([m, k], v)), ints(k * n).map((v) => tensor([k, n], v))),
        ),
        ([a, b]) => {
          expectExact(matmul(a, b).data, naiveMatmul(a, b).data);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('matmul backward', () => {
  it('matmul passes the finite-difference check, with 4x4 blocks, edges and broadcast batches', () => {
    expect(gradCheck(matmulOp, [randomTensor([2, 3, 4], 1), randomTensor([4, 5], 2)]).ok).toBe(true);
    expect(gradCheck(matmulOp, [randomTensor([2, 1, 5, 6], 3), randomTensor([3, 6, 9], 4)]).ok).toBe(true);
    expect(gradCheck(matmulOp, [randomTensor([8, 8], 5), randomTensor([8, 8], 6)]).ok).toBe(true);
  });
});
