import { Rng } from '../../src/core';
import { getTask, limitInputLength, makeSplits, validateInput } from '../../src/tasks';

describe('a task limited to short inputs', () => {
  it('keeps the mapping and vocabularies, refuses longer inputs and shrinks the output limit of reverse and sort', () => {
    for (const name of ['reverse', 'sort']) {
      const full = getTask(name), short = limitInputLength(full, 5);
      expect(short.name).toBe(name);
      expect(short.srcVocab).toBe(full.srcVocab);
      expect(short.maxSrcLen).toBe(5);
      expect(short.maxTgtLen).toBe(6);
      expect(validateInput(short, short.example)).toEqual([]);
      const five = full.sample(new Rng(2)).padEnd(5, full.srcVocab.chars[0]).slice(0, 5);
      expect(short.solve(five)).toBe(full.solve(five));
      expect(validateInput(short, five + full.srcVocab.chars[1])).toEqual([{ kind: 'tooLong', length: 6, max: 5 }]);
    }
  });

  it('draws from the task’s distribution restricted to the short inputs: lengths uniform in 1–maxLen for reverse', () => {
    const short = limitInputLength(getTask('reverse'), 4);
    const rng = new Rng(9);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[[...short.sample(rng)].length]++;
    expect(counts[0]).toBe(0);
    for (let n = 1; n <= 4; n++) expect(counts[n] / 4000).toBeGreaterThan(0.22);
  });

  it('is the task itself when the limit is no limit, and refuses a limit below 1', () => {
    const t = getTask('sort');
    expect(limitInputLength(t, 12)).toBe(t);
    expect(() => limitInputLength(t, 0)).toThrow(/maxLen must be a whole number ≥ 1/);
  });

  it('keeps the output limit of a task whose output length differs from the input’s, and an example that is an input', () => {
    const date = getTask('date'), short = limitInputLength(date, 10);
    expect(short.maxTgtLen).toBe(date.maxTgtLen);
    expect(validateInput(short, short.example)).toEqual([]);
    const splits = makeSplits(short, 1, { train: 50, valid: 10, test: 10 });
    for (const e of [...splits.train, ...splits.valid]) expect([...e.src].length).toBeLessThanOrEqual(10);
  });
});
