/**
 * NumPy/PyTorch broadcasting of shapes, shared by the binary ops and masks.
 */
import { type Shape, fmtShape, stridesOf } from './tensor';

/** The broadcast shape of a and b, or an error naming the op and both shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: shapes do not broadcast, a is ${fmtShape(a)}, b is ${fmtShape(b)}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * For every element of `out` (row-major), the offset of the element of a tensor
 * of shape `src` that broadcasts onto it. `src` must broadcast to `out`.
 */
export function broadcastIndex(src: Shape, out: Shape): Int32Array {
  return memo(`i${src.join(',')}|${out.join(',')}`, () => computeBroadcastIndex(src, out));
}

/**
 * Index maps depend only on the two shapes, and a forward pass asks for the same few
 * many times over (every layer, every step): they are kept in a small cache. The
 * arrays are shared, so callers must treat them as read-only.
 */
const MEMO_LIMIT = 64;
const memoCache = new Map<string, Int32Array>();

function memo(key: string, make: () => Int32Array): Int32Array {
  let v = memoCache.get(key);
  if (v === undefined) {
    v = make();
    if (memoCache.size >= MEMO_LIMIT) memoCache.delete(memoCache.keys().next().value as string);
    memoCache.set(key, v);
  }
  return v;
}

function computeBroadcastIndex(src: Shape, out: Shape): Int32Array {
  const rank = out.length;
  const n = out.reduce((p, d) => p * d, 1);
  const idx = new Int32Array(n);
  const srcStrides = stridesOf(src);
  // stride of each output axis in the source (0 where the source broadcasts)
  const s = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const j = i - (rank - src.length);
    s[i] = j < 0 || src[j] === 1 ? 0 : srcStrides[j];
  }
  const counter = new Array<number>(rank).fill(0);
  let off = 0;
  for (let e = 0; e < n; e++) {
    idx[e] = off;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      off += s[ax];
      if (counter[ax] < out[ax]) break;
      off -= s[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return idx;
}

/**
 * For a mask (or any tensor) of shape `src` broadcast over the rows of `out`
 * (all axes but the last, which must match exactly or be 1), the offset of each
 * row. Used by softmax to read a [B,1,T,T] mask for [B,H,T,T] scores.
 */
export function broadcastRowOffsets(op: string, src: Shape, out: Shape): Int32Array {
  const key = `r${src.join(',')}|${out.join(',')}`;
  const hit = memoCache.get(key);
  return hit ?? memo(key, () => computeRowOffsets(op, src, out));
}

function computeRowOffsets(op: string, src: Shape, out: Shape): Int32Array {
  const last = out[out.length - 1];
  const srcLast = src[src.length - 1];
  if (src.length > out.length || srcLast !== last) {
    throw new Error(`${op}: mask shape ${fmtShape(src)} does not broadcast to ${fmtShape(out)}`);
  }
  broadcastShapes(op, src, out);
  const rowsOut = out.slice(0, -1);
  const rowsSrc = src.slice(0, -1).map((d) => d);
  for (let i = 0; i < rowsSrc.length; i++) {
    const o = rowsOut[rowsOut.length - rowsSrc.length + i];
    if (rowsSrc[i] !== 1 && rowsSrc[i] !== o) throw new Error(`${op}: mask shape ${fmtShape(src)} does not broadcast to ${fmtShape(out)}`);
  }
  const rowIdx = computeBroadcastIndex(rowsSrc, rowsOut);
  for (let i = 0; i < rowIdx.length; i++) rowIdx[i] *= last;
  return rowIdx;
}
