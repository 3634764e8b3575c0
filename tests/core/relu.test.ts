import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { relu, tensor } from '../../src/core';
import { RUNS, arbShape, arbTensor, expectExact, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { relu as reluOp } from '../../src/core';

describe('relu', () => {
  it('relu keeps positives and zeroes negatives and zero', () => {
    const y = relu(tensor([2, 3], [-2, -0.5, 0, 0.5, 2, -1e4]));
    expect(y.shape).toEqual([2, 3]);
    expectExact(y.data, [0, 0, 0, 0.5, 2, 0]);
  });

  it('relu does not mutate its input', () => {
    const x = tensor([3], [-1, 0, 1]);
    const snap = snapshot(x);
    relu(x);
    snap.check();
  });

  it('relu equals max(0, x) element by element', () => {
    fc.assert(
      fc.property(arbTensor(arbShape(0, 3, 1, 5)), (x) => {
        const snap = snapshot(x);
        const y = relu(x);
        snap.check();
        expectExact(y.data, Array.from(x.data, (v) => (v > 0 ? v : 0)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('relu backward', () => {
  it('relu passes the finite-difference check away from 0', () => {
    const x = randomTensor([20], 1);
    for (let i = 0; i < x.size; i++) if (Math.abs(x.data[i]) < 0.05) x.data[i] = 0.5;
    expect(gradCheck(reluOp, [x]).ok).toBe(true);
  });
});
