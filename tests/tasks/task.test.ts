import { describe, it, expect } from 'vitest';
import { Rng } from '../../src/core';
import {
  TASKS, TASK_NAMES, getTask, isTaskName, makeSplits, validateInput, encodeExample, describeProblem,
  TaskInputError, type Task,
} from '../../src/tasks';

const SAMPLES = 5000;

describe('the task registry', () => {
  it('holds exactly reverse, sort, date and zh-numerals, each under its own name', () => {
    expect(Object.keys(TASKS).sort()).toEqual(['date', 'reverse', 'sort', 'zh-numerals']);
    for (const name of TASK_NAMES) expect(TASKS[name].name).toBe(name);
  });

  it('getTask returns the task of a known name', () => {
    expect(getTask('date')).toBe(TASKS.date);
    expect(isTaskName('zh-numerals')).toBe(true);
    expect(isTaskName('translate')).toBe(false);
  });

  it('getTask of an unknown name throws an error listing the known names', () => {
    expect(() => getTask('translate')).toThrow('unknown task “translate”; known tasks: reverse, sort, date, zh-numerals, date-multi, reverse-long');
  });

  it('the limits follow from the task definitions', () => {
    const limits = Object.fromEntries(TASK_NAMES.map((n) => [n, [TASKS[n].maxSrcLen, TASKS[n].maxTgtLen]]));
    expect(limits).toEqual({ reverse: [12, 13], sort: [12, 13], date: [17, 11], 'zh-numerals': [8, 16] });
  });
});

describe.each(TASK_NAMES.map((n) => [n, TASKS[n]] as [string, Task]))('the %s task', (_name, task) => {
  it('samples inputs within the source vocabulary and maxSrcLen', () => {
    const rng = new Rng(7);
    for (let i = 0; i < SAMPLES; i++) {
      const x = task.sample(rng);
      expect(task.srcVocab.validate(x, { maxLen: task.maxSrcLen, allowEmpty: false })).toEqual([]);
      expect(validateInput(task, x)).toEqual([]);
    }
  });

  it('solves every sampled input to an output in the target vocabulary that fits maxTgtLen with eos', () => {
    const rng = new Rng(8);
    let longest = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const y = task.solve(task.sample(rng));
      expect(y.length).toBeGreaterThan(0);
      expect(task.tgtVocab.validate(y, { maxLen: task.maxTgtLen - 1 })).toEqual([]);
      longest = Math.max(longest, [...y].length);
    }
    expect(longest).toBeLessThanOrEqual(task.maxTgtLen - 1);
  });

  it('samples the same inputs for the same seed and different ones for another seed', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 50 }, () => task.sample(rng));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  it('solve refuses the empty input, unknown characters and a too-long input with a TaskInputError', () => {
    expect(() => task.solve('')).toThrow(TaskInputError);
    expect(() => task.solve('#')).toThrow(TaskInputError);
    const tooLong = task.srcVocab.chars[3].repeat(task.maxSrcLen + 1);
    expect(() => task.solve(tooLong)).toThrow(TaskInputError);
  });

  it('solve and sample work detached from the task object (e.g. inputs.map(task.solve))', () => {
    const { solve, sample } = task;
    const x = sample(new Rng(1));
    expect([x].map(solve)).toEqual([task.solve(x)]);
  });

  it('its example input is valid', () => {
    expect(validateInput(task, task.example)).toEqual([]);
  });

  it('makeSplits is deterministic for a seed and never shares an input between splits', () => {
    const sizes = { train: 2000, valid: 200, test: 1000 };
    const a = makeSplits(task, 42, sizes);
    const b = makeSplits(task, 42, sizes);
    expect(a).toEqual(b);
    expect([a.train.length, a.valid.length, a.test.length]).toEqual([2000, 200, 1000]);
    const tr = new Set(a.train.map((e) => e.src));
    const va = new Set(a.valid.map((e) => e.src));
    const te = new Set(a.test.map((e) => e.src));
    expect(va.size).toBe(200); // no duplicate within valid
    expect(te.size).toBe(1000); // no duplicate within test
    for (const x of va) expect(tr.has(x) || te.has(x)).toBe(false);
    for (const x of te) expect(tr.has(x)).toBe(false);
    for (const split of [a.train, a.valid, a.test]) for (const e of split) expect(e.tgt).toBe(task.solve(e.src));
    const c = makeSplits(task, 43, sizes);
    expect(c.test).not.toEqual(a.test);
  });

  it('encodeExample gives source ids with eos and target ids with eos within maxTgtLen', () => {
    const x = task.example;
    const enc = encodeExample(task, { src: x, tgt: task.solve(x) });
    expect(enc.src.at(-1)).toBe(2);
    expect(enc.tgt.at(-1)).toBe(2);
    expect(enc.src.length).toBe([...x].length + 1);
    expect(enc.tgt.length).toBeLessThanOrEqual(task.maxTgtLen);
    expect(task.srcVocab.decode(enc.src)).toBe(x);
    expect(task.tgtVocab.decode(enc.tgt)).toBe(task.solve(x));
    expect(encodeExample(task, { src: x, tgt: task.solve(x) }, { srcEos: false }).src.length).toBe([...x].length);
  });
});

describe('makeSplits', () => {
  it('shares the few one-letter words of reverse between train and the held-out splits', () => {
    const s = makeSplits(TASKS.reverse, 1, { train: 2000, valid: 200, test: 1000 });
    const oneLetterInTrain = new Set(s.train.filter((e) => e.src.length === 1).map((e) => e.src));
    // 26 one-letter words, drawn often; train, which needs 5/8 of the pairs, keeps a good share of them
    expect(oneLetterInTrain.size).toBeGreaterThanOrEqual(8);
  });

  it('throws a clear error when the task has too few distinct inputs for the sizes', () => {
    const tiny: Task = { ...TASKS.sort, name: 'tiny', sample: (rng: Rng) => String(rng.int(0, 4)) };
    expect(() => makeSplits(tiny, 1, { train: 10, valid: 3, test: 3 })).toThrow(/tiny has too few distinct inputs/);
  });

  it('refuses a size that is not a whole number', () => {
    expect(() => makeSplits(TASKS.sort, 1, { train: -1, valid: 0, test: 0 })).toThrow(/train/);
    expect(() => makeSplits(TASKS.sort, 1, { train: 1.5, valid: 0, test: 0 })).toThrow(/train/);
  });

  it('gives empty splits for sizes of zero', () => {
    expect(makeSplits(TASKS.sort, 1, { train: 0, valid: 0, test: 0 })).toEqual({ train: [], valid: [], test: [] });
  });
});

describe('validateInput', () => {
  it('lists every vocabulary problem of an input with positions', () => {
    expect(validateInput(TASKS.reverse, 'ab1c😀')).toEqual([
      { kind: 'unknownChar', char: '1', index: 2, offset: 2 },
      { kind: 'unknownChar', char: '😀', index: 4, offset: 4 },
    ]);
    expect(validateInput(TASKS.sort, '1234567890123')).toEqual([{ kind: 'tooLong', length: 13, max: 12 }]);
    expect(validateInput(TASKS.sort, '')).toEqual([{ kind: 'empty' }]);
  });

  it('reports the task’s own problem when the characters are fine', () => {
    expect(validateInput(TASKS.date, '31 feb 2026')).toEqual([{ kind: 'noSuchDay', year: 2026, month: 2, day: 31 }]);
    expect(describeProblem({ kind: 'noSuchDay', year: 2026, month: 2, day: 31 })).toBe('2026-02-31 is not a real day');
  });
});
