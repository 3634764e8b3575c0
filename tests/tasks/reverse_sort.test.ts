import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/core';
import { TASKS, TaskInputError } from '../../src/tasks';

const reverse = TASKS.reverse;
const sort = TASKS.sort;

describe('reverse', () => {
  it('reverses the listed examples', () => {
    expect(reverse.solve('abc')).toBe('cba');
    expect(reverse.solve('a')).toBe('a');
    expect(reverse.solve('transformer')).toBe('remrofsnart');
    expect(reverse.solve('abcdefghijkl')).toBe('lkjihgfedcba');
  });

  it('refuses capitals, digits, spaces and more than 12 letters', () => {
    expect(() => reverse.solve('Abc')).toThrow(TaskInputError);
    expect(() => reverse.solve('ab1')).toThrow(/character 3 “1”/);
    expect(() => reverse.solve('a b')).toThrow(TaskInputError);
    expect(() => reverse.solve('abcdefghijklm')).toThrow(/13 characters, at most 12/);
  });

  it('reversing twice gives the input back', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-z]{1,12}$/), (s) => reverse.solve(reverse.solve(s)) === s));
  });

  it('samples every length from 1 to 12, about equally often', () => {
    const rng = new Rng(5);
    const counts = new Array(13).fill(0);
    for (let i = 0; i < 12000; i++) counts[reverse.sample(rng).length]++;
    expect(counts[0]).toBe(0);
    for (let n = 1; n <= 12; n++) expect(counts[n]).toBeGreaterThan(800);
  });
});

describe('sort', () => {
  it('sorts the listed examples', () => {
    expect(sort.solve('3101')).toBe('0113');
    expect(sort.solve('7')).toBe('7');
    expect(sort.solve('987654321000')).toBe('000123456789');
    expect(sort.solve('31415926')).toBe('11234569');
  });

  it('refuses letters and more than 12 digits', () => {
    expect(() => sort.solve('12a')).toThrow(TaskInputError);
    expect(() => sort.solve('1234567890123')).toThrow(/13 characters, at most 12/);
  });

  it('the output is ascending and a permutation of the input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,12}$/), (s) => {
        const y = sort.solve(s);
        for (let i = 1; i < y.length; i++) expect(y[i - 1] <= y[i]).toBe(true);
        expect([...y].sort()).toEqual([...s].sort());
      }),
    );
  });

  it('samples every length from 1 to 12, about equally often', () => {
    const rng = new Rng(6);
    const counts = new Array(13).fill(0);
    for (let i = 0; i < 12000; i++) counts[sort.sample(rng).length]++;
    for (let n = 1; n <= 12; n++) expect(counts[n]).toBeGreaterThan(800);
  });
});
