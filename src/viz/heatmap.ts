/**
 * Heatmap layout as data (DESIGN.md rule 8): cell rectangles, axis ticks and
 * labels are computed here by pure functions, then drawn by the component (SVG
 * rects for small grids, a canvas under an SVG overlay for dense ones) and by
 * the SVG export. No DOM is needed to compute or test any of it.
 */
import { colorOf, MASKED_COLOR, textColorOn, type ColorDomain } from './color';

/**
 * Grids with more cells than this are drawn on a canvas (TensorFlow Playground's heatmap.ts).
 * DESIGN.md says ~1,000; a token × dimension map (12 × 64 = 768 cells) already costs tens of
 * milliseconds as SVG elements, so the line is drawn lower to keep a step under 50 ms.
 */
export const DENSE_CELLS = 300;

export interface HeatmapSpec {
  rows: number;
  cols: number;
  /** a label per row and per column (tokens, or dimension numbers) */
  rowLabels: readonly string[];
  colLabels: readonly string[];
  /** titles of the two axes, drawn beside the labels */
  rowTitle?: string;
  colTitle?: string;
  /** the room the whole figure may take, in CSS pixels */
  maxWidth: number;
  maxHeight: number;
  /** cell size bounds */
  minCell?: number;
  maxCell?: number;
  /** label font size in px */
  fontSize?: number;
  /**
   * the longest number drawn in a cell, in characters (e.g. 4 for "0.12"): when given,
   * cells may grow wider than tall (up to 1.8×, within the room) so that numbers are
   * drawn up to `maxNumberFont` px, and the number size follows the cell
   */
  numberChars?: number;
  /** the largest number size in px (18 by default; presentation mode asks for more) */
  maxNumberFont?: number;
}

export interface Tick {
  index: number;
  label: string;
  /** centre of the row (y) or column (x) in figure coordinates */
  pos: number;
  /** a column label turned a quarter because it does not fit across its cell */
  rotated?: boolean;
}

export interface HeatmapLayout {
  rows: number;
  cols: number;
  /** whole figure, CSS pixels */
  width: number;
  height: number;
  /** the grid's top-left corner and cell size */
  x0: number;
  y0: number;
  cellW: number;
  cellH: number;
  rowTicks: Tick[];
  colTicks: Tick[];
  /** whether any column label is turned a quarter (those that do not fit across a cell) */
  colLabelsRotated: boolean;
  fontSize: number;
  /** size of the row labels: smaller than `fontSize` when rows are short, so that every row keeps its label */
  rowFontSize: number;
  /** size of the numbers written in cells: larger cells get larger numbers (for a projector) */
  numberFont: number;
  /** turned a quarter along the rows, or (`horizontal`, a Chinese title) set flat at the top left, above the row labels */
  rowTitle?: { text: string; x: number; y: number; horizontal?: boolean };
  colTitle?: { text: string; x: number; y: number };
  /** whether the cells go on a canvas */
  dense: boolean;
}

export interface CellRect {
  row: number;
  col: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Width of a digit of the monospace number font, as a share of its size. */
export const DIGIT_WIDTH = 0.62;

/** The longest cell label of a set of values, in characters (for `numberChars`). */
export function longestNumber(values: ArrayLike<number>): number {
  let longest = 1;
  for (let i = 0; i < values.length; i++) {
    const n = formatCell(values[i]).length;
    if (n > longest) longest = n;
  }
  return longest;
}

/** Approximate width of a label in px (monospace-ish glyphs; CJK characters count double). */
export function textWidth(s: string, fontSize: number): number {
  let w = 0;
  for (const c of s) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(c) ? 1 : 0.62;
  return w * fontSize;
}

/** Every `step`-th tick so that labels of `size` px never overlap in cells of `cell` px. */
export function tickStep(count: number, cell: number, size: number): number {
  if (count <= 0) return 1;
  const need = Math.max(1, Math.ceil(size / Math.max(cell, 0.01)));
  // prefer round steps: 1, 2, 4, 5, 8, 10, 16, 20 …
  for (const s of [1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100]) if (s >= need) return s;
  return need;
}

export function heatmapLayout(spec: HeatmapSpec): HeatmapLayout {
  const { rows, cols } = spec;
  const fontSize = spec.fontSize ?? 13;
  const minCell = spec.minCell ?? 4;
  const maxCell = spec.maxCell ?? 48;
  const maxNumberFont = spec.maxNumberFont ?? 18;
  const longestRow = Math.max(0, ...spec.rowLabels.map((l) => textWidth(l, fontSize)));
  const colWidths = spec.colLabels.map((l) => textWidth(l, fontSize));
  const longestCol = Math.max(0, ...colWidths);
  const titleBand = fontSize + 8;
  const right = 8;
  const bottom = 6;
  // a Chinese title is never turned on its side (it would be read with the head tilted):
  // the row title then goes flat into the title line at the top left, above the row labels
  const flatRowTitle = spec.rowTitle !== undefined && CJK.test(spec.rowTitle);

  const build = (withRowTitle: boolean): HeatmapLayout => {
    const sideTitle = withRowTitle && spec.rowTitle !== undefined && !flatRowTitle;
    const topTitle = spec.colTitle !== undefined || (withRowTitle && flatRowTitle);
    const left = Math.ceil(longestRow + 10 + (sideTitle ? titleBand : 0));
    const fit = (top: number) => {
      const cw = (spec.maxWidth - left - right) / Math.max(cols, 1);
      const ch = (spec.maxHeight - top - bottom) / Math.max(rows, 1);
      let w = Math.min(cw, ch, maxCell);
      w = Math.max(minCell, Math.floor(w));
      // rows keep room for their labels when the height allows it
      let h = w;
      if (w < fontSize + 2) h = Math.max(minCell, Math.min(Math.floor(ch), maxCell, fontSize + 4));
      h = Math.max(h, minCell);
      // few rows and many columns: rows grow taller (up to 2.5× the width) to use the height
      if (h === w && ch > w) h = Math.max(h, Math.min(Math.floor(ch), maxCell, Math.floor(w * 2.5)));
      // numbers: cells may widen (up to 1.8× their height, within the room) so that they can be read
      if (spec.numberChars) {
        const want = Math.ceil(spec.numberChars * DIGIT_WIDTH * maxNumberFont + 6);
        if (w < want) w = Math.max(w, Math.min(Math.floor(cw), want, Math.floor(h * 1.8)));
      }
      return { w, h };
    };
    // first with horizontal column labels; labels wider than a cell are then turned a quarter
    let top = Math.ceil(fontSize + 10 + (topTitle ? titleBand : 0));
    let { w, h } = fit(top);
    const rotated = cols > 1 && longestCol > w - 2;
    if (rotated) {
      const shown = Math.min(longestCol, 48);
      top = Math.ceil(shown + 12 + (topTitle ? titleBand : 0));
      ({ w, h } = fit(top));
    }
    const x0 = left, y0 = top;
    const gridW = w * cols, gridH = h * rows;
    // rows of 12 px or more keep every label (in a smaller font when rows are short)
    const rowFontSize = h >= 12 ? Math.min(fontSize, h - 1) : fontSize;
    const rowStep = tickStep(rows, h, rowFontSize + 1);
    // labels that stay horizontal need their width; turned ones need the font's height
    const colStep = rotated ? tickStep(cols, w, fontSize + 1) : tickStep(cols, w, longestCol + 2);
    const rowTicks: Tick[] = [];
    for (let r = 0; r < rows; r += rowStep) rowTicks.push({ index: r, label: spec.rowLabels[r] ?? String(r), pos: y0 + r * h + h / 2 });
    const colTicks: Tick[] = [];
    for (let c = 0; c < cols; c += colStep) {
      const turn = rotated && (colWidths[c] ?? 0) > w - 2;
      colTicks.push({ index: c, label: spec.colLabels[c] ?? String(c), pos: x0 + c * w + w / 2, ...(turn ? { rotated: true } : {}) });
    }
    const width = Math.ceil(x0 + gridW + right);
    const height = Math.ceil(y0 + gridH + bottom);
    return {
      rows, cols, width, height, x0, y0, cellW: w, cellH: h, rowTicks, colTicks,
      colLabelsRotated: rotated, fontSize, rowFontSize,
      numberFont: spec.numberChars
        ? Math.max(6, Math.min(maxNumberFont, Math.floor((w - 6) / (spec.numberChars * DIGIT_WIDTH)), Math.floor(h / 1.45)))
        : Math.max(10, Math.min(18, Math.floor(Math.min(w / 3.6, h / 2.2)))),
      ...(sideTitle ? { rowTitle: { text: spec.rowTitle!, x: fontSize * 0.9, y: y0 + gridH / 2 } } : {}),
      ...(withRowTitle && flatRowTitle ? { rowTitle: { text: `${spec.rowTitle!} ↓`, x: 0, y: fontSize, horizontal: true } } : {}),
      ...(spec.colTitle && textWidth(spec.colTitle, fontSize) <= Math.max(gridW, 80) + left
        ? { colTitle: { text: spec.colTitle, x: colTitleX(x0 + gridW / 2, withRowTitle && flatRowTitle ? textWidth(`${spec.rowTitle!} ↓`, fontSize) + 12 : 0, textWidth(spec.colTitle, fontSize)), y: fontSize } }
        : {}),
      dense: rows * cols > DENSE_CELLS,
    };
  };
  // the row title is written along the grid's height (or, flat, across the figure): left out when it would not fit there
  const withTitle = build(true);
  if (!spec.rowTitle) return withTitle;
  const fits = flatRowTitle
    ? textWidth(`${spec.rowTitle} ↓`, fontSize) <= withTitle.width
    : textWidth(spec.rowTitle, fontSize) <= withTitle.cellH * rows;
  if (fits) return withTitle;
  return build(false);
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The column title's centre: over the grid, moved right of a flat row title that would touch it. */
function colTitleX(centre: number, rowTitleEnd: number, width: number): number {
  return Math.max(centre, rowTitleEnd + width / 2);
}

/** The rectangle of one cell. */
export function cellRect(l: HeatmapLayout, row: number, col: number): CellRect {
  return { row, col, x: l.x0 + col * l.cellW, y: l.y0 + row * l.cellH, w: l.cellW, h: l.cellH };
}

/** Every cell, row by row. */
export function cellRects(l: HeatmapLayout): CellRect[] {
  const out: CellRect[] = [];
  for (let r = 0; r < l.rows; r++) for (let c = 0; c < l.cols; c++) out.push(cellRect(l, r, c));
  return out;
}

/** The cell under a point (figure coordinates), or null outside the grid. */
export function cellAt(l: HeatmapLayout, x: number, y: number): { row: number; col: number } | null {
  const col = Math.floor((x - l.x0) / l.cellW);
  const row = Math.floor((y - l.y0) / l.cellH);
  if (row < 0 || col < 0 || row >= l.rows || col >= l.cols) return null;
  return { row, col };
}

/** A cell's number as shown: two decimals for small values, fewer for large ones; −∞ for masked cells. */
export function formatCell(v: number): string {
  if (v === -Infinity) return '−∞';
  if (v === Infinity) return '∞';
  if (Number.isNaN(v)) return 'NaN';
  const a = Math.abs(v);
  const s = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
  return s.replace(/^-/, '−').replace(/^−(0\.0+|0)$/, '0.00');
}

/** Whether numbers fit in the cells: the longest formatted value at the layout's number size, in a readable size. */
export function numbersFit(l: HeatmapLayout, values: ArrayLike<number>): boolean {
  if (l.numberFont < MIN_NUMBER_FONT || l.cellH < l.numberFont + 4) return false;
  return longestNumber(values) * l.numberFont * DIGIT_WIDTH + 4 <= l.cellW;
}

/** Numbers smaller than this are not drawn: they could not be read. */
export const MIN_NUMBER_FONT = 9;

export interface CellStyle {
  fill: string;
  text: string;
  label: string;
  /** drawn as masked: grey and hatched (−∞ before softmax, or marked by the caller, e.g. the zeros after it) */
  masked: boolean;
}

/**
 * Fill, text colour and label of every cell (row-major), from the one colour scale.
 * Masked cells (non-finite, or marked in `masked`) get the masked grey and dark text.
 */
export function cellStyles(values: ArrayLike<number>, domain: ColorDomain, masked?: ArrayLike<number | boolean>): CellStyle[] {
  const out: CellStyle[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const m = !Number.isFinite(v) || (masked !== undefined && !!masked[i]);
    out[i] = m
      ? { fill: MASKED_COLOR, text: '#111111', label: formatCell(v), masked: true }
      : { fill: colorOf(v, domain), text: textColorOn(v, domain), label: formatCell(v), masked: false };
  }
  return out;
}

/** The minimal drawing surface the canvas path needs (so tests can pass a recorder). */
export interface Canvas2D {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  fillRect(x: number, y: number, w: number, h: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  save(): void;
  restore(): void;
  rect(x: number, y: number, w: number, h: number): void;
  clip(): void;
}

/**
 * Draws the cells on a canvas whose origin is the figure's (the caller scales for
 * the device pixel ratio). Masked (non-finite) cells get the masked grey and a hatch.
 */
export function drawCells(
  ctx: Canvas2D, l: HeatmapLayout, values: ArrayLike<number>, domain: ColorDomain, numbers: boolean, masked?: ArrayLike<number | boolean>,
): void {
  ctx.clearRect(0, 0, l.width, l.height);
  const styles = cellStyles(values, domain, masked);
  for (let r = 0; r < l.rows; r++) {
    for (let c = 0; c < l.cols; c++) {
      const i = r * l.cols + c;
      const x = l.x0 + c * l.cellW, y = l.y0 + r * l.cellH;
      ctx.fillStyle = styles[i].fill;
      ctx.fillRect(x, y, l.cellW, l.cellH);
      if (styles[i].masked) hatch(ctx, x, y, l.cellW, l.cellH);
    }
  }
  if (numbers) {
    ctx.font = `${l.numberFont}px ui-monospace, monospace`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (let r = 0; r < l.rows; r++) {
      for (let c = 0; c < l.cols; c++) {
        const i = r * l.cols + c;
        ctx.fillStyle = styles[i].text;
        ctx.fillText(styles[i].label, l.x0 + c * l.cellW + l.cellW / 2, l.y0 + r * l.cellH + l.cellH / 2);
      }
    }
  }
}

function hatch(ctx: Canvas2D, x: number, y: number, w: number, h: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = '#8a8a8a';
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -h; d < w; d += 6) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
}
