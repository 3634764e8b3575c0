/**
 * zh-numerals: an integer 0 – 99,999,999 in Arabic digits → its Chinese numeral,
 * written with 零一二三四五六七八九十百千万 (never 两).
 *
 * The rules (`intToZh`):
 * - The number splits into the 万 group (n / 10000) and the units group (n % 10000).
 * - Inside a group, each non-zero digit is written with its unit (千 百 十 or none);
 *   a run of zeros between non-zero digits becomes one 零; trailing zeros are dropped.
 * - The two groups are joined by 万, with 零 after 万 when the units group is non-zero
 *   and below 1000 (10001 → 一万零一, 10100 → 一万零一百, 11000 → 一万一千).
 * - A number that would start with 一十 starts with 十 (10 → 十, 150000 → 十五万),
 *   but 一十 stays inside a number (110 → 一百一十, 100010 → 十万零一十).
 * - 0 → 零.
 *
 * `zhToInt` is the inverse, a parser written independently of `intToZh` so that
 * the property `zhToInt(intToZh(n)) === n` tests something.
 */
import type { Rng } from '../core';
import { type Task, TaskInputError, assertInputChars } from './task';
import { Vocab } from './vocab';

export const ZH_DIGITS = '零一二三四五六七八九';
export const ZH_MAX = 99_999_999;
export const ZH_TASK_NAME = 'zh-numerals';

const GROUP_UNITS = ['千', '百', '十', ''];

/** a group 1–9999 without its leading zeros (the join rule adds the 零 before a short units group) */
function groupToZh(g: number): string {
  const digits = String(g).padStart(4, '0');
  let out = '';
  let zeroPending = false;
  for (let i = 0; i < 4; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d === 0) {
      if (out !== '') zeroPending = true; // leading zeros are dropped; trailing ones never get flushed
      continue;
    }
    if (zeroPending) out += '零';
    zeroPending = false;
    out += ZH_DIGITS[d] + GROUP_UNITS[i];
  }
  return out;
}

/** The Chinese numeral of an integer 0 – 99,999,999. */
export function intToZh(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > ZH_MAX) throw new RangeError(`intToZh: ${n} is not an integer from 0 to ${ZH_MAX}`);
  if (n === 0) return '零';
  const hi = Math.floor(n / 10000), lo = n % 10000;
  let s: string;
  if (hi === 0) s = groupToZh(lo);
  else s = groupToZh(hi) + '万' + (lo === 0 ? '' : (lo < 1000 ? '零' : '') + groupToZh(lo));
  return s.startsWith('一十') ? s.slice(1) : s;
}

const UNIT_VALUE: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

function parseError(text: string, why: string): Error {
  return new Error(`zhToInt: cannot read “${text}”: ${why}`);
}

/** one group (0–9999): digit–unit pairs with falling units, 零 for gaps, a bare digit only last */
function parseGroup(s: string, whole: string, leadingTen: boolean): number {
  const cs = [...s];
  if (cs.length === 0) throw parseError(whole, 'a group of 万 is empty');
  let value = 0;
  let lastUnit = 10000;
  let afterZero = false;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c === '零') {
      if (i === 0 || afterZero || i === cs.length - 1) throw parseError(whole, '零 must stand alone between two digits');
      afterZero = true;
      continue;
    }
    const d = ZH_DIGITS.indexOf(c);
    const unitHere = UNIT_VALUE[c];
    if (unitHere !== undefined) {
      // a unit with no digit before it: only 十 at the very start (十五 = 15)
      if (!(c === '十' && i === 0 && leadingTen)) throw parseError(whole, `${c} has no digit before it`);
      value += 10;
      lastUnit = 10;
      continue;
    }
    if (d <= 0) throw parseError(whole, c === '两' ? '两 is not used, write 二' : `“${c}” is not a numeral character`);
    const next = cs[i + 1];
    const unit = next === undefined ? 1 : UNIT_VALUE[next];
    if (unit === undefined) throw parseError(whole, `digit ${c} is followed by ${next}, not by a unit`);
    if (unit >= lastUnit) throw parseError(whole, 'units must fall from left to right');
    // a bare last digit is the units digit only after 十 or 零 (一千一 would be 1100 in speech)
    if (unit === 1 && lastUnit !== 10000 && lastUnit !== 10 && !afterZero) throw parseError(whole, `the last digit ${c} has no unit`);
    if (afterZero && unit * 10 >= lastUnit) throw parseError(whole, '零 stands for a gap, but there is none');
    if (!afterZero && lastUnit !== 10000 && unit * 10 < lastUnit) throw parseError(whole, 'a gap between units needs 零');
    value += d * unit;
    lastUnit = unit;
    afterZero = false;
    if (next !== undefined) i++;
  }
  return value;
}

/**
 * A Chinese numeral (as `intToZh` writes them) → integer. Throws for text that is
 * not a well-formed numeral: 两, repeated or rising units, 零 with no gap, two 零 …
 */
export function zhToInt(text: string): number {
  if (text === '零') return 0;
  if (text.startsWith('一十')) throw parseError(text, 'a number starts with 十, not 一十');
  const parts = text.split('万');
  if (parts.length > 2) throw parseError(text, '万 appears more than once');
  if (parts.length === 1) return parseGroup(text, text, true);
  const [hiText, loText] = parts;
  const hi = parseGroup(hiText, text, true);
  if (loText === '') return hi * 10000;
  const lo = loText.startsWith('零') ? parseGroup(loText.slice(1), text, false) : parseGroup(loText, text, false);
  if (loText.startsWith('零') !== lo < 1000) throw parseError(text, '零 after 万 is needed exactly when the rest is below 1000');
  return hi * 10000 + lo;
}

/** share of training inputs drawn with many zeros inside (10010000, 100010 …) */
export const ZH_ZERO_HEAVY_SHARE = 0.3;

export const zhNumeralsTask: Task = {
  name: ZH_TASK_NAME,
  srcVocab: new Vocab('0123456789'),
  tgtVocab: new Vocab(`${ZH_DIGITS}十百千万`),
  maxSrcLen: 8,
  // longest: 九千九百九十九万九千九百九十九 (15) + <eos>; a group is at most 7 characters,
  // and the 零 after 万 only comes with a units group of at most 5.
  maxTgtLen: 16,
  example: '10010000',
  solve(input: string): string {
    assertInputChars(zhNumeralsTask, input);
    if (input.length > 1 && input[0] === '0') {
      throw new TaskInputError(ZH_TASK_NAME, input, [{ kind: 'badFormat', expected: ['0', '7', '10010000'] }]);
    }
    return intToZh(Number(input));
  },
  /**
   * The digit count uniform in 1–8, so short and long numbers are equally common. Then
   * 70 % of the time the number is uniform among those with that many digits; 30 % of the
   * time (two digits or more) the first digit is 1–9 and each other digit is 0 with
   * probability 0.6, else 1–9 — the zero rules are the hard part.
   */
  sample(rng: Rng): string {
    const digits = rng.int(1, 8);
    if (digits === 1) return String(rng.int(0, 9));
    if (rng.next() < ZH_ZERO_HEAVY_SHARE) {
      let s = String(rng.int(1, 9));
      for (let i = 1; i < digits; i++) s += rng.next() < 0.6 ? '0' : String(rng.int(1, 9));
      return s;
    }
    return String(rng.int(10 ** (digits - 1), 10 ** digits - 1));
  },
};
