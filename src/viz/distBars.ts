/**
 * The next-token distribution as paired bars, tokens sorted from the most probable: the
 * model's probability (τ = 1) beside the probability after temperature, and the tokens
 * that top-k and top-p remove shaded as two bands at the tail (in sorted order what a
 * cut keeps is always a head). Pure layout: numbers in, rectangles out.
 */
import { scaleLinear } from 'd3';

export type Cut = 'topK' | 'topP' | null;

export interface DistBarsSpec {
  /** token labels in the order to draw (most probable first) */
  labels: readonly string[];
  /** τ = 1 probabilities, same order */
  before: readonly number[];
  /** after temperature, same order */
  after: readonly number[];
  /** which cut removes each token, same order */
  cut: readonly Cut[];
  width: number;
  height: number;
  fontSize?: number;
  /** a bar pair is never narrower than this (the rest of the tokens are counted, not drawn) */
  minSlot?: number;
}

export interface DistBar {
  index: number;
  label: string;
  slotX: number;
  slotW: number;
  before: { x: number; y: number; w: number; h: number; value: number };
  after: { x: number; y: number; w: number; h: number; value: number };
  cut: Cut;
}

export interface DistBarsLayout {
  width: number;
  height: number;
  bars: DistBar[];
  /** the shaded bands of removed tokens */
  bands: { cut: Exclude<Cut, null>; x: number; w: number }[];
  yTicks: { value: number; y: number; label: string }[];
  x0: number;
  x1: number;
  y0: number;
  top: number;
  labelY: number;
  fontSize: number;
  /** tokens not drawn (too many for the width) */
  hidden: number;
}

export function distBarsLayout(s: DistBarsSpec): DistBarsLayout {
  const fontSize = s.fontSize ?? 13;
  const left = Math.round(fontSize * 3.2), right = 8, top = Math.round(fontSize * 1.6);
  const bottom = Math.round(fontSize * 1.9);
  const minSlot = s.minSlot ?? Math.max(16, fontSize * 1.4);
  const fit = Math.max(1, Math.floor((s.width - left - right) / minSlot));
  const n = Math.min(s.labels.length, fit);
  const slotW = (s.width - left - right) / Math.max(n, 1);
  let hi = 0;
  for (let i = 0; i < n; i++) hi = Math.max(hi, s.before[i] ?? 0, s.after[i] ?? 0);
  const y = scaleLinear().domain([0, Math.max(hi, 0.05)]).range([s.height - bottom, top]).nice();
  const y0 = y(0);
  const pad = Math.max(1, slotW * 0.12);
  const barW = Math.max(1, (slotW - 2 * pad) / 2);
  const bars: DistBar[] = [];
  for (let i = 0; i < n; i++) {
    const slotX = left + i * slotW;
    const b = s.before[i] ?? 0, a = s.after[i] ?? 0;
    bars.push({
      index: i, label: s.labels[i], slotX, slotW, cut: s.cut[i] ?? null,
      before: { x: slotX + pad, y: y(b), w: barW, h: Math.max(0, y0 - y(b)), value: b },
      after: { x: slotX + pad + barW, y: y(a), w: barW, h: Math.max(0, y0 - y(a)), value: a },
    });
  }
  const bands: DistBarsLayout['bands'] = [];
  for (const cut of ['topP', 'topK'] as const) {
    const idx = bars.filter((b) => b.cut === cut).map((b) => b.index);
    if (idx.length === 0) continue;
    const from = Math.min(...idx), to = Math.max(...idx);
    bands.push({ cut, x: left + from * slotW, w: (to - from + 1) * slotW });
  }
  const fmt = y.tickFormat(4);
  return {
    width: s.width, height: s.height, bars, bands,
    yTicks: y.ticks(4).map((value) => ({ value, y: y(value), label: fmt(value) })),
    x0: left, x1: s.width - right, y0, top, labelY: y0 + 4, fontSize, hidden: s.labels.length - n,
  };
}
