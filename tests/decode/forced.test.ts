import fc from 'fast-check';
import { createModel, forward, type ModelConfig } from '../../src/model';
import { argmax, greedyDecode } from '../../src/decode/greedy';
import { modelNextToken } from '../../src/decode/next';
import { checkPrefix, forcedDecode, parsePrefix, scoreSequence, teacherForced } from '../../src/decode/forced';
import { reverseTask } from '../../src/tasks';

const CONFIG: ModelConfig = {
  srcVocab: 9, tgtVocab: 6, dModel: 8, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 1,
  dimFeedforward: 16, normFirst: false, activation: 'relu', eps: 1e-5, pad: 0, bos: 1, eos: 2, maxLen: 10,
};

describe('forced prefixes', () => {
  it('keeps the forced tokens and then continues as greedy would from there', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(fc.integer({ min: 3, max: 5 }), { maxLength: 4 }), (seed, prefix) => {
        const m = createModel(CONFIG, seed);
        const src = [3, 4, 8];
        const r = forcedDecode(modelNextToken(m, src), prefix);
        expect(r.tokens.slice(0, prefix.length)).toEqual(prefix);
        expect(r.forced).toBe(prefix.length);
        // every free token is the argmax of the full masked pass over what came before
        const { logits } = forward(m, [src], [[CONFIG.bos, ...r.tokens.slice(0, -1)]], { trace: false });
        for (let t = prefix.length; t < r.tokens.length; t++) expect(argmax(logits.data, t * 6, 6)).toBe(r.tokens[t]);
        expect(r.score).toBeCloseTo(scoreSequence(m, src, r.tokens), 4);
        // the traced path of the tour forced the same way gives the same tokens
        const traced = greedyDecode(m, src, { forced: prefix, trace: false });
        expect(traced.tokens).toEqual(r.tokens);
        expect(traced.steps.map((s) => s.forced === true)).toEqual(r.tokens.map((_, i) => i < prefix.length));
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a token outside the vocabulary, a prefix too long, and tokens after EOS, with a message', () => {
    const m = createModel(CONFIG, 1);
    const next = modelNextToken(m, [3]);
    expect(() => forcedDecode(next, [3, 6])).toThrow('forced prefix: token 2 (id 6) is outside the vocabulary of 6 tokens (ids 0–5)');
    expect(() => forcedDecode(next, [3, -1])).toThrow(/token 2 \(id -1\)/);
    expect(() => checkPrefix([3, 3, 3], 6, 2, 2)).toThrow('forced prefix: 3 tokens, the model outputs at most 2');
    expect(() => forcedDecode(next, [3, 2, 4])).toThrow(/token 2 is the end of the sequence \(EOS\), but more tokens follow/);
    expect(forcedDecode(next, [3, 2])).toMatchObject({ tokens: [3, 2], stop: 'eos' });
    expect(() => greedyDecode(m, [3], { forced: [9] })).toThrow(/id 9\) is outside the vocabulary/);
  });

  it('reads a prefix typed as text, naming each character outside the target vocabulary', () => {
    expect(parsePrefix(reverseTask.tgtVocab, 'cb')).toEqual([5, 4]);
    expect(() => parsePrefix(reverseTask.tgtVocab, 'cB!')).toThrow(/forced prefix: character 2 “B” \(U\+0042\) is not in the vocabulary; character 3 “!”/);
  });
});

describe('teacher forcing', () => {
  it('predicts every position from the true previous tokens in one pass', () => {
    const m = createModel(CONFIG, 2);
    const src = [4, 5, 6], ref = [3, 4, 5, 2];
    const r = teacherForced(m, src, ref);
    expect(r.steps.map((s) => s.truth)).toEqual(ref);
    r.steps.forEach((s, t) => {
      // position t sees exactly BOS + ref[0..t): the prediction of the greedy step forced with that prefix
      const g = greedyDecode(m, src, { forced: ref.slice(0, t), maxLen: t + 1, trace: false });
      expect(s.predicted).toBe(g.tokens[t]);
      expect(s.logProbTruth).toBeCloseTo(Math.log(Array.from(s.logProbs).map(Math.exp)[s.truth]), 9);
      expect(s.logProbPredicted).toBeGreaterThanOrEqual(s.logProbTruth);
    });
    expect(r.score).toBeCloseTo(r.steps.reduce((a, s) => a + s.logProbTruth, 0), 12);
    expect(r.correct).toBe(r.steps.filter((s) => s.predicted === s.truth).length);
    expect(() => teacherForced(m, src, [3, 7])).toThrow(/reference: token 2 \(id 7\) is outside/);
  });
});
