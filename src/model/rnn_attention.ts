/**
 * The RNN encoder–decoder with additive attention (Bahdanau et al. 2015).
 *
 *   encoder   a bidirectional GRU: h_j = →h_j ‖ ←h_j at every position (packed: padding never read)
 *   init      s_0 = tanh(W_b ←h_1 + b_b), from the reverse direction's final state
 *   score     e_tj = vᵀ tanh(W_q s_{t−1} + W_k h_j), over every source position j
 *   weights   α_t = softmax_j(e_tj), exactly 0 at padding
 *   context   c_t = Σ_j α_tj h_j
 *   decoder   s_t = GRU([y_{t−1}; c_t], s_{t−1})
 *   output    logits_t = W_g [s_t; c_t] + b_g
 *
 * Unlike the fixed context vector, c_t is computed afresh at every step from all encoder states.
 */
import { Tensor, add, concat, gru, linear, matmul, narrow, reshape, softmax, tanh } from '../core';
import {
  type RnnEncoded, type RnnForwardOptions, type RnnModel, type RnnStepResult, RnnTrace, checkStepTokens, gruWeights,
  recordGates, rnnParam, runEncoder, targetEmbedding,
} from './rnn_common';

export function encodeAttention(m: RnnModel, src: readonly (readonly number[])[], opts: RnnForwardOptions = {}): RnnEncoded {
  const trace = opts.trace === false ? null : new RnnTrace();
  const e = runEncoder(m, src, [gruWeights(m, 'encoder'), gruWeights(m, 'encoder', '_reverse')], trace);
  const B = src.length, H = m.config.hiddenSize;
  const back = reshape(narrow(e.hN, 0, 1, 1), [B, H]); // ←h_1 [B,H]
  const init = tanh(linear(back, rnnParam(m, 'bridge.weight'), rnnParam(m, 'bridge.bias'))); // s_0 [B,H]
  const keys = linear(e.states, rnnParam(m, 'attention.W_k.weight')); // W_k h_j [B,S,A]
  if (trace) {
    trace.set('attn.keys', keys);
    trace.set('dec.init', init);
  }
  return { states: e.states, lengths: e.lengths, padMask: e.padMask, init, context: null, keys, trace };
}

/** One step without the generator: the attention over the source, then the GRU. */
function attendAndStep(m: RnnModel, enc: RnnEncoded, prev: readonly number[], state: Tensor, trace: RnnTrace | null) {
  const c = m.config;
  const B = state.shape[0], H = c.hiddenSize, A = c.attentionDim, E = c.embedDim;
  const S = enc.states.shape[1];
  const q = linear(state, rnnParam(m, 'attention.W_q.weight')); // W_q s_{t−1} [B,A]
  const hidden = tanh(add(enc.keys!, reshape(q, [B, 1, A]))); // [B,S,A]
  const scores = reshape(linear(hidden, rnnParam(m, 'attention.v.weight')), [B, S]); // e_tj [B,S]
  const weights = softmax(scores, enc.padMask); // α_tj [B,S], 0 at pads
  const context = reshape(matmul(reshape(weights, [B, 1, S]), enc.states), [B, 2 * H]); // c_t [B,2H]
  const emb = reshape(targetEmbedding(m, prev.map((t) => [t])), [B, E]); // [B,E]
  const x = concat([emb, context], 1); // [B,E+2H]
  const g = gru(reshape(x, [B, 1, E + 2 * H]), [gruWeights(m, 'decoder')], { h0: reshape(state, [1, B, H]), keepGates: trace !== null });
  const next = reshape(g.hN, [B, H]); // s_t [B,H]
  if (trace) {
    trace.set('dec.embed', reshape(emb, [B, 1, E]));
    trace.set('dec.input', reshape(x, [B, 1, E + 2 * H]));
    recordGates(trace, 'dec', g.gates![0]);
    trace.set('dec.states', reshape(next, [B, 1, H]));
    trace.set('attn.query', reshape(q, [B, 1, A]));
    trace.set('attn.hidden', reshape(hidden, [B, 1, S, A]));
    trace.set('attn.scores', reshape(scores, [B, 1, S]));
    trace.set('attn.weights', reshape(weights, [B, 1, S]));
    trace.set('attn.context', reshape(context, [B, 1, 2 * H]));
  }
  return { next, context };
}

function generate(m: RnnModel, s: Tensor, context: Tensor): Tensor {
  return linear(concat([s, context], -1), rnnParam(m, 'generator.weight'), rnnParam(m, 'generator.bias'));
}

/** One decoder step: previous tokens [B] and state s_{t−1} [B,H] -> s_t and the logits [B,V]. */
export function stepAttention(m: RnnModel, enc: RnnEncoded, prev: readonly number[], state: Tensor, opts: RnnForwardOptions = {}): RnnStepResult {
  const B = state.shape[0], V = m.config.tgtVocab;
  checkStepTokens('rnn step', prev, B, V);
  const trace = opts.trace === false ? null : new RnnTrace();
  const { next, context } = attendAndStep(m, enc, prev, state, trace);
  const logits = generate(m, next, context); // [B,V]
  if (trace) {
    trace.set('logits', reshape(logits, [B, 1, V]));
    trace.set('probs', softmax(reshape(logits, [B, 1, V])));
  }
  return { state: next, logits, trace };
}

/**
 * The decoder over whole target prefixes [B][T] (teacher forcing): the steps one after the
 * other (each input needs the previous state's attention), the generator once over all.
 * Returns the logits [B,T,V] and, when tracing, the steps' entries (each [B,1,…]) in order.
 */
export function decodeAttention(m: RnnModel, enc: RnnEncoded, tgtIn: readonly (readonly number[])[], opts: RnnForwardOptions = {}) {
  const B = tgtIn.length, T = tgtIn[0].length;
  const traceOn = opts.trace !== false;
  let state = enc.init;
  const states: Tensor[] = [], contexts: Tensor[] = [], steps: RnnTrace[] = [];
  for (let t = 0; t < T; t++) {
    const trace = traceOn ? new RnnTrace() : null;
    const { next, context } = attendAndStep(m, enc, tgtIn.map((row) => row[t]), state, trace);
    states.push(reshape(next, [B, 1, next.shape[1]]));
    contexts.push(reshape(context, [B, 1, context.shape[1]]));
    if (trace) steps.push(trace);
    state = next;
  }
  const logits = generate(m, concat(states, 1), concat(contexts, 1)); // [B,T,V]
  if (traceOn) {
    // the generator ran once over all steps; hand each step its slice
    const probs = softmax(logits);
    steps.forEach((tr, t) => {
      tr.set('logits', narrow(logits, 1, t, 1));
      tr.set('probs', narrow(probs, 1, t, 1));
    });
  }
  return { logits, steps };
}
