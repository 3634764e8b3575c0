import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { crossEntropy, logSoftmax, tensor, fromNested } from '../../src/core';
import { RUNS, arbValue, expectClose, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { crossEntropy as crossEntropyOp } from '../../src/core';

describe('crossEntropy', () => {
  it('crossEntropy of uniform logits is log V', () => {
    const { loss, count } = crossEntropy(fromNested([[0, 0, 0, 0], [1, 1, 1, 1]]), [2, 0]);
    expect(loss.shape).toEqual([]);
    expect(count).toBe(2);
    expectClose(loss.data, [Math.log(4)], 1e-6);
  });

  it('crossEntropy of [0, ln 3] with target 1 is -ln(3/4)', () => {
    const { loss, logProbs } = crossEntropy(tensor([1, 2], [0, Math.log(3)]), [1]);
    expectClose(loss.data, [-Math.log(0.75)], 1e-6);
    expectClose(logProbs.data, [Math.log(0.25), Math.log(0.75)], 1e-6);
  });

  it('crossEntropy averages over the rows that are not ignored', () => {
    // row 0: -ln(3/4), row 1 ignored (pad), row 2: -ln(1/4)
    const logits = fromNested([[0, Math.log(3)], [100, -100], [0, Math.log(3)]]);
    const { loss, count } = crossEntropy(logits, [1, -100, 0]);
    expect(count).toBe(2);
    expectClose(loss.data, [(-Math.log(0.75) - Math.log(0.25)) / 2], 1e-6);
    const custom = crossEntropy(logits, [1, 0, 0], { ignoreIndex: 0 });
    expect(custom.count).toBe(1);
    expectClose(custom.loss.data, [-Math.log(0.75)], 1e-6);
  });

  it('crossEntropy of a batch where every target is ignored is 0, not NaN', () => {
    const { loss, count } = crossEntropy(fromNested([[1, 2], [3, 4]]), [-100, -100]);
    expect(count).toBe(0);
    expect(loss.data[0]).toBe(0);
  });

  it('crossEntropy with label smoothing mixes in the mean of -log p over the classes', () => {
    // p = [1/4, 3/4], target 1, ε = 0.2: 0.8·(-ln 3/4) + 0.2·mean(-ln 1/4, -ln 3/4)
    const eps = 0.2;
    const { loss } = crossEntropy(tensor([1, 2], [0, Math.log(3)]), [1], { labelSmoothing: eps });
    const want = (1 - eps) * -Math.log(0.75) + (eps * (-Math.log(0.25) - Math.log(0.75))) / 2;
    expectClose(loss.data, [want], 1e-6);
  });

  it('crossEntropy stays finite on overflow and underflow: logits of ±1e4', () => {
    const right = crossEntropy(tensor([1, 3], [1e4, -1e4, 0]), [0]);
    expect(right.loss.data[0]).toBe(0);
    const wrong = crossEntropy(tensor([1, 3], [1e4, -1e4, 0]), [2]);
    expect(Number.isFinite(wrong.loss.data[0])).toBe(true);
    expectClose(wrong.loss.data, [1e4], 1e-2);
  });

  it('crossEntropy throws an error naming the op and the shape when the target count differs from the rows', () => {
    expect(() => crossEntropy(fromNested([[1, 2], [3, 4]]), [0])).toThrow('crossEntropy: 1 targets for logits of shape [2,2] (2 rows)');
  });

  it('crossEntropy throws an error naming the op for a target outside the classes', () => {
    expect(() => crossEntropy(fromNested([[1, 2]]), [2])).toThrow('crossEntropy: target 2 is outside the 2 classes');
    expect(() => crossEntropy(fromNested([[1, 2]]), [0], { labelSmoothing: 1.5 })).toThrow(/crossEntropy: label smoothing/);
  });

  it('crossEntropy does not mutate its logits', () => {
    const x = fromNested([[1, 2, 3], [0, 0, 1]]);
    const snap = snapshot(x);
    crossEntropy(x, [2, 0], { labelSmoothing: 0.1 });
    snap.check();
  });

  it('crossEntropy is the mean of -logSoftmax at the targets, and never negative', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 7 })).chain(([rows, v]) =>
          fc.tuple(
            fc.constant([rows, v]),
            fc.array(arbValue(20), { minLength: rows * v, maxLength: rows * v }),
            fc.array(fc.integer({ min: 0, max: v - 1 }), { minLength: rows, maxLength: rows }),
          ),
        ),
        ([shape, values, targets]) => {
          const [rows, v] = shape;
          const x = tensor(shape, values);
          const lp = logSoftmax(x);
          let want = 0;
          for (let r = 0; r < rows; r++) want -= lp.data[r * v + targets[r]];
          want /= rows;
          const { loss } = crossEntropy(x, targets);
          expect(loss.data[0]).toBeGreaterThanOrEqual(0);
          expect(Math.abs(loss.data[0] - want)).toBeLessThan(1e-4 * Math.max(1, want));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('crossEntropy backward', () => {
  it('crossEntropy passes the finite-difference check with ignored rows and label smoothing', () => {
    expect(gradCheck((x) => crossEntropyOp(x, [1, 0, 3, 0], { ignoreIndex: 0, labelSmoothing: 0.1 }).loss, [randomTensor([4, 5], 1, -2, 2)]).ok).toBe(true);
    expect(gradCheck((x) => crossEntropyOp(x, [1, 2, 3], {}).loss, [randomTensor([3, 5], 2, -2, 2)]).ok).toBe(true);
  });
});
