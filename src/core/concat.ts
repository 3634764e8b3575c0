/** Concatenation along one axis (torch.cat). */
import { Tensor, fmtShape, normAxis, gradOf, needsGrad, record } from './tensor';

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new Error('concat: no tensors given');
  const first = xs[0];
  const ax = normAxis(axis, first.rank, 'concat');
  for (const x of xs) {
    const ok = x.rank === first.rank && x.shape.every((d, i) => i === ax || d === first.shape[i]);
    if (!ok) throw new Error(`concat: shapes differ off axis ${ax}, a is ${fmtShape(first.shape)}, b is ${fmtShape(x.shape)}`);
  }
  const outer = first.shape.slice(0, ax).reduce((p, d) => p * d, 1);
  const inner = first.shape.slice(ax + 1).reduce((p, d) => p * d, 1);
  const total = xs.reduce((p, x) => p + x.shape[ax], 0);
  const shape = [...first.shape];
  shape[ax] = total;
  const out = new Tensor(shape);
  for (let o = 0; o < outer; o++) {
    let at = o * total * inner;
    for (const x of xs) {
      const len = x.shape[ax] * inner;
      out.data.set(x.data.subarray(o * len, o * len + len), at);
      at += len;
    }
  }
  if (!needsGrad(...xs)) return out;
  return record(out, [...xs], () => {
    const g = out.grad!;
    for (let o = 0; o < outer; o++) {
      let at = o * total * inner;
      for (const x of xs) {
        const len = x.shape[ax] * inner;
        if (x.requiresGrad) {
          const gx = gradOf(x);
          for (let i = 0; i < len; i++) gx[o * len + i] += g[at + i];
        }
        at += len;
      }
    }
  });
}
