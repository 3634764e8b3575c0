import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/core';
import {
  EXTRA_TASK_NAMES, TASK_NAMES, TaskInputError, byLengthSet, getTask, hasByLength, isExtraTaskName, isTaskName, makeSplits,
  reverseLongTask, validateInput,
} from '../../src/tasks';

const task = reverseLongTask;

describe('reverse-long', () => {
  it('reverses up to 24 letters and refuses more, capitals and digits', () => {
    expect(task.solve('abc')).toBe('cba');
    expect(task.solve('attentionisallyouneed')).toBe('deenuoyllasinoitnetta');
    expect(task.solve('abcdefghijklmnopqrstuvwx')).toBe('xwvutsrqponmlkjihgfedcba');
    expect(() => task.solve('abcdefghijklmnopqrstuvwxy')).toThrow(/25 characters, at most 24/);
    expect(() => task.solve('aB')).toThrow(TaskInputError);
    expect(validateInput(task, task.example)).toEqual([]);
  });

  it('is found by getTask but is not in the tour\'s list of tasks', () => {
    expect(getTask('reverse-long')).toBe(task);
    expect(EXTRA_TASK_NAMES).toContain('reverse-long');
    expect(TASK_NAMES as readonly string[]).not.toContain('reverse-long');
    expect(isTaskName('reverse-long')).toBe(false);
    expect(isExtraTaskName('reverse-long')).toBe(true);
    expect(isExtraTaskName('reverse')).toBe(false);
  });

  it('samples every length from 1 to 24 about equally often, never a reserved input', () => {
    const rng = new Rng(3);
    const counts = new Array(25).fill(0);
    for (let i = 0; i < 24_000; i++) {
      const s = task.sample(rng);
      expect(task.byLength.isReserved(s)).toBe(false);
      counts[s.length]++;
    }
    expect(counts[0]).toBe(0);
    for (let n = 1; n <= 24; n++) expect(counts[n]).toBeGreaterThan(850);
  });

  it('sets aside about a quarter of the inputs, by a fixed rule of the text', () => {
    const rng = new Rng(9);
    let reserved = 0;
    for (let i = 0; i < 8000; i++) if (task.byLength.isReserved(task.byLength.sampleOfLength(rng, rng.int(3, 24)))) reserved++;
    expect(reserved / 8000).toBeGreaterThan(0.22);
    expect(reserved / 8000).toBeLessThan(0.28);
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{1,24}$/), (s) => task.byLength.isReserved(s) === task.byLength.isReserved(s.slice())));
  });

  it('the validation and test splits hold no reserved input either', () => {
    const s = makeSplits(task, 1, { train: 2000, valid: 300, test: 300 });
    for (const e of [...s.train, ...s.valid, ...s.test]) expect(task.byLength.isReserved(e.src)).toBe(false);
  });
});

describe('byLengthSet', () => {
  const groups = byLengthSet(task, 1, 100);

  it('gives every length 1..24 its own group of distinct reserved inputs: 100 each, or all there are', () => {
    expect(groups.map((g) => g.length)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const oneLetter = task.byLength.enumerateReserved(1, 100)!;
    expect(groups[0].examples.map((e) => e.src).sort()).toEqual([...oneLetter].sort());
    expect(oneLetter.length).toBeGreaterThan(0);
    for (const g of groups.slice(1)) {
      expect(g.examples.length).toBe(100);
      expect(new Set(g.examples.map((e) => e.src)).size).toBe(100);
      for (const e of g.examples) {
        expect(e.src.length).toBe(g.length);
        expect(task.byLength.isReserved(e.src)).toBe(true);
        expect(e.tgt).toBe(task.solve(e.src));
      }
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(byLengthSet(task, 1, 100)).toEqual(groups);
    expect(byLengthSet(task, 2, 100)[10]).not.toEqual(groups[10]);
  });

  it('refuses a task that sets nothing aside, naming it', () => {
    const reverse = getTask('reverse');
    expect(hasByLength(reverse)).toBe(false);
    expect(() => byLengthSet(reverse, 1, 10)).toThrow('byLengthSet: task reverse sets no inputs aside by length');
  });
});
