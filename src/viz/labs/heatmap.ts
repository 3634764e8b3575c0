/**
 * Layout of a dense heatmap (positional encoding, position-by-position
 * similarity): the cell size, the plot box, and a few labelled ticks on each
 * axis. Cells are painted on a canvas from this; axes are SVG.
 */
import type { Margins, Rect } from './grid';

export interface HeatmapSpec {
  rows: number;
  cols: number;
  /** the largest plot size; cells are whole pixels (at least 1) so they never blur */
  maxWidth: number;
  maxHeight: number;
  margin: Margins;
  /** how many labelled ticks an axis aims for */
  tickCount?: number;
}

export interface AxisTick {
  index: number;
  /** pixel position of the centre of that row or column */
  pos: number;
  label: string;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  plot: Rect;
  cellW: number;
  cellH: number;
  rowTicks: AxisTick[];
  colTicks: AxisTick[];
}

/** Tick indices 0, step, 2·step, … with a "nice" step (1, 2, 5 × 10ⁿ) for `n` items. */
export function indexTicks(n: number, count: number): number[] {
  if (n <= 0) return [];
  const raw = Math.max(1, (n - 1) / Math.max(1, count - 1));
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(i);
  return out;
}

export function heatmapLayout(spec: HeatmapSpec): HeatmapLayout {
  const { rows, cols, margin } = spec;
  if (rows <= 0 || cols <= 0) throw new Error(`heatmapLayout: needs at least one row and one column, got ${rows} × ${cols}`);
  const cellW = Math.max(1, Math.floor(spec.maxWidth / cols));
  const cellH = Math.max(1, Math.floor(spec.maxHeight / rows));
  const plot = { x: margin.left, y: margin.top, w: cellW * cols, h: cellH * rows };
  const count = spec.tickCount ?? 6;
  return {
    width: margin.left + plot.w + margin.right,
    height: margin.top + plot.h + margin.bottom,
    plot,
    cellW,
    cellH,
    rowTicks: indexTicks(rows, count).map((i) => ({ index: i, pos: plot.y + (i + 0.5) * cellH, label: String(i) })),
    colTicks: indexTicks(cols, count).map((i) => ({ index: i, pos: plot.x + (i + 0.5) * cellW, label: String(i) })),
  };
}

/** The (row, col) under a point of the plot, or null outside it. */
export function heatmapCellAt(l: HeatmapLayout, x: number, y: number, rows: number, cols: number): { r: number; c: number } | null {
  const c = Math.floor((x - l.plot.x) / l.cellW), r = Math.floor((y - l.plot.y) / l.cellH);
  if (r < 0 || c < 0 || r >= rows || c >= cols) return null;
  return { r, c };
}
