/**
 * What the two RNN encoder–decoders share: their config, parameters (PyTorch state_dict
 * names), typed trace, and the pieces of a forward pass both use.
 *
 *   rnn-fixed      (Cho et al. 2014): a GRU encoder; its final state c is the decoder's only
 *                  view of the source: the decoder's initial state, concatenated to every
 *                  decoder input and to the generator's input.
 *   rnn-attention  (Bahdanau et al. 2015): a bidirectional GRU encoder; at every step the
 *                  decoder scores every encoder state with e_tj = vᵀ tanh(W_q s_{t−1} + W_k h_j),
 *                  takes the softmax, and concatenates the weighted sum c_t to its input.
 *
 * Dimension names: B batch, S source length, T target length, E embedding width,
 * H GRU state width (the encoder's per direction, and the decoder's), A the additive score's
 * hidden width, V vocabulary size.
 */
import { Tensor, Rng, embedding, gru, type GruGates, type GruWeights, fmtShape, Mask } from '../core';
import type { Params } from './params';

export type RnnArch = 'rnn-fixed' | 'rnn-attention';
export const RNN_ARCHS: readonly RnnArch[] = ['rnn-fixed', 'rnn-attention'];

export function isRnnArch(s: string): s is RnnArch {
  return (RNN_ARCHS as readonly string[]).includes(s);
}

export interface RnnConfig {
  arch: RnnArch;
  srcVocab: number;
  tgtVocab: number;
  /** E, the width of the source and target token embeddings */
  embedDim: number;
  /** H, the GRU state width: the encoder's (per direction) and the decoder's */
  hiddenSize: number;
  /** A, the hidden width of the additive score (rnn-attention; 0 for rnn-fixed) */
  attentionDim: number;
  pad: number;
  bos: number;
  eos: number;
  /** the longest source (with its <eos>) or target (with <bos>) the model takes */
  maxLen: number;
}

export interface RnnModel {
  config: RnnConfig;
  params: Params;
}

/** Throws a message naming the first inconsistent field. */
export function validateRnnConfig(c: RnnConfig): void {
  if (!isRnnArch(c.arch)) throw new Error(`rnn config: arch must be one of ${RNN_ARCHS.join(', ')}, got ${String(c.arch)}`);
  for (const name of ['srcVocab', 'tgtVocab', 'embedDim', 'hiddenSize', 'maxLen'] as const) {
    const v = c[name];
    if (!Number.isInteger(v) || v <= 0) throw new Error(`rnn config: ${name} must be a positive integer, got ${String(v)}`);
  }
  if (c.arch === 'rnn-attention' && !(Number.isInteger(c.attentionDim) && c.attentionDim > 0)) {
    throw new Error(`rnn config: rnn-attention needs attentionDim > 0, got ${String(c.attentionDim)}`);
  }
  if (c.arch === 'rnn-fixed' && c.attentionDim !== 0) throw new Error(`rnn config: rnn-fixed has no attention, attentionDim must be 0, got ${String(c.attentionDim)}`);
  for (const n of ['pad', 'bos', 'eos'] as const) {
    if (!Number.isInteger(c[n]) || c[n] < 0 || c[n] >= Math.min(c.srcVocab, c.tgtVocab)) throw new Error(`rnn config: ${n} id ${c[n]} is outside the vocabulary`);
  }
}

// ------------------------------------------------------------ parameters

/** Every parameter name and shape of the config, in state_dict order. */
export function rnnParameterShapes(c: RnnConfig): [string, number[]][] {
  const E = c.embedDim, H = c.hiddenSize, A = c.attentionDim;
  const out: [string, number[]][] = [['src_embed.weight', [c.srcVocab, E]], ['tgt_embed.weight', [c.tgtVocab, E]]];
  const gruParams = (prefix: string, I: number, suffix = '') => {
    out.push([`${prefix}.weight_ih_l0${suffix}`, [3 * H, I]], [`${prefix}.weight_hh_l0${suffix}`, [3 * H, H]]);
    out.push([`${prefix}.bias_ih_l0${suffix}`, [3 * H]], [`${prefix}.bias_hh_l0${suffix}`, [3 * H]]);
  };
  if (c.arch === 'rnn-fixed') {
    gruParams('encoder', E);
    gruParams('decoder', E + H); // input: y_{t−1} embedding ‖ c
    out.push(['generator.weight', [c.tgtVocab, 2 * H]], ['generator.bias', [c.tgtVocab]]); // s_t ‖ c
  } else {
    gruParams('encoder', E);
    gruParams('encoder', E, '_reverse');
    out.push(['bridge.weight', [H, H]], ['bridge.bias', [H]]); // s_0 = tanh(bridge(←h_1))
    out.push(['attention.W_q.weight', [A, H]], ['attention.W_k.weight', [A, 2 * H]], ['attention.v.weight', [1, A]]);
    gruParams('decoder', E + 2 * H); // input: y_{t−1} embedding ‖ c_t
    out.push(['generator.weight', [c.tgtVocab, 3 * H]], ['generator.bias', [c.tgtVocab]]); // s_t ‖ c_t
  }
  return out;
}

/**
 * Seeded initialisation as PyTorch's modules do it: embeddings N(0, 1); GRU weights and
 * biases U(−1/√H, 1/√H); linear weights and biases U(−1/√fan_in, 1/√fan_in).
 */
export function initRnnParams(c: RnnConfig, seed: number): Params {
  validateRnnConfig(c);
  const rng = new Rng(seed);
  const params: Params = new Map();
  const gruBound = 1 / Math.sqrt(c.hiddenSize);
  const fanIn = new Map<string, number>();
  for (const [name, shape] of rnnParameterShapes(c)) if (shape.length === 2) fanIn.set(name.replace(/\.weight$/, ''), shape[1]);
  for (const [name, shape] of rnnParameterShapes(c)) {
    const t = new Tensor(shape);
    if (name.endsWith('_embed.weight')) {
      for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
    } else {
      const module = name.replace(/\.(weight|bias)$/, '');
      const a = /^(encoder|decoder)\./.test(name) ? gruBound : 1 / Math.sqrt(fanIn.get(module) ?? 1);
      for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(-a, a);
    }
    params.set(name, t);
  }
  return params;
}

/** Checks that `params` has every tensor the config needs, with the right shapes, and nothing else. */
export function checkRnnParams(c: RnnConfig, params: Params): void {
  const shapes = rnnParameterShapes(c);
  for (const [name, shape] of shapes) {
    const t = params.get(name);
    if (!t) throw new Error(`rnn params: missing ${name} (${c.arch})`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`rnn params: ${name} should be [${shape.join(',')}], got ${fmtShape(t.shape)}`);
    }
  }
  const known = new Set(shapes.map(([n]) => n));
  for (const name of params.keys()) if (!known.has(name)) throw new Error(`rnn params: unexpected ${name} for ${c.arch}`);
}

export function createRnnModel(config: RnnConfig, seed = 0): RnnModel {
  return { config, params: initRnnParams(config, seed) };
}

export function rnnParam(m: RnnModel, name: string): Tensor {
  const t = m.params.get(name);
  if (!t) throw new Error(`rnn params: missing ${name}`);
  return t;
}

export function gruWeights(m: RnnModel, prefix: string, suffix = ''): GruWeights {
  return {
    weightIh: rnnParam(m, `${prefix}.weight_ih_l0${suffix}`), weightHh: rnnParam(m, `${prefix}.weight_hh_l0${suffix}`),
    biasIh: rnnParam(m, `${prefix}.bias_ih_l0${suffix}`), biasHh: rnnParam(m, `${prefix}.bias_hh_l0${suffix}`),
  };
}

// ------------------------------------------------------------ trace

/**
 * The typed trace keys of the RNN models (shapes; see the file header for the letters):
 *   enc.embed                 [B,S,E]    source token embeddings
 *   enc.fwd.r|z|n             [B,S,H]    the encoder's gates at each position (forward direction)
 *   enc.bwd.r|z|n             [B,S,H]    (rnn-attention) the reverse direction's gates
 *   enc.states                [B,S,D·H]  the encoder's state after each position (bidirectional: → ‖ ←); 0 at pads
 *   enc.h_n                   [D,B,H]    each direction's final state
 *   context                   [B,H]      (rnn-fixed) c, the encoder's final state
 *   attn.keys                 [B,S,A]    (rnn-attention) W_k h_j, once per source
 *   dec.init                  [B,H]      s_0: c (rnn-fixed), tanh(bridge(←h_1)) (rnn-attention)
 *   dec.embed                 [B,T,E]    embeddings of the decoder inputs (<bos>, y_1, …)
 *   dec.input                 [B,T,E+C]  the decoder GRU's input: embedding ‖ context (C = H or 2H)
 *   dec.r|z|n                 [B,T,H]    the decoder's gates
 *   dec.states                [B,T,H]    s_1 … s_T, the decoder state after each step
 *   attn.query                [B,T,A]    W_q s_{t−1}
 *   attn.hidden               [B,T,S,A]  tanh(W_q s_{t−1} + W_k h_j)
 *   attn.scores               [B,T,S]    e_tj = vᵀ tanh(…), before the softmax (also at pads)
 *   attn.weights              [B,T,S]    α_tj = softmax over the source; exactly 0 at pads
 *   attn.context              [B,T,2H]   c_t = Σ_j α_tj h_j
 *   logits / probs            [B,T,V]    the generator's output on s_t ‖ context, and its softmax
 */
export type RnnTraceKey =
  | 'enc.embed' | `enc.${'fwd' | 'bwd'}.${'r' | 'z' | 'n'}` | 'enc.states' | 'enc.h_n'
  | 'context' | 'attn.keys'
  | 'dec.init' | 'dec.embed' | 'dec.input' | `dec.${'r' | 'z' | 'n'}` | 'dec.states'
  | 'attn.query' | 'attn.hidden' | 'attn.scores' | 'attn.weights' | 'attn.context'
  | 'logits' | 'probs';

/** Keys that grow by one along axis 1 with every decoder step. */
export const RNN_STEP_KEYS: readonly RnnTraceKey[] = [
  'dec.embed', 'dec.input', 'dec.r', 'dec.z', 'dec.n', 'dec.states',
  'attn.query', 'attn.hidden', 'attn.scores', 'attn.weights', 'attn.context', 'logits', 'probs',
];

/** An ordered record of named tensors of an RNN forward pass. */
export class RnnTrace {
  private readonly entries = new Map<RnnTraceKey, Tensor>();

  set(key: RnnTraceKey, t: Tensor): void {
    this.entries.set(key, t);
  }

  has(key: RnnTraceKey): boolean {
    return this.entries.has(key);
  }

  /** The tensor at `key`; throws naming the key when the pass did not record it. */
  get(key: RnnTraceKey): Tensor {
    const t = this.entries.get(key);
    if (!t) throw new Error(`rnn trace: no entry ${key}`);
    return t;
  }

  keys(): RnnTraceKey[] {
    return [...this.entries.keys()];
  }

  get size(): number {
    return this.entries.size;
  }

  *[Symbol.iterator](): IterableIterator<[RnnTraceKey, Tensor]> {
    yield* this.entries;
  }
}

// ------------------------------------------------------------ shared pieces

/** What the encoder hands the decoder. */
export interface RnnEncoded {
  /** h_j at each position [B,S,D·H], 0 at pads */
  states: Tensor;
  /** each row's length (tokens before the padding, <eos> included) */
  lengths: number[];
  /** [B,S], true where the source is pad */
  padMask: Mask;
  /** s_0 [B,H] */
  init: Tensor;
  /** rnn-fixed: c [B,H]; rnn-attention: null */
  context: Tensor | null;
  /** rnn-attention: W_k h_j [B,S,A]; rnn-fixed: null */
  keys: Tensor | null;
  trace: RnnTrace | null;
}

/** One decoder step of a batch: the new state and the logits over the vocabulary. */
export interface RnnStepResult {
  /** s_t [B,H] */
  state: Tensor;
  /** [B,V] */
  logits: Tensor;
  /** the step's entries (the RNN_STEP_KEYS, each with T = 1) */
  trace: RnnTrace | null;
}

export interface RnnForwardOptions {
  /** record every intermediate tensor (default true); training turns it off */
  trace?: boolean;
}

/**
 * Checks a padded batch of source ids and returns each row's length: every row as long,
 * ids in the vocabulary, padding only at the end, at least one token.
 */
export function sourceLengths(what: string, src: readonly (readonly number[])[], c: RnnConfig): number[] {
  if (src.length === 0) throw new Error(`${what}: the batch is empty`);
  const S = src[0].length;
  if (S === 0) throw new Error(`${what}: sequences are empty`);
  if (S > c.maxLen) throw new Error(`${what}: length ${S} is longer than the model's maximum ${c.maxLen}`);
  return src.map((row, b) => {
    if (row.length !== S) throw new Error(`${what}: sequences have different lengths (${S} and ${row.length}); pad them`);
    let n = 0;
    for (const id of row) {
      if (!Number.isInteger(id) || id < 0 || id >= c.srcVocab) throw new Error(`${what}: token id ${id} is outside the vocabulary of ${c.srcVocab}`);
    }
    while (n < S && row[n] !== c.pad) n++;
    for (let j = n; j < S; j++) if (row[j] !== c.pad) throw new Error(`${what}: row ${b} has padding before position ${j}; pad only at the end`);
    if (n === 0) throw new Error(`${what}: row ${b} is all padding`);
    return n;
  });
}

/** Checks the previous tokens of a decoder step: one per row, in the target vocabulary. */
export function checkStepTokens(what: string, tokens: readonly number[], B: number, V: number): void {
  if (tokens.length !== B) throw new Error(`${what}: ${tokens.length} previous tokens for a batch of ${B}`);
  for (const id of tokens) if (!Number.isInteger(id) || id < 0 || id >= V) throw new Error(`${what}: token id ${id} is outside the vocabulary of ${V}`);
}

export function padMaskOf(B: number, S: number, lengths: readonly number[]): Mask {
  const m = new Mask([B, S]);
  for (let b = 0; b < B; b++) for (let j = lengths[b]; j < S; j++) m.data[b * S + j] = 1;
  return m;
}

/** Source embeddings and the encoder GRU (with the given directions) over a padded batch. */
export function runEncoder(m: RnnModel, src: readonly (readonly number[])[], directions: GruWeights[], trace: RnnTrace | null) {
  const lengths = sourceLengths('rnn encode', src, m.config);
  const x = embedding(src, rnnParam(m, 'src_embed.weight')); // [B,S,E]
  const r = gru(x, directions, { lengths, keepGates: trace !== null }); // output [B,S,D·H], hN [D,B,H]
  if (trace) {
    trace.set('enc.embed', x);
    recordGates(trace, 'enc.fwd', r.gates![0]);
    if (r.gates!.length > 1) recordGates(trace, 'enc.bwd', r.gates![1]);
    trace.set('enc.states', r.output);
    trace.set('enc.h_n', r.hN);
  }
  return { lengths, states: r.output, hN: r.hN, padMask: padMaskOf(src.length, src[0].length, lengths) };
}

export function recordGates(trace: RnnTrace, prefix: 'enc.fwd' | 'enc.bwd' | 'dec', g: GruGates): void {
  trace.set(`${prefix}.r`, g.r);
  trace.set(`${prefix}.z`, g.z);
  trace.set(`${prefix}.n`, g.n);
}

/** Target embeddings of a list of previous tokens [B] as [B,1,E], or of a batch [B][T] as [B,T,E]. */
export function targetEmbedding(m: RnnModel, tokens: readonly (readonly number[])[]): Tensor {
  return embedding(tokens, rnnParam(m, 'tgt_embed.weight'));
}
