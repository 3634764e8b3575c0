import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { tanh, tensor } from '../../src/core';
import { RUNS, arbShape, arbTensor, expectClose, expectExact, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { tanh as tanhOp } from '../../src/core';

describe('tanh', () => {
  it('tanh matches hand-computed values', () => {
    // tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 0.6
    const y = tanh(tensor([4], [0, Math.log(2), -Math.log(2), 1]));
    expectClose(y.data, [0, 0.6, -0.6, 0.7615941559557649], 1e-7);
  });

  it('tanh saturates to ±1 without overflow for large inputs', () => {
    expectExact(tanh(tensor([2], [1e4, -1e4])).data, [1, -1]);
  });

  it('tanh does not mutate its input', () => {
    const x = tensor([2], [1, -1]);
    const snap = snapshot(x);
    tanh(x);
    snap.check();
  });

  it('tanh is odd and bounded by 1', () => {
    fc.assert(
      fc.property(arbTensor(arbShape(1, 2, 1, 6), 20), (x) => {
        const y = tanh(x);
        const yn = tanh(tensor(x.shape, Array.from(x.data, (v) => -v)));
        for (let i = 0; i < y.size; i++) {
          expect(yn.data[i]).toBe(-y.data[i]);
          expect(Math.abs(y.data[i])).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('tanh backward', () => {
  it('tanh passes the finite-difference check', () => {
    expect(gradCheck(tanhOp, [randomTensor([20], 1, -2, 2)]).ok).toBe(true);
  });
});
