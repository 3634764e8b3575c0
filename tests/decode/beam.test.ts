import fc from 'fast-check';
import { createModel, type ModelConfig } from '../../src/model';
import { greedyDecode } from '../../src/decode/greedy';
import { beamSearch, lengthPenalty, pathTo, type BeamResult } from '../../src/decode/beam';
import { modelNextToken, tableNextToken, type NextToken } from '../../src/decode/next';
import { scoreSequence } from '../../src/decode/forced';

const CONFIG: ModelConfig = {
  srcVocab: 9, tgtVocab: 6, dModel: 8, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 1,
  dimFeedforward: 16, normFirst: false, activation: 'relu', eps: 1e-5, pad: 0, bos: 1, eos: 2, maxLen: 10,
};

/**
 * A random tiny model whose EOS is likely enough that searches end at varied lengths.
 * `specials`: the generator's bias of BOS and PAD (a trained model gives them no mass:
 * they are never targets; −1e4 makes the random one do the same).
 */
function tinyModel(seed: number, config: ModelConfig = CONFIG, eosBias = 1, specials?: number) {
  const m = createModel(config, seed);
  m.params.get('generator.bias')!.data[config.eos] = eosBias;
  if (specials !== undefined) {
    m.params.get('generator.bias')!.data[config.bos] = specials;
    m.params.get('generator.bias')!.data[config.pad] = specials;
  }
  // sharpen the distributions so that greedy and beam disagree sometimes
  const w = m.params.get('generator.weight')!;
  for (let i = 0; i < w.size; i++) w.data[i] *= 4;
  return m;
}

const arbSrc = fc.array(fc.integer({ min: 3, max: 8 }), { minLength: 1, maxLength: 6 });

/** Every output of at most maxLen tokens that ends in EOS (and has no EOS before, no BOS or PAD), with its score. */
function bruteForce(next: NextToken, maxLen: number, alpha: number): { tokens: number[]; score: number; rank: number } {
  let best = { tokens: [] as number[], score: -Infinity, rank: -Infinity };
  const never = new Set(next.never ?? []);
  const walk = (prefix: number[], score: number) => {
    const row = next.logProbs([prefix])[0];
    for (let t = 0; t < next.vocabSize; t++) {
      if (never.has(t)) continue;
      const s = score + row[t];
      const tokens = [...prefix, t];
      if (t === next.eos) {
        const rank = s / lengthPenalty(tokens.length, alpha);
        if (rank > best.rank) best = { tokens, score: s, rank };
      } else if (tokens.length < maxLen) walk(tokens, s);
    }
  };
  walk([], 0);
  return best;
}

/** The same search without the α = 0 early stop: run until the beam is empty or at maxLen. */
function beamWithoutEarlyStop(next: NextToken, width: number, maxLen: number): number[] {
  let live: { tokens: number[]; score: number }[] = [{ tokens: [], score: 0 }];
  const finished: { tokens: number[]; score: number }[] = [];
  while (live.length > 0 && live[0].tokens.length < maxLen) {
    const rows = next.logProbs(live.map((h) => h.tokens));
    const never = new Set(next.never ?? []);
    const cand = live
      .flatMap((h, p) => Array.from(rows[p], (lp, t) => ({ p, t, tokens: [...h.tokens, t], score: h.score + lp })))
      .filter((c) => !never.has(c.t));
    cand.sort((a, b) => b.score - a.score || a.p - b.p || a.t - b.t);
    const kept = cand.slice(0, width).filter((c) => c.score > -Infinity);
    finished.push(...kept.filter((c) => c.t === next.eos));
    live = kept.filter((c) => c.t !== next.eos);
  }
  if (finished.length === 0) return live[0].tokens;
  return finished.reduce((b, h) => (h.score > b.score ? h : b)).tokens;
}

describe('beam search', () => {
  it('width 1 equals greedy decoding (on a model that, as a trained one, gives BOS and PAD no mass)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), arbSrc, fc.integer({ min: 1, max: 9 }), (seed, src, maxLen) => {
        const m = tinyModel(seed, CONFIG, 0, -1e4);
        const g = greedyDecode(m, src, { maxLen, trace: false });
        const b = beamSearch(modelNextToken(m, src), { width: 1, maxLen });
        expect(b.tokens).toEqual(g.tokens);
        expect(b.finished).toBe(g.stop === 'eos');
      }),
      { numRuns: 80 },
    );
  });

  it('a width that keeps every hypothesis returns the brute-force best sequence (tiny model, 5 tokens, 3 steps)', () => {
    const config = { ...CONFIG, tgtVocab: 5 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), arbSrc, fc.constantFrom(0, 0.6, 2), (seed, src, alpha) => {
        const m = tinyModel(seed, config, 0.5);
        const next = modelNextToken(m, src, { maxLen: 3 });
        const want = bruteForce(next, 3, alpha);
        const got = beamSearch(next, { width: 5 * 4 * 4, alpha, maxLen: 3 });
        expect(got.finished).toBe(true);
        expect(got.tokens).toEqual(want.tokens);
        expect(got.score).toBeCloseTo(want.score, 9);
      }),
      { numRuns: 40 },
    );
  });

  it('on the two-token toy (A, B, EOS; 2 steps), width 8 keeps every hypothesis and finds the brute-force best', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { minLength: 3, maxLength: 3 }), (pA) => {
        // EOS = 0, A = 1, B = 2; EOS only after two letters
        const node = (prefix: readonly number[]) => (prefix.length === 0 ? 0 : prefix[0]); // 0 root, 1 after A, 2 after B
        const next = tableNextToken(3, 0, 3, (prefix) => (prefix.length === 2 ? [1, 0, 0] : [0, pA[node(prefix)], 1 - pA[node(prefix)]]));
        const want = bruteForce(next, 3, 0);
        const got = beamSearch(next, { width: 8 });
        expect(got.tokens).toEqual(want.tokens);
        expect(got.score).toBeCloseTo(want.score, 12);
      }),
      { numRuns: 200 },
    );
  });

  it('the returned score equals the teacher-forced rescoring of the returned sequence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }), arbSrc, fc.integer({ min: 1, max: 8 }), fc.constantFrom(0, 0.7, 2),
        (seed, src, width, alpha) => {
          const m = tinyModel(seed);
          const r = beamSearch(modelNextToken(m, src), { width, alpha });
          expect(r.score).toBeCloseTo(scoreSequence(m, src, r.tokens), 4);
          expect(r.rankScore).toBeCloseTo(r.score / lengthPenalty(r.tokens.length, alpha), 9);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('with α = 0, stopping when the best live score cannot beat the best finished changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), arbSrc, fc.integer({ min: 2, max: 8 }), (seed, src, width) => {
        const m = tinyModel(seed);
        const next = modelNextToken(m, src, { cache: false });
        const r = beamSearch(next, { width });
        expect(r.tokens).toEqual(beamWithoutEarlyStop(next, width, next.maxLen));
      }),
      { numRuns: 40 },
    );
  });

  it('the tree records every candidate of every step with its score, rank and fate', () => {
    const m = tinyModel(7);
    const V = CONFIG.tgtVocab;
    for (const width of [1, 3, 8]) {
      const r: BeamResult = beamSearch(modelNextToken(m, [3, 4, 5]), { width });
      const tree = r.tree!;
      expect(tree.nodes[0]).toMatchObject({ step: 0, token: -1, parent: -1, fate: 'kept' });
      for (let s = 1; s < tree.steps.length; s++) {
        const ids = tree.steps[s];
        const parents = new Set(tree.steps[s - 1].filter((id) => tree.nodes[id].fate === 'kept'));
        expect(ids.length).toBe(parents.size * (V - 2)); // every live hypothesis × every token but BOS and PAD
        ids.forEach((id, rank) => {
          const n = tree.nodes[id];
          expect(n.rank).toBe(rank);
          expect(n.step).toBe(s);
          expect(parents.has(n.parent)).toBe(true);
          expect(n.score).toBeCloseTo(tree.nodes[n.parent].score + n.logProb, 12);
          if (rank > 0) expect(tree.nodes[ids[rank - 1]].rankScore).toBeGreaterThanOrEqual(n.rankScore);
          expect(n.fate).toBe(rank < width ? (n.token === CONFIG.eos ? 'finished' : 'kept') : 'pruned');
        });
      }
      expect(pathTo(tree, tree.winner)).toEqual(r.tokens);
      expect(tree.nodes[tree.winner].score).toBe(r.score);
      expect(tree.finished.map((id) => tree.nodes[id].fate)).toEqual(tree.finished.map(() => 'finished'));
      expect(r.hypotheses[0].tokens).toEqual(r.tokens);
    }
  });

  it('never expands BOS or PAD, however probable the model makes them and however wide the beam', () => {
    // a model that puts much of its mass on PAD and BOS: greedy picks them, beam search must not
    let greedyPicked = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const m = tinyModel(seed, CONFIG, 0, 6);
      const g = greedyDecode(m, [3, 4, 5], { maxLen: 6, trace: false });
      if (g.tokens.some((t) => t === CONFIG.pad || t === CONFIG.bos)) greedyPicked++;
      for (const width of [1, 4, 8]) {
        const r = beamSearch(modelNextToken(m, [3, 4, 5], { maxLen: 6 }), { width });
        const tokens = r.tree!.nodes.slice(1).map((n) => n.token);
        expect(tokens.length).toBeGreaterThan(0);
        expect(tokens.filter((t) => t === CONFIG.pad || t === CONFIG.bos)).toEqual([]);
        expect(r.tokens.filter((t) => t === CONFIG.pad || t === CONFIG.bos)).toEqual([]);
        for (const h of r.hypotheses) expect(h.tokens.filter((t) => t === CONFIG.pad || t === CONFIG.bos)).toEqual([]);
      }
    }
    // the model did make them the likeliest (otherwise this test could not fail)
    expect(greedyPicked).toBeGreaterThan(0);
    // a table without `never` keeps every token a candidate
    const all = beamSearch(tableNextToken(3, 0, 2, () => [1, 1, 1]), { width: 8 });
    expect(all.tree!.steps[1].map((id) => all.tree!.nodes[id].token).sort()).toEqual([0, 1, 2]);
    const some = beamSearch(tableNextToken(3, 0, 2, () => [1, 1, 1], [2]), { width: 8 });
    expect(some.tree!.steps[1].map((id) => some.tree!.nodes[id].token).sort()).toEqual([0, 1]);
  });

  it("finds the lecture's better path: greedy takes A (0.6), the best sequence starts with B", () => {
    // EOS = 0, A = 1, B = 2: P(A) = 0.6, then after A: A 0.55 / B 0.45, after B: A 0.1 / B 0.9; EOS after two letters
    const table: Record<string, number[]> = { '': [0, 0.6, 0.4], '1': [0, 0.55, 0.45], '2': [0, 0.1, 0.9] };
    const next = tableNextToken(3, 0, 3, (p) => (p.length === 2 ? [1, 0, 0] : table[p.join(',')]));
    const greedy = beamSearch(next, { width: 1 });
    const beam = beamSearch(next, { width: 2 });
    expect(greedy.tokens).toEqual([1, 1, 0]);
    expect(Math.exp(greedy.score)).toBeCloseTo(0.33, 12);
    expect(beam.tokens).toEqual([2, 2, 0]);
    expect(Math.exp(beam.score)).toBeCloseTo(0.36, 12);
    // impossible candidates (EOS before two letters) are never kept
    expect(beam.tree!.nodes.filter((n) => n.score === -Infinity).every((n) => n.fate === 'pruned')).toBe(true);
  });

  it('decodes on from a forced prefix, scoring the forced tokens too', () => {
    const m = tinyModel(3);
    const next = modelNextToken(m, [4, 5]);
    const r = beamSearch(next, { width: 3, prefix: [3, 4] });
    expect(r.tokens.slice(0, 2)).toEqual([3, 4]);
    expect(r.score).toBeCloseTo(scoreSequence(m, [4, 5], r.tokens), 4);
    expect(r.tree!.steps[1]).toHaveLength(1);
    expect(() => beamSearch(next, { width: 3, prefix: [3, 99] })).toThrow(/prefix token 99 is outside the vocabulary of 6/);
  });

  it('refuses a width or length penalty out of range, naming it', () => {
    const next = tableNextToken(3, 0, 3, () => [1, 1, 1]);
    expect(() => beamSearch(next, { width: 0 })).toThrow(/width must be a whole number ≥ 1, got 0/);
    expect(() => beamSearch(next, { width: 2.5 })).toThrow(/width/);
    expect(() => beamSearch(next, { width: 2, alpha: -1 })).toThrow(/length penalty α must be a number ≥ 0, got -1/);
  });

  it('without a tree it returns the same result', () => {
    const m = tinyModel(11);
    const a = beamSearch(modelNextToken(m, [3, 3, 7]), { width: 4, alpha: 0.6 });
    const b = beamSearch(modelNextToken(m, [3, 3, 7]), { width: 4, alpha: 0.6, tree: false });
    expect(b.tree).toBeNull();
    expect({ ...b, tree: null }).toEqual({ ...a, tree: null });
  });
});
