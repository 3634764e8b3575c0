/**
 * Reading 2-D pieces out of trace tensors for display, without computing
 * anything new: the first batch row of [B,S,D], one head of [B,H,S,S], the last
 * position of [B,T,V], and where the mask put −∞.
 */
import type { Tensor } from '../core';

export interface Matrix {
  rows: number;
  cols: number;
  /** row-major, a view into the tensor's data where possible */
  values: Float32Array;
}

/** Batch item 0 of a [B,R,C] tensor, or a [R,C] tensor itself. */
export function matrixOf(t: Tensor): Matrix {
  const s = t.shape;
  if (s.length === 2) return { rows: s[0], cols: s[1], values: t.data };
  if (s.length === 3) return { rows: s[1], cols: s[2], values: t.data.subarray(0, s[1] * s[2]) };
  throw new Error(`matrixOf: expected a [R,C] or [B,R,C] tensor, got [${s.join(',')}]`);
}

/** Head `h` of batch item 0 of a [B,H,R,C] tensor. */
export function headOf(t: Tensor, h: number): Matrix {
  const s = t.shape;
  if (s.length !== 4) throw new Error(`headOf: expected a [B,H,R,C] tensor, got [${s.join(',')}]`);
  if (h < 0 || h >= s[1]) throw new Error(`headOf: head ${h} is outside 0..${s[1] - 1}`);
  const size = s[2] * s[3];
  return { rows: s[2], cols: s[3], values: t.data.subarray(h * size, (h + 1) * size) };
}

/** The last position of batch item 0 of a [B,T,V] tensor: a vector of V values. */
export function lastRowOf(t: Tensor): Float32Array {
  const s = t.shape;
  if (s.length !== 3) throw new Error(`lastRowOf: expected a [B,T,V] tensor, got [${s.join(',')}]`);
  const V = s[2];
  return t.data.subarray((s[1] - 1) * V, s[1] * V);
}

/** 1 where a value is −∞ (masked before softmax), else 0. */
export function maskOf(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] === -Infinity ? 1 : 0;
  return out;
}

/** `[1,4,11,11]` */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
