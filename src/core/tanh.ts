/** Hyperbolic tangent, elementwise (used by additive / Bahdanau attention scores). */
import { Tensor, gradOf, needsGrad, record } from './tensor';

export function tanh(x: Tensor): Tensor {
  const out = new Tensor(x.shape);
  const s = x.data, d = out.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.tanh(s[i]);
  if (!needsGrad(x)) return out;
  return record(out, [x], () => {
    // d tanh = 1 − tanh²
    const g = out.grad!, gx = gradOf(x);
    for (let i = 0; i < g.length; i++) gx[i] += g[i] * (1 - d[i] * d[i]);
  });
}
