/** Hyperbolic tangent, elementwise (used by additive / Bahdanau attention scores). */
import { Tensor } from './tensor';

export function tanh(x: Tensor): Tensor {
  const out = new Tensor(x.shape);
  const s = x.data, d = out.data;
  for (let i = 0; i < d.length; i++) d[i] = Math.tanh(s[i]);
  return out;
}
