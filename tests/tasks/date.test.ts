import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/core';
import {
  TASKS, TaskInputError, parseDate, formatDate, dateFromIndex, toIso, isLeapYear, daysInMonth,
  DATE_FORMS, DATE_RANGE_DAYS, validateInput, type CivilDate,
} from '../../src/tasks';

const date = TASKS.date;

function problemsOf(input: string) {
  try {
    date.solve(input);
  } catch (e) {
    if (e instanceof TaskInputError) return e.problems;
    throw e;
  }
  return [];
}

describe('date', () => {
  it('reads each of the six forms of 22 november 2026', () => {
    for (const s of ['22 nov 2026', 'nov 22, 2026', '22/11/2026', '2026.11.22', 'november 22 2026', '22 november 2026']) {
      expect(date.solve(s)).toBe('2026-11-22');
    }
  });

  it('formats a date in the six forms, lower case, the day without a leading zero except in numeric forms', () => {
    const d: CivilDate = { year: 1999, month: 3, day: 5 };
    expect(DATE_FORMS.map((f) => formatDate(d, f))).toEqual([
      '5 mar 1999', 'mar 5, 1999', '05/03/1999', '1999.03.05', 'march 5 1999', '5 march 1999',
    ]);
  });

  it('reads both ends of the range in every form', () => {
    for (const f of DATE_FORMS) {
      expect(date.solve(formatDate({ year: 1900, month: 1, day: 1 }, f))).toBe('1900-01-01');
      expect(date.solve(formatDate({ year: 2099, month: 12, day: 31 }, f))).toBe('2099-12-31');
    }
  });

  it('reads the listed examples', () => {
    expect(date.solve('1 jan 1900')).toBe('1900-01-01');
    expect(date.solve('dec 31, 2099')).toBe('2099-12-31');
    expect(date.solve('29 feb 2000')).toBe('2000-02-29');
    expect(date.solve('february 29 2024')).toBe('2024-02-29');
    expect(date.solve('28 september 2026')).toBe('2026-09-28');
    expect(date.solve('sep 9, 1969')).toBe('1969-09-09');
    expect(date.solve('07/06/1944')).toBe('1944-06-07');
    expect(date.solve('1989.06.04')).toBe('1989-06-04');
    expect(date.solve('4 july 1976')).toBe('1976-07-04');
    expect(date.solve('22 may 2026')).toBe('2026-05-22'); // "may" is both abbreviation and name
  });

  it('the longest input has 17 characters, e.g. 28 september 2026', () => {
    expect('28 september 2026'.length).toBe(17);
    expect(date.maxSrcLen).toBe(17);
    expect(date.maxTgtLen).toBe(11);
  });

  it('knows the leap years: 2000 and 2024 are, 1900 and 2100 are not', () => {
    expect([1900, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it('throws a clear error for a day the calendar does not have', () => {
    expect(() => date.solve('31 feb 2026')).toThrow(/date: cannot solve “31 feb 2026”: 2026-02-31 is not a real day/);
    expect(problemsOf('29 feb 1900')).toEqual([{ kind: 'noSuchDay', year: 1900, month: 2, day: 29 }]);
    expect(problemsOf('31 april 2026')).toEqual([{ kind: 'noSuchDay', year: 2026, month: 4, day: 31 }]);
    expect(problemsOf('22/13/2026')).toEqual([{ kind: 'noSuchDay', year: 2026, month: 13, day: 22 }]);
    expect(problemsOf('2026.11.00')).toEqual([{ kind: 'noSuchDay', year: 2026, month: 11, day: 0 }]);
  });

  it('throws for a year outside 1900–2099', () => {
    expect(problemsOf('31 dec 1899')).toEqual([{ kind: 'outOfRange', min: '1900-01-01', max: '2099-12-31' }]);
    expect(problemsOf('2100.01.01')).toEqual([{ kind: 'outOfRange', min: '1900-01-01', max: '2099-12-31' }]);
  });

  it('throws for text in none of the six forms, listing an example of each', () => {
    const bad = [
      '05 nov 2026', // leading zero in a word form
      'nov 22 2026', // abbreviation without the comma
      'november 22, 2026', // full name with a comma
      '22 nov, 2026',
      '2026/11/22',
      '22.11.2026',
      '2/11/2026', // numeric day must have two digits
      '2026.1.22',
      '22 nov 26',
      'sept 22, 2026',
      '22  nov 2026',
      'nov',
    ];
    for (const s of bad) {
      expect(problemsOf(s), s).toEqual([
        {
          kind: 'badFormat',
          expected: ['22 nov 2026', 'nov 22, 2026', '22/11/2026', '2026.11.22', 'november 22 2026', '22 november 2026'],
        },
      ]);
    }
    expect(() => date.solve('2026/11/22')).toThrow(/not in an accepted form \(for example “22 nov 2026”/);
  });

  it('refuses capitals and unknown characters with their positions', () => {
    expect(validateInput(date, '22 Nov 2026')).toEqual([{ kind: 'unknownChar', char: 'N', index: 3, offset: 3 }]);
    expect(validateInput(date, '22 nov 2026!')).toEqual([{ kind: 'unknownChar', char: '!', index: 11, offset: 11 }]);
  });

  it('counts 73,049 days from 1900-01-01 to 2099-12-31', () => {
    expect(DATE_RANGE_DAYS).toBe(73049);
    expect(toIso(dateFromIndex(0))).toBe('1900-01-01');
    expect(toIso(dateFromIndex(DATE_RANGE_DAYS - 1))).toBe('2099-12-31');
    expect(toIso(dateFromIndex(59))).toBe('1900-03-01'); // 1900 has no 29 february
  });

  it('every day of the range, in every form, reads back as itself', () => {
    for (let k = 0; k < DATE_RANGE_DAYS; k++) {
      const d = dateFromIndex(k);
      const iso = toIso(d);
      for (const f of DATE_FORMS) {
        const s = formatDate(d, f);
        if (date.solve(s) !== iso) throw new Error(`${s} read as ${date.solve(s)}, expected ${iso}`);
      }
    }
  });

  it('parseDate reports the form it read', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: DATE_RANGE_DAYS - 1 }), fc.constantFrom(...DATE_FORMS), (k, f) => {
        const d = dateFromIndex(k);
        const p = parseDate(formatDate(d, f));
        expect({ year: p.year, month: p.month, day: p.day }).toEqual(d);
        // "may" spells both forms alike
        if (d.month !== 5) expect(p.form).toBe(f);
      }),
      { numRuns: 2000 },
    );
  });

  it('samples all six forms, both centuries and every month', () => {
    const rng = new Rng(11);
    const forms = new Map<string, number>();
    const years = new Set<number>(), months = new Set<number>();
    const N = 12000;
    for (let i = 0; i < N; i++) {
      const s = date.sample(rng);
      const p = parseDate(s);
      if (p.month !== 5) forms.set(p.form, (forms.get(p.form) ?? 0) + 1);
      years.add(p.year);
      months.add(p.month);
    }
    expect([...forms.keys()].sort()).toEqual([...DATE_FORMS].sort());
    for (const n of forms.values()) expect(n).toBeGreaterThan(N / 6 / 1.3 * (11 / 12));
    expect(Math.min(...years)).toBeLessThan(1905);
    expect(Math.max(...years)).toBeGreaterThan(2094);
    expect(months.size).toBe(12);
  });

  it('samples days uniformly: each century gets about half of them', () => {
    const rng = new Rng(12);
    let c19 = 0;
    const N = 14000;
    for (let i = 0; i < N; i++) if (parseDate(date.sample(rng)).year < 2000) c19++;
    expect(c19 / N).toBeGreaterThan(0.47);
    expect(c19 / N).toBeLessThan(0.53);
  });
});
