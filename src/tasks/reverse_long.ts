/**
 * reverse-long: 1–24 letters a–z → the same letters reversed, the reverse task with inputs
 * twice as long, so that a fixed-size context vector has more to hold than it can.
 *
 * A quarter of the inputs (by a hash of the text) are set aside for the by-length
 * evaluation (`byLengthSet`): the generator never produces them, so no model trains on them.
 */
import type { Rng } from '../core';
import { type Task, assertInputChars } from './task';
import { Vocab } from './vocab';
import type { ByLengthSource, LengthTask } from './by_length';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const letters = new Vocab(LETTERS);

export const MAX_REVERSE_LONG_LEN = 24;

/** 1 in RESERVE_EVERY inputs is reserved for the by-length evaluation. */
export const RESERVE_EVERY = 4;

/** FNV-1a over the UTF-16 units, then a final avalanche (murmur3's fmix32). */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function randomLetters(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += LETTERS[rng.int(0, LETTERS.length - 1)];
  return s;
}

const byLength: ByLengthSource = {
  isReserved: (input) => hash32(input) % RESERVE_EVERY === 0,
  enumerateReserved(length, limit) {
    if (Math.pow(LETTERS.length, length) > limit) return null;
    let all = [''];
    for (let i = 0; i < length; i++) all = all.flatMap((p) => [...LETTERS].map((c) => p + c));
    return all.filter((s) => byLength.isReserved(s));
  },
  sampleOfLength: randomLetters,
};

export const reverseLongTask: LengthTask = {
  name: 'reverse-long',
  srcVocab: letters,
  tgtVocab: letters,
  maxSrcLen: MAX_REVERSE_LONG_LEN,
  maxTgtLen: MAX_REVERSE_LONG_LEN + 1,
  example: 'attentionisallyouneed',
  solve(input: string): string {
    assertInputChars(reverseLongTask as Task, input);
    return [...input].reverse().join('');
  },
  /** length uniform in 1–24, letters uniform, never a reserved input */
  sample(rng: Rng): string {
    const n = rng.int(1, MAX_REVERSE_LONG_LEN);
    for (;;) {
      const s = randomLetters(rng, n);
      if (!byLength.isReserved(s)) return s;
    }
  },
  byLength,
};
