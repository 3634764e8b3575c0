import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/core';
import { TASKS, TaskInputError, intToZh, zhToInt, ZH_MAX } from '../../src/tasks';

const zh = TASKS['zh-numerals'];

const EXAMPLES: [number, string][] = [
  [0, '零'],
  [101, '一百零一'],
  [1010, '一千零一十'],
  [10001, '一万零一'],
  [100010, '十万零一十'],
  [10010000, '一千零一万'],
  [12345678, '一千二百三十四万五千六百七十八'],
  [10, '十'],
  [15, '十五'],
  [150000, '十五万'],
  [110, '一百一十'],
  [20, '二十'],
  [100000, '十万'],
  [1000000, '一百万'],
  [99999999, '九千九百九十九万九千九百九十九'],
  [100, '一百'],
  [1001, '一千零一'],
  [10000, '一万'],
  [10100, '一万零一百'],
  [110000, '十一万'],
  [1100, '一千一百'],
];

/** integers of every magnitude: a digit count 1–8, then a number with that many digits */
const anyMagnitude = fc.integer({ min: 1, max: 8 }).chain((d) =>
  fc.integer({ min: d === 1 ? 0 : 10 ** (d - 1), max: 10 ** d - 1 }),
);
/** numbers with many zeros inside: digits, each 0 with probability about 2/3 */
const zeroHeavy = fc
  .array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 8 })
  .map((ds) => Number(ds.join('')));
const anyNumber = fc.oneof(anyMagnitude, zeroHeavy, fc.integer({ min: 0, max: ZH_MAX }));

function checkShape(n: number, s: string): void {
  expect(s).not.toContain('两');
  expect(s).not.toContain('零零');
  if (n !== 0) expect(s.endsWith('零')).toBe(false);
  expect(s.startsWith('一十')).toBe(false);
  expect(/^[零一二三四五六七八九十百千万]+$/.test(s)).toBe(true);
}

describe('zh-numerals', () => {
  it.each(EXAMPLES)('writes %i as %s', (n, s) => {
    expect(zh.solve(String(n))).toBe(s);
    expect(intToZh(n)).toBe(s);
  });

  it.each(EXAMPLES)('reads %i back from its numeral', (n, s) => {
    expect(zhToInt(s)).toBe(n);
  });

  it('the inverse reads back every number of every magnitude (property)', () => {
    fc.assert(
      fc.property(anyNumber, (n) => {
        const s = intToZh(n);
        expect(zhToInt(s)).toBe(n);
        checkShape(n, s);
      }),
      { numRuns: 20000 },
    );
  });

  it('never writes 两, two 零 in a row, a final 零 or a leading 一十 (property)', () => {
    fc.assert(fc.property(anyNumber, (n) => checkShape(n, intToZh(n))), { numRuns: 10000 });
  });

  it('the inverse reads back every number from 0 to 99,999 and every multiple of 10,000', () => {
    for (let n = 0; n < 100000; n++) {
      const s = intToZh(n);
      if (zhToInt(s) !== n) throw new Error(`${n} → ${s} → ${zhToInt(s)}`);
    }
    for (let hi = 1; hi < 10000; hi++) {
      const n = hi * 10000;
      if (zhToInt(intToZh(n)) !== n) throw new Error(`${n} → ${intToZh(n)}`);
    }
  });

  it('joins the two groups with 零 exactly when the units group is non-zero and below 1000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 0, max: 9999 }), (hi, lo) => {
        const s = intToZh(hi * 10000 + lo);
        const afterWan = s.slice(s.indexOf('万') + 1);
        expect(afterWan.startsWith('零')).toBe(lo > 0 && lo < 1000);
        if (lo === 0) expect(afterWan).toBe('');
      }),
      { numRuns: 5000 },
    );
  });

  it('the longest numeral has 15 characters, so maxTgtLen is 16', () => {
    let group = 0, small = 0;
    for (let n = 0; n < 10000; n++) group = Math.max(group, intToZh(n).length);
    for (let n = 0; n < 1000; n++) small = Math.max(small, intToZh(n).length);
    expect([group, small]).toEqual([7, 5]);
    // 万 group + 万 + (a units group of ≥ 1000, or 零 and one below 1000)
    expect(group + 1 + Math.max(group, 1 + small)).toBe(15);
    expect(intToZh(99999999).length).toBe(15);
    expect(zh.maxTgtLen).toBe(16);
  });

  it('zhToInt refuses numerals that are not written by the rules', () => {
    const bad = [
      '', '两', '两百', '一十', '一十五', '一十五万', '零一', '一百零', '一千零零一', '一千一十', '一百一',
      '一千一', '一百零十', '一千零一百', '一万一百', '一万零一千', '一万十', '十万十', '万', '一万万', '一二',
      '百', '一百千', '一十百', '二十十', '一万零', 'x',
    ];
    for (const s of bad) expect(() => zhToInt(s), s).toThrow(/zhToInt: cannot read/);
  });

  it('solve refuses leading zeros, signs, separators and numbers over 8 digits', () => {
    expect(() => zh.solve('007')).toThrow(TaskInputError);
    expect(() => zh.solve('-5')).toThrow(TaskInputError);
    expect(() => zh.solve('1,000')).toThrow(TaskInputError);
    expect(() => zh.solve('100000000')).toThrow(/9 characters, at most 8/);
    expect(() => intToZh(100000000)).toThrow(RangeError);
    expect(() => intToZh(1.5)).toThrow(RangeError);
  });

  it('samples every digit count from 1 to 8 about equally often', () => {
    const rng = new Rng(21);
    const counts = new Array(9).fill(0);
    const N = 16000;
    for (let i = 0; i < N; i++) counts[zh.sample(rng).length]++;
    for (let d = 1; d <= 8; d++) expect(counts[d]).toBeGreaterThan(N / 8 / 1.2);
  });

  it('samples many numbers with zeros inside, the hard cases of the zero rules', () => {
    const rng = new Rng(22);
    let long = 0, withRun = 0, withZeroLo = 0;
    for (let i = 0; i < 20000; i++) {
      const s = zh.sample(rng);
      if (s.length < 5) continue;
      long++;
      if (/[1-9]00+[1-9]/.test(s)) withRun++;
      const lo = Number(s) % 10000;
      if (lo > 0 && lo < 1000) withZeroLo++; // needs the 零 after 万
    }
    expect(withRun / long).toBeGreaterThan(0.15);
    expect(withZeroLo / long).toBeGreaterThan(0.1);
  });
});
