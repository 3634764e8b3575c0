import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { gelu, erf, tensor } from '../../src/core';
import { RUNS, arbShape, arbTensor, expectClose, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { gelu as geluOp } from '../../src/core';

/** High-precision values of erf (from mpmath / Abramowitz & Stegun tables). */
const ERF: [number, number][] = [
  [0, 0],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [2, 0.9953222650189527],
  [2.5, 0.999593047982555],
  [3, 0.9999779095030014],
  [4, 0.9999999845827421],
  [-1, -0.8427007929497149],
];

/** Φ(x) = (1 + erf(x/√2)) / 2 from the table: x = √2·z. */
const phiAt = (z: number) => 0.5 * (1 + (ERF.find(([x]) => x === z) as [number, number])[1]);

describe('erf', () => {
  it('erf matches high-precision values at known points', () => {
    for (const [x, want] of ERF) expect(Math.abs(erf(x) - want)).toBeLessThan(1e-14);
  });

  it('erf is continuous where the series hands over to the continued fraction (2.5)', () => {
    expect(Math.abs(erf(2.5 - 1e-12) - erf(2.5))).toBeLessThan(1e-13);
    // the slope across the seam is erf'(2.5) = 2/√π · exp(-6.25)
    const h = 1e-6, slope = (2 / Math.sqrt(Math.PI)) * Math.exp(-6.25);
    expect(Math.abs((erf(2.5 + h) - erf(2.5 - h)) / (2 * h) - slope)).toBeLessThan(1e-8);
  });

  it('erf is exactly ±1 far out and NaN for NaN', () => {
    expect(erf(10)).toBe(1);
    expect(erf(-10)).toBe(-1);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
  });

  it('erf is odd', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
        expect(erf(-x) === -erf(x)).toBe(true); // === so that erf(-0) = +0 passes
      }),
      { numRuns: 1000 },
    );
  });

  it('erf is bounded by 1 and non-decreasing', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (x, dx) => {
        const a = erf(x), b = erf(x + dx);
        expect(Math.abs(a)).toBeLessThanOrEqual(1);
        expect(b).toBeGreaterThanOrEqual(a - 1e-15);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('gelu', () => {
  it('gelu matches x·Φ(x) from a high-precision erf at known values', () => {
    const zs = [0.5, 1, 2, 3, -1];
    const xs = zs.map((z) => z * Math.SQRT2);
    const y = gelu(tensor([zs.length], xs));
    // the input is rounded to float32, so compare within float32 precision
    expectClose(y.data, zs.map((z, i) => xs[i] * phiAt(z)), 2e-6);
  });

  it('gelu at 0, 1, -1 and 2 matches the exact (erf) GELU of torch', () => {
    const y = gelu(tensor([4], [0, 1, -1, 2]));
    expectClose(y.data, [0, 0.8413447460685429, -0.15865525393145707, 1.9544997361036416], 1e-7);
  });

  it('gelu is the identity for large positive inputs and 0 for large negative ones (no overflow)', () => {
    const y = gelu(tensor([2], [1e4, -1e4]));
    expect(y.data[0]).toBe(1e4);
    expect(y.data[1] + 0).toBe(0);
  });

  it('gelu does not mutate its input', () => {
    const x = tensor([3], [-1, 0, 1]);
    const snap = snapshot(x);
    gelu(x);
    snap.check();
  });

  it('gelu equals 0.5·x·(1 + erf(x/√2)) and gelu(x) - gelu(-x) = x', () => {
    fc.assert(
      fc.property(arbTensor(arbShape(1, 2, 1, 6), 10), (x) => {
        const y = gelu(x);
        const yn = gelu(tensor(x.shape, Array.from(x.data, (v) => -v)));
        for (let i = 0; i < x.size; i++) {
          const v = x.data[i];
          expect(Math.abs(y.data[i] - 0.5 * v * (1 + erf(v / Math.SQRT2)))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v)));
          expect(Math.abs(y.data[i] - yn.data[i] - v)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(v)));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('gelu backward', () => {
  it('gelu passes the finite-difference check', () => {
    expect(gradCheck(geluOp, [randomTensor([20], 1, -4, 4)]).ok).toBe(true);
  });
});
