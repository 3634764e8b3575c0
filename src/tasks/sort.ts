/** sort: 1–12 digits → the digits in ascending order (`3101` → `0113`). */
import type { Rng } from '../core';
import { type Task, assertInputChars } from './task';
import { Vocab } from './vocab';

const DIGITS = '0123456789';
const digits = new Vocab(DIGITS);

export const MAX_SORT_LEN = 12;

export const sortTask: Task = {
  name: 'sort',
  srcVocab: digits,
  tgtVocab: digits,
  maxSrcLen: MAX_SORT_LEN,
  maxTgtLen: MAX_SORT_LEN + 1,
  example: '31415926',
  solve(input: string): string {
    assertInputChars(sortTask, input);
    return [...input].sort().join('');
  },
  /** length uniform in 1–12, then digits uniform */
  sample(rng: Rng): string {
    const n = rng.int(1, MAX_SORT_LEN);
    let s = '';
    for (let i = 0; i < n; i++) s += DIGITS[rng.int(0, 9)];
    return s;
  },
};
