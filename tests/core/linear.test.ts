import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { linear, matmul, transpose, add, tensor, fromNested, Tensor } from '../../src/core';
import { RUNS, arbTensorOf, expectClose, expectExact, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { linear as linearOp } from '../../src/core';

describe('linear', () => {
  it('linear computes x · weightᵀ + bias with weight [out, in]', () => {
    // x [1,3], weight [2,3]: y0 = 1·1 + 2·0 + 3·(-1) + 10, y1 = 1·2 + 2·1 + 3·0 - 1
    const y = linear(fromNested([[1, 2, 3]]), fromNested([[1, 0, -1], [2, 1, 0]]), tensor([2], [10, -1]));
    expect(y.shape).toEqual([1, 2]);
    expectExact(y.data, [8, 3]);
  });

  it('linear without bias is x · weightᵀ', () => {
    const y = linear(fromNested([[1, 2], [3, 4]]), fromNested([[1, 1], [0, 1], [2, 0]]));
    expect(y.shape).toEqual([2, 3]);
    expectExact(y.data, [3, 2, 2, 7, 4, 6]);
  });

  it('linear maps the last axis of [B,T,in] to [B,T,out]', () => {
    const x = tensor([2, 1, 5], [1, 2, 3, 4, 5, -1, -2, -3, -4, -5]);
    const y = linear(x, tensor([1, 5], [1, 1, 1, 1, 1]), tensor([1], [0.5]));
    expect(y.shape).toEqual([2, 1, 1]);
    expectExact(y.data, [15.5, -14.5]);
  });

  it('linear of a single vector [in] gives [out]', () => {
    const y = linear(tensor([2], [3, 4]), fromNested([[1, 0], [0, 1], [1, 1]]));
    expect(y.shape).toEqual([3]);
    expectExact(y.data, [3, 4, 7]);
  });

  it('linear with zero input features gives the bias for every row', () => {
    const y = linear(new Tensor([3, 0]), new Tensor([2, 0]), tensor([2], [1, -2]));
    expect(y.shape).toEqual([3, 2]);
    expectExact(y.data, [1, -2, 1, -2, 1, -2]);
  });

  it('linear throws an error naming the op and both shapes when input features differ from weight', () => {
    expect(() => linear(new Tensor([2, 3]), new Tensor([4, 5]))).toThrow('linear: input features differ from weight [out, in], a is [2,3], b is [4,5]');
  });

  it('linear throws an error naming the op and both shapes when the weight is not a matrix', () => {
    expect(() => linear(new Tensor([2, 3]), new Tensor([3]))).toThrow('linear: weight must be [out, in], a is [2,3], b is [3]');
  });

  it('linear throws an error naming the op and both shapes when the bias is not [out]', () => {
    expect(() => linear(new Tensor([2, 3]), new Tensor([4, 3]), new Tensor([3]))).toThrow('linear: bias must be [out], a is [4,3], b is [3]');
  });

  it('linear with a row range uses only those weight rows and bias entries (packed in_proj)', () => {
    // weight [3,2] packs three projections of one output each; take rows [1, 3)
    const w = fromNested([[1, 0], [0, 1], [1, 1]]), b = tensor([3], [100, 10, 20]);
    const y = linear(fromNested([[3, 4]]), w, b, 1, 2);
    expect(y.shape).toEqual([1, 2]);
    expectExact(y.data, [14, 27]);
    expectExact(linear(fromNested([[3, 4]]), w, b, 2).data, [27]);
  });

  it('linear throws an error naming the op and the weight shape when the row range is outside it', () => {
    expect(() => linear(new Tensor([1, 2]), new Tensor([3, 2]), null, 2, 2)).toThrow('linear: weight rows [2, 4) are outside weight [3,2]');
  });

  it('linear does not mutate its input, weight or bias', () => {
    const x = fromNested([[1, 2], [3, 4]]), w = fromNested([[1, 2], [3, 4], [5, 6]]), b = tensor([3], [1, 2, 3]);
    const snap = snapshot(x, w, b);
    linear(x, w, b);
    snap.check();
  });

  it('linear equals matmul by the transposed weight plus the bias', () => {
    fc.assert(
      fc.property(
        fc
          .record({ rows: fc.integer({ min: 1, max: 9 }), inF: fc.integer({ min: 1, max: 11 }), outF: fc.integer({ min: 1, max: 9 }) })
          .chain(({ rows, inF, outF }) => fc.tuple(arbTensorOf([rows, inF], 4), arbTensorOf([outF, inF], 4), arbTensorOf([outF], 4))),
        ([x, w, b]) => {
          const snap = snapshot(x, w, b);
          const y = linear(x, w, b);
          snap.check();
          expectClose(y.data, add(matmul(x, transpose(w)), b).data, 1e-4);
          // a row range of the weight equals the full product narrowed to those outputs
          const outF = w.shape[0], start = Math.floor(outF / 3), count = outF - start - Math.floor(outF / 4);
          const part = linear(x, w, b, start, count);
          expect([...part.shape]).toEqual([x.shape[0], count]);
          for (let r = 0; r < x.shape[0]; r++) {
            for (let o = 0; o < count; o++) expect(Math.abs(part.data[r * count + o] - y.data[r * outF + start + o])).toBeLessThan(1e-4);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('linear backward', () => {
  it('linear passes the finite-difference check for x, weight and bias (4x4 blocks and edges)', () => {
    expect(gradCheck((x, w, b) => linearOp(x, w, b), [randomTensor([2, 5, 6], 1), randomTensor([7, 6], 2), randomTensor([7], 3)]).ok).toBe(true);
    expect(gradCheck((x, w, b) => linearOp(x, w, b), [randomTensor([8, 8], 4), randomTensor([8, 8], 5), randomTensor([8], 6)]).ok).toBe(true);
  });

  it('linear over a block of weight rows sends gradients only into those rows', () => {
    expect(gradCheck((x, w, b) => linearOp(x, w, b, 2, 3), [randomTensor([5, 6], 1), randomTensor([7, 6], 2), randomTensor([7], 3)]).ok).toBe(true);
  });
});

describe('linear, row independence', () => {
  it('a row gives bit-identical outputs wherever it falls in the batch (block or edge rows)', () => {
    const w = randomTensor([7, 9], 11), b = randomTensor([7], 12);
    const rows = randomTensor([6, 9], 13);
    const all = linearOp(rows, w, b); // rows 0–3 in the 4×4 block, rows 4–5 on the edge
    for (let r = 0; r < 6; r++) {
      const alone = linearOp(new Tensor([1, 9], rows.data.slice(r * 9, r * 9 + 9)), w, b);
      expect(Array.from(alone.data)).toEqual(Array.from(all.data.subarray(r * 7, r * 7 + 7)));
    }
  });
});
