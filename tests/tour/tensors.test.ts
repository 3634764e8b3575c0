import { Tensor } from '../../src/core';
import { headOf, lastRowOf, maskOf, matrixOf, shapeText } from '../../src/tour';

describe('reading matrices out of trace tensors', () => {
  it('matrixOf takes batch item 0 of [B,R,C], or [R,C] as it is', () => {
    const t = new Tensor([2, 2, 3], Float32Array.from({ length: 12 }, (_, i) => i));
    expect(Array.from(matrixOf(t).values)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(matrixOf(new Tensor([2, 2], new Float32Array(4))).rows).toBe(2);
    expect(() => matrixOf(new Tensor([4], new Float32Array(4)))).toThrow('[4]');
  });

  it('headOf takes one head of [B,H,R,C] and says which heads exist', () => {
    const t = new Tensor([1, 2, 2, 2], Float32Array.from({ length: 8 }, (_, i) => i));
    expect(Array.from(headOf(t, 1).values)).toEqual([4, 5, 6, 7]);
    expect(() => headOf(t, 2)).toThrow('head 2 is outside 0..1');
  });

  it('lastRowOf takes the last position of [B,T,V]', () => {
    const t = new Tensor([1, 2, 3], Float32Array.from([1, 2, 3, 4, 5, 6]));
    expect(Array.from(lastRowOf(t))).toEqual([4, 5, 6]);
  });

  it('maskOf marks exactly the −∞ cells', () => {
    expect(Array.from(maskOf([0.5, -Infinity, 0, NaN]))).toEqual([0, 1, 0, 0]);
    expect(shapeText([1, 4, 3, 3])).toBe('[1,4,3,3]');
  });
});
