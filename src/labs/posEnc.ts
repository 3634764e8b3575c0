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

/** A distance between two positions and the similarity of their encodings there. */
export interface AtDistance {
  distance: number;
  value: number;
}

export interface SimilarityProfile {
  /** the similarity at distance 0 (a position with itself): D/2, since sin² + cos² = 1 for each of the D/2 pairs */
  peak: number;
  /** the first distance where the similarity stops falling (the next one is higher), or null when it only falls within the length */
  firstDip: AtDistance | null;
  /** the lowest similarity within the length, and the distance where it is first reached */
  lowest: AtDistance;
}

/**
 * How PE[p] · PE[q] changes with the distance |p − q|, read from row 0 of the
 * similarity matrix (it depends only on the distance: every row is this row
 * shifted). It does not simply fall off: it ripples, and at a small D it turns
 * negative within a long enough sequence.
 */
export function similarityProfile(sim: Tensor): SimilarityProfile {
  const L = sim.shape[0];
  const at = (k: number) => sim.data[k]; // row 0: position 0 against position k
  let firstDip: AtDistance | null = null;
  for (let k = 1; k + 1 < L; k++) {
    if (at(k) < at(k - 1) && at(k + 1) > at(k)) {
      firstDip = { distance: k, value: at(k) };
      break;
    }
  }
  let lowest: AtDistance = { distance: 0, value: at(0) };
  for (let k = 1; k < L; k++) if (at(k) < lowest.value) lowest = { distance: k, value: at(k) };
  return { peak: at(0), firstDip, lowest };
}
