import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/core';
import { RUNS } from './helpers';

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.nextUint32());

describe('Rng', () => {
  it('Rng is deterministic for a seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (seed) => {
        const a = new Rng(seed), b = new Rng(seed);
        expect(draw(a, 8)).toEqual(draw(b, 8));
        expect([a.next(), a.normal(), a.normal(), a.int(0, 9), a.uniform(-1, 1)]).toEqual([b.next(), b.normal(), b.normal(), b.int(0, 9), b.uniform(-1, 1)]);
      }),
      { numRuns: RUNS },
    );
  });

  it('Rng gives different sequences for different seeds', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (s1, s2) => {
        fc.pre(s1 !== s2);
        expect(draw(new Rng(s1), 4)).not.toEqual(draw(new Rng(s2), 4));
      }),
      { numRuns: RUNS },
    );
  });

  it('Rng gives different first values for neighbouring seeds 0…99', () => {
    const firsts = new Set(Array.from({ length: 100 }, (_, s) => new Rng(s).nextUint32()));
    expect(firsts.size).toBe(100);
  });

  it('Rng draws are fixed for seed 42 (reproducible bit for bit across runs and machines)', () => {
    // pinned once; a change here means every seeded model and data set changes
    expect(draw(new Rng(42), 3)).toEqual([3022023119, 4147109576, 2389943594]);
    const rng = new Rng(42);
    expect([rng.next(), rng.int(0, 99), rng.normal()]).toEqual([0.7036195879336447, 96, -0.5387016014759713]);
  });

  it('Rng.next is in [0, 1), uniform in [lo, hi) and int in [lo, hi] inclusive', () => {
    const rng = new Rng(7);
    const ints = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      const v = rng.uniform(-2, 3);
      expect(v).toBeGreaterThanOrEqual(-2);
      expect(v).toBeLessThan(3);
      const k = rng.int(1, 4);
      expect(Number.isInteger(k) && k >= 1 && k <= 4).toBe(true);
      ints.add(k);
    }
    expect([...ints].sort()).toEqual([1, 2, 3, 4]);
  });

  it('Rng.normal has mean near 0 and variance near 1 over many draws (fixed seed)', () => {
    const rng = new Rng(123);
    const n = 20000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      expect(Number.isFinite(z)).toBe(true);
      s += z;
      s2 += z * z;
    }
    const mean = s / n, variance = s2 / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('Rng.shuffle returns a permutation of the items, in place', () => {
    const rng = new Rng(3);
    const items = [...Array(20).keys()];
    const out = rng.shuffle(items);
    expect(out).toBe(items);
    expect([...out].sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
    expect(out).not.toEqual([...Array(20).keys()]);
  });

  it('Rng.pick returns one of the items', () => {
    const rng = new Rng(5);
    const items = ['a', 'b', 'c'];
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) seen.add(rng.pick(items));
    expect([...seen].sort()).toEqual(items);
  });
});
