import { describe, expect, it } from 'vitest';
import { matmul, positionalEncoding, transpose } from '../../src/core';
import { column, posEncData, similarityRow, waveDims, wavelength } from '../../src/labs/posEnc';

describe('positional encoding lab numbers', () => {
  it('shows the core’s positional encoding and its PE·PEᵀ similarity', () => {
    const { pe, similarity } = posEncData(20, 16);
    expect(pe).toBe(positionalEncoding(20, 16));
    expect(Array.from(similarity.data)).toEqual(Array.from(matmul(pe, transpose(pe)).data));
  });

  it('every position is most similar to itself, at D/2', () => {
    const { similarity } = posEncData(30, 32);
    for (let p = 0; p < 30; p++) {
      const row = similarityRow(similarity, p);
      expect(row[p].y).toBeCloseTo(16, 4);
      expect(Math.max(...row.map((r) => r.y))).toBeCloseTo(row[p].y, 4);
    }
  });

  it('picks four distinct wave dimensions and knows their wavelengths', () => {
    expect(waveDims(64)).toEqual([0, 1, 8, 32]);
    expect(waveDims(2)).toEqual([0, 1]);
    expect(wavelength(0, 64)).toBeCloseTo(2 * Math.PI);
    expect(column(positionalEncoding(3, 4), 1).map((p) => p.y)).toEqual([1, Math.fround(Math.cos(1)), Math.fround(Math.cos(2))]);
  });
});
