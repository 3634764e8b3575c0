/**
 * A bar chart of a distribution over the vocabulary (softmax of the logits):
 * one bar per token in id order, the chosen (argmax) token marked, the y axis
 * from 0 to 1 with d3's round ticks. Layout only.
 */
import { scaleBand, scaleLinear } from 'd3';

export interface BarsSpec {
  labels: readonly string[];
  values: ArrayLike<number>;
  width: number;
  height: number;
  /** the index to mark (the chosen token) */
  highlight: number;
  /** the value axis: [0, 1] for probabilities, the data's extent for logits */
  domain?: [number, number];
  fontSize?: number;
}

export interface Bar {
  index: number;
  label: string;
  value: number;
  x: number;
  y: number;
  w: number;
  h: number;
  highlight: boolean;
  /** the label is written upwards because it is wider than the bar */
  labelRotated: boolean;
}

export interface BarsLayout {
  width: number;
  height: number;
  bars: Bar[];
  yTicks: { value: number; y: number; label: string }[];
  x0: number;
  /** the baseline (value 0) */
  y0: number;
  /** top of the label band below the plot (labels hang from it) */
  plotTop: number;
  labelY: number;
  fontSize: number;
}

export function barsLayout(s: BarsSpec): BarsLayout {
  const fontSize = s.fontSize ?? 13;
  const left = 44, right = 8, top = 22;
  const labelW = (l: string) => [...l].length * fontSize * 0.62;
  const slot = (s.width - left - right) / Math.max(s.labels.length, 1);
  const longestTurned = Math.max(0, ...s.labels.map(labelW).filter((w) => w > slot - 2));
  const bottom = fontSize + 14 + (longestTurned > 0 ? Math.max(0, longestTurned - fontSize) : 0);
  let [lo, hi] = s.domain ?? [0, 1];
  if (!s.domain) {
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (hi === lo) hi = lo + 1;
  const y = scaleLinear().domain([lo, hi]).range([s.height - bottom, top]).nice();
  const x = scaleBand<number>().domain(s.labels.map((_, i) => i)).range([left, s.width - right]).paddingInner(0.18);
  const base = y(Math.max(lo, Math.min(0, hi)));
  const bars: Bar[] = s.labels.map((label, i) => {
    const v = Number.isFinite(s.values[i]) ? s.values[i] : 0;
    const yv = y(v);
    return {
      index: i, label, value: s.values[i], x: x(i) ?? 0, y: Math.min(yv, base), w: x.bandwidth(), h: Math.abs(base - yv),
      highlight: i === s.highlight, labelRotated: labelW(label) > slot - 2,
    };
  });
  const fmt = y.tickFormat(5);
  return {
    width: s.width,
    height: s.height,
    bars,
    yTicks: y.ticks(5).map((value) => ({ value, y: y(value), label: fmt(value).replace('-', '−') })),
    x0: left,
    y0: base,
    plotTop: top,
    labelY: s.height - bottom + 6,
    fontSize,
  };
}
