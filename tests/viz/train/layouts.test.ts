import { movingAverage, nearestIndex, niceMax, thin } from '../../../src/viz/train/series';
import { anatomyCellAt, anatomyLayout } from '../../../src/viz/train/anatomy';

describe('training chart series', () => {
  it('thin keeps a short series as it is and turns a long one into bucket means, the last point at its own x', () => {
    const short = [{ x: 1, y: 2 }, { x: 2, y: 3 }];
    expect(thin(short, 10)).toEqual(short);
    const long = Array.from({ length: 1000 }, (_, i) => ({ x: i + 1, y: i % 2 }));
    const t = thin(long, 100);
    expect(t.length).toBe(100);
    expect(t[0]).toEqual({ x: 5.5, y: 0.5 });
    expect(t[99].x).toBe(1000);
    for (const p of t) expect(p.y).toBeCloseTo(0.5, 9);
  });

  it('thin skips non-finite values', () => {
    const pts = [{ x: 1, y: NaN }, { x: 2, y: 4 }, { x: 3, y: Infinity }, { x: 4, y: 6 }];
    expect(thin(pts, 2)).toEqual([{ x: 2, y: 4 }, { x: 4, y: 6 }]);
  });

  it('the moving average is the mean of the last window points (fewer at the start)', () => {
    const pts = [1, 2, 3, 4, 5].map((y, i) => ({ x: i, y }));
    expect(movingAverage(pts, 2).map((p) => p.y)).toEqual([1, 1.5, 2.5, 3.5, 4.5]);
    expect(movingAverage(pts, 10).map((p) => p.y)).toEqual([1, 1.5, 2, 2.5, 3]);
  });

  it('nearestIndex finds the point nearest an x in a sorted series', () => {
    const pts = [0, 10, 20, 30].map((x) => ({ x, y: 0 }));
    expect(nearestIndex(pts, -5)).toBe(0);
    expect(nearestIndex(pts, 14)).toBe(1);
    expect(nearestIndex(pts, 16)).toBe(2);
    expect(nearestIndex(pts, 99)).toBe(3);
    expect(nearestIndex([], 3)).toBe(-1);
  });

  it('niceMax rounds an axis end up to 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 or 10 times a power of ten', () => {
    expect(niceMax(3.2)).toBe(4);
    expect(niceMax(0.42)).toBe(0.5);
    expect(niceMax(151)).toBe(200);
    expect(niceMax(1000)).toBe(1000);
    expect(niceMax(0)).toBe(1);
  });
});

describe('the loss figure of one step', () => {
  const vocab = ['PAD', 'BOS', 'EOS', ...'abcdefghijklmnopqrstuvwxyz'];
  const l = anatomyLayout({ rows: 7, vocab, width: 700, height: 320, ceMax: 3.3, fontSize: 13 });

  it('gives every token a slot and every position a row within the room', () => {
    expect(l.colTicks).toHaveLength(29);
    expect(l.slot * 29).toBeCloseTo(l.plotW, 6);
    expect(l.colTicks[0].pos).toBeCloseTo(l.plotX + l.slot / 2, 6);
    expect(l.rowTop + 7 * l.rowH).toBeLessThanOrEqual(l.height);
    expect(l.height).toBeLessThanOrEqual(320);
    expect(l.width).toBeLessThanOrEqual(700);
  });

  it('writes the special tokens upwards and single letters flat', () => {
    expect(l.colTicks.slice(0, 3).every((c) => c.rotated)).toBe(true);
    expect(l.colTicks.slice(3).every((c) => !c.rotated)).toBe(true);
    expect(l.tickFont).toBeGreaterThanOrEqual(9);
  });

  it('puts the cross-entropy bars, then their values, then right or wrong, in columns after the distributions', () => {
    expect(l.ceX).toBeGreaterThan(l.plotX + l.plotW);
    expect(l.valueX).toBeGreaterThan(l.ceX + l.ceScale(3.3));
    expect(l.verdictX).toBeGreaterThan(l.valueX);
    expect(l.ceScale(0)).toBe(0);
    expect(l.ceScale(-1)).toBe(0);
    expect(l.ceScale(2)).toBeCloseTo(2 * l.ceScale(1), 6);
  });

  it('in slots narrower than a character, labels only the tokens asked for', () => {
    const narrow = anatomyLayout({ rows: 7, vocab, width: 360, height: 300, ceMax: 3, fontSize: 13, keep: [2, 5, 9] });
    expect(narrow.slot).toBeLessThan(6);
    expect(narrow.colTicks.map((c) => c.index)).toEqual([2, 5, 9]);
    expect(narrow.width).toBeLessThanOrEqual(372);
    expect(anatomyLayout({ rows: 7, vocab, width: 700, height: 320, ceMax: 3, keep: [2] }).colTicks).toHaveLength(29);
  });

  it('finds the position and token under a point', () => {
    const y = l.rowTop + 2.5 * l.rowH;
    expect(anatomyCellAt(l, l.plotX + l.slot * 4.5, y, 7)).toEqual({ row: 2, col: 4 });
    expect(anatomyCellAt(l, l.ceX + 2, y, 7)).toEqual({ row: 2, col: -1 });
    expect(anatomyCellAt(l, l.plotX + 1, l.rowTop - 1, 7)).toBeNull();
  });
});
