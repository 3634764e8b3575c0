/**
 * Small multiples (after BertViz's model view): one thumbnail per layer × head,
 * layers as rows and heads as columns, each a tiny heatmap of that head's
 * attention weights. Layout only; the component draws each tile.
 */
export interface MultiplesSpec {
  layers: number;
  heads: number;
  /** rows and columns of each attention matrix */
  rows: number;
  cols: number;
  maxWidth: number;
  maxHeight: number;
  /** room for the row (layer) labels on the left and the column (head) labels on top */
  labelLeft?: number;
  labelTop?: number;
  gap?: number;
}

export interface Tile {
  layer: number;
  head: number;
  x: number;
  y: number;
  /** the whole tile and the size of one cell in it */
  w: number;
  h: number;
  cell: number;
}

export interface MultiplesLayout {
  width: number;
  height: number;
  tiles: Tile[];
  rowLabels: { layer: number; y: number }[];
  colLabels: { head: number; x: number }[];
  labelLeft: number;
  labelTop: number;
}

export function multiplesLayout(s: MultiplesSpec): MultiplesLayout {
  const labelLeft = s.labelLeft ?? 90;
  const labelTop = s.labelTop ?? 26;
  const gap = s.gap ?? 12;
  const availW = (s.maxWidth - labelLeft - gap * (s.heads - 1)) / Math.max(s.heads, 1);
  const availH = (s.maxHeight - labelTop - gap * (s.layers - 1)) / Math.max(s.layers, 1);
  const cell = Math.max(2, Math.min(Math.floor(availW / Math.max(s.cols, 1)), Math.floor(availH / Math.max(s.rows, 1)), 14));
  const w = cell * s.cols, h = cell * s.rows;
  const tiles: Tile[] = [];
  for (let l = 0; l < s.layers; l++) {
    for (let hd = 0; hd < s.heads; hd++) {
      tiles.push({ layer: l, head: hd, x: labelLeft + hd * (w + gap), y: labelTop + l * (h + gap), w, h, cell });
    }
  }
  return {
    width: labelLeft + s.heads * w + (s.heads - 1) * gap,
    height: labelTop + s.layers * h + (s.layers - 1) * gap,
    tiles,
    rowLabels: Array.from({ length: s.layers }, (_, l) => ({ layer: l, y: labelTop + l * (h + gap) + h / 2 })),
    colLabels: Array.from({ length: s.heads }, (_, hd) => ({ head: hd, x: labelLeft + hd * (w + gap) + w / 2 })),
    labelLeft,
    labelTop,
  };
}
