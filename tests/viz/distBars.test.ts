import { describe, expect, it } from 'vitest';
import { distBarsLayout } from '../../src/viz/distBars';

describe('the next-token bars layout', () => {
  const spec = {
    labels: ['a', 'b', 'c', 'd', 'e'],
    before: [0.6, 0.2, 0.1, 0.06, 0.04],
    after: [0.8, 0.12, 0.05, 0.02, 0.01],
    cut: [null, null, 'topP', 'topK', 'topK'] as const,
    width: 400,
    height: 200,
  };

  it('draws a pair of bars per token, the model’s beside the tempered one, taller for more probable', () => {
    const l = distBarsLayout({ ...spec, cut: [...spec.cut] });
    expect(l.bars).toHaveLength(5);
    for (const b of l.bars) {
      expect(b.after.x).toBeGreaterThan(b.before.x);
      expect(b.before.y + b.before.h).toBeCloseTo(l.y0, 9);
    }
    expect(l.bars[0].after.h).toBeGreaterThan(l.bars[0].before.h);
    expect(l.bars[4].after.h).toBeLessThan(l.bars[4].before.h);
  });

  it('shades the tokens each cut removes as one band at the tail', () => {
    const l = distBarsLayout({ ...spec, cut: [...spec.cut] });
    expect(l.bands.map((b) => b.cut)).toEqual(['topP', 'topK']);
    const k = l.bands.find((b) => b.cut === 'topK')!;
    expect(k.x).toBeCloseTo(l.bars[3].slotX, 9);
    expect(k.w).toBeCloseTo(2 * l.bars[3].slotW, 9);
  });

  it('counts the tokens that do not fit the width instead of squeezing them', () => {
    const n = 60;
    const l = distBarsLayout({ labels: Array.from({ length: n }, (_, i) => `t${i}`), before: Array(n).fill(1 / n), after: Array(n).fill(1 / n), cut: Array(n).fill(null), width: 300, height: 200 });
    expect(l.bars.length + l.hidden).toBe(n);
    expect(l.hidden).toBeGreaterThan(0);
    expect(l.bars[0].slotW).toBeGreaterThanOrEqual(16);
  });
});
