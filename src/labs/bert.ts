/**
 * BERT's masked-language-model rule as data: choose 15% of the token positions
 * (at least one); of those, 80% become [MASK], 10% a random token from the
 * vocabulary, 10% stay as they are. Randomness comes from the core's seeded
 * Rng, so a draw is reproducible from its number.
 *
 * BERT's tokens are WordPieces (a word may be split: `playing` → `play ##ing`);
 * the lab takes words and single Chinese characters as its tokens, and draws
 * random replacements from a small vocabulary, so a replacement hits the
 * original token far more often than with BERT's 30,522 WordPieces.
 */
import { Rng } from '../core';

export const MASK_TOKEN = '[MASK]';
export const MASK_RATE = 0.15;
export const SHARE_MASK = 0.8;
export const SHARE_RANDOM = 0.1;
export const SHARE_SAME = 0.1;
/** The longest sentence the lab takes, in tokens. */
export const MAX_TOKENS = 64;
/** The size of BERT's WordPiece vocabulary (bert-base-uncased). */
export const BERT_VOCAB_SIZE = 30_522;

/** What the rule did to one position. */
export type Fate = 'untouched' | 'mask' | 'random' | 'same';

export interface MaskDraw {
  tokens: string[];
  /** per position */
  fates: Fate[];
  /** what the model sees at each position */
  shown: string[];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;

/**
 * Words for English and single characters for Chinese (as BERT's Chinese
 * model tokenises), punctuation on its own.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let word = '';
  const flush = () => {
    if (word) out.push(word);
    word = '';
  };
  for (const ch of text) {
    if (/\s/u.test(ch)) flush();
    else if (CJK.test(ch) || /[\p{P}\p{S}]/u.test(ch)) {
      flush();
      out.push(ch);
    } else word += ch;
  }
  flush();
  return out;
}

/** Small vocabularies to draw random replacements from: common English words, common Chinese characters. */
const WORDS = ['the', 'a', 'dog', 'cat', 'river', 'blue', 'quickly', 'house', 'green', 'music', 'eat', 'run', 'book', 'sky', 'paper', 'open'];
const CHARS = ['天', '水', '山', '书', '猫', '狗', '走', '吃', '红', '大', '小', '风', '花', '学', '车', '月'];

/** The vocabulary of random replacements: the sentence's own tokens plus common words (or characters, for Chinese). */
export function replacementVocab(tokens: readonly string[]): string[] {
  const chinese = tokens.some((t) => CJK.test(t));
  return [...new Set([...(chinese ? CHARS : WORDS), ...tokens])];
}

/**
 * Python 3's `round` of a float: to the nearest whole number, a tie (exactly
 * .5 in binary) to the even one. JavaScript's Math.round sends ties up.
 */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f; // exact for the magnitudes used here
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * How many positions are chosen: `max(1, int(round(n * 0.15)))`, as BERT's
 * create_pretraining_data.py computes it in Python, so 15% of 30 (4.5) is 4.
 */
export function chosenCount(n: number): number {
  if (n <= 0) return 0;
  return Math.max(1, roundHalfEven(n * MASK_RATE));
}

/** The chance that a uniform random replacement from `vocabSize` tokens is the original token again: 1 / vocabSize. */
export function sameTokenChance(vocabSize: number): number {
  return vocabSize > 0 ? 1 / vocabSize : 0;
}

/**
 * Picks `k` of the positions 0…n−1 uniformly without replacement (a partial
 * Fisher–Yates shuffle of `scratch`, which must hold n slots), in the order drawn.
 */
function choosePositions(n: number, k: number, rng: Rng, scratch: Int32Array): Int32Array {
  for (let i = 0; i < n; i++) scratch[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    const tmp = scratch[i];
    scratch[i] = scratch[j];
    scratch[j] = tmp;
  }
  return scratch.subarray(0, k);
}

/** The fate of one chosen position, from one uniform draw: [MASK] below 0.8, random below 0.9, else unchanged. */
function fateOf(u: number): Exclude<Fate, 'untouched'> {
  return u < SHARE_MASK ? 'mask' : u < SHARE_MASK + SHARE_RANDOM ? 'random' : 'same';
}

/** One application of the rule, drawing from `rng`. */
export function drawMask(tokens: readonly string[], vocab: readonly string[], rng: Rng): MaskDraw {
  const n = tokens.length;
  const chosen = choosePositions(n, chosenCount(n), rng, new Int32Array(n));
  const fates: Fate[] = new Array<Fate>(n).fill('untouched');
  const shown = [...tokens];
  for (const i of chosen) {
    const f = fateOf(rng.next());
    fates[i] = f;
    if (f === 'mask') shown[i] = MASK_TOKEN;
    else if (f === 'random') shown[i] = vocab[rng.int(0, vocab.length - 1)];
  }
  return { tokens: [...tokens], fates, shown };
}

/** The draw numbered `n` (1, 2, …): the same number always gives the same draw. */
export function numberedDraw(tokens: readonly string[], n: number): MaskDraw {
  return drawMask(tokens, replacementVocab(tokens), new Rng(n));
}

export interface DrawCounts {
  draws: number;
  /** positions chosen over all draws */
  chosen: number;
  mask: number;
  random: number;
  same: number;
  /** random replacements that happened to draw the original token back */
  randomHitOriginal: number;
}

/** Counts of what the rule did over `draws` draws, from one seeded stream (the same rule as `drawMask`, without building strings). */
export function countDraws(tokens: readonly string[], draws: number, seed = 20181011): DrawCounts {
  const vocab = replacementVocab(tokens);
  const rng = new Rng(seed);
  const c: DrawCounts = { draws, chosen: 0, mask: 0, random: 0, same: 0, randomHitOriginal: 0 };
  const n = tokens.length;
  if (n === 0) return c;
  const k = chosenCount(n);
  const scratch = new Int32Array(n);
  // a random replacement equals the original when it draws the original's index in the vocabulary
  const own = tokens.map((tok) => vocab.indexOf(tok));
  for (let d = 0; d < draws; d++) {
    const chosen = choosePositions(n, k, rng, scratch);
    for (let m = 0; m < k; m++) {
      const f = fateOf(rng.next());
      c[f]++;
      if (f === 'random' && rng.int(0, vocab.length - 1) === own[chosen[m]]) c.randomHitOriginal++;
    }
    c.chosen += k;
  }
  return c;
}
