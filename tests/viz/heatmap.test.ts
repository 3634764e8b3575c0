import { cellAt, cellRect, cellRects, DENSE_CELLS, drawCells, formatCell, heatmapLayout, numbersFit, tickStep, type Canvas2D } from '../../src/viz/heatmap';
import { legendLayout, ticksFit } from '../../src/viz/legend';

const tokens = ['t', 'r', 'a', '<eos>'];

describe('heatmap layout', () => {
  it('cells tile the grid row by row without gaps, inside the figure', () => {
    const l = heatmapLayout({ rows: 4, cols: 4, rowLabels: tokens, colLabels: tokens, maxWidth: 400, maxHeight: 300 });
    const rects = cellRects(l);
    expect(rects.length).toBe(16);
    expect(rects[1].x - rects[0].x).toBe(l.cellW);
    expect(rects[4].y - rects[0].y).toBe(l.cellH);
    const last = rects[15];
    expect(last.x + last.w).toBeLessThanOrEqual(l.width);
    expect(last.y + last.h).toBeLessThanOrEqual(l.height);
    expect(l.width).toBeLessThanOrEqual(400);
    expect(l.height).toBeLessThanOrEqual(300);
  });

  it('cells never exceed the largest cell size, so a 2 × 2 map does not fill the screen', () => {
    const l = heatmapLayout({ rows: 2, cols: 2, rowLabels: ['a', 'b'], colLabels: ['a', 'b'], maxWidth: 1000, maxHeight: 1000, maxCell: 50 });
    expect(l.cellW).toBe(50);
  });

  it('every row gets a tick with its token when the rows are tall enough', () => {
    const l = heatmapLayout({ rows: 4, cols: 4, rowLabels: tokens, colLabels: tokens, maxWidth: 400, maxHeight: 300 });
    expect(l.rowTicks.map((t) => t.label)).toEqual(tokens);
    expect(l.colTicks.map((t) => t.label)).toEqual(tokens);
    expect(l.rowTicks[2].pos).toBe(cellRect(l, 2, 0).y + l.cellH / 2);
  });

  it('dense axes label every n-th column so that labels do not overlap', () => {
    const cols = Array.from({ length: 64 }, (_, i) => String(i));
    const l = heatmapLayout({ rows: 12, cols: 64, rowLabels: tokens, colLabels: cols, maxWidth: 560, maxHeight: 300 });
    const gaps = l.colTicks.slice(1).map((t, i) => t.pos - l.colTicks[i].pos);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(l.fontSize);
    expect(l.colTicks[0].label).toBe('0');
  });

  it('only labels wider than a cell are turned a quarter', () => {
    const l = heatmapLayout({ rows: 12, cols: 12, rowLabels: tokens, colLabels: ['a', 'a-long-label', ...'bcdefghijk'], maxWidth: 300, maxHeight: 300 });
    expect(l.colTicks.find((t) => t.index === 1)?.rotated).toBe(true);
    expect(l.colTicks.find((t) => t.index === 0)?.rotated).toBeUndefined();
  });

  it('a grid of more than a thousand cells goes on a canvas', () => {
    expect(heatmapLayout({ rows: 12, cols: 128, rowLabels: [], colLabels: [], maxWidth: 800, maxHeight: 400 }).dense).toBe(12 * 128 > DENSE_CELLS);
    expect(heatmapLayout({ rows: 12, cols: 12, rowLabels: [], colLabels: [], maxWidth: 800, maxHeight: 400 }).dense).toBe(false);
  });

  it('cellAt finds the cell under a point and nothing outside the grid', () => {
    const l = heatmapLayout({ rows: 3, cols: 5, rowLabels: ['a', 'b', 'c'], colLabels: [], maxWidth: 400, maxHeight: 300 });
    const r = cellRect(l, 2, 4);
    expect(cellAt(l, r.x + 1, r.y + 1)).toEqual({ row: 2, col: 4 });
    expect(cellAt(l, l.x0 - 1, l.y0 + 1)).toBeNull();
    expect(cellAt(l, r.x + r.w + 1, r.y)).toBeNull();
  });

  it('the row title is left out when the grid is too short to write it along', () => {
    const short = heatmapLayout({ rows: 1, cols: 4, rowLabels: ['a'], colLabels: [], rowTitle: 'a long row title', maxWidth: 400, maxHeight: 300, maxCell: 20 });
    expect(short.rowTitle).toBeUndefined();
    const tall = heatmapLayout({ rows: 8, cols: 4, rowLabels: [], colLabels: [], rowTitle: 'query', maxWidth: 400, maxHeight: 400 });
    expect(tall.rowTitle?.text).toBe('query');
  });

  it('numbers are written with a real minus sign, −∞ for masked cells, and only where they fit', () => {
    expect(formatCell(-0.5)).toBe('−0.50');
    expect(formatCell(-Infinity)).toBe('−∞');
    expect(formatCell(123.4)).toBe('123');
    expect(formatCell(-0.001)).toBe('0.00');
    const big = heatmapLayout({ rows: 3, cols: 3, rowLabels: [], colLabels: [], maxWidth: 400, maxHeight: 400 });
    const small = heatmapLayout({ rows: 30, cols: 30, rowLabels: [], colLabels: [], maxWidth: 300, maxHeight: 300 });
    expect(numbersFit(big, [0.12, -1.5])).toBe(true);
    expect(numbersFit(small, [0.12])).toBe(false);
    expect(tickStep(64, 8, 14)).toBe(2);
  });

  it('the canvas path fills every cell and hatches the masked ones', () => {
    const calls: string[] = [];
    const ctx = new Proxy({} as Canvas2D, {
      get: (_t, name) => (name in { fillRect: 1, moveTo: 1, fillText: 1, clip: 1 } ? () => calls.push(String(name)) : () => undefined),
      set: () => true,
    });
    const l = heatmapLayout({ rows: 2, cols: 2, rowLabels: [], colLabels: [], maxWidth: 200, maxHeight: 200 });
    drawCells(ctx, l, [0, -Infinity, 1, 2], { min: 0, max: 2 }, true);
    expect(calls.filter((c) => c === 'fillRect').length).toBe(4);
    expect(calls.filter((c) => c === 'clip').length).toBe(1);
    expect(calls.filter((c) => c === 'fillText').length).toBe(4);
  });
});

describe('heatmap sizing for a projector', () => {
  const labels = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

  it('keeps every row label once rows are 12 px or taller, in a smaller font when the rows are short', () => {
    for (const rows of [12, 20, 30]) {
      const l = heatmapLayout({ rows, cols: 8, rowLabels: labels(rows), colLabels: labels(8), maxWidth: 600, maxHeight: 12 * rows + 60, fontSize: 16 });
      if (l.cellH >= 12) {
        expect(l.rowTicks.length, `${rows} rows of ${l.cellH}px`).toBe(rows);
        expect(l.rowFontSize).toBeLessThanOrEqual(l.cellH - 1);
      }
    }
  });

  it('cells grow to fill the room, and widen so that numbers can be read at up to the size asked for', () => {
    const small = heatmapLayout({ rows: 12, cols: 12, rowLabels: labels(12), colLabels: labels(12), maxWidth: 400, maxHeight: 300 });
    const big = heatmapLayout({ rows: 12, cols: 12, rowLabels: labels(12), colLabels: labels(12), maxWidth: 1000, maxHeight: 700, maxCell: 120 });
    expect(big.cellW).toBeGreaterThan(small.cellW);
    // 12 × 12 attention in presentation mode at 1280 × 720: about 870 × 520 px of room
    const present = heatmapLayout({
      rows: 12, cols: 12, rowLabels: labels(12), colLabels: labels(12), maxWidth: 870, maxHeight: 520, fontSize: 17, maxCell: 120,
      numberChars: 4, maxNumberFont: 24,
    });
    expect(present.numberFont).toBeGreaterThanOrEqual(18);
    expect(numbersFit(present, new Float32Array(144).fill(0.25))).toBe(true);
    expect(present.cellW).toBeLessThanOrEqual(present.cellH * 1.8);
    expect(present.width).toBeLessThanOrEqual(870);
  });

  it('few rows and many columns: the rows grow taller to use the height', () => {
    const l = heatmapLayout({ rows: 2, cols: 32, rowLabels: labels(2), colLabels: labels(32), maxWidth: 560, maxHeight: 300 });
    expect(l.cellH).toBeGreaterThan(l.cellW);
    expect(l.height).toBeLessThanOrEqual(300);
  });

  it('numbers too small to read are not drawn', () => {
    const l = heatmapLayout({ rows: 12, cols: 12, rowLabels: labels(12), colLabels: labels(12), maxWidth: 200, maxHeight: 200, numberChars: 4 });
    expect(numbersFit(l, new Float32Array(144).fill(0.25))).toBe(false);
  });
});

describe('legend ticks', () => {
  it('never overlap, at any size and width: fewer round ticks are asked for until they fit', () => {
    for (const [min, max] of [[0, 1], [-0.000431, 0.000512], [-1234.5, 9876.5], [-3.2, 2.9]]) {
      for (const width of [80, 120, 200, 320]) {
        for (const fontSize of [11, 15, 20]) {
          const lg = legendLayout({ min, max }, width, 12, 5, fontSize);
          expect(lg.ticks.length, `${min}..${max} ${width}px ${fontSize}px`).toBeGreaterThanOrEqual(1);
          expect(ticksFit(lg.ticks, fontSize) || lg.ticks.length <= 2, `${min}..${max} ${width}px ${fontSize}px`).toBe(true);
        }
      }
    }
    expect(legendLayout({ min: 0, max: 1 }, 200, 12, 5, 11).ticks.map((t) => t.label)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  });
});
