/**
 * Adam (Kingma & Ba) with the β₂ = 0.98, ε = 1e-9 of "Attention Is All You Need",
 * bias-corrected, updating parameters in place (parameters are the one thing
 * training mutates; ops stay pure). State is kept in float64 for determinism
 * and accuracy; the parameters stay float32.
 */
import type { Tensor } from '../core';

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
}

export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private readonly m = new Map<Tensor, Float64Array>();
  private readonly v = new Map<Tensor, Float64Array>();
  step = 0;

  constructor(readonly params: readonly Tensor[], o: AdamOptions = {}) {
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.98;
    this.eps = o.eps ?? 1e-9;
    this.weightDecay = o.weightDecay ?? 0;
    for (const p of params) {
      this.m.set(p, new Float64Array(p.size));
      this.v.set(p, new Float64Array(p.size));
    }
  }

  /** One update with learning rate `lr` from the parameters' `.grad` (missing grads count as zero). */
  update(lr: number): void {
    this.step++;
    const b1 = this.beta1, b2 = this.beta2;
    const c1 = 1 - Math.pow(b1, this.step), c2 = 1 - Math.pow(b2, this.step);
    const stepSize = lr / c1;
    for (const p of this.params) {
      const g = p.grad;
      if (!g) continue;
      const m = this.m.get(p)!, v = this.v.get(p)!, w = p.data;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i] + this.weightDecay * w[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        w[i] -= (stepSize * m[i]) / (Math.sqrt(v[i] / c2) + this.eps);
      }
    }
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }
}

/** Scales all gradients so that their global L2 norm is at most `maxNorm`; returns the norm before clipping. */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): number {
  let sq = 0;
  for (const p of params) if (p.grad) for (const g of p.grad) sq += g * g;
  const norm = Math.sqrt(sq);
  if (norm > maxNorm && norm > 0) {
    const s = maxNorm / (norm + 1e-6);
    for (const p of params) if (p.grad) for (let i = 0; i < p.grad.length; i++) p.grad[i] *= s;
  }
  return norm;
}
