/** ReLU: max(0, x). */
import { Tensor, gradOf, needsGrad, record } from './tensor';

export function relu(x: Tensor): Tensor {
  const out = new Tensor(x.shape);
  const s = x.data, d = out.data;
  for (let i = 0; i < d.length; i++) d[i] = s[i] > 0 ? s[i] : 0;
  if (!needsGrad(x)) return out;
  return record(out, [x], () => {
    const g = out.grad!, gx = gradOf(x);
    for (let i = 0; i < g.length; i++) if (s[i] > 0) gx[i] += g[i];
  });
}
