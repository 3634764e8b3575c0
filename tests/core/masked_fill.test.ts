import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { maskedFill, softmax, tensor, fromNested, Mask, maskFrom, causalMask } from '../../src/core';
import { RUNS, arbValue, expectClose, expectExact, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';
import { maskedFill as maskedFillOp, maskFrom as maskFromOp } from '../../src/core';

describe('maskedFill', () => {
  it('maskedFill writes the value where the mask is true and keeps the rest', () => {
    const y = maskedFill(fromNested([[1, 2], [3, 4]]), maskFrom([2, 2], [0, 1, 1, 0]), -9);
    expectExact(y.data, [1, -9, -9, 4]);
  });

  it('maskedFill with -Infinity and a causal mask gives the masked scores of decoder self-attention', () => {
    const y = maskedFill(tensor([3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]), causalMask(3), -Infinity);
    expectExact(y.data, [1, -Infinity, -Infinity, 4, 5, -Infinity, 7, 8, 9]);
  });

  it('maskedFill broadcasts a [B,1,T,T] mask over heads', () => {
    const x = tensor([1, 2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    const y = maskedFill(x, new Mask([1, 1, 2, 2], causalMask(2).data), 0);
    expectExact(y.data, [1, 0, 3, 4, 5, 0, 7, 8]);
  });

  it('maskedFill with -Infinity then softmax equals softmax with the mask (fully masked row gives zeros, not NaN)', () => {
    const x = fromNested([[1, 2, 3], [4, 5, 6]]);
    const m = maskFrom([2, 3], [1, 1, 1, 0, 1, 0]);
    const viaFill = softmax(maskedFill(x, m, -Infinity));
    expect(viaFill.data.some(Number.isNaN)).toBe(false);
    expectClose(viaFill.data, softmax(x, m).data, 1e-7);
  });

  it('maskedFill throws an error naming the op and both shapes when the mask does not broadcast', () => {
    expect(() => maskedFill(fromNested([[1, 2], [3, 4]]), new Mask([3]), 0)).toThrow('maskedFill: mask shape [3] does not broadcast to [2,2]');
  });

  it('maskedFill does not mutate its input or its mask', () => {
    const x = fromNested([[1, 2], [3, 4]]), m = maskFrom([2], [1, 0]);
    const snap = snapshot(x, m);
    const y = maskedFill(x, m, 7);
    snap.check();
    expect(y.data).not.toBe(x.data);
  });

  it('maskedFill changes exactly the masked entries', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 })).chain(([r, n]) =>
          fc.tuple(
            fc.constant([r, n]),
            fc.array(arbValue(), { minLength: r * n, maxLength: r * n }),
            fc.array(fc.boolean(), { minLength: r * n, maxLength: r * n }),
          ),
        ),
        arbValue(100),
        ([shape, values, bits], value) => {
          const x = tensor(shape, values), m = maskFrom(shape, bits);
          const snap = snapshot(x, m);
          const y = maskedFill(x, m, value);
          snap.check();
          for (let i = 0; i < x.size; i++) expect(y.data[i]).toBe(bits[i] ? Math.fround(value) : x.data[i]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('maskedFill backward', () => {
  it('maskedFill passes the finite-difference check (no gradient through filled cells)', () => {
    const m = maskFromOp([2, 4], [0, 1, 0, 0, 1, 1, 0, 1]);
    expect(gradCheck((x) => maskedFillOp(x, m, 5), [randomTensor([3, 2, 4], 1)]).ok).toBe(true);
  });
});
