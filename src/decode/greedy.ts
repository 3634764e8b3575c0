/**
 * Greedy autoregressive decoding: encode once, start from [BOS], append the
 * argmax of the last position's distribution until EOS or `maxLen` generated
 * tokens. Each step re-runs the decoder over the whole prefix (no cache), so
 * every step's trace shows the full masked self-attention.
 */
import { Tensor, softmax } from '../core';
import { decode, encode, type Seq2SeqModel, type Trace } from '../model';
import { checkVocabIds } from './next';

export interface DecodeStep {
  /** the decoder input of this step (BOS first) */
  prefix: number[];
  /** the token chosen at this step */
  token: number;
  /** probabilities over the vocabulary at the last position [V] */
  probs: Float32Array;
  /** the decoder's trace for this step (null when tracing is off) */
  trace: Trace | null;
  /** true when `token` was forced (a prefix the user chose) rather than the argmax */
  forced?: boolean;
}

export type StopReason = 'eos' | 'max_len';

export interface GreedyResult {
  /** generated tokens, EOS included when it was produced */
  tokens: number[];
  steps: DecodeStep[];
  encoderTrace: Trace | null;
  memory: Tensor;
  stop: StopReason;
}

/** The index of the largest value; ties go to the lowest index (as torch.argmax). */
export function argmax(values: ArrayLike<number>, from = 0, length = values.length - from): number {
  let best = 0, bestV = -Infinity;
  for (let i = 0; i < length; i++) {
    const v = values[from + i];
    if (v > bestV) {
      bestV = v;
      best = i;
    }
  }
  return best;
}

/**
 * `forced`: tokens taken as given for the first steps (a prefix the user chose, e.g. from a
 * node of the beam-search tree); each is still traced with the distribution it was forced
 * against. Ids must be in the target vocabulary (forced.ts checks a prefix with a message).
 */
export function greedyDecode(
  m: Seq2SeqModel, src: readonly number[], opts: { maxLen?: number; trace?: boolean; forced?: readonly number[] } = {},
): GreedyResult {
  const c = m.config;
  const traceOn = opts.trace !== false;
  const maxLen = Math.min(opts.maxLen ?? c.maxLen - 1, c.maxLen - 1);
  if (opts.forced) checkVocabIds('forced prefix', opts.forced, c.tgtVocab);
  const enc = encode(m, [src], { trace: traceOn });
  const prefix = [c.bos];
  const tokens: number[] = [];
  const steps: DecodeStep[] = [];
  let stop: StopReason = 'max_len';
  while (tokens.length < maxLen) {
    const dec = decode(m, enc, [prefix], { trace: traceOn });
    const V = dec.logits.shape[2];
    const last = (prefix.length - 1) * V;
    const row = dec.logits.data.subarray(last, last + V);
    const forced = opts.forced !== undefined && tokens.length < opts.forced.length;
    const token = forced ? opts.forced![tokens.length] : argmax(row);
    const probs = dec.trace ? dec.trace.get('probs').data.slice(last, last + V) : softmax(new Tensor([V], row.slice())).data;
    steps.push({ prefix: [...prefix], token, probs, trace: dec.trace, ...(forced ? { forced: true } : {}) });
    tokens.push(token);
    prefix.push(token);
    if (token === c.eos) {
      stop = 'eos';
      break;
    }
  }
  return { tokens, steps, encoderTrace: enc.trace, memory: enc.memory, stop };
}


/**
 * Greedy decoding of a whole batch at once (no trace): sources of any lengths
 * are padded, every row advances together, and a row that produced EOS stops
 * growing (its later positions are ignored). Returns each row's tokens without
 * BOS, EOS excluded. Used for evaluation, where it is many times faster than
 * decoding one source at a time.
 */
export function greedyDecodeBatch(m: Seq2SeqModel, srcs: readonly (readonly number[])[], maxLen?: number): number[][] {
  const c = m.config;
  if (srcs.length === 0) return [];
  const limit = Math.min(maxLen ?? c.maxLen - 1, c.maxLen - 1);
  const S = Math.max(...srcs.map((s) => s.length));
  const padded = srcs.map((s) => [...s, ...Array<number>(S - s.length).fill(c.pad)]);
  const enc = encode(m, padded, { trace: false });
  const prefixes = srcs.map(() => [c.bos]);
  const done = srcs.map(() => false);
  const out: number[][] = srcs.map(() => []);
  for (let t = 0; t < limit && done.some((d) => !d); t++) {
    const { logits } = decode(m, enc, prefixes, { trace: false });
    const V = logits.shape[2], T = prefixes[0].length;
    for (let b = 0; b < srcs.length; b++) {
      const tok = argmax(logits.data, (b * T + T - 1) * V, V);
      // finished rows keep growing with pad so that the batch stays rectangular; pad is masked
      prefixes[b].push(done[b] ? c.pad : tok);
      if (done[b]) continue;
      if (tok === c.eos) done[b] = true;
      else out[b].push(tok);
    }
  }
  return out;
}
