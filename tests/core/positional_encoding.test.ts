import { describe, it, expect } from 'vitest';
import { positionalEncoding } from '../../src/core';
import { expectClose } from './helpers';

describe('positionalEncoding', () => {
  it('positionalEncoding of position 0 is sin 0 = 0 on even and cos 0 = 1 on odd features', () => {
    const pe = positionalEncoding(1, 6);
    expect(Array.from(pe.data)).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('positionalEncoding follows PE[pos, 2i] = sin(pos / 10000^(2i/D)) and PE[pos, 2i+1] = cos(…)', () => {
    const D = 8;
    const pe = positionalEncoding(50, D);
    expect(pe.shape).toEqual([50, D]);
    for (const pos of [1, 2, 7, 49]) {
      for (let i = 0; i < D / 2; i++) {
        const angle = pos / Math.pow(10000, (2 * i) / D);
        expect(Math.abs(pe.get(pos, 2 * i) - Math.sin(angle))).toBeLessThan(1e-7);
        expect(Math.abs(pe.get(pos, 2 * i + 1) - Math.cos(angle))).toBeLessThan(1e-7);
      }
    }
  });

  it('positionalEncoding at position 1 with D = 4 matches the hand-computed values', () => {
    // frequencies 1 and 1/100
    const pe = positionalEncoding(2, 4);
    expectClose(pe.data.subarray(4), [Math.sin(1), Math.cos(1), Math.sin(0.01), Math.cos(0.01)], 1e-7);
  });

  it('positionalEncoding with an odd D ends on a sine', () => {
    const pe = positionalEncoding(3, 3);
    const angle = 2 / Math.pow(10000, 2 / 3);
    expectClose(pe.data.subarray(6), [Math.sin(2), Math.cos(2), Math.sin(angle)], 1e-7);
  });

  it('positionalEncoding rows are bounded by 1 and the first rows of a longer table are the shorter table', () => {
    const long = positionalEncoding(20, 6), short = positionalEncoding(5, 6);
    expect(Array.from(long.data.subarray(0, short.size))).toEqual(Array.from(short.data));
    expect(long.data.every((v) => Math.abs(v) <= 1)).toBe(true);
  });

  it('positionalEncoding of length 0 is [0, D]', () => {
    expect(positionalEncoding(0, 4).shape).toEqual([0, 4]);
  });

  it('positionalEncoding throws an error naming the op for a bad length or d_model', () => {
    expect(() => positionalEncoding(-1, 4)).toThrow(/positionalEncoding/);
    expect(() => positionalEncoding(3, 0)).toThrow(/positionalEncoding/);
    expect(() => positionalEncoding(2.5, 4)).toThrow(/positionalEncoding/);
  });
});
