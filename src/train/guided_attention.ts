/**
 * Guided attention (Tachibana, Uenoyama & Aihara 2017, "Efficiently Trainable Text-to-Speech
 * System Based on Deep Convolutional Networks with Guided Attention"): a prior that the
 * alignment of a monotonic task lies near the diagonal. With N source positions and T
 * target positions,
 *
 *   W[t][n] = 1 − exp(−(n/N − t/T)² / (2g²))
 *
 * is 0 on the diagonal and grows away from it; the loss is the mean of A ⊙ W over the
 * cross-attention weights A of the chosen layers and heads (every valid cell of every
 * example: t < T_b, n < N_b), added to the cross-entropy with a weight λ. Its gradient is
 * W / count on each cell, which flows through the softmax into the parameters.
 *
 * `prior: 'anti-diagonal'` is the band for a task whose alignment runs backwards, as
 * reverse's does: the source positions before the last are taken in reverse order
 * (n → N − 2 − n), the last, the source's <eos>, stays last (it aligns with the target's
 * <eos>). For reverse this puts every cell of the true alignment at W = 0.
 */
import { Tensor, fmtShape, gradOf, needsGrad, record } from '../core';

export type AlignmentPrior = 'diagonal' | 'anti-diagonal';

export interface GuidedAttentionOptions {
  /** λ, the weight of the guided-attention term in the training loss */
  weight: number;
  /** g, the width of the band (Tachibana et al. use 0.2) */
  sigma: number;
  /** decoder layers whose cross-attention is guided (null: every layer) */
  layers: readonly number[] | null;
  /** heads guided in each of those layers (null: every head) */
  heads: readonly number[] | null;
  prior: AlignmentPrior;
}

export const DEFAULT_GUIDED: GuidedAttentionOptions = { weight: 1, sigma: 0.2, layers: null, heads: null, prior: 'diagonal' };

/** The penalty W [T, N] (row-major: W[t * N + n]) for T target and N source positions. */
export function guidedAttentionPenalty(T: number, N: number, sigma: number, prior: AlignmentPrior = 'diagonal'): Float32Array {
  if (!(sigma > 0)) throw new Error(`guided attention: g must be > 0, got ${sigma}`);
  const W = new Float32Array(T * N);
  const twoG2 = 2 * sigma * sigma;
  for (let t = 0; t < T; t++) {
    for (let n = 0; n < N; n++) {
      const m = prior === 'diagonal' || n === N - 1 ? n : N - 2 - n;
      const d = m / N - t / T;
      W[t * N + n] = 1 - Math.exp(-(d * d) / twoG2);
    }
  }
  return W;
}

/**
 * The guided-attention loss over attention weights `weights` (one tensor [B, H, T, S] per
 * guided layer), for examples with `srcLens[b]` non-pad source and `tgtLens[b]` non-pad
 * target positions: the mean of A·W over the chosen heads' valid cells. A scalar with a
 * backward when the weights carry gradients.
 */
export function guidedAttentionLoss(
  weights: readonly Tensor[], srcLens: readonly number[], tgtLens: readonly number[],
  o: Pick<GuidedAttentionOptions, 'sigma' | 'heads' | 'prior'>,
): Tensor {
  if (weights.length === 0) throw new Error('guided attention: no attention weights to guide');
  const [B, H, T, S] = weights[0].shape;
  for (const w of weights) {
    if (w.rank !== 4 || w.shape[0] !== B || w.shape[1] !== H || w.shape[2] !== T || w.shape[3] !== S) {
      throw new Error(`guided attention: weights must all be [B,H,T,S] = ${fmtShape(weights[0].shape)}, got ${fmtShape(w.shape)}`);
    }
  }
  if (srcLens.length !== B || tgtLens.length !== B) {
    throw new Error(`guided attention: ${srcLens.length} source and ${tgtLens.length} target lengths for a batch of ${B}`);
  }
  const heads = o.heads ?? Array.from({ length: H }, (_, h) => h);
  for (const h of heads) if (!Number.isInteger(h) || h < 0 || h >= H) throw new Error(`guided attention: head ${h} is outside 0..${H - 1}`);
  // one penalty per example, laid out [T, S] with zeros outside its valid cells
  const penalty = new Float32Array(B * T * S);
  let cellsPerMap = 0;
  for (let b = 0; b < B; b++) {
    const N = srcLens[b], Tb = tgtLens[b];
    if (!(N >= 1 && N <= S && Tb >= 1 && Tb <= T)) throw new Error(`guided attention: example ${b} has lengths ${Tb}×${N} outside ${T}×${S}`);
    const W = guidedAttentionPenalty(Tb, N, o.sigma, o.prior);
    for (let t = 0; t < Tb; t++) for (let n = 0; n < N; n++) penalty[(b * T + t) * S + n] = W[t * N + n];
    cellsPerMap += Tb * N;
  }
  const count = cellsPerMap * heads.length * weights.length;
  let total = 0;
  for (const w of weights) {
    for (let b = 0; b < B; b++) {
      for (const h of heads) {
        const a = ((b * H + h) * T) * S, p = b * T * S;
        for (let i = 0; i < T * S; i++) total += w.data[a + i] * penalty[p + i];
      }
    }
  }
  const loss = new Tensor([], Float32Array.of(total / count));
  if (!needsGrad(...weights)) return loss;
  return record(loss, [...weights], () => {
    const g = loss.grad![0] / count;
    for (const w of weights) {
      if (!w.requiresGrad) continue;
      const gw = gradOf(w);
      for (let b = 0; b < B; b++) {
        for (const h of heads) {
          const a = ((b * H + h) * T) * S, p = b * T * S;
          for (let i = 0; i < T * S; i++) gw[a + i] += g * penalty[p + i];
        }
      }
    }
  });
}
