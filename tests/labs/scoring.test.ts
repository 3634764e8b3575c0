import { describe, expect, it } from 'vitest';
import { softmax, tensor } from '../../src/core';
import { attentionScores } from '../../src/model';
import { SCORE_KINDS, measureSpread, rowEntropy, scoreAll, scoringParams, stdOf } from '../../src/labs/scoring';

describe('scoring lab numbers', () => {
  const q = [1, 0.5, -0.5, 0.2];
  const keys = [[0.9, 0.4, -0.6, 0.1], [-1, 0.3, 0.8, -0.2], [2, 1, -1, 0.4]];
  const params = scoringParams(4, 7);

  it('every score is the model’s attentionScores and every weight the core’s softmax', () => {
    const rows = scoreAll(q, keys, params);
    expect(rows.map((r) => r.kind)).toEqual([...SCORE_KINDS]);
    for (const r of rows) {
      const s = attentionScores(r.kind, tensor([1, 4], q), tensor([3, 4], keys.flat()), params);
      expect(r.scores).toEqual(Array.from(s.data));
      expect(r.weights).toEqual(Array.from(softmax(s).data));
      expect(r.weights.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 6);
    }
  });

  it('the scaled dot product is the dot product divided by √d', () => {
    const [dot, scaled] = scoreAll(q, keys, params);
    dot.scores.forEach((s, j) => expect(scaled.scores[j]).toBeCloseTo(s / 2, 5));
  });

  it('the same seed gives the same parameters, another seed others', () => {
    expect(Array.from(scoringParams(4, 7).W.data)).toEqual(Array.from(params.W.data));
    expect(Array.from(scoringParams(4, 8).W.data)).not.toEqual(Array.from(params.W.data));
    expect(params.Wq.shape).toEqual([4, 4]);
    expect(params.va.shape).toEqual([4]);
  });

  it('unscaled dot products spread like √d while scaled ones stay near 1', () => {
    const small = measureSpread(4), big = measureSpread(256);
    expect(big.spread / small.spread).toBeGreaterThan(5);
    expect(big.spread).toBeGreaterThan(12);
    expect(big.spreadScaled).toBeGreaterThan(0.8);
    expect(big.spreadScaled).toBeLessThan(1.2);
    expect(small.spreadScaled).toBeGreaterThan(0.8);
  });

  it('without scaling the softmax entropy collapses as d grows; with scaling it does not', () => {
    const small = measureSpread(4), big = measureSpread(512);
    expect(big.entropy).toBeLessThan(0.4);
    expect(big.entropyScaled).toBeGreaterThan(1.5);
    expect(Math.abs(big.entropyScaled - small.entropyScaled)).toBeLessThan(0.3);
    expect(big.maxEntropy).toBeCloseTo(Math.log(10));
    expect(big.topWeight).toBeGreaterThan(big.topWeightScaled);
  });

  it('a measurement is reproducible', () => {
    expect(measureSpread(64)).toEqual(measureSpread(64));
  });

  it('rowEntropy of a uniform row is ln n and of a one-hot row 0; stdOf is the population deviation', () => {
    expect(rowEntropy(tensor([2, 4], [0.25, 0.25, 0.25, 0.25, 1, 0, 0, 0])).entropy).toBeCloseTo(Math.log(4) / 2);
    expect(stdOf([1, 3])).toBe(1);
  });
});
