/**
 * Elementwise binary ops with broadcasting (add, mul), forward and backward.
 * Same-shape operands take a fast path; otherwise every output element reads
 * its operands through broadcast index maps, and the backward sums gradients
 * back over the broadcast axes through the same maps.
 */
import { Tensor, shapesEqual, gradOf, needsGrad, record } from './tensor';
import { broadcastShapes, broadcastIndex } from './broadcast';

export type BinaryFn = (x: number, y: number) => number;

/** For out = f(a, b): the local derivatives ∂f/∂a and ∂f/∂b at (x, y). */
export interface BinaryGrad {
  da: (x: number, y: number) => number;
  db: (x: number, y: number) => number;
}

export function binaryOp(op: string, a: Tensor, b: Tensor, f: BinaryFn, grad: BinaryGrad): Tensor {
  const same = shapesEqual(a.shape, b.shape);
  const shape = same ? a.shape : broadcastShapes(op, a.shape, b.shape);
  const out = new Tensor(shape);
  const x = a.data, y = b.data, z = out.data;
  // b repeating over the leading axes of a (a bias, the positional encoding): b's
  // offset is i mod b.size, no index map needed
  const bSuffix = !same && shapesEqual(shape, a.shape) && shapesEqual(b.shape, a.shape.slice(a.rank - b.rank)) && b.size > 0;
  if (bSuffix && !needsGrad(a, b)) {
    const nb = y.length;
    for (let i = 0; i < z.length; i += nb) for (let j = 0; j < nb; j++) z[i + j] = f(x[i + j], y[j]);
    return out;
  }
  const aIdx = same ? null : broadcastIndex(a.shape, shape);
  const bIdx = same ? null : broadcastIndex(b.shape, shape);
  if (aIdx && bIdx) for (let i = 0; i < z.length; i++) z[i] = f(x[aIdx[i]], y[bIdx[i]]);
  else for (let i = 0; i < z.length; i++) z[i] = f(x[i], y[i]);
  if (!needsGrad(a, b)) return out;
  return record(out, [a, b], () => {
    const g = out.grad!;
    if (a.requiresGrad) {
      const ga = gradOf(a);
      for (let i = 0; i < g.length; i++) {
        const ia = aIdx ? aIdx[i] : i, ib = bIdx ? bIdx[i] : i;
        ga[ia] += g[i] * grad.da(x[ia], y[ib]);
      }
    }
    if (b.requiresGrad) {
      const gb = gradOf(b);
      for (let i = 0; i < g.length; i++) {
        const ia = aIdx ? aIdx[i] : i, ib = bIdx ? bIdx[i] : i;
        gb[ib] += g[i] * grad.db(x[ia], y[ib]);
      }
    }
  });
}
