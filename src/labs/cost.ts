/**
 * The cost of one layer over a sequence of T vectors of width D (Table 1 of
 * "Attention Is All You Need", in the lecture notes' letters): operations per
 * layer, operations that must run one after another, and the longest path a
 * signal takes between two positions. Plain arithmetic on the sizes: T, D, the
 * kernel width K of a convolution and the neighbourhood r of restricted
 * self-attention. Like the paper, the counts leave constant factors out and
 * count only the mixing across positions (not the Q/K/V/O projections, see
 * `projectionOps`).
 */

export type LayerKind = 'attention' | 'recurrent' | 'convolution' | 'restricted';

/** The four rows of Table 1, in the paper's order. */
export const LAYER_KINDS: readonly LayerKind[] = ['attention', 'recurrent', 'convolution', 'restricted'];

export interface LayerSizes {
  /** sequence length */
  T: number;
  /** width of each vector (d_model) */
  D: number;
  /** kernel width of a convolution */
  K: number;
  /** neighbourhood of restricted self-attention: each position attends to r positions */
  r: number;
}

export interface LayerCost {
  kind: LayerKind;
  /** multiply–adds per layer: T²·D, T·D², K·T·D², r·T·D */
  ops: number;
  /** operations that cannot run in parallel: 1, T, 1, 1 */
  sequential: number;
  /** steps between the farthest two positions: 1, T, ⌈log_K T⌉ (dilated convolutions), ⌈T/r⌉ */
  pathLength: number;
}

/** ⌈log_K T⌉ computed on whole numbers (no floating-point surprises at exact powers), at least 1. */
export function convPathLength(T: number, K: number): number {
  if (K < 2) return T;
  let reach = 1, layers = 0;
  while (reach < T) {
    reach *= K;
    layers++;
  }
  return Math.max(1, layers);
}

export function layerCost(kind: LayerKind, { T, D, K, r }: LayerSizes): LayerCost {
  switch (kind) {
    case 'attention':
      return { kind, ops: T * T * D, sequential: 1, pathLength: 1 };
    case 'recurrent':
      return { kind, ops: T * D * D, sequential: T, pathLength: T };
    case 'convolution':
      return { kind, ops: K * T * D * D, sequential: 1, pathLength: convPathLength(T, K) };
    case 'restricted': {
      // a neighbourhood wider than the sequence is the whole sequence: plain self-attention
      const w = Math.max(1, Math.min(r, T));
      return { kind, ops: w * T * D, sequential: 1, pathLength: Math.max(1, Math.ceil(T / w)) };
    }
  }
}

export function layerCosts(sizes: LayerSizes): LayerCost[] {
  return LAYER_KINDS.map((k) => layerCost(k, sizes));
}

/** T where self-attention costs as much as a recurrent layer (T²D = TD²): T = D. */
export function crossoverRecurrent(D: number): number {
  return D;
}

/** T where self-attention costs as much as a convolution (T²D = KTD²): T = K·D. */
export function crossoverConvolution(D: number, K: number): number {
  return K * D;
}

/**
 * The multiply–adds of the four projections of a real attention layer: Q, K and V
 * from the input and W^O on the concatenated heads, each T × D by D × D: 4·T·D².
 * Table 1 leaves them out (a recurrent layer has the same kind of term).
 */
export function projectionOps(T: number, D: number): number {
  return 4 * T * D * D;
}

/** Points of every layer's cost for T on a log grid from 1 to `tMax` (D, K and r fixed). */
export function costCurves(sizes: Omit<LayerSizes, 'T'>, tMax: number, perDecade = 12): { kind: LayerKind; points: { x: number; y: number }[] }[] {
  const n = Math.max(2, Math.ceil(Math.log10(tMax) * perDecade) + 1);
  const ts = Array.from({ length: n }, (_, i) => Math.pow(tMax, i / (n - 1)));
  return LAYER_KINDS.map((kind) => ({ kind, points: ts.map((T) => ({ x: T, y: layerCost(kind, { ...sizes, T }).ops })) }));
}

/** Slider steps: 1, 2, 3, 4, 6, 8, 12, 16, … (powers of two and the halfway points) up to `max`. */
export function pow2Steps(min: number, max: number): number[] {
  const out = new Set<number>();
  for (let p = 1; p <= max; p *= 2) {
    if (p >= min) out.add(p);
    const mid = p * 1.5;
    if (Number.isInteger(mid) && mid >= min && mid <= max) out.add(mid);
  }
  if (min <= max) {
    out.add(min);
    out.add(max);
  }
  return [...out].sort((a, b) => a - b);
}
