/**
 * The decoding-strategy flags shared by `npm run predict` and `npm run eval`:
 *   --strategy greedy|beam|sample  --beam K  --alpha A  --temperature τ  --top-k K  --top-p P  --seed N
 * Values out of range are refused with a message naming the flag and its range. Without
 * --strategy, the flags given choose it (--beam/--alpha: beam; --temperature/--top-k/
 * --top-p/--seed: sample); flags of another strategy than the one named are refused.
 */
import type { Seq2SeqModel } from '../model';
import { BEAM_WIDTH_RANGE, LENGTH_PENALTY_RANGE, beamSearch } from '../decode/beam';
import { greedyDecodeBatch } from '../decode/greedy';
import { modelNextToken } from '../decode/next';
import { scoreSequence } from '../decode/forced';
import { TEMPERATURE_RANGE, sampleDecode } from '../decode/sample';
import type { ParsedArgs } from './args';

export type StrategySpec =
  | { kind: 'greedy' }
  | { kind: 'beam'; width: number; alpha: number }
  | { kind: 'sample'; temperature: number; topK: number; topP: number; seed: number };

export const STRATEGIES = ['greedy', 'beam', 'sample'] as const;
const BEAM_FLAGS = ['beam', 'alpha'] as const;
const SAMPLE_FLAGS = ['temperature', 'top-k', 'top-p', 'seed'] as const;
export const STRATEGY_FLAGS: readonly string[] = ['strategy', ...BEAM_FLAGS, ...SAMPLE_FLAGS];
export const DEFAULT_BEAM_WIDTH = 4;
export const DEFAULT_SEED = 1;

export const STRATEGY_HELP = `  --strategy NAME   greedy (default), beam or sample
  --beam K          beam search of width K, ${BEAM_WIDTH_RANGE.min}–${BEAM_WIDTH_RANGE.max} (default ${DEFAULT_BEAM_WIDTH})
  --alpha A         length penalty α of beam search, ${LENGTH_PENALTY_RANGE.min}–${LENGTH_PENALTY_RANGE.max}: rank by
                    score / ((5 + length) / 6)^α (default 0: by the sum of log-probabilities)
  --temperature T   sampling temperature, ${TEMPERATURE_RANGE.min}–${TEMPERATURE_RANGE.max} (default 1)
  --top-k K         sample among the K most probable tokens only, 0 (off) to the
                    vocabulary size (default 0)
  --top-p P         sample from the smallest set of most probable tokens whose
                    probabilities reach P, above 0 and at most 1 (default 1: off)
  --seed N          seed of the sampling generator, a whole number ≥ 0 (default ${DEFAULT_SEED});
                    every input line starts from it, so a line always gives the same sample`;

function num(a: ParsedArgs, flag: string): number | undefined {
  const v = a.values.get(flag);
  if (v === undefined) return undefined;
  const n = v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : NaN;
}

function wholeIn(a: ParsedArgs, flag: string, min: number, max: number, fallback: number, what = `a whole number from ${min} to ${max}`): number {
  const n = num(a, flag);
  if (n === undefined) return fallback;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${flag} must be ${what}, got “${a.values.get(flag)}”`);
  return n;
}

function realIn(a: ParsedArgs, flag: string, min: number, max: number, fallback: number, openMin = false): number {
  const n = num(a, flag);
  if (n === undefined) return fallback;
  if (!(openMin ? n > min : n >= min) || !(n <= max)) {
    const range = openMin ? `greater than ${min} and at most ${max}` : `from ${min} to ${max}`;
    throw new Error(`--${flag} must be a number ${range}, got “${a.values.get(flag)}”`);
  }
  return n;
}

/** The strategy the flags ask for; `vocabSize` bounds --top-k. Throws a message naming the flag. */
export function parseStrategy(a: ParsedArgs, vocabSize: number): StrategySpec {
  const named = a.values.get('strategy');
  if (named !== undefined && !(STRATEGIES as readonly string[]).includes(named)) {
    throw new Error(`--strategy must be one of ${STRATEGIES.join(', ')}, got “${named}”`);
  }
  const beamGiven = BEAM_FLAGS.filter((f) => a.values.has(f));
  const sampleGiven = SAMPLE_FLAGS.filter((f) => a.values.has(f));
  if (named === undefined && beamGiven.length > 0 && sampleGiven.length > 0) {
    throw new Error(`--${beamGiven[0]} (beam search) and --${sampleGiven[0]} (sampling) cannot be combined; choose one --strategy`);
  }
  const kind = (named ?? (beamGiven.length > 0 ? 'beam' : sampleGiven.length > 0 ? 'sample' : 'greedy')) as StrategySpec['kind'];
  const stray = [...(kind === 'beam' ? [] : beamGiven), ...(kind === 'sample' ? [] : sampleGiven)];
  if (stray.length > 0) {
    const owner = (BEAM_FLAGS as readonly string[]).includes(stray[0]) ? 'beam' : 'sample';
    throw new Error(`--${stray[0]} applies to --strategy ${owner}, not ${kind}`);
  }
  switch (kind) {
    case 'greedy':
      return { kind };
    case 'beam':
      return {
        kind,
        width: wholeIn(a, 'beam', BEAM_WIDTH_RANGE.min, BEAM_WIDTH_RANGE.max, DEFAULT_BEAM_WIDTH),
        alpha: realIn(a, 'alpha', LENGTH_PENALTY_RANGE.min, LENGTH_PENALTY_RANGE.max, 0),
      };
    case 'sample':
      return {
        kind,
        temperature: realIn(a, 'temperature', TEMPERATURE_RANGE.min, TEMPERATURE_RANGE.max, 1),
        topK: wholeIn(a, 'top-k', 0, vocabSize, 0, `a whole number from 0 (off) to ${vocabSize} (the target vocabulary)`),
        topP: realIn(a, 'top-p', 0, 1, 1, true),
        seed: wholeIn(a, 'seed', 0, 2 ** 32 - 1, DEFAULT_SEED, 'a whole number ≥ 0'),
      };
  }
}

export function describeStrategy(s: StrategySpec): string {
  switch (s.kind) {
    case 'greedy':
      return 'greedy';
    case 'beam':
      return `beam search, width ${s.width}, length penalty α ${s.alpha}`;
    case 'sample':
      return `sampling, temperature ${s.temperature}, top-k ${s.topK || 'off'}, top-p ${s.topP === 1 ? 'off' : s.topP}, seed ${s.seed}`;
  }
}

export interface DecodedLine {
  /** output tokens, EOS left out */
  tokens: number[];
  /** the sum of the natural-log probabilities of the output, EOS included when produced (no length penalty) */
  score: number;
}

/**
 * Decodes every source (ids, with the source's EOS) with the strategy; outputs of at
 * most `maxLen` tokens (EOS included). Greedy runs batched (as evaluation always has);
 * its scores, asked for with `scores`, come from teacher-forced rescoring.
 */
export function decodeSources(
  model: Seq2SeqModel, srcs: readonly (readonly number[])[], spec: StrategySpec, opts: { maxLen?: number; scores?: boolean } = {},
): DecodedLine[] {
  const c = model.config;
  const limit = Math.min(opts.maxLen ?? c.maxLen - 1, c.maxLen - 1);
  const withoutEos = (t: number[]) => (t[t.length - 1] === c.eos ? t.slice(0, -1) : t);
  if (spec.kind === 'greedy') {
    const out: DecodedLine[] = [];
    for (let i = 0; i < srcs.length; i += 100) {
      const chunk = srcs.slice(i, i + 100);
      greedyDecodeBatch(model, chunk, limit).forEach((tokens, j) => {
        // fewer tokens than the limit: it stopped at EOS, which counts in the score
        const score = opts.scores ? scoreSequence(model, chunk[j], tokens.length < limit ? [...tokens, c.eos] : tokens) : NaN;
        out.push({ tokens, score });
      });
    }
    return out;
  }
  return srcs.map((src) => {
    const next = modelNextToken(model, src, { maxLen: limit });
    const r = spec.kind === 'beam'
      ? beamSearch(next, { width: spec.width, alpha: spec.alpha, tree: false })
      : sampleDecode(next, { temperature: spec.temperature, topK: spec.topK, topP: spec.topP, seed: spec.seed });
    return { tokens: withoutEos(r.tokens), score: r.score };
  });
}

/** `--scores`: the output, a tab, and its log-probability. */
export function withScore(text: string, score: number): string {
  return `${text}\t${score.toFixed(6)}`;
}
