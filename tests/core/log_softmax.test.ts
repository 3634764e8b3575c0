import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { logSoftmax, softmax, tensor, fromNested, Mask, maskFrom } from '../../src/core';
import { RUNS, arbValue, expectClose, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { logSoftmax as logSoftmaxOp, maskedFill as maskedFillOp, maskFrom as maskFromOp } from '../../src/core';

describe('logSoftmax', () => {
  it('logSoftmax of [0, ln 3] is [ln 1/4, ln 3/4]', () => {
    const y = logSoftmax(tensor([2], [0, Math.log(3)]));
    expectClose(y.data, [Math.log(0.25), Math.log(0.75)], 1e-6);
  });

  it('logSoftmax of [1, 2, 3] is x minus log-sum-exp', () => {
    const lse = Math.log(Math.E + Math.E ** 2 + Math.E ** 3);
    const y = logSoftmax(tensor([3], [1, 2, 3]));
    expectClose(y.data, [1 - lse, 2 - lse, 3 - lse], 1e-6);
  });

  it('logSoftmax works row by row over the last axis', () => {
    const y = logSoftmax(fromNested([[0, 0], [5, 5]]));
    expectClose(y.data, [-Math.LN2, -Math.LN2, -Math.LN2, -Math.LN2], 1e-7);
  });

  it('logSoftmax gives -Infinity at masked entries and renormalises the rest', () => {
    const y = logSoftmax(tensor([3], [0, 100, Math.log(3)]), maskFrom([3], [0, 1, 0]));
    expect(y.data[1]).toBe(-Infinity);
    expectClose([y.data[0], y.data[2]], [Math.log(0.25), Math.log(0.75)], 1e-6);
  });

  it('logSoftmax gives -Infinity, never NaN, for a fully masked row', () => {
    const y = logSoftmax(fromNested([[1, 2], [3, 4]]), maskFrom([2, 2], [1, 1, 0, 0]));
    expect([y.data[0], y.data[1]]).toEqual([-Infinity, -Infinity]);
    expect(y.data.some(Number.isNaN)).toBe(false);
    expectClose([y.data[2], y.data[3]], [3 - Math.log(Math.exp(3) + Math.exp(4)), 4 - Math.log(Math.exp(3) + Math.exp(4))], 1e-6);
  });

  it('logSoftmax stays finite on overflow: logits of +1e4', () => {
    const y = logSoftmax(tensor([2], [1e4, 1e4]));
    expect(y.data.every(Number.isFinite)).toBe(true);
    expectClose(y.data, [-Math.LN2, -Math.LN2], 1e-6);
  });

  it('logSoftmax stays finite on underflow: logits of -1e4', () => {
    const y = logSoftmax(tensor([2], [-1e4, -1e4]));
    expect(y.data.every(Number.isFinite)).toBe(true);
    expectClose(y.data, [-Math.LN2, -Math.LN2], 1e-6);
  });

  it('logSoftmax of logits ±1e4 in one row is finite (overflow and underflow)', () => {
    const y = logSoftmax(tensor([3], [1e4, -1e4, 0]));
    expect(y.data.every(Number.isFinite)).toBe(true);
    expectClose(y.data, [0, -2e4, -1e4], 1e-3);
  });

  it('logSoftmax throws an error naming the op and both shapes when the mask does not broadcast', () => {
    expect(() => logSoftmax(tensor([2, 3], [1, 2, 3, 4, 5, 6]), new Mask([2, 2]))).toThrow(/logSoftmax.*\[2,2\].*\[2,3\]/);
  });

  it('logSoftmax of a rank-0 tensor throws an error naming the op', () => {
    expect(() => logSoftmax(tensor([], [1]))).toThrow(/logSoftmax/);
  });

  it('logSoftmax does not mutate its input or its mask', () => {
    const x = tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    const m = maskFrom([3], [0, 1, 0]);
    const snap = snapshot(x, m);
    logSoftmax(x, m);
    snap.check();
  });

  it('logSoftmax equals log(softmax) and exp of it sums to 1 (random rows and masks)', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 })).chain(([rows, n]) =>
          fc.tuple(
            fc.constant([rows, n]),
            fc.array(arbValue(20), { minLength: rows * n, maxLength: rows * n }),
            fc.array(fc.boolean(), { minLength: rows * n, maxLength: rows * n }),
          ),
        ),
        ([shape, values, bits]) => {
          const [rows, n] = shape;
          for (let r = 0; r < rows; r++) bits[r * n] = false; // one unmasked entry per row
          const x = tensor(shape, values);
          const mask = maskFrom(shape, bits);
          const snap = snapshot(x, mask);
          const ls = logSoftmax(x, mask);
          const sm = softmax(x, mask);
          snap.check();
          for (let r = 0; r < rows; r++) {
            let sum = 0;
            for (let j = 0; j < n; j++) {
              const i = r * n + j;
              if (bits[i]) {
                expect(ls.data[i]).toBe(-Infinity);
                continue;
              }
              expect(ls.data[i]).toBeLessThanOrEqual(0);
              expect(Math.abs(ls.data[i] - Math.log(sm.data[i]))).toBeLessThan(1e-4 * Math.max(1, Math.abs(ls.data[i])));
              sum += Math.exp(ls.data[i]);
            }
            expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('logSoftmax backward', () => {
  it('logSoftmax passes the finite-difference check, masked entries getting no gradient', () => {
    expect(gradCheck((x) => logSoftmaxOp(x), [randomTensor([4, 5], 1, -3, 3)]).ok).toBe(true);
    const m = maskFromOp([4], [0, 0, 1, 0]);
    // the −∞ of masked entries is replaced by 0 so that the checked sum stays finite
    expect(gradCheck((x) => maskedFillOp(logSoftmaxOp(x, m), m, 0), [randomTensor([3, 4], 2, -3, 3)]).ok).toBe(true);
  });
});
