/**
 * The layout of a small matrix drawn as a grid of cells (the labs' editable
 * matrices and their outputs): every cell rectangle, the row and column header
 * slots, and where each group's statistics go. Pure data, so that the editor,
 * the output and the SVG overlay line up by construction and tests can check
 * positions without a DOM.
 */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface CellRect extends Rect {
  /** 0-based row and column */
  r: number;
  c: number;
}

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface GridSpec {
  rows: number;
  cols: number;
  cellW: number;
  cellH: number;
  /** space between neighbouring cells */
  gap: number;
  /** room around the cells: headers on the top and left, statistics right or below */
  margin: Margins;
  /** rows come in blocks of this many (the tokens of one sequence); 0 or absent = one block */
  rowBlock?: number;
  /** extra space between two row blocks */
  blockGap?: number;
  /** space between the header slots and the cells (default `gap`), e.g. room for an arrow */
  headerGap?: number;
}

export interface GridLayout {
  width: number;
  height: number;
  rows: number;
  cols: number;
  /** row-major: cells[r * cols + c] */
  cells: CellRect[];
  /** the box around all the cells */
  body: Rect;
  /** per row: its vertical band; per column: its horizontal band */
  rowBands: { y: number; h: number }[];
  colBands: { x: number; w: number }[];
  /** slots for row headers (left of each row) and column headers (above each column) */
  rowHeaders: Rect[];
  colHeaders: Rect[];
}

/** The cell rectangles and header slots of a rows × cols grid. */
export function gridLayout(spec: GridSpec): GridLayout {
  const { rows, cols, cellW, cellH, gap, margin } = spec;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new Error(`gridLayout: rows and cols must be whole numbers ≥ 0, got ${rows} × ${cols}`);
  }
  const block = spec.rowBlock && spec.rowBlock > 0 ? spec.rowBlock : rows;
  const blockGap = spec.blockGap ?? 0;
  const colBands = Array.from({ length: cols }, (_, c) => ({ x: margin.left + c * (cellW + gap), w: cellW }));
  const rowBands = Array.from({ length: rows }, (_, r) => ({
    y: margin.top + r * (cellH + gap) + (block > 0 ? Math.floor(r / block) : 0) * blockGap,
    h: cellH,
  }));
  const cells: CellRect[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) cells.push({ r, c, x: colBands[c].x, y: rowBands[r].y, w: cellW, h: cellH });
  }
  const bodyW = cols > 0 ? colBands[cols - 1].x + cellW - margin.left : 0;
  const bodyH = rows > 0 ? rowBands[rows - 1].y + cellH - margin.top : 0;
  const body = { x: margin.left, y: margin.top, w: bodyW, h: bodyH };
  return {
    width: margin.left + bodyW + margin.right,
    height: margin.top + bodyH + margin.bottom,
    rows,
    cols,
    cells,
    body,
    rowBands,
    colBands,
    rowHeaders: rowBands.map((b) => ({ x: 0, y: b.y, w: Math.max(0, margin.left - (spec.headerGap ?? gap)), h: b.h })),
    colHeaders: colBands.map((b) => ({ x: b.x, y: 0, w: b.w, h: Math.max(0, margin.top - gap) })),
  };
}

/** The cell at (r, c), 0-based; throws outside the grid. */
export function cellAt(g: GridLayout, r: number, c: number): CellRect {
  if (r < 0 || r >= g.rows || c < 0 || c >= g.cols) throw new RangeError(`cellAt: (${r}, ${c}) is outside ${g.rows} × ${g.cols}`);
  return g.cells[r * g.cols + c];
}

/** Which way a normalisation takes its groups: down each column (BatchNorm, 竖着) or along each row (LayerNorm, 横着). */
export type NormAxis = 'columns' | 'rows';

export interface NormOverlay {
  /** one outline per group (a column for BatchNorm, a row for LayerNorm), around its cells */
  groups: Rect[];
  /** where each group's statistics go: below its column, or right of its row */
  stats: Rect[];
  /** an arrow along the normalised direction, as an SVG path, and the point its head reaches */
  arrow: { d: string; head: { x: number; y: number } };
}

/**
 * Group outlines, statistic slots and the direction arrow for a grid whose
 * margins leave room: `margin.bottom` for column statistics (BatchNorm) or
 * `margin.right` for row statistics (LayerNorm). The arrow runs down the left
 * of the cells (BatchNorm: leave `headerGap` ≥ 14) or along their bottom
 * (LayerNorm: leave `margin.bottom` ≥ 16).
 */
export function normOverlay(g: GridLayout, axis: NormAxis, pad = 3, statGap = 6): NormOverlay {
  const { body } = g;
  if (axis === 'columns') {
    const groups = g.colBands.map((b) => ({ x: b.x - pad, y: body.y - pad, w: b.w + 2 * pad, h: body.h + 2 * pad }));
    const stats = g.colBands.map((b) => ({ x: b.x, y: body.y + body.h + pad + statGap, w: b.w, h: g.height - (body.y + body.h + pad + statGap) }));
    // down the left edge of the first column, from its top to its bottom
    const x = body.x - pad - 8;
    const y0 = body.y, y1 = body.y + body.h;
    return { groups, stats, arrow: { d: `M${x},${y0}L${x},${y1}M${x - 5},${y1 - 8}L${x},${y1}L${x + 5},${y1 - 8}`, head: { x, y: y1 } } };
  }
  const groups = g.rowBands.map((b) => ({ x: body.x - pad, y: b.y - pad, w: body.w + 2 * pad, h: b.h + 2 * pad }));
  const sx = body.x + body.w + pad + statGap;
  const stats = g.rowBands.map((b) => ({ x: sx, y: b.y, w: g.width - sx, h: b.h }));
  // along the bottom edge of the last row, from its left to its right
  const y = body.y + body.h + pad + 8;
  const x0 = body.x, x1 = body.x + body.w;
  return { groups, stats, arrow: { d: `M${x0},${y}L${x1},${y}M${x1 - 8},${y - 5}L${x1},${y}L${x1 - 8},${y + 5}`, head: { x: x1, y } } };
}

/** Cell size for a grid of `cols` columns that should fit in `maxWidth` pixels, between `min` and `max`. */
export function fitCellWidth(cols: number, maxWidth: number, gap: number, min: number, max: number): number {
  if (cols <= 0) return max;
  const w = Math.floor((maxWidth - gap * (cols - 1)) / cols);
  return Math.max(min, Math.min(max, w));
}
