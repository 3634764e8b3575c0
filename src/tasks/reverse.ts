/** reverse: 1–12 letters a–z → the same letters reversed (`abc` → `cba`). */
import type { Rng } from '../core';
import { type Task, assertInputChars } from './task';
import { Vocab } from './vocab';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const letters = new Vocab(LETTERS);

export const MAX_REVERSE_LEN = 12;

export const reverseTask: Task = {
  name: 'reverse',
  srcVocab: letters,
  tgtVocab: letters,
  maxSrcLen: MAX_REVERSE_LEN,
  maxTgtLen: MAX_REVERSE_LEN + 1,
  example: 'transformer',
  solve(input: string): string {
    assertInputChars(reverseTask, input);
    return [...input].reverse().join('');
  },
  /** length uniform in 1–12, then letters uniform */
  sample(rng: Rng): string {
    const n = rng.int(1, MAX_REVERSE_LEN);
    let s = '';
    for (let i = 0; i < n; i++) s += LETTERS[rng.int(0, LETTERS.length - 1)];
    return s;
  },
};
