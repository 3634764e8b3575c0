/**
 * Finite-difference gradient check for core ops.
 *
 * f maps input tensors to one output tensor. The scalar checked is
 * L = Σ_i r_i · out_i with fixed random weights r (accumulated in float64), so
 * every output element takes part. The analytic gradient comes from `backward`;
 * the numeric one from central differences (x ± h), evaluated by re-running the op.
 * Float32 storage limits the precision of the numeric side to about 1e-4 relative,
 * hence the default tolerances.
 */
import { Tensor, Rng, backward } from '../../src/core';

export interface GradCheckOptions {
  h?: number;
  atol?: number;
  rtol?: number;
  seed?: number;
  /** which inputs to check (default all) */
  wrt?: number[];
}

export interface GradCheckResult {
  ok: boolean;
  worst: { input: number; index: number; analytic: number; numeric: number } | null;
}

export function gradCheck(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradCheckOptions = {}): GradCheckResult {
  const h = opts.h ?? 1e-2, atol = opts.atol ?? 2e-3, rtol = opts.rtol ?? 2e-2;
  const rng = new Rng(opts.seed ?? 1);
  const wrt = opts.wrt ?? inputs.map((_, i) => i);
  const probe = f(...inputs.map((t) => new Tensor(t.shape, Float32Array.from(t.data))));
  const r = new Float64Array(probe.size);
  for (let i = 0; i < r.length; i++) r[i] = rng.uniform(-1, 1);
  const scalar = (out: Tensor) => {
    let s = 0;
    for (let i = 0; i < out.size; i++) s += r[i] * out.data[i];
    return s;
  };
  // analytic
  const leaves = inputs.map((t, i) => {
    const c = new Tensor(t.shape, Float32Array.from(t.data));
    c.requiresGrad = wrt.includes(i);
    return c;
  });
  const out = f(...leaves);
  if (!out.requiresGrad) throw new Error('gradCheck: the output does not depend on any checked input');
  backward(out, Float32Array.from(r));
  let worst: GradCheckResult['worst'] = null, worstExcess = -Infinity, ok = true;
  for (const i of wrt) {
    const analytic = leaves[i].grad ?? new Float32Array(leaves[i].size);
    for (let j = 0; j < inputs[i].size; j++) {
      const plus = inputs.map((t) => new Tensor(t.shape, Float32Array.from(t.data)));
      const minus = inputs.map((t) => new Tensor(t.shape, Float32Array.from(t.data)));
      plus[i].data[j] += h;
      minus[i].data[j] -= h;
      const hp = plus[i].data[j] - inputs[i].data[j], hm = inputs[i].data[j] - minus[i].data[j]; // float32-rounded steps
      const numeric = (scalar(f(...plus)) - scalar(f(...minus))) / (hp + hm);
      const excess = Math.abs(analytic[j] - numeric) - (atol + rtol * Math.abs(numeric));
      if (excess > worstExcess) {
        worstExcess = excess;
        worst = { input: i, index: j, analytic: analytic[j], numeric };
      }
      if (excess > 0) ok = false;
    }
  }
  return { ok, worst };
}

/** A tensor of the given shape with values uniform in [lo, hi). */
export function randomTensor(shape: number[], seed: number, lo = -1, hi = 1): Tensor {
  const rng = new Rng(seed);
  const t = new Tensor(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(lo, hi);
  return t;
}
