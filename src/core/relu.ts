/** ReLU: max(0, x). */
import { Tensor } from './tensor';

export function relu(x: Tensor): Tensor {
  const out = new Tensor(x.shape);
  const s = x.data, d = out.data;
  for (let i = 0; i < d.length; i++) d[i] = s[i] > 0 ? s[i] : 0;
  return out;
}
