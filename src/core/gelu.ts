/** GELU in its exact form, x · Φ(x) = 0.5 · x · (1 + erf(x / √2)), as torch's default. */
import { Tensor, gradOf, needsGrad, record } from './tensor';

/**
 * erf(x) to about 1e-15 relative: a Taylor series near zero, and the continued
 * fraction of erfc (Lentz's method) further out.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1))
    let term = ax, sum = ax;
    const x2 = ax * ax;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    const r = (2 / Math.sqrt(Math.PI)) * sum;
    return x < 0 ? -r : r;
  }
  if (ax > 6) return x < 0 ? -1 : 1;
  // erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
  const tiny = 1e-300;
  let f = ax, c = ax, d = 0;
  for (let i = 1; i < 200; i++) {
    const a = i / 2;
    d = ax + a * d;
    d = d === 0 ? tiny : d;
    c = ax + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return x < 0 ? erfc - 1 : 1 - erfc;
}

export function geluScalar(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

export function gelu(x: Tensor): Tensor {
  const out = new Tensor(x.shape);
  const s = x.data, d = out.data;
  for (let i = 0; i < d.length; i++) d[i] = geluScalar(s[i]);
  if (!needsGrad(x)) return out;
  return record(out, [x], () => {
    // d/dx x·Φ(x) = Φ(x) + x·φ(x)
    const g = out.grad!, gx = gradOf(x);
    const c = 1 / Math.sqrt(2 * Math.PI);
    for (let i = 0; i < g.length; i++) {
      const v = s[i];
      gx[i] += g[i] * (0.5 * (1 + erf(v / Math.SQRT2)) + v * c * Math.exp(-0.5 * v * v));
    }
  });
}
