/**
 * The training lab's chart data as pure functions: thinning a long series to about one
 * point per pixel (so that a chart of thousands of steps stays cheap to draw a few times a
 * second), a trailing moving average of the noisy per-step loss, and the nearest point to
 * a pointer. No store, no React.
 */

export interface XY {
  x: number;
  y: number;
}

/**
 * At most about `max` points: consecutive points are grouped into equal buckets and each
 * bucket becomes its mean x and mean y (non-finite values are skipped). A series of at
 * most `max` points comes back as it is.
 */
export function thin(points: readonly XY[], max: number): XY[] {
  const n = points.length;
  if (n <= max || max < 1) return points.slice();
  const size = n / max;
  const out: XY[] = [];
  for (let b = 0; b < max; b++) {
    const from = Math.floor(b * size), to = Math.min(n, Math.floor((b + 1) * size));
    let sx = 0, sy = 0, k = 0;
    for (let i = from; i < to; i++) {
      const p = points[i];
      if (!Number.isFinite(p.y) || !Number.isFinite(p.x)) continue;
      sx += p.x;
      sy += p.y;
      k++;
    }
    if (k > 0) out.push({ x: sx / k, y: sy / k });
  }
  // the newest point stays exactly where it is (the chart's right end is "now")
  const last = points[n - 1];
  if (Number.isFinite(last.y) && out.length > 0) out[out.length - 1] = { x: last.x, y: out[out.length - 1].y };
  return out;
}

/** The trailing mean over the last `window` points at every point (fewer at the start). */
export function movingAverage(points: readonly XY[], window: number): XY[] {
  const out: XY[] = [];
  let sum = 0;
  const w = Math.max(1, Math.floor(window));
  for (let i = 0; i < points.length; i++) {
    sum += points[i].y;
    if (i >= w) sum -= points[i - w].y;
    out.push({ x: points[i].x, y: sum / Math.min(i + 1, w) });
  }
  return out;
}

/** The index of the point whose x is nearest `x` in a series sorted by x (−1 for an empty series). */
export function nearestIndex(points: readonly XY[], x: number): number {
  if (points.length === 0) return -1;
  let lo = 0, hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid].x <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(points[lo].x - x) <= Math.abs(points[hi].x - x) ? lo : hi;
}

/** A pleasant upper end for an axis from 0 that holds `max` (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 × a power of ten). */
export function niceMax(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(max)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= max * (1 - 1e-9)) return m * p;
  return 10 * p;
}
