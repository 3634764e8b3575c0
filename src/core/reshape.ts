/** Reshape: same data, new shape (one dimension may be -1). Copies nothing but the shape. */
import { Tensor, type Shape, sizeOf, fmtShape, gradOf, needsGrad, record } from './tensor';

export function reshape(x: Tensor, shape: Shape): Tensor {
  const dims = [...shape];
  const free = dims.indexOf(-1);
  if (dims.some((d, i) => !Number.isInteger(d) || (d < 0 && !(d === -1 && i === free)))) {
    throw new Error(`reshape: target dimensions must be ≥ 0 with at most one -1, input is ${fmtShape(x.shape)}, target is ${fmtShape(shape)}`);
  }
  if (free >= 0) {
    const known = dims.reduce((p, d, i) => (i === free ? p : p * d), 1);
    if (known === 0 || x.size % known !== 0) {
      throw new Error(`reshape: cannot infer -1, input is ${fmtShape(x.shape)}, target is ${fmtShape(shape)}`);
    }
    dims[free] = x.size / known;
  }
  if (sizeOf(dims) !== x.size) {
    throw new Error(`reshape: sizes differ, input is ${fmtShape(x.shape)}, target is ${fmtShape(shape)}`);
  }
  // Ops are pure and never write into inputs, so sharing the buffer is safe.
  const out = new Tensor(dims, x.data);
  if (!needsGrad(x)) return out;
  return record(out, [x], () => {
    const g = out.grad!, gx = gradOf(x);
    for (let i = 0; i < g.length; i++) gx[i] += g[i];
  });
}
