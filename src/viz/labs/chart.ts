/**
 * Line charts of the labs (costs against T, spread and entropy against d,
 * waves of the positional encoding) as data: scales, ticks and SVG path
 * strings. d3 supplies the scales and `line()`; React only draws the result.
 */
import { line, scaleLinear, scaleLog } from 'd3';
import type { Margins, Rect } from './grid';

export interface Point {
  x: number;
  y: number;
}

export interface SeriesData {
  id: string;
  points: Point[];
}

export interface AxisSpec {
  domain: [number, number];
  /** logarithmic axis (base 10 unless `base` says otherwise) */
  log?: boolean;
  base?: number;
  /** the tick values to label; d3 chooses when absent */
  ticks?: number[];
  /** about how many ticks d3 should aim for */
  tickCount?: number;
  /** how a tick is written */
  format?: (v: number) => string;
}

export interface ChartSpec {
  width: number;
  height: number;
  margin: Margins;
  x: AxisSpec;
  y: AxisSpec;
}

export interface Tick {
  value: number;
  /** pixel position along the axis */
  pos: number;
  label: string;
}

export interface ChartLayout {
  width: number;
  height: number;
  plot: Rect;
  xTicks: Tick[];
  yTicks: Tick[];
  /** one SVG path per series (points outside a log axis's positive range are left out) */
  paths: { id: string; d: string }[];
  /** pixel position of a data value; values outside the domain are clamped to the plot */
  xOf: (v: number) => number;
  yOf: (v: number) => number;
}

type Scale = ((v: number) => number) & { ticks: (n?: number) => number[]; domain: () => number[] };

function makeScale(a: AxisSpec, range: [number, number]): Scale {
  const [lo, hi] = a.domain;
  if (a.log) {
    if (!(lo > 0 && hi > 0)) throw new Error(`chart: a log axis needs a positive domain, got [${lo}, ${hi}]`);
    return scaleLog().base(a.base ?? 10).domain([lo, hi]).range(range).clamp(true) as unknown as Scale;
  }
  return scaleLinear().domain([lo, hi]).range(range).clamp(true) as unknown as Scale;
}

function defaultFormat(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

function ticksOf(a: AxisSpec, s: Scale): Tick[] {
  const [lo, hi] = a.domain;
  const min = Math.min(lo, hi), max = Math.max(lo, hi);
  let values = a.ticks ?? s.ticks(a.tickCount ?? 6);
  if (a.log && !a.ticks) {
    // powers of the base only: a log axis reads best with few labels
    const base = a.base ?? 10;
    const pow: number[] = [];
    for (let v = Math.pow(base, Math.floor(Math.log(min) / Math.log(base))); v <= max * (1 + 1e-9); v *= base) {
      if (v >= min * (1 - 1e-9)) pow.push(v);
    }
    values = pow;
  }
  const fmt = a.format ?? defaultFormat;
  return values.filter((v) => v >= min - 1e-12 && v <= max + 1e-12).map((v) => ({ value: v, pos: s(v), label: fmt(v) }));
}

/** Scales, ticks and paths of a line chart. */
export function lineChartLayout(series: SeriesData[], spec: ChartSpec): ChartLayout {
  const { width, height, margin } = spec;
  const plot = { x: margin.left, y: margin.top, w: width - margin.left - margin.right, h: height - margin.top - margin.bottom };
  if (plot.w <= 0 || plot.h <= 0) throw new Error(`chart: margins leave no room (${width} × ${height})`);
  const xs = makeScale(spec.x, [plot.x, plot.x + plot.w]);
  const ys = makeScale(spec.y, [plot.y + plot.h, plot.y]);
  const usable = (p: Point) =>
    Number.isFinite(p.x) && Number.isFinite(p.y) && (!spec.x.log || p.x > 0) && (!spec.y.log || p.y > 0);
  const gen = line<Point>()
    .defined(usable)
    .x((p) => xs(p.x))
    .y((p) => ys(p.y));
  return {
    width,
    height,
    plot,
    xTicks: ticksOf(spec.x, xs),
    yTicks: ticksOf(spec.y, ys),
    paths: series.map((s) => ({ id: s.id, d: gen(s.points) ?? '' })),
    xOf: (v) => xs(v),
    yOf: (v) => ys(v),
  };
}

/** [min, max] of the y values of every series (finite and, for a log axis, positive), padded by a fraction. */
export function yExtent(series: SeriesData[], opts: { log?: boolean; pad?: number; includeZero?: boolean } = {}): [number, number] {
  let min = Infinity, max = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      if (!Number.isFinite(p.y) || (opts.log && p.y <= 0)) continue;
      if (p.y < min) min = p.y;
      if (p.y > max) max = p.y;
    }
  }
  if (opts.includeZero && !opts.log) {
    min = Math.min(min, 0);
    max = Math.max(max, 0);
  }
  if (min === Infinity) return opts.log ? [1, 10] : [0, 1];
  if (opts.log) {
    const f = Math.pow(10, opts.pad ?? 0.1);
    return [min / f, max * f];
  }
  if (min === max) return [min - 1, max + 1];
  const p = (max - min) * (opts.pad ?? 0.05);
  return [opts.includeZero && min === 0 ? 0 : min - p, max + p];
}
