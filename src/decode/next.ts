/**
 * The abstract next-token function every decoding strategy runs on: given a
 * batch of prefixes (the tokens generated so far, BOS not included), the
 * natural-log probabilities of every vocabulary token coming next. The same
 * search code then runs on a real model (`modelNextToken`, which encodes the
 * source once and reuses a key/value cache) and on a toy table such as the
 * lecture's two-token example (`tableNextToken`).
 */
import type { Seq2SeqModel } from '../model';
import { IncrementalDecoder } from './incremental';

export interface NextToken {
  /** V: every log-prob row has this length */
  readonly vocabSize: number;
  /** the end-of-sequence id: a hypothesis ending in it is finished */
  readonly eos: number;
  /** the longest output (tokens generated, EOS included) this source allows */
  readonly maxLen: number;
  /**
   * tokens that can never be output (a model's BOS and PAD: never a training target, so
   * never a hypothesis): beam search does not expand them. Absent = every token can be output.
   */
  readonly never?: readonly number[];
  /**
   * log p(token | prefix) for every token, one row per prefix, natural logs,
   * float64. A probability of 0 is −∞. The rows must not be written into.
   */
  logProbs(prefixes: readonly (readonly number[])[]): Float64Array[];
}

/**
 * log-softmax of one row in float64: x − max − log Σ exp(x − max). Never NaN
 * for finite input; an entry of −∞ gives −∞.
 */
export function logSoftmaxRow(x: ArrayLike<number>, from = 0, length = x.length - from): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < length; i++) if (x[from + i] > max) max = x[from + i];
  const out = new Float64Array(length);
  if (max === -Infinity) return out.fill(-Infinity);
  let sum = 0;
  for (let i = 0; i < length; i++) sum += Math.exp(x[from + i] - max);
  const lse = max + Math.log(sum);
  for (let i = 0; i < length; i++) out[i] = x[from + i] - lse;
  return out;
}

/** Throws a message naming the first token of `tokens` that is not an id of a vocabulary of `vocabSize`. */
export function checkVocabIds(what: string, tokens: readonly number[], vocabSize: number): void {
  tokens.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0 || t >= vocabSize) {
      throw new Error(`${what}: token ${i + 1} (id ${String(t)}) is outside the vocabulary of ${vocabSize} tokens (ids 0–${vocabSize - 1})`);
    }
  });
}

export interface ModelNextTokenOptions {
  /**
   * keep every layer's keys and values between calls (default true): a call whose
   * prefixes each extend a prefix of the previous call by one token runs the
   * decoder over the new tokens only. Without it, every call re-runs the decoder
   * over the whole prefix (as the tour does). Both give the same numbers.
   */
  cache?: boolean;
  /** the longest output; at most the model's maxLen − 1 (BOS takes a position) */
  maxLen?: number;
}

/**
 * A model's next-token function for one source (ids, with the source's EOS if the
 * model was trained with one). The source is encoded once, here.
 */
export function modelNextToken(m: Seq2SeqModel, src: readonly number[], opts: ModelNextTokenOptions = {}): NextToken & { decoder: IncrementalDecoder } {
  const c = m.config;
  const maxLen = Math.min(opts.maxLen ?? c.maxLen - 1, c.maxLen - 1);
  const decoder = new IncrementalDecoder(m, src);
  const useCache = opts.cache !== false;
  return {
    vocabSize: c.tgtVocab,
    eos: c.eos,
    maxLen,
    never: [c.pad, c.bos].filter((t, i, a) => t !== c.eos && a.indexOf(t) === i),
    decoder,
    logProbs(prefixes) {
      if (prefixes.length === 0) return [];
      for (const p of prefixes) checkVocabIds('next token', p, c.tgtVocab);
      const logits = useCache ? decoder.logitsCached(prefixes) : decoder.logitsFull(prefixes);
      const V = c.tgtVocab;
      return prefixes.map((_, b) => logSoftmaxRow(logits, b * V, V));
    },
  };
}

/**
 * A next-token function from a table: `probs(prefix)` gives the probabilities of the
 * `vocabSize` tokens after `prefix` (they are normalised here, so weights work too).
 * For toy examples and tests.
 */
export function tableNextToken(
  vocabSize: number, eos: number, maxLen: number, probs: (prefix: readonly number[]) => ArrayLike<number>, never?: readonly number[],
): NextToken {
  return {
    vocabSize, eos, maxLen, ...(never ? { never } : {}),
    logProbs(prefixes) {
      return prefixes.map((p) => {
        const w = probs(p);
        if (w.length !== vocabSize) throw new Error(`next token: the table gives ${w.length} probabilities for a vocabulary of ${vocabSize}`);
        let sum = 0;
        for (let i = 0; i < vocabSize; i++) {
          if (!(w[i] >= 0) || !Number.isFinite(w[i])) throw new Error(`next token: probability ${w[i]} of token ${i} is not a number ≥ 0`);
          sum += w[i];
        }
        if (!(sum > 0)) throw new Error('next token: the probabilities of a prefix sum to 0');
        const out = new Float64Array(vocabSize);
        for (let i = 0; i < vocabSize; i++) out[i] = Math.log(w[i] / sum);
        return out;
      });
    },
  };
}
