import { isolate, lineOpacity, linesLayout, MIN_WEIGHT } from '../../src/viz/lines';
import { multiplesLayout } from '../../src/viz/multiples';
import { barsLayout } from '../../src/viz/bars';
import { legendLayout } from '../../src/viz/legend';

describe('lines view layout', () => {
  const weights = [0.7, 0.3, 0, 0.5, 0.5, 0.001];
  const l = linesLayout({ left: ['<bos>', 'x'], right: ['a', 'b', 'c'], weights, width: 400 });

  it('queries sit on the left, keys on the right, one row each', () => {
    expect(l.left.map((b) => b.label)).toEqual(['<bos>', 'x']);
    expect(l.right.every((b) => b.x > l.left[0].x)).toBe(true);
    expect(l.right[1].y - l.right[0].y).toBeGreaterThan(0);
  });

  it('there is a line for each pair with a visible weight, opacity growing with the weight', () => {
    expect(l.lines.map((x) => [x.from, x.to])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(l.lines.every((x) => x.path.startsWith('M'))).toBe(true);
    expect(lineOpacity(0.7)).toBeGreaterThan(lineOpacity(0.3));
    expect(lineOpacity(1)).toBe(1);
    expect(MIN_WEIGHT).toBeGreaterThan(0.001);
  });

  it('hovering a token keeps only its lines', () => {
    expect(isolate(l.lines, { side: 'left', index: 1 }).map((x) => x.to)).toEqual([0, 1]);
    expect(isolate(l.lines, { side: 'right', index: 0 }).map((x) => x.from)).toEqual([0, 1]);
    expect(isolate(l.lines, null).length).toBe(4);
  });
});

describe('small multiples layout', () => {
  it('one tile per layer and head, layers as rows, inside the room given', () => {
    const m = multiplesLayout({ layers: 2, heads: 4, rows: 12, cols: 12, maxWidth: 600, maxHeight: 400 });
    expect(m.tiles.length).toBe(8);
    expect(m.tiles[5]).toMatchObject({ layer: 1, head: 1 });
    expect(m.width).toBeLessThanOrEqual(600);
    expect(m.height).toBeLessThanOrEqual(400);
    expect(m.tiles[1].x).toBeGreaterThan(m.tiles[0].x);
    expect(m.tiles[4].y).toBeGreaterThan(m.tiles[0].y);
  });
});

describe('vocabulary bars layout', () => {
  it('one bar per token, heights in proportion, the chosen one marked', () => {
    const b = barsLayout({ labels: ['<pad>', 'a', 'b'], values: [0, 0.25, 0.75], width: 300, height: 200, highlight: 2, domain: [0, 1] });
    expect(b.bars.map((x) => x.highlight)).toEqual([false, false, true]);
    expect(b.bars[2].h / b.bars[1].h).toBeCloseTo(3, 5);
    expect(b.bars[0].h).toBe(0);
    expect(b.yTicks[0].value).toBe(0);
  });

  it('labels wider than their bar are written upwards', () => {
    const b = barsLayout({ labels: ['<pad>', ...'abcdefghijklmnopqrstuvwxyz'], values: new Float32Array(27), width: 400, height: 200, highlight: 1 });
    expect(b.bars[0].labelRotated).toBe(true);
    expect(b.bars[1].labelRotated).toBe(false);
  });

  it('negative logits hang below the zero line', () => {
    const b = barsLayout({ labels: ['a', 'b'], values: [-2, 1], width: 200, height: 200, highlight: 1 });
    expect(b.bars[0].y).toBeCloseTo(b.y0, 5);
    expect(b.bars[1].y + b.bars[1].h).toBeCloseTo(b.y0, 5);
  });
});

describe('legend layout', () => {
  it('spans the domain with viridis stops and round ticks inside the bar', () => {
    const lg = legendLayout({ min: -2, max: 3 }, 200);
    expect(lg.stops.length).toBe(11);
    expect(lg.ticks.every((t) => t.x >= 0 && t.x <= 200)).toBe(true);
    expect(lg.ticks.map((t) => t.label)).toContain('−2');
  });
});
