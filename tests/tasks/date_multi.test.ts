import { Rng } from '../../src/core';
import {
  ALL_TASK_NAMES, EXTRA_TASK_NAMES, TASK_NAMES, closestReference, dateMultiForm, formStats, mixesBoth, dateMultiTask, dateTask, editDistance, getTask,
  isCorrect, referencesOf, reverseTask, sampleTarget, scoreOutputs, validateInput,
} from '../../src/tasks';

describe('the date-multi task (two valid outputs per input)', () => {
  it('is found by getTask but is not in the tour’s task list', () => {
    expect(getTask('date-multi')).toBe(dateMultiTask);
    expect(EXTRA_TASK_NAMES).toContain('date-multi');
    expect(TASK_NAMES as readonly string[]).not.toContain('date-multi');
    expect(ALL_TASK_NAMES).toEqual([...TASK_NAMES, ...EXTRA_TASK_NAMES]);
    expect(() => getTask('nope')).toThrow(/known tasks: reverse, sort, date, zh-numerals, date-multi/);
  });

  it('maps a date in any of the six forms to ISO and to day-first with dots, both ten characters', () => {
    expect(dateMultiTask.references!('nov 22, 2026')).toEqual(['2026-11-22', '22.11.2026']);
    expect(dateMultiTask.references!('1 jan 1900')).toEqual(['1900-01-01', '01.01.1900']);
    expect(dateMultiTask.solve('2026.11.22')).toBe('2026-11-22');
    const rng = new Rng(5);
    for (let i = 0; i < 2000; i++) {
      const x = dateMultiTask.sample(rng);
      const refs = referencesOf(dateMultiTask, x);
      expect(refs[0]).toBe(dateTask.solve(x));
      for (const r of refs) {
        expect(r.length).toBe(dateMultiTask.maxTgtLen - 1);
        expect(dateMultiTask.tgtVocab.validate(r)).toEqual([]);
      }
      expect(refs.map(dateMultiForm)).toEqual(['iso', 'dotted']);
    }
  });

  it('refuses what the date task refuses, under its own name', () => {
    expect(() => dateMultiTask.solve('31 feb 2026')).toThrow(/^date-multi: cannot solve “31 feb 2026”: 2026-02-31 is not a real day/);
    expect(validateInput(dateMultiTask, 'hello')).toEqual([{ kind: 'badFormat', expected: expect.any(Array) }]);
  });

  it('training draws either form about half the time; a task with one output draws nothing from the generator', () => {
    const rng = new Rng(1);
    const counts = { iso: 0, dotted: 0, mixed: 0 };
    for (let i = 0; i < 4000; i++) counts[dateMultiForm(sampleTarget(dateMultiTask, '22 nov 2026', rng))]++;
    expect(counts.mixed).toBe(0);
    expect(Math.abs(counts.iso / 4000 - 0.5)).toBeLessThan(0.03);
    const a = new Rng(9), b = new Rng(9);
    expect(sampleTarget(reverseTask, 'abc', a)).toBe('cba');
    expect(a.next()).toBe(b.next());
  });

  it('classifies outputs as ISO, dotted or mixed (neither form)', () => {
    expect(dateMultiForm('2026-11-22')).toBe('iso');
    expect(dateMultiForm('22.11.2026')).toBe('dotted');
    expect(dateMultiForm('2026.11-22')).toBe('mixed');
    expect(dateMultiForm('22-11.2026')).toBe('mixed');
    expect(dateMultiForm('2026-11-2')).toBe('mixed');
  });
});

describe('scoring outputs against one or several references', () => {
  it('edit distance counts insertions, deletions and substitutions of characters', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('一千零一', '一千一')).toBe(1);
  });

  it('an output is scored against the reference it equals, else the nearest', () => {
    expect(closestReference('22.11.2026', ['2026-11-22', '22.11.2026'])).toBe('22.11.2026');
    expect(closestReference('22.11.2025', ['2026-11-22', '22.11.2026'])).toBe('22.11.2026');
    expect(closestReference('xx', ['ab', 'cd'])).toBe('ab'); // first among equals
  });

  it('exact match counts either form as right; a mixed output is wrong', () => {
    const ex = [{ src: '22 nov 2026', tgt: '2026-11-22' }, { src: '1 jan 1900', tgt: '1900-01-01' }, { src: '2 feb 2000', tgt: '2000-02-02' }];
    const s = scoreOutputs(dateMultiTask, ex, ['22.11.2026', '1900-01-01', '2000.02-02']);
    expect(s.exactMatch).toBeCloseTo(2 / 3, 12);
    expect(s.n).toBe(3);
    expect(isCorrect(dateMultiTask, ex[0], '22.11.2026')).toBe(true);
    expect(isCorrect(dateMultiTask, ex[2], '2000.02-02')).toBe(false);
    // a task with one reference is scored as before
    expect(scoreOutputs(reverseTask, [{ src: 'ab', tgt: 'ba' }], ['ab']).exactMatch).toBe(0);
  });
});

describe('form statistics of date-multi outputs', () => {
  it('count each form, the right answers, and the outputs that take tokens from both forms', () => {
    const ex = [{ src: '22 nov 2026' }, { src: '22 nov 2026' }, { src: '22 nov 2026' }, { src: '22 nov 2026' }];
    // ISO 2026-11-22, dotted 22.11.2026
    const s = formStats(ex, ['2026-11-22', '22.11.2026', '2026.11.22', '22.11.2022']);
    expect(s).toMatchObject({ n: 4, iso: 1, dotted: 2, mixed: 1, mixedRate: 0.25, correct: 2, mixesBoth: 1 });
    // 2026.11.22 is neither form but takes only ISO tokens where the forms differ (its dots are in neither)
    expect(s.mixedExamples).toEqual([{ input: '22 nov 2026', output: '2026.11.22' }]);
    expect(mixesBoth('2026-11-22', '2026-11-22', '22.11.2026')).toBe(false);
    expect(mixesBoth('22.11.2022', '2026-11-22', '22.11.2026')).toBe(true); // its last “2” is the ISO form's
  });
});
