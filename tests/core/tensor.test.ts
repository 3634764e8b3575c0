import { describe, it, expect } from 'vitest';
import {
  Tensor, tensor, zeros, full, scalar, fromNested, sizeOf, stridesOf, fmtShape, assertShapes, shapesEqual, normAxis,
} from '../../src/core';

describe('Tensor', () => {
  it('a Tensor holds its shape and row-major float32 data', () => {
    const t = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.rank).toBe(2);
    expect(t.size).toBe(6);
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.get(1, 0)).toBe(4);
    expect(t.get(0, 2)).toBe(3);
  });

  it('a Tensor without data is zeros', () => {
    expect(Array.from(new Tensor([2, 2]).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(zeros([3]).data)).toEqual([0, 0, 0]);
  });

  it('a Tensor keeps a frozen copy of the shape it was given', () => {
    const shape = [2, 2];
    const t = new Tensor(shape);
    shape[0] = 5;
    expect(t.shape).toEqual([2, 2]);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });

  it('a Tensor stores values rounded to float32', () => {
    expect(tensor([1], [0.1]).data[0]).toBe(Math.fround(0.1));
  });

  it('a Tensor throws an error naming the shape when the data length is wrong', () => {
    expect(() => new Tensor([2, 3], new Float32Array(5))).toThrow('tensor: data has 5 elements but shape [2,3] needs 6');
  });

  it('a Tensor throws an error naming the shape for a bad dimension', () => {
    expect(() => new Tensor([2, -1])).toThrow('tensor: bad dimension -1 in shape [2,-1]');
    expect(() => new Tensor([1.5])).toThrow('tensor: bad dimension 1.5 in shape [1.5]');
  });

  it('Tensor.get throws an error naming the index and shape when out of range', () => {
    const t = tensor([2, 2], [1, 2, 3, 4]);
    expect(() => t.get(2, 0)).toThrow('tensor.get: index [2,0] is outside shape [2,2]');
    expect(() => t.get(0)).toThrow('tensor.get: index [0] does not fit shape [2,2]');
  });

  it('a rank-0 tensor holds one value', () => {
    const s = scalar(3.5);
    expect(s.shape).toEqual([]);
    expect(s.size).toBe(1);
    expect(s.get()).toBe(3.5);
    expect(s.toNested()).toBe(3.5);
  });

  it('full fills every element with the value', () => {
    expect(Array.from(full([2, 2], -1.5).data)).toEqual([-1.5, -1.5, -1.5, -1.5]);
  });

  it('fromNested and toNested round-trip nested arrays', () => {
    const nested = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]];
    const t = fromNested(nested);
    expect(t.shape).toEqual([2, 2, 2]);
    expect(Array.from(t.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(t.toNested()).toEqual(nested);
  });

  it('fromNested throws for ragged arrays and non-numbers', () => {
    expect(() => fromNested([[1, 2], [3]])).toThrow('fromNested: ragged nested array');
    expect(() => fromNested([['a']])).toThrow('fromNested: expected a number, got string');
  });

  it('toString names the shape', () => {
    expect(String(new Tensor([2, 3]))).toBe('Tensor[2,3]');
  });

  it('sizeOf, stridesOf and fmtShape describe a row-major shape', () => {
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([3, 0])).toBe(0);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([])).toEqual([]);
    expect(fmtShape([2, 5, 8])).toBe('[2,5,8]');
  });

  it('assertShapes throws "op: what, a is [..], b is [..]" and passes when ok', () => {
    expect(() => assertShapes(true, 'matmul', 'inner dimensions differ', [2], [3])).not.toThrow();
    expect(() => assertShapes(false, 'matmul', 'inner dimensions differ', [2, 5, 8], [6, 4])).toThrow('matmul: inner dimensions differ, a is [2,5,8], b is [6,4]');
    expect(() => assertShapes(false, 'op', 'needs a matrix', [3])).toThrow('op: needs a matrix, shape is [3]');
  });

  it('shapesEqual compares rank and every dimension', () => {
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([2], [2, 1])).toBe(false);
    expect(shapesEqual([], [])).toBe(true);
  });

  it('normAxis maps negative axes and throws an error naming the op when out of range', () => {
    expect(normAxis(-1, 3, 'op')).toBe(2);
    expect(normAxis(0, 3, 'op')).toBe(0);
    expect(() => normAxis(3, 3, 'concat')).toThrow('concat: axis 3 is out of range for rank 3');
    expect(() => normAxis(-4, 3, 'concat')).toThrow('concat: axis -4 is out of range for rank 3');
  });
});
