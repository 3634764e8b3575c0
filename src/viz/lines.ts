/**
 * The lines view of attention (after BertViz's head view), as data: the query
 * tokens in a column on the left, the key tokens on the right, one line per
 * (query, key) pair whose opacity is the attention weight. Hovering a token
 * isolates its lines; `isolate` says which lines stay and how strong.
 */
import { linkHorizontal } from 'd3';

export interface LinesSpec {
  left: readonly string[];
  right: readonly string[];
  /** weights [left.length × right.length], row-major (rows sum to 1) */
  weights: ArrayLike<number>;
  width: number;
  /** height of one token row */
  rowHeight?: number;
  fontSize?: number;
}

export interface TokenBox {
  side: 'left' | 'right';
  index: number;
  label: string;
  /** anchor of the lines (the token's inner edge) and the text position */
  x: number;
  y: number;
  textX: number;
}

export interface LineDatum {
  from: number;
  to: number;
  weight: number;
  path: string;
}

export interface LinesLayout {
  width: number;
  height: number;
  left: TokenBox[];
  right: TokenBox[];
  lines: LineDatum[];
  fontSize: number;
}

/** Lines lighter than this are left out (they would be invisible and slow). */
export const MIN_WEIGHT = 0.005;

export function linesLayout(spec: LinesSpec): LinesLayout {
  const fontSize = spec.fontSize ?? 15;
  const rowH = spec.rowHeight ?? Math.max(fontSize + 8, 22);
  const rows = Math.max(spec.left.length, spec.right.length);
  const top = 6;
  const height = top * 2 + rows * rowH;
  const labelW = Math.max(...[...spec.left, ...spec.right].map((s) => [...s].length), 1) * fontSize * 0.62 + 8;
  const xl = labelW + 6;
  const xr = spec.width - labelW - 6;
  const y = (i: number, n: number) => top + (rows - n) * rowH / 2 + i * rowH + rowH / 2;
  const left = spec.left.map((label, i) => ({ side: 'left' as const, index: i, label, x: xl, y: y(i, spec.left.length), textX: xl - 6 }));
  const right = spec.right.map((label, i) => ({ side: 'right' as const, index: i, label, x: xr, y: y(i, spec.right.length), textX: xr + 6 }));
  const link = linkHorizontal<{ s: [number, number]; t: [number, number] }, [number, number]>()
    .source((d) => d.s)
    .target((d) => d.t);
  const lines: LineDatum[] = [];
  const C = spec.right.length;
  for (let i = 0; i < spec.left.length; i++) {
    for (let j = 0; j < C; j++) {
      const w = spec.weights[i * C + j];
      if (!(w >= MIN_WEIGHT)) continue;
      lines.push({ from: i, to: j, weight: w, path: link({ s: [left[i].x, left[i].y], t: [right[j].x, right[j].y] }) ?? '' });
    }
  }
  return { width: spec.width, height, left, right, lines, fontSize };
}

/** Opacity of a line for its weight: weight itself, with a floor so that weak links still show. */
export function lineOpacity(weight: number): number {
  return Math.min(1, 0.08 + 0.92 * weight);
}

/** The lines kept when a token is hovered: those that touch it (all when nothing is hovered). */
export function isolate(lines: readonly LineDatum[], focus: { side: 'left' | 'right'; index: number } | null): LineDatum[] {
  if (!focus) return [...lines];
  return lines.filter((l) => (focus.side === 'left' ? l.from === focus.index : l.to === focus.index));
}
