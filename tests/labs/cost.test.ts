import { describe, expect, it } from 'vitest';
import { convPathLength, costCurves, crossoverConvolution, crossoverRecurrent, layerCosts, pow2Steps } from '../../src/labs/cost';

describe('cost lab numbers', () => {
  it('follows Table 1: T²D, TD², KTD² operations; 1, T, 1 sequential; 1, T, ⌈log_K T⌉ path', () => {
    const [att, rnn, conv] = layerCosts(100, 512, 3);
    expect(att).toMatchObject({ kind: 'attention', ops: 100 * 100 * 512, sequential: 1, pathLength: 1 });
    expect(rnn).toMatchObject({ kind: 'recurrent', ops: 100 * 512 * 512, sequential: 100, pathLength: 100 });
    expect(conv).toMatchObject({ kind: 'convolution', ops: 3 * 100 * 512 * 512, sequential: 1, pathLength: 5 });
  });

  it('self-attention and recurrence cost the same at T = D, attention and convolution at T = K·D', () => {
    expect(crossoverRecurrent(512)).toBe(512);
    const [a, r] = layerCosts(512, 512, 3);
    expect(a.ops).toBe(r.ops);
    const [a2, , c2] = layerCosts(crossoverConvolution(64, 3), 64, 3);
    expect(a2.ops).toBe(c2.ops);
  });

  it('computes the convolution path exactly at powers of K', () => {
    expect(convPathLength(9, 3)).toBe(2);
    expect(convPathLength(10, 3)).toBe(3);
    expect(convPathLength(1, 3)).toBe(1);
  });

  it('curves run from T = 1 to the maximum for all three layers; slider steps are powers of two and halves', () => {
    const c = costCurves(512, 3, 8192);
    expect(c.map((s) => s.kind)).toEqual(['attention', 'recurrent', 'convolution']);
    expect(c[0].points[0].x).toBeCloseTo(1);
    expect(c[0].points.at(-1)!.x).toBeCloseTo(8192);
    expect(pow2Steps(2, 64)).toEqual([2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]);
  });
});
