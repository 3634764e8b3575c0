/**
 * Incremental decoding with a key/value cache, for the search strategies (beam,
 * sampling, forced prefixes, the evaluation of many inputs): each layer keeps the
 * keys and values of the positions already decoded, so a step runs the decoder
 * over the new token only — O(T) per step instead of O(T²).
 *
 * It computes exactly what `decode` (the full masked pass) computes for the last
 * position: the same ops on the same rows (every kernel of the core sums a row's
 * dot products in an order that does not depend on the other rows), the causal
 * mask replaced by "the keys are the positions so far", and a generated pad token
 * masked as a key as `decode`'s target padding mask does. A test compares the two.
 * The tour keeps the full masked pass (greedy.ts): it shows every position.
 *
 * Shapes: B hypotheses, H heads, Dh = D / H, P positions decoded so far (BOS first),
 * S source positions, V target vocabulary.
 */
import {
  Mask, Tensor, add, embedding, gelu, layerNorm, linear, matmul, matmulNT, narrow, permute, positionalEncoding, relu, reshape,
  scale, softmax,
} from '../core';
import { decode, encode, getParam, type Encoded, type Seq2SeqModel } from '../model';

/** One layer's cached keys and values, [B, H, P, Dh] each. */
interface LayerCache {
  k: Tensor;
  v: Tensor;
}

/** The cache after a call: rows by prefix, every layer's keys and values, which keys are pad. */
interface CacheState {
  /** prefix (generated tokens joined by ',') → row */
  rows: Map<string, number>;
  /** P: positions in the cache (BOS + the prefix) */
  positions: number;
  layers: LayerCache[];
  /** [B][P] true where that position's token is pad (masked as a key, as `decode` does) */
  padKeys: boolean[][];
}

const key = (p: readonly number[]) => p.join(',');

export class IncrementalDecoder {
  readonly encoded: Encoded;
  /** per decoder layer, the cross-attention keys and values of the memory, [1, H, S, Dh] */
  private readonly cross: LayerCache[];
  private readonly crossMask: Mask | null;
  private state: CacheState | null = null;
  /** decoder passes run so far (a cached step over B new tokens counts as one) */
  passes = 0;

  constructor(readonly model: Seq2SeqModel, readonly src: readonly number[]) {
    this.encoded = encode(model, [src], { trace: false });
    const c = model.config, D = c.dModel, H = c.nHead, S = src.length;
    const get = (n: string) => getParam(model.params, n);
    const heads = (x: Tensor, T: number) => permute(reshape(x, [x.shape[0], T, H, D / H]), [0, 2, 1, 3]); // [B,H,T,Dh]
    this.cross = [];
    for (let i = 0; i < c.numDecoderLayers; i++) {
      const p = `transformer.decoder.layers.${i}.multihead_attn`;
      const w = get(`${p}.in_proj_weight`), b = get(`${p}.in_proj_bias`);
      this.cross.push({
        k: heads(linear(this.encoded.memory, w, b, D, D), S), // [1,H,S,Dh]
        v: heads(linear(this.encoded.memory, w, b, 2 * D, D), S),
      });
    }
    const pad = this.encoded.srcPadding;
    this.crossMask = pad.data.some((x) => x !== 0) ? new Mask([1, 1, 1, S], Uint8Array.from(pad.data)) : null;
  }

  /** Forgets the cache (the next call starts from BOS). */
  reset(): void {
    this.state = null;
  }

  /**
   * Logits [B·V] of the token after each prefix, by re-running the full masked decoder over
   * BOS + prefix (prefixes grouped by length). No cache.
   */
  logitsFull(prefixes: readonly (readonly number[])[]): Float32Array {
    const c = this.model.config, V = c.tgtVocab;
    const out = new Float32Array(prefixes.length * V);
    const byLen = new Map<number, number[]>();
    prefixes.forEach((p, i) => byLen.set(p.length, [...(byLen.get(p.length) ?? []), i]));
    for (const [len, idx] of byLen) {
      const B = idx.length;
      const enc = this.repeated(B);
      const { logits } = decode(this.model, enc, idx.map((i) => [c.bos, ...prefixes[i]]), { trace: false }); // [B,T,V]
      this.passes++;
      idx.forEach((i, b) => out.set(logits.data.subarray((b * (len + 1) + len) * V, (b * (len + 1) + len + 1) * V), i * V));
    }
    return out;
  }

  /**
   * Logits [B·V] of the token after each prefix, using the cache: when every prefix extends
   * one of the previous call's prefixes by one token, only the new tokens are decoded. Any
   * other batch (the first call, prefixes of mixed lengths, an unknown parent) rebuilds the
   * cache from BOS, token by token.
   */
  logitsCached(prefixes: readonly (readonly number[])[]): Float32Array {
    const s = this.state;
    const P = prefixes[0].length;
    const sameLength = prefixes.every((p) => p.length === P);
    if (!sameLength) {
      this.state = null;
      return this.logitsFull(prefixes);
    }
    if (s && P === s.positions) {
      const parents = prefixes.map((p) => s.rows.get(key(p.slice(0, -1))));
      if (parents.every((r) => r !== undefined)) {
        return this.advance(s, prefixes, parents as number[], prefixes.map((p) => p[P - 1]));
      }
    }
    // rebuild from BOS: P + 1 steps over the whole batch
    let st = this.emptyState(prefixes.length);
    const identity = prefixes.map((_, b) => b);
    let logits = this.advance(st, prefixes.map(() => []), identity, prefixes.map(() => this.model.config.bos));
    for (let t = 1; t <= P; t++) {
      st = this.state!;
      logits = this.advance(st, prefixes.map((p) => p.slice(0, t)), identity, prefixes.map((p) => p[t - 1]));
    }
    return logits;
  }

  /** The encoder output repeated for a batch of B (for the full pass). */
  private repeated(B: number): Encoded {
    const m = this.encoded.memory, [, S, D] = m.shape;
    const memory = new Tensor([B, S, D]);
    for (let b = 0; b < B; b++) memory.data.set(m.data, b * S * D);
    const srcPadding = new Mask([B, S]);
    for (let b = 0; b < B; b++) srcPadding.data.set(this.encoded.srcPadding.data, b * S);
    return { memory, srcPadding, trace: null };
  }

  private emptyState(B: number): CacheState {
    const c = this.model.config, H = c.nHead, Dh = c.dModel / H;
    const empty = () => new Tensor([B, H, 0, Dh]);
    return {
      rows: new Map(), positions: 0, padKeys: Array.from({ length: B }, () => []),
      layers: Array.from({ length: c.numDecoderLayers }, () => ({ k: empty(), v: empty() })),
    };
  }

  /**
   * One decoder step over B new tokens at position s.positions: row b continues the cached
   * row parents[b] with tokens[b] and becomes `prefixes[b]`. Returns the logits [B·V].
   */
  private advance(s: CacheState, prefixes: readonly (readonly number[])[], parents: readonly number[], tokens: readonly number[]): Float32Array {
    const m = this.model, c = m.config, D = c.dModel, H = c.nHead, Dh = D / H, B = tokens.length, pos = s.positions;
    if (pos + 1 > c.maxLen) throw new Error(`incremental decoding: position ${pos + 1} is beyond the model's maximum length ${c.maxLen}`);
    const get = (n: string) => getParam(m.params, n);
    const padKeys = parents.map((p, b) => [...s.padKeys[p], tokens[b] === c.pad]);
    const anyPad = padKeys.some((row) => row.some((x) => x));
    let selfMask: Mask | null = null;
    if (anyPad) {
      selfMask = new Mask([B, 1, 1, pos + 1]);
      padKeys.forEach((row, b) => row.forEach((x, j) => (selfMask!.data[b * (pos + 1) + j] = x ? 1 : 0)));
    }
    // embedding × √D + the positional encoding of this position, as `decode` does
    const e = scale(embedding(tokens.map((t) => [t]), get('tgt_embed.weight')), Math.sqrt(D)); // [B,1,D]
    let x = add(e, narrow(positionalEncoding(pos + 1, D), 0, pos, 1)); // [B,1,D]
    // with one position, [B,1,H,Dh] and [B,H,1,Dh] have the same memory layout: the head split
    // and merge that `multiHeadAttention` does with permute are reshapes here (no copy)
    const heads = (t: Tensor) => reshape(t, [B, H, 1, Dh]); // [B,1,D] -> [B,H,1,Dh]
    const merge = (t: Tensor) => reshape(t, [B, 1, D]); // [B,H,1,Dh] -> [B,1,D]
    const layers: LayerCache[] = [];
    const norm = (t: Tensor, n: string) => layerNorm(t, get(`${n}.weight`), get(`${n}.bias`), c.eps);
    for (let i = 0; i < c.numDecoderLayers; i++) {
      const p = `transformer.decoder.layers.${i}`;
      const selfAttn = (h: Tensor): Tensor => {
        const w = get(`${p}.self_attn.in_proj_weight`), bias = get(`${p}.self_attn.in_proj_bias`);
        const q = heads(linear(h, w, bias, 0, D)); // [B,H,1,Dh]
        const k = appendRows(s.layers[i].k, parents, heads(linear(h, w, bias, D, D))); // [B,H,P+1,Dh]
        const v = appendRows(s.layers[i].v, parents, heads(linear(h, w, bias, 2 * D, D)));
        layers.push({ k, v });
        const weights = softmax(scale(matmulNT(q, k), 1 / Math.sqrt(Dh)), selfMask); // [B,H,1,P+1]
        return linear(merge(matmul(weights, v)), get(`${p}.self_attn.out_proj.weight`), get(`${p}.self_attn.out_proj.bias`));
      };
      const crossAttn = (h: Tensor): Tensor => {
        const w = get(`${p}.multihead_attn.in_proj_weight`), bias = get(`${p}.multihead_attn.in_proj_bias`);
        const q = heads(linear(h, w, bias, 0, D)); // [B,H,1,Dh]
        const weights = softmax(scale(matmulNT(q, this.cross[i].k), 1 / Math.sqrt(Dh)), this.crossMask); // [B,H,1,S]
        return linear(merge(matmul(weights, this.cross[i].v)), get(`${p}.multihead_attn.out_proj.weight`), get(`${p}.multihead_attn.out_proj.bias`));
      };
      const ffn = (h: Tensor): Tensor => {
        const hidden = linear(h, get(`${p}.linear1.weight`), get(`${p}.linear1.bias`)); // [B,1,F]
        return linear(c.activation === 'gelu' ? gelu(hidden) : relu(hidden), get(`${p}.linear2.weight`), get(`${p}.linear2.bias`));
      };
      if (c.normFirst) {
        const x1 = add(x, selfAttn(norm(x, `${p}.norm1`)));
        const x2 = add(x1, crossAttn(norm(x1, `${p}.norm2`)));
        x = add(x2, ffn(norm(x2, `${p}.norm3`)));
      } else {
        const x1 = norm(add(x, selfAttn(x)), `${p}.norm1`);
        const x2 = norm(add(x1, crossAttn(x1)), `${p}.norm2`);
        x = norm(add(x2, ffn(x2)), `${p}.norm3`);
      }
    }
    const out = layerNorm(x, get('transformer.decoder.norm.weight'), get('transformer.decoder.norm.bias'), c.eps);
    const logits = linear(out, get('generator.weight'), get('generator.bias')); // [B,1,V]
    this.passes++;
    this.state = { rows: new Map(prefixes.map((p, b) => [key(p), b])), positions: pos + 1, layers, padKeys };
    return logits.data;
  }
}

/** [B, H, P+1, Dh]: row b is cached row parents[b] ([Bp, H, P, Dh]) followed by fresh[b] ([B, H, 1, Dh]). */
function appendRows(cached: Tensor, parents: readonly number[], fresh: Tensor): Tensor {
  const [, H, P, Dh] = cached.shape, B = parents.length;
  const out = new Tensor([B, H, P + 1, Dh]);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const from = ((parents[b] * H + h) * P) * Dh, to = ((b * H + h) * (P + 1)) * Dh;
      out.data.set(cached.data.subarray(from, from + P * Dh), to);
      out.data.set(fresh.data.subarray((b * H + h) * Dh, (b * H + h + 1) * Dh), to + P * Dh);
    }
  }
  return out;
}
