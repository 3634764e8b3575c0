import fc from 'fast-check';
import { Rng } from '../../src/core';
import { createModel, type ModelConfig } from '../../src/model';
import { greedyDecode } from '../../src/decode/greedy';
import { modelNextToken, tableNextToken } from '../../src/decode/next';
import { scoreSequence } from '../../src/decode/forced';
import { drawToken, sampleDecode, sampleMany, transformDistribution } from '../../src/decode/sample';

const CONFIG: ModelConfig = {
  srcVocab: 9, tgtVocab: 6, dModel: 8, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 1,
  dimFeedforward: 16, normFirst: false, activation: 'relu', eps: 1e-5, pad: 0, bos: 1, eos: 2, maxLen: 10,
};

const arbLogProbs = fc.array(fc.double({ min: -8, max: 0, noNaN: true }), { minLength: 2, maxLength: 12 }).map((xs) => {
  const lse = Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));
  return xs.map((x) => x - lse);
});
const arbSettings = fc.record({
  temperature: fc.double({ min: 0.05, max: 2, noNaN: true }),
  topK: fc.integer({ min: 0, max: 14 }),
  topP: fc.double({ min: 0.05, max: 1, noNaN: true }),
});
const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, x) => s + x, 0);

describe('the reshaped next-token distribution', () => {
  it('temperature divides the log-probabilities before the softmax; τ = 1 leaves them as they are', () => {
    fc.assert(
      fc.property(arbLogProbs, fc.double({ min: 0.05, max: 2, noNaN: true }), (lp, tau) => {
        const d = transformDistribution(lp, { temperature: tau });
        const w = lp.map((x) => Math.exp(x / tau));
        d.tempered.forEach((p, i) => expect(p).toBeCloseTo(w[i] / sum(w), 9));
        d.probs.forEach((p, i) => expect(p).toBeCloseTo(Math.exp(lp[i]), 9));
        expect(d.removedByTopK).toEqual([]);
        expect(d.removedByTopP).toEqual([]);
        expect(Array.from(d.final)).toEqual(Array.from(d.tempered).map((p) => p / sum(d.tempered)));
      }),
    );
  });

  // Fixed fast-check seed: the same inputs on every run (a failure reproduces, nothing flakes).
  // The top-p check re-does the cut in the implementation's own arithmetic (cumulative sum of
  // tempered / mass, in probability order), so it is exact: no tolerance for rounding to hit.
  it('top-k keeps the k most probable, top-p the smallest most-probable set reaching p, and the rest is renormalised', () => {
    fc.assert(
      fc.property(arbLogProbs, arbSettings, (lp, s) => {
        const d = transformDistribution(lp, s);
        const V = lp.length;
        const keptK = V - d.removedByTopK.length;
        expect(keptK).toBe(s.topK > 0 && s.topK < V ? s.topK : V);
        // the tokens top-k keeps are at least as probable as every token it removes
        const minKept = Math.min(...d.order.slice(0, keptK).map((i) => d.tempered[i]));
        for (const id of d.removedByTopK) expect(d.tempered[id]).toBeLessThanOrEqual(minKept);
        // top-p: among the top-k survivors (renormalised), the kept mass reaches p and is minimal
        const left = d.order.slice(0, keptK);
        const mass = left.reduce((m, i) => m + d.tempered[i], 0);
        const kept = left.filter((i) => !d.removedByTopP.includes(i));
        expect(kept).toEqual(left.slice(0, kept.length)); // a most-probable prefix
        expect(kept.length).toBeGreaterThanOrEqual(1);
        if (s.topP < 1) {
          let before = 0;
          for (const i of kept.slice(0, -1)) before += d.tempered[i] / mass;
          const through = before + d.tempered[kept[kept.length - 1]] / mass;
          // reaches p with the last kept token (or keeps everything that is left) …
          if (kept.length < left.length) expect(through).toBeGreaterThanOrEqual(s.topP);
          // … and not one token earlier: the set is the smallest
          expect(before).toBeLessThan(s.topP);
        } else expect(d.removedByTopP).toEqual([]);
        expect(sum(d.final)).toBeCloseTo(1, 12);
        for (const id of [...d.removedByTopK, ...d.removedByTopP]) expect(d.final[id]).toBe(0);
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });

  it('top-p on exact binary fractions: a mass that reaches p exactly stops there, a hair more takes the next token', () => {
    const lp = [0.5, 0.25, 0.125, 0.0625, 0.0625].map(Math.log);
    const keptBy = (topP: number) => lp.length - transformDistribution(lp, { topP }).removedByTopP.length;
    expect(keptBy(0.5)).toBe(1);
    expect(keptBy(0.75)).toBe(2);
    expect(keptBy(0.7500001)).toBe(3);
    expect(keptBy(0.875)).toBe(3);
    expect(keptBy(0.9375)).toBe(4);
    expect(keptBy(0.95)).toBe(5);
    expect(keptBy(0.05)).toBe(1); // at least one token always stays
    // after top-k 2, p is taken of the renormalised 0.5 + 0.25: 2/3 and 1/3
    const d = transformDistribution(lp, { topK: 2, topP: 0.6 });
    expect(d.removedByTopK).toEqual([2, 3, 4]);
    expect(d.removedByTopP).toEqual([1]);
    expect(Array.from(d.final)).toEqual([1, 0, 0, 0, 0]);
  });

  it('refuses settings out of range, naming them', () => {
    expect(() => transformDistribution([0], { temperature: 0.01 })).toThrow(/temperature must be in \[0.05, 2\], got 0.01/);
    expect(() => transformDistribution([0], { topK: -1 })).toThrow(/top-k must be a whole number ≥ 0/);
    expect(() => transformDistribution([0], { topP: 0 })).toThrow(/top-p must be in \(0, 1\]/);
    expect(() => transformDistribution([0], { topP: 1.5 })).toThrow(/top-p/);
  });
});

describe('sampling', () => {
  it('draws tokens with their probabilities (20,000 seeded draws, within 4 standard errors)', () => {
    const p = [0.5, 0.3, 0.15, 0.05, 0];
    const n = 20_000;
    // a fixed seed: the same draws on every run; the tolerance is the sample size's own
    // (4 standard errors of a proportion, √(p(1 − p)/n): 0.014 for p = 0.5, 0.006 for 0.05)
    const rng = new Rng(42);
    const counts = new Array<number>(p.length).fill(0);
    for (let i = 0; i < n; i++) counts[drawToken(p, rng)]++;
    counts.forEach((c, i) => expect(Math.abs(c / n - p[i])).toBeLessThanOrEqual(4 * Math.sqrt((p[i] * (1 - p[i])) / n)));
    expect(counts[4]).toBe(0);
  });

  it('the same seed gives the same output, and different seeds give different outputs', () => {
    const m = createModel(CONFIG, 4);
    const next = () => modelNextToken(m, [3, 4, 5]);
    const a = sampleMany(next(), 12, { seed: 7, temperature: 1.5 });
    const b = sampleMany(next(), 12, { seed: 7, temperature: 1.5 });
    expect(b.map((r) => r.tokens)).toEqual(a.map((r) => r.tokens));
    const outs = new Set([...a, ...sampleMany(next(), 12, { seed: 8, temperature: 1.5 })].map((r) => r.tokens.join(',')));
    expect(outs.size).toBeGreaterThan(1);
  });

  it('top-k 1 is greedy decoding, at any temperature', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0.05, max: 2, noNaN: true }), (seed, temperature) => {
        const m = createModel(CONFIG, seed);
        const g = greedyDecode(m, [3, 5, 7], { trace: false });
        expect(sampleDecode(modelNextToken(m, [3, 5, 7]), { seed, temperature, topK: 1 }).tokens).toEqual(g.tokens);
      }),
      { numRuns: 30 },
    );
  });

  it("the score is the model's log-probability of the sample (τ = 1, no cut-offs), EOS included", () => {
    const m = createModel(CONFIG, 9);
    m.params.get('generator.bias')!.data[CONFIG.eos] = 1;
    for (const r of sampleMany(modelNextToken(m, [6, 7]), 8, { seed: 3, temperature: 0.5, topP: 0.9 })) {
      expect(r.score).toBeCloseTo(scoreSequence(m, [6, 7], r.tokens), 4);
      expect(r.stop === 'eos').toBe(r.tokens[r.tokens.length - 1] === CONFIG.eos);
    }
  });

  it('keeps the drawn distributions when asked, and starts from a forced prefix', () => {
    const next = tableNextToken(3, 0, 4, (p) => (p.length >= 2 ? [1, 0, 0] : [0.2, 0.5, 0.3]));
    const r = sampleDecode(next, { seed: 1, prefix: [2], distributions: true });
    expect(r.tokens[0]).toBe(2);
    expect(r.steps[0].distribution).toBeUndefined(); // forced, not drawn
    expect(r.steps[1].distribution!.final.length).toBe(3);
    expect(() => sampleDecode(next, { prefix: [0, 1] })).toThrow(/EOS, but more tokens follow/);
    expect(() => sampleDecode(next, { seed: -1 })).toThrow(/seed must be a whole number ≥ 0/);
  });
});
