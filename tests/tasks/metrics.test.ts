import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bleu, bleuStats, exactMatch } from '../../src/tasks';

describe('exactMatch', () => {
  it('is the share of predictions equal to their reference', () => {
    expect(exactMatch(['abc', 'ab', 'x', ''], ['abc', 'abc', 'x', 'y'])).toBe(0.5);
    expect(exactMatch(['零'], ['零'])).toBe(1);
  });

  it('is 0 for an empty corpus', () => {
    expect(exactMatch([], [])).toBe(0);
  });

  it('refuses predictions and references of different counts', () => {
    expect(() => exactMatch(['a'], [])).toThrow('exactMatch: 1 predictions but 0 references');
  });
});

describe('bleu', () => {
  it('identical predictions and references score 1', () => {
    expect(bleu(['abcdef', '2026-11-22', '一千零一万'], ['abcdef', '2026-11-22', '一千零一万'])).toBe(1);
  });

  it('scores a partial match as computed by hand', () => {
    // pred "abcde", ref "abcdf":
    //   1-grams a b c d e vs a b c d f         → 4/5
    //   2-grams ab bc cd de vs ab bc cd df     → 3/4
    //   3-grams abc bcd cde vs abc bcd cdf     → 2/3
    //   4-grams abcd bcde vs abcd bcdf         → 1/2
    //   c = r = 5, so BP = 1; BLEU = (4/5 · 3/4 · 2/3 · 1/2)^(1/4) = (1/5)^(1/4) ≈ 0.668740
    const s = bleuStats(['abcde'], ['abcdf']);
    expect(s.matches).toEqual([4, 3, 2, 1]);
    expect(s.totals).toEqual([5, 4, 3, 2]);
    expect(s.brevityPenalty).toBe(1);
    expect(s.score).toBeCloseTo(0.2 ** 0.25, 12);
    expect(s.score).toBeCloseTo(0.66874030, 7);
  });

  it('clips each n-gram count by its count in the reference', () => {
    // pred "aaa", ref "aab", maxN = 2:
    //   1-grams: a×3 predicted, a×2 in the reference → clipped 2/3
    //   2-grams: aa×2 predicted, aa×1 in the reference → clipped 1/2
    //   BLEU = (2/3 · 1/2)^(1/2) = √(1/3) ≈ 0.577350
    const s = bleuStats(['aaa'], ['aab'], 2);
    expect(s.precisions).toEqual([2 / 3, 1 / 2]);
    expect(s.score).toBeCloseTo(Math.sqrt(1 / 3), 12);
  });

  it('applies the brevity penalty exp(1 − r/c) to a prediction shorter than its reference', () => {
    // pred "abcd", ref "abcdef": every n-gram precision is 1; c = 4 < r = 6 → BP = exp(1 − 6/4) = exp(−0.5) ≈ 0.606531
    const s = bleuStats(['abcd'], ['abcdef']);
    expect(s.precisions).toEqual([1, 1, 1, 1]);
    expect(s.brevityPenalty).toBeCloseTo(Math.exp(-0.5), 12);
    expect(s.score).toBeCloseTo(Math.exp(-0.5), 12);
  });

  it('does not reward a prediction longer than its reference beyond its precisions', () => {
    // pred "abcdx", ref "abcd": precisions 4/5, 3/4, 2/3, 1/2; c > r → BP = 1
    expect(bleu(['abcdx'], ['abcd'])).toBeCloseTo(0.2 ** 0.25, 12);
  });

  it('sums the n-gram counts over the corpus before dividing (corpus BLEU, not a mean of sentences)', () => {
    // seg 1: "abcde" vs "abcdf" → 4/5, 3/4, 2/3, 1/2;  seg 2: "xy" vs "xy" → 2/2, 1/1, 0/0, 0/0
    // corpus: 6/7, 4/5, 2/3, 1/2; c = r = 7 → BLEU = (6/7 · 4/5 · 2/3 · 1/2)^(1/4) = (8/35)^(1/4) ≈ 0.691441
    const s = bleuStats(['abcde', 'xy'], ['abcdf', 'xy']);
    expect(s.matches).toEqual([6, 4, 2, 1]);
    expect(s.totals).toEqual([7, 5, 3, 2]);
    expect(s.score).toBeCloseTo((8 / 35) ** 0.25, 12);
  });

  it('is 0 when some n-gram precision is 0 (no smoothing)', () => {
    // pred "abcd", ref "abce": 3/4, 2/3, 1/2, but the one 4-gram abcd does not match → 0
    expect(bleuStats(['abcd'], ['abce']).precisions[3]).toBe(0);
    expect(bleu(['abcd'], ['abce'])).toBe(0);
    // predictions shorter than 4 characters have no 4-grams at all → 0 as well
    expect(bleu(['abc'], ['abc'])).toBe(0);
    expect(bleu(['abc'], ['abc'], 3)).toBe(1);
  });

  it('is 0 for empty predictions and an empty corpus', () => {
    expect(bleu([''], ['abcd'])).toBe(0);
    expect(bleu([], [])).toBe(0);
  });

  it('counts a Chinese character as one character', () => {
    // 一千零一万 vs 一千零一十: 4/5, 3/4, 2/3, 1/2 as in the "abcde" example
    expect(bleu(['一千零一万'], ['一千零一十'])).toBeCloseTo(0.2 ** 0.25, 12);
  });

  it('refuses predictions and references of different counts, and a bad maxN', () => {
    expect(() => bleu(['a', 'b'], ['a'])).toThrow('bleu: 2 predictions but 1 references');
    expect(() => bleu(['a'], ['a'], 0)).toThrow(/maxN/);
  });

  it('stays between 0 and 1 and is 1 exactly for an identical corpus of long enough strings (property)', () => {
    const str = fc.stringMatching(/^[abc]{0,12}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(str, str), { minLength: 1, maxLength: 6 }), (pairs) => {
        const preds = pairs.map((p) => p[0]), refs = pairs.map((p) => p[1]);
        const b = bleu(preds, refs);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(1 + 1e-12);
        if (refs.some((r) => r.length >= 4)) expect(bleu(refs, refs)).toBeCloseTo(1, 12);
      }),
      { numRuns: 1000 },
    );
  });
});
