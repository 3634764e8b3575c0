/**
 * How the labs write numbers: short, never `NaN`, never `-0`.
 * Pure functions; the numbers themselves come from the core.
 */

/** A number for a cell or a label: about three significant digits, exponent form when very large or small, `—` when not finite. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a === 0) return '0';
  let s: string;
  if (a >= 1e5 || a < 1e-3) {
    s = v.toExponential(1).replace('e+', 'e');
  } else if (a >= 1000) s = v.toFixed(0);
  else if (a >= 100) s = v.toFixed(1);
  else if (a >= 1) s = v.toFixed(2);
  else s = v.toFixed(3);
  // a value that rounds to zero is written without its sign
  if (/^-0(\.0*)?$/.test(s)) s = s.slice(1);
  return s;
}

/**
 * A value that is float32 rounding noise next to the others (|v| below `scale` · 1e-5,
 * e.g. the −1.1e-7 a normalised mean leaves behind) as 0, so it reads as what it is.
 */
export function snapTiny(v: number, scale: number): number {
  return Math.abs(v) < Math.abs(scale) * 1e-5 ? 0 : v;
}

/** The largest magnitude among finite values (0 when there is none). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (Number.isFinite(a) && a > m) m = a;
  }
  return m;
}

/** A whole count with thousands separators (1,234,567). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share as a percentage with one decimal (0.8 → 80.0%). */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(1)}%`;
}

/** A large operation count in short form: 950, 12.3K, 4.5M, 1.2G, 3.4T (and exponent beyond). */
export function formatOps(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  if (n >= 1e15) return n.toExponential(1).replace('e+', 'e');
  for (const [u, name] of units) {
    if (n >= u) {
      const x = n / u;
      return `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}${name}`;
    }
  }
  return Math.round(n).toString();
}

/** A share as a percentage that stays readable when tiny: one decimal from 0.1% up, else one significant digit (3.3e-5 → 0.003%). */
export function formatPercentSmall(share: number): string {
  if (!Number.isFinite(share)) return '—';
  const pct = share * 100;
  if (pct === 0 || Math.abs(pct) >= 0.1) return formatPercent(share);
  return `${Number(pct.toPrecision(1))}%`;
}
