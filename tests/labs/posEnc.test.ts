import { describe, expect, it } from 'vitest';
import { matmul, positionalEncoding, transpose } from '../../src/core';
import { column, posEncData, similarityProfile, similarityRow, waveDims, wavelength } from '../../src/labs/posEnc';

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

  it('the similarity depends only on the distance |p − q|: every row is row 0 shifted', () => {
    const L = 40;
    const { similarity } = posEncData(L, 16);
    for (let p = 0; p < L; p++) {
      for (let q = 0; q < L; q++) expect(similarity.data[p * L + q]).toBeCloseTo(similarity.data[Math.abs(p - q)], 3);
    }
  });

  it('does not simply fall off with distance: at d 64 it dips at distance 5 and rises again', () => {
    const { similarity } = posEncData(50, 64);
    const prof = similarityProfile(similarity);
    expect(prof.peak).toBeCloseTo(32, 4);
    expect(prof.firstDip?.distance).toBe(5);
    const row = similarityRow(similarity, 0).map((p) => p.y);
    expect(row[6]).toBeGreaterThan(row[5]);
    for (let k = 1; k <= 5; k++) expect(row[k]).toBeLessThan(row[k - 1]);
    expect(prof.lowest.value).toBeGreaterThan(0);
  });

  it('turns negative at d 8 in a long sequence, and at d 2 right away', () => {
    const d8 = similarityProfile(posEncData(128, 8).similarity);
    expect(d8.lowest.value).toBeLessThan(0);
    expect(d8.lowest.distance).toBeGreaterThan(80);
    expect(similarityProfile(posEncData(50, 8).similarity).lowest.value).toBeGreaterThan(0);
    const d2 = similarityProfile(posEncData(10, 2).similarity);
    expect(d2.lowest.value).toBeCloseTo(Math.cos(3), 4); // PE·PE = cos(k) for D = 2
  });

  it('says when it only falls within a short sequence', () => {
    const prof = similarityProfile(posEncData(4, 64).similarity);
    expect(prof.firstDip).toBeNull();
    expect(prof.lowest.distance).toBe(3);
  });
});
