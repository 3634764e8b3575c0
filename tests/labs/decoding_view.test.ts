import { describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/cli/models';
import { getTask } from '../../src/tasks';
import { modelNextToken } from '../../src/decode/next';
import { sampleDecode } from '../../src/decode/sample';
import { buildWalk } from '../../src/tour';
import { forcedDecode } from '../../src/decode/forced';
import {
  bestRows, distinctSamples, labExample, likeliestWrongToken, modelTestSet, modelTestSize, readPrefix, runInPieces, sideBySideJob, strategyOutput,
  tallyGreedyBeam, tourStepOf,
} from '../../src/labs/decoding_view';
import { storedDecoding } from '../../src/labs/decoding';
import { compareGreedyBeam } from '../../src/decode/compare';
import { heldOutSets } from '../../src/train';
import { taskFromMeta } from '../../src/io/model_task';

const bundle = loadBundle('reverse');
const { model, meta } = bundle;
const reverse = getTask('reverse');
const HARD = 'jccmapfwunki';

describe('the decoding page’s logic', () => {
  it('opens on an input that greedy gets wrong and beam search right, where the model has one', () => {
    expect(labExample(reverse, storedDecoding(meta))).toBe(HARD);
    expect(labExample(getTask('date'), storedDecoding(loadBundle('date').meta))).toBe(getTask('date').example);
  });

  it('reads a typed prefix and names what is outside the output vocabulary or too long', () => {
    expect(readPrefix(reverse, model.config, 'ik')).toEqual({ ids: reverse.tgtVocab.encode('ik') });
    expect(readPrefix(reverse, model.config, 'i3')).toMatchObject({ problems: [{ kind: 'unknownChar', char: '3', index: 1 }] });
    expect(readPrefix(reverse, model.config, 'a'.repeat(20))).toMatchObject({ problems: [{ kind: 'prefixTooLong', length: 20 }] });
  });

  it('finds the tour step that shows the last forced token being chosen', () => {
    const prefix = reverse.tgtVocab.encode('ik');
    const i = tourStepOf(model, reverse, HARD, true, prefix);
    const run = forcedDecode(modelNextToken(model, reverse.srcVocab.encode(HARD, { eos: true })), prefix);
    const walk = buildWalk({ config: model.config, generated: run.tokens.length, stop: run.stop });
    expect(walk[i]).toMatchObject({ decStep: 1, kind: 'probs' });
    expect(walk[tourStepOf(model, reverse, HARD, true, [])]).toMatchObject({ decStep: 0, kind: 'decInput' });
  });

  it('side by side in pieces: sample i is the draw of seed s + i, as the command line makes it', () => {
    const job = sideBySideJob(model, reverse, HARD, true, { samples: 6, seed: 3, temperature: 1.2, width: 4 });
    const head = job.head();
    expect(head.greedy).toMatchObject({ output: 'iknuwfpamccjj', finished: false, correct: false });
    expect(head.beam).toMatchObject({ output: 'iknuwfpamccj', finished: true, correct: true, bleu: 1 });
    const rows = [...job.samples(0, 2), ...job.samples(2, 6)];
    expect(rows).toHaveLength(6);
    rows.forEach((r, i) => {
      const s = sampleDecode(modelNextToken(model, reverse.srcVocab.encode(HARD, { eos: true }), { maxLen: reverse.maxTgtLen }), { seed: 3 + i, temperature: 1.2 });
      expect(r.tokens).toEqual(s.tokens);
      expect(r.logProb).toBeCloseTo(s.score, 12);
    });
    const distinct = distinctSamples(rows);
    expect(distinct.reduce((n, r) => n + r.count, 0)).toBe(6);
    for (let i = 1; i < distinct.length; i++) expect(distinct[i - 1].count).toBeGreaterThanOrEqual(distinct[i].count);
  });

  it('names the most probable output and the best by BLEU, and whether they differ', () => {
    const job = sideBySideJob(model, reverse, HARD, true, { samples: 1 });
    const { greedy, beam } = job.head();
    expect(bestRows([greedy, beam])).toEqual({ mostProbable: 0, bestBleu: 1, differ: true });
    expect(bestRows([beam])).toEqual({ mostProbable: 0, bestBleu: 0, differ: false });
  });

  it('runs side by side in pieces within a time budget, reporting after each, and can be cancelled', () => {
    const job = sideBySideJob(model, reverse, 'abc', true, { samples: 5 });
    const queue: (() => void)[] = [];
    const reports: number[] = [];
    let clock = 0;
    let pieces: number[] = [];
    runInPieces(job, (r) => reports.push(r.drawn), { budgetMs: 10, yieldFn: (fn) => queue.push(fn), now: () => (clock += 4), onDone: (p) => (pieces = p) });
    expect(reports).toEqual([0]); // greedy and beam first, before any sample
    while (queue.length > 0) queue.shift()!();
    expect(reports[reports.length - 1]).toBe(5);
    expect(reports.length).toBeGreaterThan(2); // more than one piece of samples
    expect(pieces.length).toBe(reports.length);
    const q2: (() => void)[] = [];
    const r2: number[] = [];
    const cancel = runInPieces(job, (r) => r2.push(r.drawn), { yieldFn: (fn) => q2.push(fn) });
    cancel();
    while (q2.length > 0) q2.shift()!();
    expect(r2).toEqual([0]);
  });

  it('the default wrong token is the model’s most probable token after the truth', () => {
    const tok = likeliestWrongToken(model, reverse, HARD, true, 0);
    expect(tok).not.toBe(reverse.tgtVocab.idOf('i'));
    expect(tok).toBeGreaterThan(1);
    expect(likeliestWrongToken(model, reverse, HARD, true, 99)).toBe(-1);
  });

  it('the strategy’s output: greedy, beam search, or one seeded sample', () => {
    expect(reverse.tgtVocab.decode(strategyOutput(model, reverse, HARD, true, 'greedy', {}).tokens)).toBe('iknuwfpamccjj');
    expect(strategyOutput(model, reverse, HARD, true, 'beam', { width: 4 })).toMatchObject({ finished: true });
    const a = strategyOutput(model, reverse, HARD, true, 'sample', { seed: 5, temperature: 1.5 });
    expect(strategyOutput(model, reverse, HARD, true, 'sample', { seed: 5, temperature: 1.5 })).toEqual(a);
  });
});

describe('greedy against beam search measured in the page', () => {
  it('a tally added up piece by piece equals the comparison of npm run eval -- --compare-beam on the whole set', () => {
    const task = reverse;
    const test = heldOutSets(task, 1, 500, 1000).test.slice(0, 40);
    // the shipped model's hard word is among them, so that beam search has something to fix
    test.push({ src: 'jccmapfwunki', tgt: 'iknuwfpamccj' });
    const whole = compareGreedyBeam(model, task, test, { widths: [4] });
    let tally = { n: 0, total: test.length, width: 4, alpha: 0, greedyRight: 0, beamRight: 0, fixed: 0, broken: 0 };
    for (let i = 0; i < test.length; i += 7) tally = tallyGreedyBeam(model, task, test.slice(i, i + 7), tally);
    expect(tally.n).toBe(test.length);
    expect(tally.fixed).toBe(whole.beam[0].fixed);
    expect(tally.fixed).toBeGreaterThan(0);
    expect(tally.broken).toBe(whole.beam[0].broken);
    expect(tally.greedyRight).toBe(test.length - whole.greedy.errors);
    expect(tally.beamRight / test.length).toBeCloseTo(whole.beam[0].exactMatch, 12);
  });

  it('draws a model’s own held-out test inputs only when its .json says how and the task has ground truth', () => {
    const task = reverse;
    const meta = { seed: 3, training: { validSize: 20, testSize: 15 }, srcEos: true };
    expect(modelTestSize(task, meta)).toBe(15);
    expect(modelTestSet(task, meta)).toEqual(heldOutSets(task, 3, 20, 15).test);
    expect(modelTestSize(task, { ...meta, seed: undefined })).toBeNull();
    expect(modelTestSize(task, { ...meta, training: { validSize: 20 } })).toBeNull();
    expect(modelTestSize(task, { ...meta, srcEos: false })).toBeNull();
    const own = taskFromMeta({ task: 'my-reverse', srcVocab: [...task.srcVocab.tokens], tgtVocab: [...task.tgtVocab.tokens], srcEos: true, config: { maxLen: 20 } });
    expect(modelTestSize(own, meta)).toBeNull();
  });
});
