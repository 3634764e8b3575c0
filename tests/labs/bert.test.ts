import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core';
import {
  BERT_VOCAB_SIZE, MASK_TOKEN, chosenCount, countDraws, drawMask, numberedDraw, replacementVocab, roundHalfEven, sameTokenChance, tokenize,
} from '../../src/labs/bert';

describe('BERT masking', () => {
  it('tokenises English by words and Chinese by characters, punctuation apart', () => {
    expect(tokenize('the cat, sat.')).toEqual(['the', 'cat', ',', 'sat', '.']);
    expect(tokenize('今天 天气好！')).toEqual(['今', '天', '天', '气', '好', '！']);
    expect(tokenize('   ')).toEqual([]);
  });

  it('chooses 15% of the positions, rounded, at least one', () => {
    expect(chosenCount(14)).toBe(2);
    expect(chosenCount(3)).toBe(1);
    expect(chosenCount(64)).toBe(10);
    expect(chosenCount(0)).toBe(0);
  });

  it('rounds as BERT’s Python code does: a tie goes to the even number, so 15% of 30 tokens is 4, not 5', () => {
    expect(chosenCount(30)).toBe(4); // round(4.5) == 4 in Python 3
    expect(chosenCount(10)).toBe(2); // round(1.5) == 2
    expect(chosenCount(50)).toBe(8); // round(7.5) == 8
    expect(roundHalfEven(2.5)).toBe(2);
    expect(roundHalfEven(3.5)).toBe(4);
    expect(roundHalfEven(2.5000000000000004)).toBe(3);
    // python3 -c "print(''.join(str(max(1, int(round(n * 0.15)))) for n in range(1, 64)))"
    const python = '111111111222222233333334444444555555666666677777788888889999999';
    expect(Array.from({ length: 63 }, (_, i) => chosenCount(i + 1)).join('')).toBe(python);
  });

  it('a random replacement is the original token again with chance 1/V: about 1 in 30 here, 1 in 30,522 for BERT', () => {
    const toks = tokenize('the cat sat on the mat because it was tired and wanted to sleep');
    const V = replacementVocab(toks).length;
    expect(V).toBeGreaterThan(20);
    expect(V).toBeLessThan(40);
    const c = countDraws(toks, 10_000);
    const measured = c.randomHitOriginal / c.random;
    expect(Math.abs(measured - sameTokenChance(V))).toBeLessThan(0.015);
    expect(sameTokenChance(BERT_VOCAB_SIZE) * 100).toBeCloseTo(0.003, 3);
    expect(sameTokenChance(0)).toBe(0);
  });

  it('a numbered draw is reproducible and changes only the chosen positions', () => {
    const toks = tokenize('the cat sat on the mat because it was tired and wanted to sleep');
    const a = numberedDraw(toks, 3), b = numberedDraw(toks, 3);
    expect(a).toEqual(b);
    expect(a.fates.filter((f) => f !== 'untouched')).toHaveLength(2);
    a.fates.forEach((f, i) => {
      if (f === 'untouched' || f === 'same') expect(a.shown[i]).toBe(toks[i]);
      if (f === 'mask') expect(a.shown[i]).toBe(MASK_TOKEN);
    });
    const many = Array.from({ length: 30 }, (_, n) => JSON.stringify(numberedDraw(toks, n + 1).fates));
    expect(new Set(many).size).toBeGreaterThan(5);
  });

  it('over 10,000 draws the shares come close to 80 / 10 / 10', () => {
    const toks = tokenize('the cat sat on the mat because it was tired and wanted to sleep');
    const c = countDraws(toks, 10_000);
    expect(c.chosen).toBe(20_000);
    expect(c.mask + c.random + c.same).toBe(c.chosen);
    expect(c.mask / c.chosen).toBeGreaterThan(0.78);
    expect(c.mask / c.chosen).toBeLessThan(0.82);
    expect(c.random / c.chosen).toBeGreaterThan(0.09);
    expect(c.same / c.chosen).toBeLessThan(0.11);
    expect(countDraws(toks, 10_000)).toEqual(c);
  });

  it('random replacements come from words for English and characters for Chinese', () => {
    expect(replacementVocab(['hello']).every((w) => !/[\u4e00-\u9fff]/.test(w))).toBe(true);
    expect(replacementVocab(['好']).filter((w) => /^[a-z]+$/.test(w))).toEqual([]);
    const d = drawMask(['a'], ['x'], new Rng(1));
    expect(d.fates).toHaveLength(1);
  });
});
