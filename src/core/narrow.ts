/** Narrow: the slice [start, start + length) of one axis (torch.narrow), copied. */
import { Tensor, fmtShape, normAxis, gradOf, needsGrad, record } from './tensor';

export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  const ax = normAxis(axis, x.rank, 'narrow');
  const dim = x.shape[ax];
  if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > dim) {
    throw new Error(`narrow: [${start}, ${start + length}) is outside axis ${ax} of shape ${fmtShape(x.shape)}`);
  }
  const outer = x.shape.slice(0, ax).reduce((p, d) => p * d, 1);
  const inner = x.shape.slice(ax + 1).reduce((p, d) => p * d, 1);
  const shape = [...x.shape];
  shape[ax] = length;
  const out = new Tensor(shape);
  for (let o = 0; o < outer; o++) {
    const from = (o * dim + start) * inner;
    out.data.set(x.data.subarray(from, from + length * inner), o * length * inner);
  }
  if (!needsGrad(x)) return out;
  return record(out, [x], () => {
    const g = out.grad!, gx = gradOf(x);
    for (let o = 0; o < outer; o++) {
      const from = (o * dim + start) * inner, src = o * length * inner;
      for (let i = 0; i < length * inner; i++) gx[from + i] += g[src + i];
    }
  });
}
