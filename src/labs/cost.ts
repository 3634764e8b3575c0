/**
 * The cost of one layer over a sequence of T vectors of width D (Table 1 of
 * "Attention Is All You Need", in the lecture notes' letters): operations per
 * layer, operations that must run one after another, and the longest path a
 * signal takes between two positions. Plain arithmetic on the three sizes.
 */

export type LayerKind = 'attention' | 'recurrent' | 'convolution';

export const LAYER_KINDS: readonly LayerKind[] = ['attention', 'recurrent', 'convolution'];

export interface LayerCost {
  kind: LayerKind;
  /** multiply–adds per layer: T²·D, T·D², K·T·D² */
  ops: number;
  /** operations that cannot run in parallel: 1, T, 1 */
  sequential: number;
  /** steps between the farthest two positions: 1, T, ⌈log_K T⌉ (dilated convolutions) */
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

export function layerCost(kind: LayerKind, T: number, D: number, K: number): LayerCost {
  switch (kind) {
    case 'attention':
      return { kind, ops: T * T * D, sequential: 1, pathLength: 1 };
    case 'recurrent':
      return { kind, ops: T * D * D, sequential: T, pathLength: T };
    case 'convolution':
      return { kind, ops: K * T * D * D, sequential: 1, pathLength: convPathLength(T, K) };
  }
}

export function layerCosts(T: number, D: number, K: number): LayerCost[] {
  return LAYER_KINDS.map((k) => layerCost(k, T, D, K));
}

/** T where self-attention costs as much as a recurrent layer (T²D = TD²): T = D. */
export function crossoverRecurrent(D: number): number {
  return D;
}

/** T where self-attention costs as much as a convolution (T²D = KTD²): T = K·D. */
export function crossoverConvolution(D: number, K: number): number {
  return K * D;
}

/** Points of every layer's cost for T on a log grid from 1 to `tMax`. */
export function costCurves(D: number, K: number, tMax: number, perDecade = 12): { kind: LayerKind; points: { x: number; y: number }[] }[] {
  const n = Math.max(2, Math.ceil(Math.log10(tMax) * perDecade) + 1);
  const ts = Array.from({ length: n }, (_, i) => Math.pow(tMax, i / (n - 1)));
  return LAYER_KINDS.map((kind) => ({ kind, points: ts.map((T) => ({ x: T, y: layerCost(kind, T, D, K).ops })) }));
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
