/**
 * The sinusoidal positional encoding as data: the core's matrix PE [L, D], a few
 * of its dimensions as waves along the positions, and the dot-product
 * similarity of every position with every other (PE · PEᵀ, the core's matmul).
 */
import { Tensor, matmul, positionalEncoding, transpose } from '../core';

export interface PosEncData {
  pe: Tensor; // [L,D]
  /** PE · PEᵀ [L,L]: how alike two positions' encodings are */
  similarity: Tensor;
}

export function posEncData(length: number, dModel: number): PosEncData {
  const pe = positionalEncoding(length, dModel); // [L,D]
  const similarity = matmul(pe, transpose(pe)); // [L,L]
  return { pe, similarity };
}

/** Four dimensions to draw as waves: 0 and 1 (the fastest sine and cosine), then two slower sines. */
export function waveDims(dModel: number): number[] {
  const even = (x: number) => 2 * Math.floor(x / 2);
  const dims = [0, 1, even(dModel / 8), even(dModel / 2)].filter((d) => d < dModel);
  return [...new Set(dims)];
}

/** The wavelength of dimension i in positions: 2π · 10000^(2⌊i/2⌋ / D). */
export function wavelength(i: number, dModel: number): number {
  return 2 * Math.PI * Math.pow(10000, (2 * Math.floor(i / 2)) / dModel);
}

/** One column of PE as points (position, value). */
export function column(pe: Tensor, dim: number): { x: number; y: number }[] {
  const [L, D] = pe.shape;
  return Array.from({ length: L }, (_, p) => ({ x: p, y: pe.data[p * D + dim] }));
}

/** One row of the similarity matrix as points (other position, similarity). */
export function similarityRow(sim: Tensor, pos: number): { x: number; y: number }[] {
  const L = sim.shape[0];
  return Array.from({ length: L }, (_, p) => ({ x: p, y: sim.data[pos * L + p] }));
}
