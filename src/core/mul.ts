/** a * b with broadcasting, and multiplication by a plain number. */
import { Tensor, gradOf, needsGrad, record } from './tensor';
import { binaryOp, type BinaryGrad } from './binary';

// d(xy)/dx = y, d(xy)/dy = x
const MUL_GRAD: BinaryGrad = { da: (_x, y) => y, db: (x) => x };

export function mul(a: Tensor, b: Tensor): Tensor {
  return binaryOp('mul', a, b, (x, y) => x * y, MUL_GRAD);
}

export function scale(x: Tensor, s: number): Tensor {
  const out = new Tensor(x.shape);
  const src = x.data, dst = out.data;
  for (let i = 0; i < dst.length; i++) dst[i] = src[i] * s;
  if (!needsGrad(x)) return out;
  return record(out, [x], () => {
    const g = out.grad!, gx = gradOf(x);
    for (let i = 0; i < g.length; i++) gx[i] += g[i] * s;
  });
}
