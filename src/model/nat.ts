/**
 * The non-autoregressive Transformer (NAT) of the lectures: the same encoder and the
 * same decoder layers as the Transformer (seq2seq.ts, the same parameter names), but
 *
 *   - the decoder receives no previous outputs: its input at every position is a copy
 *     of the BOS ("start") embedding × √D plus that position's sinusoidal encoding,
 *     so positions differ only by their place (NAT每一个输入都是start);
 *   - its self-attention has no causal mask (every position sees every other; only
 *     padding of a shorter row in a batch is masked), so all positions are predicted
 *     in one parallel pass;
 *   - the output length comes from a length predictor on the encoder output: the
 *     memory averaged over the source's non-pad positions, then a linear classifier
 *     over lengths 0 … lengths − 1 (`length_predictor.weight` [L, D], `.bias` [L]).
 *     The decoder then fills exactly that many positions; no EOS is produced.
 *
 * Shapes: B batch, S source, T output positions, D model, V target vocabulary,
 * L length classes.
 */
import { Rng, Tensor, add, attentionMask, embedding, layerNorm, linear, matmul, paddingMask, positionalEncoding, reshape, scale, softmax } from '../core';
import type { ModelConfig } from './config';
import { checkParams, getParam, initParams, parameterShapes, type Params, type Seq2SeqModel } from './params';
import { decoderLayer, type LayerOptions } from './layers';
import { encode, type Encoded, type ForwardOptions } from './seq2seq';
import { Trace } from './trace';

export interface NatModel {
  config: ModelConfig;
  params: Params;
  /** L: the length predictor's classes, lengths 0 … L − 1 (output tokens, no EOS) */
  lengths: number;
}

/** The Transformer's parameters plus the length predictor's, in state_dict order. */
export function natParameterShapes(c: ModelConfig, lengths: number): [string, number[]][] {
  return [...parameterShapes(c), ['length_predictor.weight', [lengths, c.dModel]], ['length_predictor.bias', [lengths]]];
}

function checkLengths(c: ModelConfig, lengths: number): void {
  if (!Number.isInteger(lengths) || lengths < 2 || lengths > c.maxLen) {
    throw new Error(`NAT: the number of length classes must be a whole number in [2, ${c.maxLen}] (the model's maxLen), got ${lengths}`);
  }
}

/**
 * Seeded initialisation: the Transformer's parameters exactly as `initParams(c, seed)`,
 * then the length predictor (Xavier-uniform weight from a second generator, zero bias).
 */
export function createNatModel(config: ModelConfig, lengths: number, seed = 0): NatModel {
  checkLengths(config, lengths);
  const params = initParams(config, seed);
  const rng = new Rng(seed * 31 + 7);
  const w = new Tensor([lengths, config.dModel]);
  const a = Math.sqrt(6 / (lengths + config.dModel));
  for (let i = 0; i < w.size; i++) w.data[i] = rng.uniform(-a, a);
  params.set('length_predictor.weight', w);
  params.set('length_predictor.bias', new Tensor([lengths]));
  return { config, params, lengths };
}

/** Checks every tensor a NAT of this config needs (the Transformer's and the length predictor's). */
export function checkNatParams(c: ModelConfig, lengths: number, params: Params): void {
  checkLengths(c, lengths);
  checkParams(c, params);
  for (const [name, shape] of natParameterShapes(c, lengths).slice(-2)) {
    const t = params.get(name);
    if (!t) throw new Error(`params: missing ${name}`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`params: ${name} should be [${shape.join(',')}], got [${t.shape.join(',')}]`);
    }
  }
}

/** The encoder of a NAT is the Transformer's (same parameters, same trace keys). */
export function natEncode(m: NatModel, src: readonly (readonly number[])[], opts: ForwardOptions = {}): Encoded {
  return encode(m as Seq2SeqModel, src, opts);
}

/** Length logits [B, L]: the memory averaged over each source's non-pad positions, then the classifier. */
export function lengthLogits(m: NatModel, enc: Encoded): Tensor {
  const [B, S, D] = enc.memory.shape;
  const pool = new Tensor([B, 1, S]); // 1/n at the n non-pad positions of each row
  for (let b = 0; b < B; b++) {
    let n = 0;
    for (let s = 0; s < S; s++) if (enc.srcPadding.data[b * S + s] === 0) n++;
    for (let s = 0; s < S; s++) if (enc.srcPadding.data[b * S + s] === 0) pool.data[b * S + s] = 1 / n;
  }
  const pooled = reshape(matmul(pool, enc.memory), [B, D]); // [B,1,S]·[B,S,D] -> [B,D]
  return linear(pooled, getParam(m.params, 'length_predictor.weight'), getParam(m.params, 'length_predictor.bias')); // [B,L]
}

export interface NatDecoded {
  /** [B, T, V], T = the longest length asked for; positions past a row's length are padding */
  logits: Tensor;
  trace: Trace | null;
}

/**
 * The parallel decoder pass: row b fills `lengths[b]` positions, every input a copy of BOS
 * (+ its position); no causal mask. A length of 0 gives an empty row.
 */
export function natDecoderPass(m: NatModel, enc: Encoded, lengths: readonly number[], opts: ForwardOptions = {}): NatDecoded {
  const c = m.config;
  const B = lengths.length;
  if (B !== enc.memory.shape[0]) throw new Error(`NAT: ${B} lengths for a source batch of ${enc.memory.shape[0]}`);
  for (const n of lengths) {
    if (!Number.isInteger(n) || n < 0 || n > c.maxLen) throw new Error(`NAT: output length ${n} is outside 0–${c.maxLen}`);
  }
  const T = Math.max(1, ...lengths);
  const trace = opts.trace === false ? null : new Trace();
  const get = (n: string) => getParam(m.params, n);
  // placeholders: BOS at the row's positions, pad after (masked as keys, ignored as outputs)
  const tokens = lengths.map((n) => Array.from({ length: T }, (_, t) => (t < n ? c.bos : c.pad)));
  const e = scale(embedding(tokens, get('tgt_embed.weight')), Math.sqrt(c.dModel)); // [B,T,D]
  const pe = positionalEncoding(T, c.dModel); // [T,D]
  let x = add(e, pe); // [B,T,D]
  if (trace) {
    trace.set('dec.embed', e);
    trace.set('dec.pos', pe);
    trace.set('dec.input', x);
  }
  const selfPad = paddingMask(tokens, c.pad);
  const hasPad = selfPad.data.some((v) => v !== 0);
  const masks = {
    self: hasPad ? attentionMask(B, T, T, null, selfPad) : null, // [B,1,T,T]: no causal mask
    cross: attentionMask(B, T, enc.memory.shape[1], null, enc.srcPadding), // [B,1,T,S]
  };
  const lo: LayerOptions = { nHead: c.nHead, normFirst: c.normFirst, activation: c.activation, eps: c.eps };
  for (let i = 0; i < c.numDecoderLayers; i++) {
    x = decoderLayer(x, enc.memory, get, `transformer.decoder.layers.${i}`, lo, masks, trace, `dec.${i}`);
  }
  const out = layerNorm(x, get('transformer.decoder.norm.weight'), get('transformer.decoder.norm.bias'), c.eps);
  const logits = linear(out, get('generator.weight'), get('generator.bias')); // [B,T,V]
  if (trace) {
    trace.set('dec.output', out);
    trace.set('logits', logits);
    trace.set('probs', softmax(logits));
  }
  return { logits, trace };
}

export interface NatForwardResult {
  memory: Tensor;
  /** [B, L] */
  lengthLogits: Tensor;
  /** [B, T, V] */
  logits: Tensor;
  trace: Trace | null;
}

/** Encoder, length predictor and one decoder pass with the given lengths (training: the true lengths). */
export function natForward(m: NatModel, src: readonly (readonly number[])[], lengths: readonly number[], opts: ForwardOptions = {}): NatForwardResult {
  const enc = natEncode(m, src, opts);
  const ll = lengthLogits(m, enc);
  const dec = natDecoderPass(m, enc, lengths, opts);
  return { memory: enc.memory, lengthLogits: ll, logits: dec.logits, trace: enc.trace && dec.trace ? Trace.merge(enc.trace, dec.trace) : null };
}
