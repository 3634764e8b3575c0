import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Mask, maskFrom, causalMask, paddingMask, attentionMask } from '../../src/core';
import { RUNS } from './helpers';

describe('Mask', () => {
  it('maskFrom turns truthy values into 1 (masked) and falsy into 0', () => {
    const m = maskFrom([2, 2], [true, 0, 1, false]);
    expect(Array.from(m.data)).toEqual([1, 0, 1, 0]);
    expect(m.get(0, 0)).toBe(true);
    expect(m.get(0, 1)).toBe(false);
    expect(m.get(1, 0)).toBe(true);
  });

  it('a new Mask is all false (nothing masked)', () => {
    expect(Array.from(new Mask([2, 3]).data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('Mask throws an error naming the shape when the data length is wrong', () => {
    expect(() => new Mask([2, 2], new Uint8Array(3))).toThrow('mask: data has 3 elements but shape [2,2] needs 4');
  });
});

describe('causalMask', () => {
  it('causalMask(3) masks exactly the positions after each query', () => {
    expect(Array.from(causalMask(3).data)).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0]);
  });

  it('causalMask(1) masks nothing and causalMask(0) is empty', () => {
    expect(Array.from(causalMask(1).data)).toEqual([0]);
    expect(causalMask(0).shape).toEqual([0, 0]);
  });

  it('causal mask is strictly upper triangular', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), (t) => {
        const m = causalMask(t);
        expect([...m.shape]).toEqual([t, t]);
        for (let i = 0; i < t; i++) for (let j = 0; j < t; j++) expect(m.get(i, j)).toBe(j > i);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('paddingMask', () => {
  it('paddingMask marks the pad tokens of each sequence', () => {
    const m = paddingMask([[5, 6, 0, 0], [7, 0, 0, 0]], 0);
    expect(m.shape).toEqual([2, 4]);
    expect(Array.from(m.data)).toEqual([0, 0, 1, 1, 0, 1, 1, 1]);
  });

  it('paddingMask throws an error naming the op for ragged rows', () => {
    expect(() => paddingMask([[1, 2], [1]], 0)).toThrow('paddingMask: rows have different lengths (2 and 1)');
  });

  it('paddingMask is true exactly where the token equals pad', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 6 })).chain(([b, t]) =>
          fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: t, maxLength: t }), { minLength: b, maxLength: b }),
        ),
        fc.integer({ min: 0, max: 3 }),
        (tokens, pad) => {
          const m = paddingMask(tokens, pad);
          tokens.forEach((row, i) => row.forEach((tok, j) => expect(m.get(i, j)).toBe(tok === pad)));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('attentionMask', () => {
  it('attentionMask returns null when there is nothing to mask', () => {
    expect(attentionMask(2, 3, 3)).toBeNull();
    expect(attentionMask(2, 3, 3, null, null)).toBeNull();
  });

  it('attentionMask combines a causal mask and key padding into [B,1,Tq,Tk]', () => {
    const pad = paddingMask([[1, 2, 0], [1, 2, 3]], 0);
    const m = attentionMask(2, 3, 3, causalMask(3), pad)!;
    expect(m.shape).toEqual([2, 1, 3, 3]);
    expect(Array.from(m.data)).toEqual([
      0, 1, 1, 0, 0, 1, 0, 0, 1, // batch 0: causal, and key 2 is padding
      0, 1, 1, 0, 0, 1, 0, 0, 0, // batch 1: causal only
    ]);
  });

  it('attentionMask with only key padding repeats it for every query (cross-attention)', () => {
    const m = attentionMask(1, 2, 3, null, maskFrom([1, 3], [0, 0, 1]))!;
    expect(m.shape).toEqual([1, 1, 2, 3]);
    expect(Array.from(m.data)).toEqual([0, 0, 1, 0, 0, 1]);
  });

  it('attentionMask throws an error naming the op and both shapes for a wrong attn_mask', () => {
    expect(() => attentionMask(1, 2, 3, causalMask(3))).toThrow('attentionMask: attn_mask must be [2,3], got [3,3]');
  });

  it('attentionMask throws an error naming the op and both shapes for a wrong key_padding_mask', () => {
    expect(() => attentionMask(2, 2, 3, null, new Mask([1, 3]))).toThrow('attentionMask: key_padding_mask must be [2,3], got [1,3]');
  });

  it('attentionMask is the OR of the attention mask and the key padding mask', () => {
    fc.assert(
      fc.property(
        fc.record({ b: fc.integer({ min: 1, max: 3 }), tq: fc.integer({ min: 1, max: 4 }), tk: fc.integer({ min: 1, max: 4 }) }).chain(({ b, tq, tk }) =>
          fc.tuple(
            fc.constant({ b, tq, tk }),
            fc.option(fc.array(fc.boolean(), { minLength: tq * tk, maxLength: tq * tk })),
            fc.option(fc.array(fc.boolean(), { minLength: b * tk, maxLength: b * tk })),
          ),
        ),
        ([{ b, tq, tk }, attnBits, padBits]) => {
          const attn = attnBits ? maskFrom([tq, tk], attnBits) : null;
          const pad = padBits ? maskFrom([b, tk], padBits) : null;
          const m = attentionMask(b, tq, tk, attn, pad);
          if (!attn && !pad) {
            expect(m).toBeNull();
            return;
          }
          for (let bi = 0; bi < b; bi++) {
            for (let i = 0; i < tq; i++) {
              for (let j = 0; j < tk; j++) {
                const want = (attnBits ? attnBits[i * tk + j] : false) || (padBits ? padBits[bi * tk + j] : false);
                expect(m!.get(bi, 0, i, j)).toBe(want);
              }
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
