/**
 * The decoding lab's models and measurements in public/models: the date-multi AT and NAT
 * models load, fit the size limit and hold the form statistics the code computes now;
 * every shipped model's stored greedy-vs-beam comparison is consistent and reproduces
 * on the inputs it lists.
 */
import { statSync } from 'node:fs';
import { TASK_NAMES, formStats, getTask, isCorrect, scoreOutputs } from '../../src/tasks';
import { heldOutSets } from '../../src/train';
import { greedyDecodeBatch } from '../../src/decode/greedy';
import { natDecodeBatch } from '../../src/decode/nat';
import { beamSearch } from '../../src/decode/beam';
import { modelNextToken } from '../../src/decode/next';
import { compareAtNat, storedDecoding, storedMultimodality } from '../../src/labs/decoding';
import { loadBundle, modelPaths } from '../../src/cli/models';
import { loadNatBundle, natModelPaths } from '../../src/cli/nat_models';

const dm = getTask('date-multi');

describe('the date-multi models (multi-modality, measured)', () => {
  const at = loadBundle('date-multi');
  const nat = loadNatBundle('date-multi');
  const training = at.meta.training as { validSize: number; testSize: number };
  const { test } = heldOutSets(dm, at.meta.seed!, training.validSize, training.testSize);
  const srcs = test.map((e) => dm.srcVocab.encode(e.src, { eos: true }));

  it('both ship within 1 MB with the task’s vocabularies and scores on 1,000 unseen inputs', () => {
    expect(statSync(modelPaths('date-multi').safetensors).size).toBeLessThanOrEqual(1024 * 1024);
    expect(statSync(natModelPaths('date-multi').safetensors).size).toBeLessThanOrEqual(1024 * 1024);
    for (const meta of [at.meta, nat.meta]) {
      expect(meta.task).toBe('date-multi');
      expect(meta.tgtVocab).toEqual([...dm.tgtVocab.tokens]);
      expect(meta.metrics!.test.n).toBe(1000);
    }
    expect(nat.meta.arch).toBe('nat');
    expect(nat.meta.seed).toBe(at.meta.seed); // the same held-out inputs
  });

  it('the AT model commits to one form; the stored statistics are what greedy decoding gives now', () => {
    const outs: string[] = [];
    for (let i = 0; i < srcs.length; i += 100) outs.push(...greedyDecodeBatch(at.model, srcs.slice(i, i + 100), dm.maxTgtLen).map((t) => dm.tgtVocab.decode(t)));
    const { command, ...stored } = storedMultimodality(at.meta)!;
    expect(stored).toEqual(formStats(test, outs));
    expect(command).toBe('npm run eval -- --task date-multi --write');
    expect(stored.correct).toBeGreaterThanOrEqual(990);
    expect(stored.iso).toBeGreaterThan(300); // both forms are used …
    expect(stored.dotted).toBeGreaterThan(300);
    expect(stored.mixed).toBeLessThanOrEqual(5); // … but hardly ever in one output
    expect(scoreOutputs(dm, test, outs).exactMatch).toBe(at.meta.metrics!.test.exactMatch);
  });

  it('the NAT model mixes the forms; the stored statistics are what NAT decoding gives now', () => {
    const outs: string[] = [];
    for (let i = 0; i < srcs.length; i += 100) outs.push(...natDecodeBatch(nat.model, srcs.slice(i, i + 100)).map((t) => dm.tgtVocab.decode(t)));
    const { command, ...stored } = storedMultimodality(nat.meta)!;
    expect(stored).toEqual(formStats(test, outs));
    expect(command).toBe('npm run eval -- --task date-multi --arch nat --write');
    const atStats = storedMultimodality(at.meta)!;
    expect(stored.mixedRate).toBeGreaterThan(atStats.mixedRate + 0.2);
    expect(stored.mixesBoth).toBeGreaterThan(10 * Math.max(1, atStats.mixesBoth));
    expect(scoreOutputs(dm, test, outs).exactMatch).toBe(nat.meta.metrics!.test.exactMatch);
  });
});

describe.each(TASK_NAMES)('the stored greedy-vs-beam comparison of the %s model', (name) => {
  const task = getTask(name);
  const { meta, model } = loadBundle(name);
  const d = storedDecoding(meta)!;

  it('is present, for widths 2–8 on the 1,000 test inputs, and adds up', () => {
    expect(d.n).toBe(1000);
    expect(d.alpha).toBe(0);
    expect(d.command).toBe(`npm run eval -- --task ${name} --compare-beam --write`);
    expect(d.greedy.exactMatch).toBe(meta.metrics!.test.exactMatch);
    expect(d.greedy.errors).toBe(Math.round((1 - d.greedy.exactMatch) * d.n));
    expect(d.beam.map((b) => b.width)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    for (const b of d.beam) {
      expect(b.exactMatch * d.n).toBeCloseTo(d.greedy.exactMatch * d.n + b.fixed - b.broken, 6);
      expect(b.fixed).toBeLessThanOrEqual(d.greedy.errors);
    }
  });

  it('reproduces on the inputs it lists: greedy fails there and beam search succeeds', () => {
    const training = meta.training as { validSize: number; testSize: number };
    const refs = new Map(heldOutSets(task, meta.seed!, training.validSize, training.testSize).test.map((e) => [e.src, e.tgt]));
    const listed = new Set([...d.beam.flatMap((b) => [...b.fixedInputs, ...b.brokenInputs]), ...d.examples.map((e) => e.input)]);
    for (const input of listed) {
      const ex = { src: input, tgt: refs.get(input)! };
      expect(ex.tgt).toBeDefined();
      const src = task.srcVocab.encode(input, { eos: true });
      const greedy = task.tgtVocab.decode(greedyDecodeBatch(model, [src], task.maxTgtLen)[0]);
      for (const b of d.beam) {
        const out = task.tgtVocab.decode(beamSearch(modelNextToken(model, src, { maxLen: task.maxTgtLen }), { width: b.width, tree: false }).tokens);
        if (b.fixedInputs.includes(input)) expect([isCorrect(task, ex, greedy), isCorrect(task, ex, out)]).toEqual([false, true]);
        if (b.brokenInputs.includes(input)) expect([isCorrect(task, ex, greedy), isCorrect(task, ex, out)]).toEqual([true, false]);
      }
    }
    for (const e of d.examples) expect(e.width).toBe(d.exampleWidth);
  });
});

describe.each(['reverse', 'date'])('the shipped NAT of %s', (name) => {
  const task = getTask(name);
  const nat = loadNatBundle(name);

  it('ships within 1 MB, a NAT of the task with its length classes', () => {
    expect(statSync(natModelPaths(name).safetensors).size).toBeLessThanOrEqual(1024 * 1024);
    expect(nat.meta).toMatchObject({ arch: 'nat', task: name, nat: { lengthClasses: task.maxTgtLen, placeholder: 'bos' } });
    expect(nat.meta.srcVocab).toEqual([...task.srcVocab.tokens]);
    expect(nat.meta.metrics!.test.n).toBe(1000);
  });

  it('reaches its recorded exact match (at least 99%) on the 1,000 test inputs here and now', () => {
    const training = nat.meta.training as { validSize: number; testSize: number };
    const { test } = heldOutSets(task, nat.meta.seed!, training.validSize, training.testSize);
    const outs: string[] = [];
    for (let i = 0; i < test.length; i += 100) {
      outs.push(...natDecodeBatch(nat.model, test.slice(i, i + 100).map((e) => task.srcVocab.encode(e.src, { eos: true }))).map((t) => task.tgtVocab.decode(t)));
    }
    expect(scoreOutputs(task, test, outs).exactMatch).toBe(nat.meta.metrics!.test.exactMatch);
    expect(nat.meta.metrics!.test.exactMatch).toBeGreaterThanOrEqual(0.99);
  });
});

describe('AT against NAT on reverse', () => {
  it('one decoder pass per output token (EOS included) against one pass, the same output', () => {
    const c = compareAtNat(loadBundle('reverse').model, loadNatBundle('reverse').model, getTask('reverse'), 'hello');
    expect(c.at).toMatchObject({ output: 'olleh', decoderPasses: 6, correct: true });
    expect(c.nat).toMatchObject({ output: 'olleh', decoderPasses: 1, predictedLength: 5, correct: true });
  });
});
