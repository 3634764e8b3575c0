/** a * b with broadcasting, and multiplication by a plain number. */
import { Tensor } from './tensor';
import { binaryForward } from './binary';

export function mul(a: Tensor, b: Tensor): Tensor {
  return binaryForward('mul', a, b, (x, y) => x * y).out;
}

export function scale(x: Tensor, s: number): Tensor {
  const out = new Tensor(x.shape);
  const src = x.data, dst = out.data;
  for (let i = 0; i < dst.length; i++) dst[i] = src[i] * s;
  return out;
}
