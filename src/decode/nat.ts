/**
 * Non-autoregressive decoding: encode, predict the length (argmax of the length
 * classifier, or a length the caller fixes), then one parallel decoder pass whose
 * every position takes its own argmax — no position sees another's choice. One
 * decoder pass whatever the length (an autoregressive decoder needs one per token).
 */
import { softmax, Tensor } from '../core';
import { lengthLogits, natDecoderPass, natEncode, type NatModel, type Trace } from '../model';
import { argmax } from './greedy';
import { logSoftmaxRow } from './next';

export interface NatResult {
  /** the output tokens (no EOS: the length says where it ends) */
  tokens: number[];
  /** the length used: predicted, or the one asked for */
  length: number;
  /** the length the classifier predicts (argmax) */
  predictedLength: number;
  /** probabilities of the lengths 0 … L − 1 */
  lengthProbs: Float32Array;
  /** the probabilities at each position [length][V] */
  probs: Float32Array[];
  /** the sum of the chosen tokens' log-probabilities (positions are independent given the length) */
  score: number;
  /** decoder passes run: always 1 */
  decoderPasses: number;
  encoderTrace: Trace | null;
  decoderTrace: Trace | null;
}

export function natGreedy(m: NatModel, src: readonly number[], opts: { length?: number; trace?: boolean } = {}): NatResult {
  const traceOn = opts.trace !== false;
  const enc = natEncode(m, [src], { trace: traceOn });
  const ll = lengthLogits(m, enc); // [1,L]
  const predictedLength = argmax(ll.data);
  const lengthProbs = softmax(ll).data;
  const length = opts.length ?? predictedLength;
  if (!Number.isInteger(length) || length < 0 || length >= m.lengths) {
    throw new Error(`NAT: the output length must be a whole number in [0, ${m.lengths - 1}], got ${length}`);
  }
  const dec = natDecoderPass(m, enc, [length], { trace: traceOn });
  const V = m.config.tgtVocab;
  const tokens: number[] = [], probs: Float32Array[] = [];
  let score = 0;
  for (let t = 0; t < length; t++) {
    const tok = argmax(dec.logits.data, t * V, V);
    tokens.push(tok);
    score += logSoftmaxRow(dec.logits.data, t * V, V)[tok];
    probs.push(softmax(new Tensor([V], dec.logits.data.slice(t * V, (t + 1) * V))).data);
  }
  return { tokens, length, predictedLength, lengthProbs, probs, score, decoderPasses: 1, encoderTrace: enc.trace, decoderTrace: dec.trace };
}

/** NAT decoding of a batch (no trace): every source's predicted length, then one parallel pass for all. */
export function natDecodeBatch(m: NatModel, srcs: readonly (readonly number[])[]): number[][] {
  if (srcs.length === 0) return [];
  const c = m.config;
  const S = Math.max(...srcs.map((s) => s.length));
  const padded = srcs.map((s) => [...s, ...Array<number>(S - s.length).fill(c.pad)]);
  const enc = natEncode(m, padded, { trace: false });
  const ll = lengthLogits(m, enc); // [B,L]
  const lengths = srcs.map((_, b) => argmax(ll.data, b * m.lengths, m.lengths));
  const { logits } = natDecoderPass(m, enc, lengths, { trace: false });
  const T = logits.shape[1], V = c.tgtVocab;
  return lengths.map((n, b) => Array.from({ length: n }, (_, t) => argmax(logits.data, (b * T + t) * V, V)));
}
