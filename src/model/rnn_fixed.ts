/**
 * The RNN encoder–decoder with a fixed context vector (Cho et al. 2014).
 *
 *   encoder   h_j = GRU(x_j, h_{j−1}) over the source (packed: padding never read)
 *   context   c = h_S, the encoder's final state: the decoder's only view of the source
 *   decoder   s_0 = c;  s_t = GRU([y_{t−1}; c], s_{t−1})
 *   output    logits_t = W_g [s_t; c] + b_g
 *
 * However long the source, c has H numbers.
 */
import { Tensor, add, concat, gru, linear, reshape, softmax } from '../core';
import {
  type RnnEncoded, type RnnForwardOptions, type RnnModel, type RnnStepResult, RnnTrace, checkStepTokens, gruWeights,
  recordGates, rnnParam, runEncoder, targetEmbedding,
} from './rnn_common';

export function encodeFixed(m: RnnModel, src: readonly (readonly number[])[], opts: RnnForwardOptions = {}): RnnEncoded {
  const trace = opts.trace === false ? null : new RnnTrace();
  const e = runEncoder(m, src, [gruWeights(m, 'encoder')], trace);
  const B = src.length, H = m.config.hiddenSize;
  const c = reshape(e.hN, [B, H]); // [B,H]
  if (trace) {
    trace.set('context', c);
    trace.set('dec.init', c);
  }
  return { states: e.states, lengths: e.lengths, padMask: e.padMask, init: c, context: c, keys: null, trace };
}

/** c repeated at every step: [B,H] -> [B,T,H] (the gradient sums over the steps). */
function repeatSteps(c: Tensor, T: number): Tensor {
  const [B, H] = c.shape;
  return add(new Tensor([B, T, H]), reshape(c, [B, 1, H])); // [B,T,H]
}

/**
 * The decoder over whole target prefixes [B][T] (teacher forcing, or a page replaying a
 * decoded output): every step's input is known, so the GRU runs over all T steps at once.
 */
export function decodeFixed(m: RnnModel, enc: RnnEncoded, tgtIn: readonly (readonly number[])[], opts: RnnForwardOptions = {}) {
  const trace = opts.trace === false ? null : new RnnTrace();
  const c = enc.context!;
  const B = tgtIn.length, T = tgtIn[0].length;
  const emb = targetEmbedding(m, tgtIn); // [B,T,E]
  const cRep = repeatSteps(c, T); // [B,T,H]
  const x = concat([emb, cRep], 2); // [B,T,E+H]
  const r = gru(x, [gruWeights(m, 'decoder')], { h0: reshape(enc.init, [1, B, m.config.hiddenSize]), keepGates: trace !== null });
  const logits = linear(concat([r.output, cRep], 2), rnnParam(m, 'generator.weight'), rnnParam(m, 'generator.bias')); // [B,T,V]
  if (trace) {
    trace.set('dec.embed', emb);
    trace.set('dec.input', x);
    recordGates(trace, 'dec', r.gates![0]);
    trace.set('dec.states', r.output);
    trace.set('logits', logits);
    trace.set('probs', softmax(logits));
  }
  return { logits, states: r.output, trace };
}

/** One decoder step: previous tokens [B] and state s_{t−1} [B,H] -> s_t and the logits [B,V]. */
export function stepFixed(m: RnnModel, enc: RnnEncoded, prev: readonly number[], state: Tensor, opts: RnnForwardOptions = {}): RnnStepResult {
  const B = state.shape[0];
  checkStepTokens('rnn step', prev, B, m.config.tgtVocab);
  // the one-step decoder from the given state instead of s_0
  const d = decodeFixed(m, { ...enc, init: state }, prev.map((t) => [t]), opts);
  return { state: reshape(d.states, [B, m.config.hiddenSize]), logits: reshape(d.logits, [B, m.config.tgtVocab]), trace: d.trace };
}
