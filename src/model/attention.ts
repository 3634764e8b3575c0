/**
 * Attention: the scoring functions of the lectures, scaled dot-product
 * attention, and multi-head attention in the layout of torch.nn.MultiheadAttention.
 */
import {
  Tensor, Mask, add, linear, matmul, matmulNT, maskedFill, permute, reshape, scale, softmax, tanh, transpose,
  attentionMask, fmtShape,
} from '../core';

// ------------------------------------------------------------ scoring functions

export type ScoreKind = 'dot' | 'scaled_dot' | 'general' | 'additive';

export interface ScoreParams {
  /** general: q_iᵀ W k_j, W [d, d] */
  W?: Tensor;
  /** additive: va · tanh(Wq q_i + Wk k_j), Wq [da, dq] and Wk [da, dk] in [out, in] layout, va [da] */
  Wq?: Tensor;
  Wk?: Tensor;
  va?: Tensor;
}

/** Scores [Tq, Tk] of queries q [Tq, d] against keys k [Tk, d]. */
export function attentionScores(kind: ScoreKind, q: Tensor, k: Tensor, p: ScoreParams = {}): Tensor {
  if (q.rank !== 2 || k.rank !== 2) throw new Error(`attentionScores: q and k must be [T, d], q is ${fmtShape(q.shape)}, k is ${fmtShape(k.shape)}`);
  const need = (t: Tensor | undefined, name: string): Tensor => {
    if (!t) throw new Error(`attentionScores: ${kind} needs ${name}`);
    return t;
  };
  switch (kind) {
    case 'dot':
      if (q.shape[1] !== k.shape[1]) throw new Error(`attentionScores: q and k sizes differ, q is ${fmtShape(q.shape)}, k is ${fmtShape(k.shape)}`);
      return matmul(q, transpose(k)); // [Tq,Tk]
    case 'scaled_dot':
      if (q.shape[1] !== k.shape[1]) throw new Error(`attentionScores: q and k sizes differ, q is ${fmtShape(q.shape)}, k is ${fmtShape(k.shape)}`);
      return scale(matmul(q, transpose(k)), 1 / Math.sqrt(q.shape[1]));
    case 'general':
      return matmul(matmul(q, need(p.W, 'W')), transpose(k)); // (qW)kᵀ: [Tq,d]·[d,d]·[d,Tk]
    case 'additive': {
      const Wq = need(p.Wq, 'Wq'), Wk = need(p.Wk, 'Wk'), va = need(p.va, 'va');
      const da = Wq.shape[0];
      const pq = reshape(linear(q, Wq), [q.shape[0], 1, da]); // [Tq,1,da]
      const pk = reshape(linear(k, Wk), [1, k.shape[0], da]); // [1,Tk,da]
      const h = tanh(add(pq, pk)); // [Tq,Tk,da]
      return reshape(matmul(h, reshape(va, [da, 1])), [q.shape[0], k.shape[0]]); // [Tq,Tk]
    }
    default: {
      const never: never = kind;
      throw new Error(`attentionScores: unknown kind ${String(never)}`);
    }
  }
}

// ------------------------------------------------------------ scaled dot-product

export interface SdpaResult {
  /** QKᵀ [..., Tq, Tk] */
  scores: Tensor;
  /** QKᵀ / √d_k */
  scaled: Tensor;
  /** scaled with −∞ where masked (the same tensor as `scaled` when there is no mask) */
  masked: Tensor;
  /** softmax over keys; masked entries exactly 0, a fully masked row all 0 */
  weights: Tensor;
  /** weights · V [..., Tq, Dv] */
  output: Tensor;
}

/** softmax(QKᵀ/√d_k)·V; q [..., Tq, d], k [..., Tk, d], v [..., Tk, dv], mask broadcasting to [..., Tq, Tk]. */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, mask?: Mask | null): SdpaResult {
  const dk = q.shape[q.rank - 1];
  const scores = matmulNT(q, k); // QKᵀ [..., Tq, Tk]
  const scaled = scale(scores, 1 / Math.sqrt(dk));
  const weights = softmax(scaled, mask);
  const output = matmul(weights, v); // [..., Tq, Dv]
  // `masked` only illustrates the −∞ cells (softmax takes the mask itself), so it is
  // computed on first read: a forward pass without a trace never pays for it.
  let masked: Tensor | null = mask ? null : scaled;
  return {
    scores, scaled, weights, output,
    get masked(): Tensor {
      masked ??= maskedFill(scaled, mask!, -Infinity);
      return masked;
    },
  };
}

// ------------------------------------------------------------ multi-head

export interface MhaParams {
  /** [3D, D]: rows 0..D-1 project queries, D..2D-1 keys, 2D..3D-1 values */
  inProjWeight: Tensor;
  inProjBias: Tensor;
  outProjWeight: Tensor;
  outProjBias: Tensor;
}

export interface MhaResult extends SdpaResult {
  /** per-head projections [B, H, T, Dh] */
  q: Tensor;
  k: Tensor;
  v: Tensor;
  /** per-head outputs [B, H, Tq, Dh] (= SDPA output) */
  headOut: Tensor;
  /** heads side by side [B, Tq, D] */
  concat: Tensor;
  /** after out_proj [B, Tq, D] — the layer's output */
  out: Tensor;
}

export interface MhaMasks {
  /** [Tq, Tk], true = masked (e.g. the causal mask) */
  attnMask?: Mask | null;
  /** [B, Tk], true = the key is padding */
  keyPaddingMask?: Mask | null;
  /**
   * Both already combined into [B, 1, Tq, Tk] by `attentionMask` (then the two above are
   * ignored): a model builds each of its masks once per pass instead of once per layer.
   */
  combined?: Mask | null;
}

export function mhaParamsFrom(get: (name: string) => Tensor, prefix: string): MhaParams {
  return {
    inProjWeight: get(`${prefix}.in_proj_weight`),
    inProjBias: get(`${prefix}.in_proj_bias`),
    outProjWeight: get(`${prefix}.out_proj.weight`),
    outProjBias: get(`${prefix}.out_proj.bias`),
  };
}

/**
 * Multi-head attention as torch.nn.MultiheadAttention(batch_first=True):
 * query [B, Tq, D], key and value [B, Tk, D] -> output [B, Tq, D] and weights [B, H, Tq, Tk]
 * (every head's weights; PyTorch would average them unless average_attn_weights=False).
 */
export function multiHeadAttention(
  query: Tensor, key: Tensor, value: Tensor, p: MhaParams, nHead: number, masks: MhaMasks = {},
): MhaResult {
  if (query.rank !== 3 || key.rank !== 3 || value.rank !== 3) {
    throw new Error(`multiHeadAttention: inputs must be [B, T, D], query is ${fmtShape(query.shape)}, key is ${fmtShape(key.shape)}`);
  }
  const [B, Tq, D] = query.shape;
  const Tk = key.shape[1];
  if (key.shape[0] !== B || value.shape[0] !== B || key.shape[2] !== D || value.shape[2] !== D || value.shape[1] !== Tk) {
    throw new Error(`multiHeadAttention: key/value do not fit the query, query is ${fmtShape(query.shape)}, key is ${fmtShape(key.shape)}, value is ${fmtShape(value.shape)}`);
  }
  if (D % nHead !== 0) throw new Error(`multiHeadAttention: d_model ${D} is not divisible by ${nHead} heads`);
  if (p.inProjWeight.shape[0] !== 3 * D || p.inProjWeight.shape[1] !== D) {
    throw new Error(`multiHeadAttention: in_proj_weight must be [${3 * D},${D}], got ${fmtShape(p.inProjWeight.shape)}`);
  }
  const H = nHead, Dh = D / H;
  const split = (x: Tensor, T: number) => permute(reshape(x, [B, T, H, Dh]), [0, 2, 1, 3]); // [B,H,T,Dh]
  const proj = (x: Tensor, part: number) => linear(x, p.inProjWeight, p.inProjBias, part * D, D); // [B,T,D]
  const q = split(proj(query, 0), Tq);
  const k = split(proj(key, 1), Tk);
  const v = split(proj(value, 2), Tk);
  const mask = masks.combined !== undefined ? masks.combined : attentionMask(B, Tq, Tk, masks.attnMask, masks.keyPaddingMask); // [B,1,Tq,Tk] | null
  const att = scaledDotProductAttention(q, k, v, mask); // weights [B,H,Tq,Tk], output [B,H,Tq,Dh]
  const concat = reshape(permute(att.output, [0, 2, 1, 3]), [B, Tq, D]); // [B,Tq,D]
  const out = linear(concat, p.outProjWeight, p.outProjBias); // [B,Tq,D]
  return {
    q, k, v, scores: att.scores, scaled: att.scaled, weights: att.weights, headOut: att.output, concat, out, output: out,
    get masked() {
      return att.masked;
    },
  };
}
