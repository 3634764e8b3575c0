import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core';
import { MASK_TOKEN, chosenCount, countDraws, drawMask, numberedDraw, replacementVocab, tokenize } from '../../src/labs/bert';

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
