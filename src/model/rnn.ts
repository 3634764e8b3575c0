/**
 * The two RNN encoder–decoders behind one interface: encode once, then step the decoder
 * token by token (a page walking the decoder), run it over whole prefixes (teacher forcing:
 * `rnnForward`), or decode greedily, one source with every step's trace or a batch for
 * evaluation. The architectures themselves are in rnn_fixed.ts and rnn_attention.ts.
 */
import { Tensor, concat, softmax } from '../core';
import {
  type RnnEncoded, type RnnForwardOptions, type RnnModel, type RnnStepResult, RNN_STEP_KEYS, RnnTrace, sourceLengths,
} from './rnn_common';
import { decodeFixed, encodeFixed, stepFixed } from './rnn_fixed';
import { decodeAttention, encodeAttention, stepAttention } from './rnn_attention';

export * from './rnn_common';

/** Runs the encoder once over a padded batch of source ids [B][S] (padding only at the end). */
export function rnnEncode(m: RnnModel, src: readonly (readonly number[])[], opts: RnnForwardOptions = {}): RnnEncoded {
  return m.config.arch === 'rnn-fixed' ? encodeFixed(m, src, opts) : encodeAttention(m, src, opts);
}

/**
 * One decoder step for every row: the previous token of each row [B] (BOS at the first
 * step) and the state s_{t−1} [B,H] (`enc.init` at the first step) -> s_t, the logits [B,V]
 * and the step's trace (every RNN_STEP_KEYS entry with T = 1).
 */
export function rnnStep(m: RnnModel, enc: RnnEncoded, prev: readonly number[], state: Tensor, opts: RnnForwardOptions = {}): RnnStepResult {
  return m.config.arch === 'rnn-fixed' ? stepFixed(m, enc, prev, state, opts) : stepAttention(m, enc, prev, state, opts);
}

/** The encoder's entries and the steps' entries stacked along the step axis (axis 1). */
export function stackStepTraces(encoder: RnnTrace | null, steps: readonly (RnnTrace | null)[]): RnnTrace {
  const out = new RnnTrace();
  if (encoder) for (const [k, v] of encoder) out.set(k, v);
  const present = steps.filter((s): s is RnnTrace => s !== null);
  if (present.length === 0) return out;
  for (const key of RNN_STEP_KEYS) {
    if (!present[0].has(key)) continue;
    out.set(key, concat(present.map((s) => s.get(key)), 1));
  }
  return out;
}

export interface RnnForwardResult {
  /** logits [B,T,V] */
  output: Tensor;
  trace: RnnTrace | null;
}

/**
 * The whole model with teacher forcing: source ids [B][S] and decoder inputs [B][T]
 * (<bos> first) -> logits [B,T,V] and the trace (encoder and decoder entries).
 */
export function rnnForward(
  m: RnnModel, src: readonly (readonly number[])[], tgtIn: readonly (readonly number[])[], opts: RnnForwardOptions = {},
): RnnForwardResult {
  checkTargets(m, tgtIn, src.length);
  const enc = rnnEncode(m, src, opts);
  if (m.config.arch === 'rnn-fixed') {
    const d = decodeFixed(m, enc, tgtIn, opts);
    if (!enc.trace || !d.trace) return { output: d.logits, trace: null };
    const trace = new RnnTrace();
    for (const [k, v] of enc.trace) trace.set(k, v);
    for (const [k, v] of d.trace) trace.set(k, v);
    return { output: d.logits, trace };
  }
  const d = decodeAttention(m, enc, tgtIn, opts);
  return { output: d.logits, trace: enc.trace ? stackStepTraces(enc.trace, d.steps) : null };
}

function checkTargets(m: RnnModel, tgtIn: readonly (readonly number[])[], B: number): void {
  if (tgtIn.length !== B) throw new Error(`rnn forward: target batch ${tgtIn.length} differs from the source batch ${B}`);
  const T = tgtIn[0]?.length ?? 0;
  if (T === 0) throw new Error('rnn forward: target sequences are empty');
  if (T > m.config.maxLen) throw new Error(`rnn forward: target length ${T} is longer than the model's maximum ${m.config.maxLen}`);
  for (const row of tgtIn) {
    if (row.length !== T) throw new Error(`rnn forward: target sequences have different lengths (${T} and ${row.length}); pad them`);
    for (const id of row) if (!Number.isInteger(id) || id < 0 || id >= m.config.tgtVocab) throw new Error(`rnn forward: token id ${id} is outside the vocabulary of ${m.config.tgtVocab}`);
  }
}

// ------------------------------------------------------------ greedy decoding

function argmaxRow(values: ArrayLike<number>, from: number, length: number): number {
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

export interface RnnDecodeStep {
  /** the decoder input of this step (<bos> at the first) */
  prev: number;
  /** the token chosen (argmax) */
  token: number;
  /** probabilities over the vocabulary [V] */
  probs: Float32Array;
  /** s_t [1,H] after this step */
  state: Tensor;
  /** the step's entries, each [1,1,…] (null when tracing is off) */
  trace: RnnTrace | null;
}

export type RnnStopReason = 'eos' | 'max_len';

export interface RnnGreedyResult {
  /** generated tokens, <eos> included when it was produced */
  tokens: number[];
  steps: RnnDecodeStep[];
  encoded: RnnEncoded;
  /** the encoder's entries and every step's, stacked along the steps (null when tracing is off) */
  trace: RnnTrace | null;
  stop: RnnStopReason;
}

/**
 * Greedy decoding of one source [S]: start from <bos> and s_0, append the argmax until <eos>
 * or `maxLen` tokens, keeping every step's state and trace.
 */
export function rnnGreedyDecode(m: RnnModel, src: readonly number[], opts: { maxLen?: number; trace?: boolean } = {}): RnnGreedyResult {
  const c = m.config;
  const traceOn = opts.trace !== false;
  const maxLen = Math.min(opts.maxLen ?? c.maxLen - 1, c.maxLen - 1);
  const encoded = rnnEncode(m, [src], { trace: traceOn });
  const tokens: number[] = [];
  const steps: RnnDecodeStep[] = [];
  let prev = c.bos, state = encoded.init;
  let stop: RnnStopReason = 'max_len';
  while (tokens.length < maxLen) {
    const r = rnnStep(m, encoded, [prev], state, { trace: traceOn });
    const V = r.logits.shape[1];
    const token = argmaxRow(r.logits.data, 0, V);
    const probs = r.trace ? r.trace.get('probs').data.slice(0, V) : softmax(r.logits).data.slice(0, V);
    steps.push({ prev, token, probs, state: r.state, trace: r.trace });
    tokens.push(token);
    prev = token;
    state = r.state;
    if (token === c.eos) {
      stop = 'eos';
      break;
    }
  }
  const trace = traceOn ? stackStepTraces(encoded.trace, steps.map((s) => s.trace)) : null;
  return { tokens, steps, encoded, trace, stop };
}

/**
 * Greedy decoding of a batch (no trace): sources of any lengths are padded (and packed, so
 * padding is never read), every row steps together, a row stops growing at its <eos>.
 * Returns each row's tokens, <eos> excluded.
 */
export function rnnGreedyDecodeBatch(m: RnnModel, srcs: readonly (readonly number[])[], maxLen?: number): number[][] {
  const c = m.config;
  if (srcs.length === 0) return [];
  const limit = Math.min(maxLen ?? c.maxLen - 1, c.maxLen - 1);
  const S = Math.max(...srcs.map((s) => s.length));
  const padded = srcs.map((s) => [...s, ...Array<number>(S - s.length).fill(c.pad)]);
  sourceLengths('rnn decode', padded, c);
  const enc = rnnEncode(m, padded, { trace: false });
  const done = srcs.map(() => false);
  const out: number[][] = srcs.map(() => []);
  let prev = srcs.map(() => c.bos), state = enc.init;
  for (let t = 0; t < limit && done.some((d) => !d); t++) {
    const r = rnnStep(m, enc, prev, state, { trace: false });
    const V = r.logits.shape[1];
    prev = prev.map((_, b) => {
      const tok = argmaxRow(r.logits.data, b * V, V);
      if (!done[b]) {
        if (tok === c.eos) done[b] = true;
        else out[b].push(tok);
      }
      return tok;
    });
    state = r.state;
  }
  return out;
}
