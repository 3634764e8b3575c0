/**
 * Encoder and decoder layers as torch.nn.TransformerEncoderLayer /
 * TransformerDecoderLayer (batch_first, no dropout), post-LN (default, the
 * original paper) or pre-LN (norm_first), relu or gelu.
 *
 * post-LN: x = norm1(x + SA(x));        x = norm2(x + FFN(x))
 * pre-LN:  x = x + SA(norm1(x));        x = x + FFN(norm2(x))
 * The decoder adds cross-attention (queries from the decoder, keys and values
 * from the encoder memory) between the two, with norm2, and uses norm3 for the FFN.
 */
import { Tensor, add, gelu, layerNorm, linear, relu, type Mask } from '../core';
import type { Activation } from './config';
import { multiHeadAttention, mhaParamsFrom, type MhaResult } from './attention';
import type { AttnField, LayerField, Trace, TraceKey } from './trace';

export type ParamGetter = (name: string) => Tensor;

export interface LayerOptions {
  nHead: number;
  normFirst: boolean;
  activation: Activation;
  eps: number;
}

/** Records a layer's tensors under `${prefix}.${field}` when a trace is given. */
export class LayerRecorder {
  constructor(private readonly trace: Trace | null, private readonly prefix: string) {}

  put(field: LayerField, t: Tensor): Tensor {
    if (this.trace) this.trace.set(`${this.prefix}.${field}` as TraceKey, t);
    return t;
  }

  attention(kind: 'self_attn' | 'cross_attn', r: MhaResult): void {
    if (!this.trace) return;
    // getters, so that an entry the trace does not keep is never computed (`masked` is lazy)
    const fields: Record<AttnField, () => Tensor> = {
      q: () => r.q, k: () => r.k, v: () => r.v, scores: () => r.scores, scaled: () => r.scaled, masked: () => r.masked,
      weights: () => r.weights, head_out: () => r.headOut, concat: () => r.concat, out: () => r.out,
    };
    for (const f of Object.keys(fields) as AttnField[]) {
      const key = `${this.prefix}.${kind}.${f}` as TraceKey;
      if (this.trace.wants(key)) this.trace.set(key, fields[f]());
    }
  }
}

export function feedForward(x: Tensor, get: ParamGetter, prefix: string, activation: Activation, rec: LayerRecorder): Tensor {
  const h = linear(x, get(`${prefix}.linear1.weight`), get(`${prefix}.linear1.bias`)); // [B,T,F]
  const a = rec.put('ffn.hidden', activation === 'gelu' ? gelu(h) : relu(h));
  return rec.put('ffn.out', linear(a, get(`${prefix}.linear2.weight`), get(`${prefix}.linear2.bias`))); // [B,T,D]
}

function norm(x: Tensor, get: ParamGetter, name: string, eps: number): Tensor {
  return layerNorm(x, get(`${name}.weight`), get(`${name}.bias`), eps);
}

/**
 * One encoder layer; `prefix` is the state_dict prefix, `tracePrefix` e.g. `enc.0`;
 * `srcMask` is the source key-padding mask combined by `attentionMask` ([B,1,S,S]).
 */
export function encoderLayer(
  x: Tensor, get: ParamGetter, prefix: string, o: LayerOptions,
  srcMask: Mask | null, trace: Trace | null, tracePrefix: string,
): Tensor {
  const rec = new LayerRecorder(trace, tracePrefix);
  rec.put('input', x);
  const sa = (h: Tensor) => {
    const r = multiHeadAttention(h, h, h, mhaParamsFrom(get, `${prefix}.self_attn`), o.nHead, { combined: srcMask });
    rec.attention('self_attn', r);
    return r.out;
  };
  let y: Tensor;
  if (o.normFirst) {
    const x1 = rec.put('residual1', add(x, sa(rec.put('norm1', norm(x, get, `${prefix}.norm1`, o.eps)))));
    y = rec.put('residual2', add(x1, feedForward(rec.put('norm2', norm(x1, get, `${prefix}.norm2`, o.eps)), get, prefix, o.activation, rec)));
  } else {
    const x1 = rec.put('norm1', norm(rec.put('residual1', add(x, sa(x))), get, `${prefix}.norm1`, o.eps));
    y = rec.put('norm2', norm(rec.put('residual2', add(x1, feedForward(x1, get, prefix, o.activation, rec))), get, `${prefix}.norm2`, o.eps));
  }
  return rec.put('output', y);
}

/**
 * One decoder layer: masked self-attention, cross-attention over `memory`, feed-forward.
 * `masks.self` is causal + target padding ([B,1,T,T]), `masks.cross` the memory padding
 * ([B,1,T,S]), both combined by `attentionMask`.
 */
export function decoderLayer(
  x: Tensor, memory: Tensor, get: ParamGetter, prefix: string, o: LayerOptions,
  masks: { self: Mask | null; cross: Mask | null },
  trace: Trace | null, tracePrefix: string,
): Tensor {
  const rec = new LayerRecorder(trace, tracePrefix);
  rec.put('input', x);
  const sa = (h: Tensor) => {
    const r = multiHeadAttention(h, h, h, mhaParamsFrom(get, `${prefix}.self_attn`), o.nHead, { combined: masks.self });
    rec.attention('self_attn', r);
    return r.out;
  };
  const ca = (h: Tensor) => {
    const r = multiHeadAttention(h, memory, memory, mhaParamsFrom(get, `${prefix}.multihead_attn`), o.nHead, { combined: masks.cross });
    rec.attention('cross_attn', r);
    return r.out;
  };
  const n = (t: Tensor, which: 'norm1' | 'norm2' | 'norm3') => rec.put(which, norm(t, get, `${prefix}.${which}`, o.eps));
  let y: Tensor;
  if (o.normFirst) {
    const x1 = rec.put('residual1', add(x, sa(n(x, 'norm1'))));
    const x2 = rec.put('residual2', add(x1, ca(n(x1, 'norm2'))));
    y = rec.put('residual3', add(x2, feedForward(n(x2, 'norm3'), get, prefix, o.activation, rec)));
  } else {
    const x1 = n(rec.put('residual1', add(x, sa(x))), 'norm1');
    const x2 = n(rec.put('residual2', add(x1, ca(x1))), 'norm2');
    y = n(rec.put('residual3', add(x2, feedForward(x2, get, prefix, o.activation, rec))), 'norm3');
  }
  return rec.put('output', y);
}
