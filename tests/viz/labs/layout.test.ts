import { describe, expect, it } from 'vitest';
import { cellAt, fitCellWidth, gridLayout, normOverlay } from '../../../src/viz/labs/grid';
import { lineChartLayout, yExtent } from '../../../src/viz/labs/chart';
import { heatmapCellAt, heatmapLayout, indexTicks } from '../../../src/viz/labs/heatmap';
import { formatCount, formatNumber, formatOps, formatPercent, maxAbs, snapTiny } from '../../../src/viz/labs/format';
import { contrastRatio, readableTextOn } from '../../../src/viz/labs/contrast';
import { colorOf } from '../../../src/viz/color';

const margin = { top: 30, right: 10, bottom: 40, left: 80 };

describe('gridLayout', () => {
  it('places cells row-major with the gap between them, after the margins', () => {
    const g = gridLayout({ rows: 2, cols: 3, cellW: 50, cellH: 20, gap: 4, margin });
    expect(g.cells).toHaveLength(6);
    expect(cellAt(g, 0, 0)).toMatchObject({ x: 80, y: 30, w: 50, h: 20 });
    expect(cellAt(g, 1, 2)).toMatchObject({ r: 1, c: 2, x: 80 + 2 * 54, y: 30 + 24 });
    expect(g.width).toBe(80 + 3 * 50 + 2 * 4 + 10);
    expect(g.height).toBe(30 + 2 * 20 + 4 + 40);
  });

  it('adds the block gap between blocks of rows (one block per sentence)', () => {
    const g = gridLayout({ rows: 4, cols: 1, cellW: 10, cellH: 10, gap: 2, margin, rowBlock: 2, blockGap: 8 });
    expect(g.rowBands.map((b) => b.y)).toEqual([30, 42, 62, 74]);
  });

  it('leaves the header gap between row headers and cells', () => {
    const g = gridLayout({ rows: 1, cols: 1, cellW: 10, cellH: 10, gap: 2, margin, headerGap: 18 });
    expect(g.rowHeaders[0].w).toBe(62);
  });

  it('refuses a fractional or negative size, and cellAt refuses a cell outside', () => {
    expect(() => gridLayout({ rows: 1.5, cols: 1, cellW: 1, cellH: 1, gap: 0, margin })).toThrow(/whole numbers/);
    const g = gridLayout({ rows: 1, cols: 1, cellW: 1, cellH: 1, gap: 0, margin });
    expect(() => cellAt(g, 1, 0)).toThrow(/outside 1 × 1/);
  });

  it('fits a cell width between its bounds', () => {
    expect(fitCellWidth(4, 470, 4, 46, 74)).toBe(74);
    expect(fitCellWidth(16, 470, 4, 46, 74)).toBe(46);
    expect(fitCellWidth(8, 470, 4, 46, 74)).toBe(55);
  });
});

describe('normOverlay', () => {
  const g = gridLayout({ rows: 3, cols: 2, cellW: 50, cellH: 20, gap: 4, margin });

  it('outlines one group per column for BatchNorm, spanning every row, with a slot below each column', () => {
    const o = normOverlay(g, 'columns');
    expect(o.groups).toHaveLength(2);
    expect(o.groups[1].x).toBeLessThan(g.colBands[1].x);
    expect(o.groups[1].h).toBeGreaterThan(g.body.h);
    expect(o.stats[0].y).toBeGreaterThan(g.body.y + g.body.h);
    expect(o.arrow.head.y).toBe(g.body.y + g.body.h);
  });

  it('outlines one group per row for LayerNorm, spanning every column, with a slot right of each row', () => {
    const o = normOverlay(g, 'rows');
    expect(o.groups).toHaveLength(3);
    expect(o.groups[2].w).toBeGreaterThan(g.body.w);
    expect(o.stats[2].x).toBeGreaterThan(g.body.x + g.body.w);
    expect(o.stats[2].y).toBe(g.rowBands[2].y);
    expect(o.arrow.head.x).toBe(g.body.x + g.body.w);
  });
});

describe('lineChartLayout', () => {
  const spec = {
    width: 300, height: 200, margin: { top: 10, right: 10, bottom: 30, left: 40 },
    x: { domain: [1, 1000] as [number, number], log: true },
    y: { domain: [0, 10] as [number, number] },
  };

  it('maps the domain onto the plot box, y upwards', () => {
    const l = lineChartLayout([], spec);
    expect(l.xOf(1)).toBeCloseTo(40);
    expect(l.xOf(1000)).toBeCloseTo(290);
    expect(l.xOf(10)).toBeCloseTo(40 + 250 / 3);
    expect(l.yOf(0)).toBeCloseTo(170);
    expect(l.yOf(10)).toBeCloseTo(10);
  });

  it('labels a log axis at the powers of its base only', () => {
    const l = lineChartLayout([], spec);
    expect(l.xTicks.map((t) => t.value)).toEqual([1, 10, 100, 1000]);
  });

  it('draws a path through the points and skips points a log axis cannot show', () => {
    const l = lineChartLayout([{ id: 'a', points: [{ x: 0, y: 1 }, { x: 1, y: 1 }, { x: 10, y: 2 }] }], spec);
    expect(l.paths[0].id).toBe('a');
    expect(l.paths[0].d.startsWith('M40,')).toBe(true);
    expect(l.paths[0].d).not.toContain('NaN');
  });

  it('refuses a log axis whose domain is not positive', () => {
    expect(() => lineChartLayout([], { ...spec, x: { domain: [0, 10], log: true } })).toThrow(/positive domain/);
  });

  it('yExtent pads the range and ignores values a log axis cannot show', () => {
    expect(yExtent([{ id: 'a', points: [{ x: 1, y: 0 }, { x: 2, y: 10 }] }], { pad: 0.1 })).toEqual([-1, 11]);
    const [lo, hi] = yExtent([{ id: 'a', points: [{ x: 1, y: 0 }, { x: 2, y: 100 }, { x: 3, y: 1000 }] }], { log: true, pad: 1 });
    expect(lo).toBeCloseTo(10);
    expect(hi).toBeCloseTo(10000);
  });
});

describe('heatmapLayout', () => {
  it('uses whole-pixel cells that fit the largest size', () => {
    const l = heatmapLayout({ rows: 50, cols: 64, maxWidth: 380, maxHeight: 250, margin: { top: 30, right: 0, bottom: 0, left: 40 } });
    expect(l.cellW).toBe(5);
    expect(l.cellH).toBe(5);
    expect(l.plot).toEqual({ x: 40, y: 30, w: 320, h: 250 });
  });

  it('never makes a cell smaller than one pixel', () => {
    const l = heatmapLayout({ rows: 600, cols: 2, maxWidth: 100, maxHeight: 100, margin: { top: 0, right: 0, bottom: 0, left: 0 } });
    expect(l.cellH).toBe(1);
  });

  it('ticks rows and columns at a nice step, and finds the cell under a point', () => {
    expect(indexTicks(50, 6)).toEqual([0, 10, 20, 30, 40]);
    expect(indexTicks(5, 6)).toEqual([0, 1, 2, 3, 4]);
    const l = heatmapLayout({ rows: 4, cols: 4, maxWidth: 40, maxHeight: 40, margin: { top: 5, right: 0, bottom: 0, left: 5 } });
    expect(heatmapCellAt(l, 5 + 25, 5 + 12, 4, 4)).toEqual({ r: 1, c: 2 });
    expect(heatmapCellAt(l, 1, 1, 4, 4)).toBeNull();
  });
});

describe('number formats', () => {
  it('writes about three significant digits, and exponents for very large or small values', () => {
    expect(formatNumber(4820)).toBe('4820');
    expect(formatNumber(767.94)).toBe('767.9');
    expect(formatNumber(10.853)).toBe('10.85');
    expect(formatNumber(0.0169)).toBe('0.017');
    expect(formatNumber(1.2e-7)).toBe('1.2e-7');
    expect(formatNumber(2.5e6)).toBe('2.5e6');
  });

  it('never writes NaN, infinity or a negative zero', () => {
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(-Infinity)).toBe('—');
    expect(formatNumber(-0.0001 * 0)).toBe('0');
    expect(formatNumber(-0.0002)).toBe('-2.0e-4');
    expect(formatNumber(-0.0004999)).not.toMatch(/^-0$/);
  });

  it('snaps float32 noise to zero relative to the scale of the other values', () => {
    expect(snapTiny(-1.1e-7, 1.3)).toBe(0);
    expect(snapTiny(0.01, 1.3)).toBe(0.01);
    expect(maxAbs([1, -3, NaN, 2])).toBe(3);
  });

  it('writes counts, shares and operation counts for people', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(0.7963)).toBe('79.6%');
    expect(formatOps(950)).toBe('950');
    expect(formatOps(5_120_000)).toBe('5.1M');
    expect(formatOps(2.1e12)).toBe('2.1T');
  });
});

describe('text on coloured cells', () => {
  it('keeps at least 4.5 : 1 contrast on every colour of the viridis scale', () => {
    for (let i = 0; i <= 100; i++) {
      const bg = colorOf(i / 100, { min: 0, max: 1 });
      expect(contrastRatio(bg, readableTextOn(bg)), bg).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('chooses white on dark purple and black on yellow', () => {
    expect(readableTextOn('#440154')).toBe('#ffffff');
    expect(readableTextOn('#fde725')).toBe('#000000');
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21);
  });
});
