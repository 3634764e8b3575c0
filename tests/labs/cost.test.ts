import { describe, expect, it } from 'vitest';
import {
  convPathLength, costCurves, crossoverConvolution, crossoverRecurrent, layerCost, layerCosts, pow2Steps, projectionOps,
} from '../../src/labs/cost';

describe('cost lab numbers', () => {
  it('follows Table 1: T²D, TD², KTD², rTD operations; 1, T, 1, 1 sequential; 1, T, ⌈log_K T⌉, ⌈T/r⌉ path', () => {
    const [att, rnn, conv, restricted] = layerCosts({ T: 100, D: 512, K: 3, r: 16 });
    expect(att).toMatchObject({ kind: 'attention', ops: 100 * 100 * 512, sequential: 1, pathLength: 1 });
    expect(rnn).toMatchObject({ kind: 'recurrent', ops: 100 * 512 * 512, sequential: 100, pathLength: 100 });
    expect(conv).toMatchObject({ kind: 'convolution', ops: 3 * 100 * 512 * 512, sequential: 1, pathLength: 5 });
    expect(restricted).toMatchObject({ kind: 'restricted', ops: 16 * 100 * 512, sequential: 1, pathLength: 7 });
  });

  it('restricted self-attention with a neighbourhood as wide as the sequence is plain self-attention', () => {
    for (const r of [64, 65, 1000]) {
      const full = layerCost('attention', { T: 64, D: 32, K: 3, r });
      const restricted = layerCost('restricted', { T: 64, D: 32, K: 3, r });
      expect(restricted.ops).toBe(full.ops);
      expect(restricted.pathLength).toBe(1);
    }
    // a neighbourhood of one position costs T·D and needs T layers to connect the ends
    expect(layerCost('restricted', { T: 50, D: 8, K: 3, r: 1 })).toMatchObject({ ops: 50 * 8, pathLength: 50 });
  });

  it('self-attention and recurrence cost the same at T = D, attention and convolution at T = K·D', () => {
    expect(crossoverRecurrent(512)).toBe(512);
    const [a, r] = layerCosts({ T: 512, D: 512, K: 3, r: 16 });
    expect(a.ops).toBe(r.ops);
    const [a2, , c2] = layerCosts({ T: crossoverConvolution(64, 3), D: 64, K: 3, r: 16 });
    expect(a2.ops).toBe(c2.ops);
  });

  it('the Q, K, V and output projections of a real attention layer add 4·T·D², four T×D by D×D products', () => {
    expect(projectionOps(100, 512)).toBe(4 * 100 * 512 * 512);
    // as many as four recurrent layers' worth of D × D work
    expect(projectionOps(100, 512)).toBe(4 * layerCost('recurrent', { T: 100, D: 512, K: 3, r: 16 }).ops);
  });

  it('computes the convolution path exactly at powers of K', () => {
    expect(convPathLength(9, 3)).toBe(2);
    expect(convPathLength(10, 3)).toBe(3);
    expect(convPathLength(1, 3)).toBe(1);
  });

  it('curves run from T = 1 to the maximum for all four layers; slider steps are powers of two and halves', () => {
    const c = costCurves({ D: 512, K: 3, r: 16 }, 8192);
    expect(c.map((s) => s.kind)).toEqual(['attention', 'recurrent', 'convolution', 'restricted']);
    expect(c[0].points[0].x).toBeCloseTo(1);
    expect(c[0].points.at(-1)!.x).toBeCloseTo(8192);
    // below r the restricted curve is the full one; above it, it grows only linearly
    const last = c[3].points.at(-1)!;
    expect(last.y).toBeCloseTo(16 * 8192 * 512, -2);
    expect(c[3].points[1].y).toBeCloseTo(c[0].points[1].y);
    expect(pow2Steps(2, 64)).toEqual([2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64]);
  });
});
