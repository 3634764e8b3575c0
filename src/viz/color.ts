/**
 * The one colour scale of the lab: viridis, which reads in greyscale (its
 * lightness rises monotonically) and for the common kinds of colour blindness.
 * Every heatmap, matrix and legend uses it, so a colour means the same
 * everywhere. Pure functions of numbers; d3 supplies the interpolation.
 */
import { interpolateViridis } from 'd3';

export interface ColorDomain {
  min: number;
  max: number;
}

/** The domain of a set of values, ignoring ±∞ and NaN (masked cells); [0, 1] when nothing is finite. */
export function domainOf(values: ArrayLike<number>): ColorDomain {
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) return { min: 0, max: 1 };
  if (min === max) return { min: min - 0.5, max: max + 0.5 };
  return { min, max };
}

/** Position of a value in its domain, clamped to [0, 1]. */
export function normalize(v: number, d: ColorDomain): number {
  const t = (v - d.min) / (d.max - d.min);
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

/** The colour (CSS `#rrggbb`) of a value; non-finite values (masked, −∞) get `MASKED_COLOR`. */
export function colorOf(v: number, d: ColorDomain): string {
  if (!Number.isFinite(v)) return MASKED_COLOR;
  return interpolateViridis(normalize(v, d));
}

/** Masked cells (−∞ before softmax): a neutral light grey with a hatch drawn by the views. */
export const MASKED_COLOR = '#d9d9d9';

/** Black or white, whichever reads better on the colour of a value (for numbers drawn in cells). */
export function textColorOn(v: number, d: ColorDomain): string {
  if (!Number.isFinite(v)) return '#111111';
  return normalize(v, d) > 0.6 ? '#111111' : '#ffffff';
}
