import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNatModel } from '../../src/model';
import { getTask, isCorrect } from '../../src/tasks';
import { loadBundle } from '../../src/cli/models';
import { scoreSequence } from '../../src/decode/forced';
import { beamSearch } from '../../src/decode/beam';
import { modelNextToken } from '../../src/decode/next';
import {
  DEFAULT_SETTINGS, TOY_DEFAULT, clampSetting, clampSettings, clampToy, compareAtNat, errorPropagation, fateCounts, loadNatModel, modelBeam,
  nextTokenBars, nodePrefix, sideBySide, storedDecoding, storedMultimodality, toyExample, toyPrefixes, treeView,
} from '../../src/labs/decoding';

const reverse = getTask('reverse');
const { model } = loadBundle('reverse');
// the shipped reverse model repeats the last letter of this word instead of ending (measured by eval --compare-beam)
const HARD = 'jccmapfwunki';

describe('decoding lab settings', () => {
  it('clamps each setting to its range with a note naming what was asked and what is used', () => {
    expect(clampSetting('width', 4)).toEqual({ value: 4, note: null });
    expect(clampSetting('width', 9)).toEqual({ value: 8, note: { setting: 'width', given: 9, used: 8, min: 1, max: 8 } });
    expect(clampSetting('width', 2.4).value).toBe(2);
    expect(clampSetting('temperature', 0).value).toBe(0.05);
    expect(clampSetting('topP', 3).value).toBe(1);
    expect(clampSetting('alpha', Number.NaN)).toMatchObject({ value: DEFAULT_SETTINGS.alpha, note: { setting: 'alpha' } });
    const { settings, notes } = clampSettings({ topK: 99, seed: -5, samples: 10 }, 29);
    expect(settings).toMatchObject({ topK: 29, seed: 0, samples: 10, width: 4 });
    expect(notes.map((n) => n.setting)).toEqual(['topK', 'seed']);
  });
});

describe("the lecture's toy example", () => {
  it('greedy takes A (0.6) and ends at 0.33; beam search of width 2 finds B, B at 0.36', () => {
    const t = toyExample();
    expect(t.greedy.tokens).toEqual([1, 1, 0]);
    expect(Math.exp(t.greedy.score)).toBeCloseTo(0.33, 12);
    expect(t.beam.tokens).toEqual([2, 2, 0]);
    expect(Math.exp(t.beam.score)).toBeCloseTo(0.36, 12);
    expect(t.beamBetter).toBe(true);
    expect(t.paths.map((p) => p.text)).toEqual(['BB', 'AA', 'AB', 'BA']);
    expect(t.paths.reduce((s, p) => s + p.probability, 0)).toBeCloseTo(1, 12);
    expect(t.beam.tree!.nodes.filter((n) => n.step === 1).map((n) => n.fate)).toEqual(['kept', 'kept', 'pruned']);
  });

  it('with other probabilities greedy can be optimal, and edits are clamped with notes', () => {
    expect(toyExample({ depth: 2, pA: { '': 0.6, A: 0.9, B: 0.5 } }).beamBetter).toBe(false);
    expect(toyPrefixes(3)).toEqual(['', 'A', 'B', 'AA', 'AB', 'BA', 'BB']);
    const { tree, notes } = clampToy({ depth: 5, pA: { '': 1.5, A: -1 } });
    expect(tree.depth).toBe(3);
    expect(tree.pA['']).toBe(1);
    expect(tree.pA.BB).toBe(0.5);
    expect(notes).toEqual([{ prefix: '', given: 1.5, used: 1 }, { prefix: 'A', given: -1, used: 0 }]);
    // a certain path: impossible branches are never kept
    const sure = toyExample({ depth: 2, pA: { '': 1, A: 1, B: 0 } }, 8);
    expect(sure.beam.tokens).toEqual([1, 1, 0]);
    expect(sure.beam.score).toBe(0);
    expect(toyExample(TOY_DEFAULT, 20).beam.tree!.width).toBe(8);
  });
});

describe('the beam-search tree of a shipped model', () => {
  it('beam search of width 4 recovers the word greedy gets wrong, and the tree shows why', () => {
    const b = modelBeam(model, reverse, HARD, { width: 4 });
    expect(b.output).toBe('iknuwfpamccj');
    expect(b.finished[0].text).toBe('iknuwfpamccj');
    expect(b.finished[0].score).toBe(b.result.score);
    const greedy = modelBeam(model, reverse, HARD, { width: 1 });
    expect(greedy.result.finished).toBe(false); // 13 letters, no EOS: it repeated the last letter
    expect(greedy.output).toBe('iknuwfpamccjj');
    const counts = fateCounts(b.tree);
    expect(counts.kept + counts.pruned + counts.finished).toBe(b.tree.nodes.length);
  });

  it('the drawn view keeps kept and finished nodes, the best pruned per parent, and grows with the step', () => {
    const b = modelBeam(model, reverse, 'abc', { width: 3 });
    const full = treeView(b.tree, Infinity, 2);
    const pruned = full.nodes.filter((n) => n.fate === 'pruned');
    const parents = new Set(pruned.map((n) => n.parent));
    for (const p of parents) expect(pruned.filter((n) => n.parent === p).length).toBeLessThanOrEqual(2);
    expect(full.nodes.filter((n) => n.fate !== 'pruned').length).toBe(b.tree.nodes.filter((n) => n.fate !== 'pruned').length);
    expect(full.winnerPath[full.winnerPath.length - 1]).toBe(b.tree.winner);
    expect(nodePrefix(b.tree, b.tree.winner)).toEqual(b.result.tokens);
    const early = treeView(b.tree, 1);
    expect(early.nodes.every((n) => n.step <= 1)).toBe(true);
    expect(early.winnerPath).toHaveLength(2);
  });

  it('clamps a width out of range with a note', () => {
    const b = modelBeam(model, reverse, 'abc', { width: 12 });
    expect(b.tree.width).toBe(8);
    expect(b.notes).toEqual([{ setting: 'width', given: 12, used: 8, min: 1, max: 8 }]);
  });

  it('reads the source with or without EOS as the model was trained (a model opened in the page may have srcEos false)', () => {
    const search = (eos: boolean) => beamSearch(modelNextToken(model, reverse.srcVocab.encode(HARD, { eos }), { maxLen: reverse.maxTgtLen }), { width: 3 });
    const withEos = modelBeam(model, reverse, HARD, { width: 3 });
    const without = modelBeam(model, reverse, HARD, { width: 3, srcEos: false });
    expect(withEos.result.score).toBe(search(true).score);
    expect(without.result.score).toBe(search(false).score);
    expect(without.result.score).not.toBe(withEos.result.score);
    const bars = (srcEos: boolean) => Array.from(nextTokenBars(model, reverse, HARD, [], { srcEos }).probs);
    expect(bars(false)).not.toEqual(bars(true));
  });
});

describe('next-token bars', () => {
  it('the distribution after a prefix, with temperature and cut-offs, labelled by token', () => {
    const d = nextTokenBars(model, reverse, 'abc', [5], { temperature: 2, topK: 3 });
    expect(d.labels).toEqual(reverse.tgtVocab.tokens);
    expect(d.probs.length).toBe(model.config.tgtVocab);
    expect(d.order[0]).toBe(reverse.tgtVocab.idOf('b')); // after “c” comes “b”
    expect(d.removedByTopK).toHaveLength(model.config.tgtVocab - 3);
    expect(Math.max(...d.tempered)).toBeLessThan(Math.max(...d.probs)); // τ = 2 flattens
  });
});

describe('side by side', () => {
  it('greedy, beam and samples on one input: counts, log-probabilities, BLEU, correctness', () => {
    const s = sideBySide(model, reverse, HARD, { width: 4, samples: 12, temperature: 1.2, seed: 3 });
    expect(s.references).toEqual(['iknuwfpamccj']);
    expect(s.greedy).toMatchObject({ output: 'iknuwfpamccjj', correct: false, finished: false });
    expect(s.beam).toMatchObject({ output: 'iknuwfpamccj', correct: true, finished: true, bleu: 1 });
    expect(s.greedy.bleu).toBeLessThan(1);
    expect(s.greedy.logProb).toBeGreaterThan(s.beam.logProb); // more probable per token, but never finished
    expect(s.samples.reduce((n, r) => n + r.count, 0)).toBe(12);
    for (const r of s.samples) {
      expect(r.output).toBe(reverse.tgtVocab.decode(r.tokens));
      expect(r.logProb).toBeCloseTo(scoreSequence(model, reverse.srcVocab.encode(HARD, { eos: true }), r.tokens), 4);
    }
    expect(sideBySide(model, reverse, HARD, { width: 4, samples: 12, temperature: 1.2, seed: 3 })).toEqual(s);
  });
});

describe('error propagation', () => {
  it('a wrong token forced at one step, the free run after it, and the teacher-forced predictions', () => {
    const x = 'abcdef';
    const wrong = reverse.tgtVocab.idOf('q')!;
    const e = errorPropagation(model, reverse, x, 2, wrong);
    expect(e.wrong).toBe(true);
    expect(e.free.tokens.slice(0, 3)).toEqual([...reverse.tgtVocab.encode('fe'), wrong]);
    expect(e.rows[2]).toMatchObject({ forced: true, free: wrong, truth: reverse.tgtVocab.idOf('d') });
    // teacher forcing sees the truth at every step: the shipped model predicts all of it
    expect(e.rows.filter((r) => r.truth >= 0).every((r) => r.teacher === r.truth)).toBe(true);
    expect(e.freeOutput.startsWith('feq')).toBe(true);
    expect(() => errorPropagation(model, reverse, x, 7, wrong)).toThrow(/step must be a whole number in \[0, 6\]/);
    expect(() => errorPropagation(model, reverse, x, 1, 99)).toThrow(/outside the vocabulary/);
  });
});

describe('AT against NAT', () => {
  it('counts one decoder pass per token for AT and one for NAT', () => {
    const nat = createNatModel(model.config, reverse.maxTgtLen, 1);
    const c = compareAtNat(model, nat, reverse, 'abc');
    expect(c.at).toMatchObject({ output: 'cba', correct: true, decoderPasses: 4 }); // c, b, a, EOS
    expect(c.nat.decoderPasses).toBe(1);
    expect(c.nat.tokens).toHaveLength(c.nat.length);
    expect(c.at.ms).toBeGreaterThanOrEqual(0);
  });
});

describe('measured numbers stored in the models', () => {
  it('reads a stored greedy-vs-beam comparison, and refuses a malformed one', () => {
    const meta = loadBundle('reverse').meta;
    const d = storedDecoding(meta);
    expect(d).not.toBeNull();
    expect(storedDecoding({ decoding: { n: 1, greedy: {}, beam: [{ width: 'x' }], examples: [] } })).toBeNull();
    expect(storedDecoding({})).toBeNull();
    expect(storedMultimodality({ multimodality: { n: 10, mixedRate: 0.1, iso: 5, dotted: 4 } })).not.toBeNull();
    expect(storedMultimodality(meta)).toBeNull();
    for (const ex of d!.examples) expect(isCorrect(reverse, { src: ex.input, tgt: ex.reference }, ex.beam)).toBe(true);
  });
});

describe('loading a NAT model for the page', () => {
  const fromDisk = async (url: string) => {
    const path = join(__dirname, '..', '..', 'public', url);
    const ok = existsSync(path);
    return {
      ok, status: ok ? 200 : 404,
      text: async () => readFileSync(path, 'utf8'),
      arrayBuffer: async () => {
        const b = readFileSync(path);
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
      },
    };
  };

  it('fetches models/<task>-nat.* by relative URL and reads it; a missing one is an error naming the URL', async () => {
    const b = await loadNatModel(fromDisk, 'date-multi');
    expect(b.meta.arch).toBe('nat');
    expect(b.model.lengths).toBe(getTask('date-multi').maxTgtLen);
    await expect(loadNatModel(fromDisk, 'sort')).rejects.toThrow('models/sort-nat.json: HTTP 404');
  });
});
