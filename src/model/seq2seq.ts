/**
 * The encoder–decoder Transformer (torch.nn.Transformer with its final encoder
 * and decoder norms), token embeddings × √D plus sinusoidal positions, and a
 * generator to vocabulary logits. Every function can record a typed trace.
 */
import {
  Tensor, Mask, add, attentionMask, causalMask, embedding, layerNorm, linear, logSoftmax, paddingMask, positionalEncoding,
  scale, softmax,
} from '../core';
import type { ModelConfig } from './config';
import { getParam, type Seq2SeqModel } from './params';
import { decoderLayer, encoderLayer, type LayerOptions, type ParamGetter } from './layers';
import { Trace, type TraceFilter } from './trace';

export interface ForwardOptions {
  /** record every intermediate tensor (default true); training turns it off */
  trace?: boolean;
  /**
   * With `trace` on, record only the entries this accepts (e.g. the cross-attention
   * weights a guided-attention loss reads, which then keep their place on the autograd
   * tape); entries not kept are not computed when they are only illustrations.
   */
  keep?: TraceFilter;
}

function newTrace(opts: ForwardOptions): Trace | null {
  return opts.trace === false ? null : new Trace(opts.keep ?? null);
}

export interface Encoded {
  /** [B, S, D] */
  memory: Tensor;
  /** [B, S], true where the source token is pad */
  srcPadding: Mask;
  trace: Trace | null;
}

export interface Decoded {
  /** [B, T, V] */
  logits: Tensor;
  trace: Trace | null;
}

function getter(m: Seq2SeqModel): ParamGetter {
  return (name) => getParam(m.params, name);
}

function layerOptions(c: ModelConfig): LayerOptions {
  return { nHead: c.nHead, normFirst: c.normFirst, activation: c.activation, eps: c.eps };
}

/** Checks a batch of token ids: rectangular, non-empty, in the vocabulary, not too long. */
export function checkTokens(what: string, tokens: readonly (readonly number[])[], vocab: number, maxLen: number): void {
  if (tokens.length === 0) throw new Error(`${what}: the batch is empty`);
  const t = tokens[0].length;
  if (t === 0) throw new Error(`${what}: sequences are empty`);
  if (t > maxLen) throw new Error(`${what}: length ${t} is longer than the model's maximum ${maxLen}`);
  for (const row of tokens) {
    if (row.length !== t) throw new Error(`${what}: sequences have different lengths (${t} and ${row.length}); pad them`);
    for (const id of row) {
      if (!Number.isInteger(id) || id < 0 || id >= vocab) throw new Error(`${what}: token id ${id} is outside the vocabulary of ${vocab}`);
    }
  }
}

/** embedding × √D + positional encoding; records `${side}.embed`, `${side}.pos`, `${side}.input`. */
function embed(tokens: readonly (readonly number[])[], weight: Tensor, d: number, trace: Trace | null, side: 'enc' | 'dec'): Tensor {
  const e = scale(embedding(tokens, weight), Math.sqrt(d)); // [B,T,D]
  const pe = positionalEncoding(tokens[0].length, d); // [T,D]
  const x = add(e, pe); // [B,T,D]
  if (trace) {
    trace.set(`${side}.embed`, e);
    trace.set(`${side}.pos`, pe);
    trace.set(`${side}.input`, x);
  }
  return x;
}

/** Runs the encoder once over a (padded) batch of source ids [B][S]. */
export function encode(m: Seq2SeqModel, src: readonly (readonly number[])[], opts: ForwardOptions = {}): Encoded {
  const c = m.config;
  checkTokens('encode', src, c.srcVocab, c.maxLen);
  const trace = newTrace(opts);
  const get = getter(m);
  const srcPadding = paddingMask(src, c.pad); // [B,S]
  let x = embed(src, get('src_embed.weight'), c.dModel, trace, 'enc');
  const lo = layerOptions(c);
  const S = src[0].length;
  const selfMask = attentionMask(src.length, S, S, null, srcPadding); // [B,1,S,S]
  for (let i = 0; i < c.numEncoderLayers; i++) {
    x = encoderLayer(x, get, `transformer.encoder.layers.${i}`, lo, selfMask, trace, `enc.${i}`);
  }
  const memory = layerNorm(x, get('transformer.encoder.norm.weight'), get('transformer.encoder.norm.bias'), c.eps);
  if (trace) trace.set('enc.memory', memory);
  return { memory, srcPadding, trace };
}

/**
 * Runs the decoder over target ids [B][T] (BOS first) against an encoded source:
 * causal self-attention, cross-attention over the memory, final norm, generator.
 */
export function decode(m: Seq2SeqModel, enc: Encoded, tgtIn: readonly (readonly number[])[], opts: ForwardOptions = {}): Decoded {
  const c = m.config;
  checkTokens('decode', tgtIn, c.tgtVocab, c.maxLen);
  if (tgtIn.length !== enc.memory.shape[0]) {
    throw new Error(`decode: target batch ${tgtIn.length} differs from the source batch ${enc.memory.shape[0]}`);
  }
  const trace = newTrace(opts);
  const get = getter(m);
  const T = tgtIn[0].length;
  const B = tgtIn.length, S = enc.memory.shape[1];
  const masks = {
    self: attentionMask(B, T, T, causalMask(T), paddingMask(tgtIn, c.pad)), // [B,1,T,T]
    cross: attentionMask(B, T, S, null, enc.srcPadding), // [B,1,T,S]
  };
  let x = embed(tgtIn, get('tgt_embed.weight'), c.dModel, trace, 'dec');
  const lo = layerOptions(c);
  for (let i = 0; i < c.numDecoderLayers; i++) {
    x = decoderLayer(x, enc.memory, get, `transformer.decoder.layers.${i}`, lo, masks, trace, `dec.${i}`);
  }
  const out = layerNorm(x, get('transformer.decoder.norm.weight'), get('transformer.decoder.norm.bias'), c.eps);
  const logits = linear(out, get('generator.weight'), get('generator.bias')); // [B,T,V]
  if (trace) {
    trace.set('dec.output', out);
    trace.set('logits', logits);
    if (trace.wants('probs')) trace.set('probs', softmax(logits));
  }
  return { logits, trace };
}

export interface ForwardResult {
  /** [B, S, D] */
  memory: Tensor;
  /** [B, T, V] */
  logits: Tensor;
  /** encoder and decoder entries together */
  trace: Trace | null;
}

/** The whole model with teacher forcing: source ids and decoder inputs -> logits and trace. */
export function forward(
  m: Seq2SeqModel, src: readonly (readonly number[])[], tgtIn: readonly (readonly number[])[], opts: ForwardOptions = {},
): ForwardResult {
  const enc = encode(m, src, opts);
  const dec = decode(m, enc, tgtIn, opts);
  return { memory: enc.memory, logits: dec.logits, trace: enc.trace && dec.trace ? Trace.merge(enc.trace, dec.trace) : null };
}

/** log-softmax of logits over the vocabulary (for losses and scores). */
export function logProbs(logits: Tensor): Tensor {
  return logSoftmax(logits);
}
