/**
 * Sampling (randomness is sometimes useful): at every step the next token is drawn
 * from the model's distribution, reshaped in this order —
 *
 *   1. temperature τ: p_τ = softmax(log p / τ) (τ < 1 sharpens, τ > 1 flattens);
 *   2. top-k: only the k most probable tokens stay (ties: the lower id first); 0 = off;
 *   3. top-p (nucleus): of what is left, renormalised, the smallest set of most
 *      probable tokens whose probabilities add up to at least p stays (the token
 *      that crosses p is in); p = 1 = off. At least one token always stays;
 *   4. the kept probabilities are renormalised and one token is drawn with the
 *      seeded generator of the core: u = rng.next() in [0, 1), the first token (by
 *      id) whose cumulative probability exceeds u. Same seed, same output.
 *
 * `transformDistribution` exposes every stage, for the page's bars. The score of a
 * sample is the model's own log-probability of it (τ = 1, no cut-offs), EOS included.
 */
import { Rng } from '../core';
import type { NextToken } from './next';

export const TEMPERATURE_RANGE = { min: 0.05, max: 2 } as const;
export const TOP_P_RANGE = { min: 0.05, max: 1 } as const;

export interface SampleSettings {
  /** τ in [0.05, 2] (default 1) */
  temperature?: number;
  /** keep the k most probable tokens; 0 or ≥ V = off (default 0) */
  topK?: number;
  /** nucleus mass p in (0, 1]; 1 = off (default 1) */
  topP?: number;
}

export interface SampleDistribution {
  /** the model's probabilities (τ = 1) [V] */
  probs: Float64Array;
  /** softmax(log p / τ) [V] */
  tempered: Float64Array;
  /** the tokens top-k removes (by id) */
  removedByTopK: number[];
  /** the tokens top-p removes among those top-k kept (by id) */
  removedByTopP: number[];
  /** what the draw uses: tempered, cut, renormalised [V] (0 where removed) */
  final: Float64Array;
  /** token ids by tempered probability, most probable first (ties: lower id) */
  order: number[];
}

export function checkSampleSettings(s: SampleSettings): void {
  const t = s.temperature ?? 1, k = s.topK ?? 0, p = s.topP ?? 1;
  if (!(t >= TEMPERATURE_RANGE.min && t <= TEMPERATURE_RANGE.max)) {
    throw new Error(`sampling: the temperature must be in [${TEMPERATURE_RANGE.min}, ${TEMPERATURE_RANGE.max}], got ${t}`);
  }
  if (!Number.isInteger(k) || k < 0) throw new Error(`sampling: top-k must be a whole number ≥ 0 (0 = off), got ${k}`);
  if (!(p > 0 && p <= 1)) throw new Error(`sampling: top-p must be in (0, 1] (1 = off), got ${p}`);
}

/** Every stage of the reshaped next-token distribution, from log-probabilities [V]. */
export function transformDistribution(logProbs: ArrayLike<number>, settings: SampleSettings = {}): SampleDistribution {
  checkSampleSettings(settings);
  const V = logProbs.length, tau = settings.temperature ?? 1, k = settings.topK ?? 0, p = settings.topP ?? 1;
  const softmaxOf = (x: (i: number) => number): Float64Array => {
    const out = new Float64Array(V);
    let max = -Infinity;
    for (let i = 0; i < V; i++) max = Math.max(max, x(i));
    let sum = 0;
    for (let i = 0; i < V; i++) {
      out[i] = max === -Infinity ? 0 : Math.exp(x(i) - max);
      sum += out[i];
    }
    for (let i = 0; i < V; i++) out[i] = sum > 0 ? out[i] / sum : 0;
    return out;
  };
  const probs = softmaxOf((i) => logProbs[i]);
  const tempered = softmaxOf((i) => logProbs[i] / tau);
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => tempered[b] - tempered[a] || a - b);
  const kept = new Array<boolean>(V).fill(true);
  const removedByTopK: number[] = [];
  if (k > 0 && k < V) {
    for (const id of order.slice(k)) {
      kept[id] = false;
      removedByTopK.push(id);
    }
  }
  const removedByTopP: number[] = [];
  if (p < 1) {
    const left = order.filter((id) => kept[id]);
    const mass = left.reduce((s, id) => s + tempered[id], 0);
    let cum = 0, i = 0;
    for (; i < left.length; i++) {
      cum += tempered[left[i]] / mass;
      if (cum >= p) break;
    }
    for (const id of left.slice(i + 1)) {
      kept[id] = false;
      removedByTopP.push(id);
    }
  }
  const final = new Float64Array(V);
  let mass = 0;
  for (let i = 0; i < V; i++) if (kept[i]) mass += tempered[i];
  for (let i = 0; i < V; i++) final[i] = kept[i] && mass > 0 ? tempered[i] / mass : 0;
  removedByTopK.sort((a, b) => a - b);
  removedByTopP.sort((a, b) => a - b);
  return { probs, tempered, removedByTopK, removedByTopP, final, order };
}

/** One draw from a distribution: the first id (in id order) whose cumulative probability exceeds u = rng.next(). */
export function drawToken(final: ArrayLike<number>, rng: Rng): number {
  const u = rng.next();
  let cum = 0, last = -1;
  for (let i = 0; i < final.length; i++) {
    if (final[i] <= 0) continue;
    cum += final[i];
    last = i;
    if (u < cum) return i;
  }
  return last; // u beyond the rounded total: the last token with mass
}

export interface SampleStep {
  token: number;
  /** the model's log p of the token (τ = 1) */
  logProb: number;
  /** the distribution it was drawn from (only when `distributions: true`) */
  distribution?: SampleDistribution;
}

export interface SampleResult {
  /** tokens after BOS, EOS included when drawn (forced prefix tokens included) */
  tokens: number[];
  /** the model's log-probability of the output: the sum of the steps' logProb */
  score: number;
  stop: 'eos' | 'max_len';
  steps: SampleStep[];
}

export interface SampleOptions extends SampleSettings {
  /** the seed of a fresh generator (default 1); ignored when `rng` is given */
  seed?: number;
  /** a generator to draw from (advanced by every draw) */
  rng?: Rng;
  maxLen?: number;
  /** tokens to start from, taken as given (their log-probs count in the score) */
  prefix?: readonly number[];
  /** keep every step's distribution (for the page's bars; default false) */
  distributions?: boolean;
}

/**
 * Draws `n` outputs side by side (one batch of prefixes per step), each from the
 * reshaped distribution, with one generator: at each step the live rows draw in row
 * order. `sampleDecode` is the same for n = 1.
 */
export function sampleMany(next: NextToken, n: number, opts: SampleOptions = {}): SampleResult[] {
  checkSampleSettings(opts);
  if (!Number.isInteger(n) || n < 1) throw new Error(`sampling: the number of samples must be a whole number ≥ 1, got ${n}`);
  const seed = opts.seed ?? 1;
  if (!opts.rng && (!Number.isInteger(seed) || seed < 0)) throw new Error(`sampling: the seed must be a whole number ≥ 0, got ${seed}`);
  const rng = opts.rng ?? new Rng(seed);
  const maxLen = Math.min(opts.maxLen ?? next.maxLen, next.maxLen);
  const prefix = opts.prefix ?? [];
  for (const t of prefix) {
    if (!Number.isInteger(t) || t < 0 || t >= next.vocabSize) throw new Error(`sampling: prefix token ${t} is outside the vocabulary of ${next.vocabSize}`);
  }
  if (prefix.length > maxLen) throw new Error(`sampling: the prefix is longer than the maximum length ${maxLen}`);
  const e = prefix.indexOf(next.eos);
  if (e >= 0 && e < prefix.length - 1) throw new Error(`sampling: prefix token ${e + 1} is EOS, but more tokens follow it`);
  const out: SampleResult[] = Array.from({ length: n }, () => ({ tokens: [], score: 0, stop: 'max_len', steps: [] }));
  let live = out.map((_, i) => i);
  while (live.length > 0 && out[live[0]].tokens.length < maxLen) {
    const rows = next.logProbs(live.map((i) => out[i].tokens));
    const still: number[] = [];
    live.forEach((i, r) => {
      const o = out[i], pos = o.tokens.length;
      let token: number;
      let distribution: SampleDistribution | undefined;
      if (pos < prefix.length) token = prefix[pos];
      else {
        distribution = transformDistribution(rows[r], opts);
        token = drawToken(distribution.final, rng);
      }
      const logProb = rows[r][token];
      o.tokens.push(token);
      o.score += logProb;
      o.steps.push(opts.distributions && distribution ? { token, logProb, distribution } : { token, logProb });
      if (token === next.eos) o.stop = 'eos';
      else still.push(i);
    });
    live = still;
  }
  return out;
}

/** One sampled output. */
export function sampleDecode(next: NextToken, opts: SampleOptions = {}): SampleResult {
  return sampleMany(next, 1, opts)[0];
}
