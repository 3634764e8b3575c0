import { describe, it, expect } from 'vitest';
import { getTask } from '../../src/tasks';
import {
  RnnTrainer, Trainer, DEFAULT_RNN_TRAIN, DEFAULT_TRAIN, rnnTaskConfig, evaluateRnnModel, createTrainer, type RnnTrainOptions,
} from '../../src/train';
import { RNN_ARCHS, countParams } from '../../src/model';

function tiny(arch: (typeof RNN_ARCHS)[number]): RnnTrainOptions {
  return {
    ...DEFAULT_RNN_TRAIN, steps: 40, batchSize: 16, warmup: 10, lrFactor: 0.3, validSize: 40, testSize: 40,
    arch: { arch, embedDim: 8, hiddenSize: 12, attentionDim: arch === 'rnn-attention' ? 8 : 0 },
  };
}

describe.each(RNN_ARCHS)('RnnTrainer (%s)', (arch) => {
  it('has the public surface of Trainer', () => {
    const r = new RnnTrainer(getTask('reverse'), tiny(arch));
    const t = new Trainer(getTask('reverse'), { ...DEFAULT_TRAIN, validSize: 40, testSize: 40, arch: { ...DEFAULT_TRAIN.arch, dModel: 8, nHead: 2, dimFeedforward: 8 } });
    for (const key of ['trainStep', 'evaluate', 'nextExamples'] as const) expect(typeof r[key]).toBe(typeof t[key]);
    for (const key of ['step', 'valid', 'test', 'model', 'config', 'task', 'opts'] as const) expect(key in r).toBe(key in t);
    const st = r.trainStep();
    expect(Object.keys(st).sort()).toEqual(Object.keys(t.trainStep()).sort());
    expect(r.step).toBe(1);
  });

  it('draws the same held-out sets as Trainer for a seed, and never trains on them', () => {
    const r = new RnnTrainer(getTask('reverse'), { ...tiny(arch), validSize: 300, testSize: 300 });
    const t = new Trainer(getTask('reverse'), { ...DEFAULT_TRAIN, validSize: 300, testSize: 300 });
    expect(r.valid).toEqual(t.valid);
    expect(r.test).toEqual(t.test);
    const held = new Set([...r.valid, ...r.test].map((e) => e.src));
    for (let i = 0; i < 30; i++) for (const e of r.nextExamples()) expect(held.has(e.src)).toBe(false);
  });

  it('the loss falls over a few dozen steps', () => {
    const tr = new RnnTrainer(getTask('sort'), tiny(arch));
    const first = tr.trainStep();
    let last = first;
    for (let i = 0; i < 40; i++) last = tr.trainStep();
    expect(last.loss).toBeLessThan(first.loss * 0.8);
    expect(last.lr).toBeGreaterThan(0);
    expect(last.gradNorm).toBeGreaterThan(0);
    expect(last.samplingProb).toBe(0);
  });

  it('is deterministic: two trainers with the same seed end with identical weights', () => {
    const a = new RnnTrainer(getTask('reverse-long'), tiny(arch)), b = new RnnTrainer(getTask('reverse-long'), tiny(arch));
    for (let i = 0; i < 3; i++) {
      a.trainStep();
      b.trainStep();
    }
    for (const [name, t] of a.model.params) expect(b.model.params.get(name)!.data).toEqual(t.data);
    const c = new RnnTrainer(getTask('reverse-long'), { ...tiny(arch), seed: 2 });
    c.trainStep();
    expect(c.model.params.get('decoder.weight_hh_l0')!.data).not.toEqual(a.model.params.get('decoder.weight_hh_l0')!.data);
  });

  it('the model config takes vocabularies and lengths from the task', () => {
    const task = getTask('reverse-long');
    const c = rnnTaskConfig(task, tiny(arch).arch);
    expect(c.arch).toBe(arch);
    expect(c.srcVocab).toBe(29);
    expect(c.maxLen).toBe(26);
    expect(c.attentionDim).toBe(arch === 'rnn-attention' ? 8 : 0);
    expect(countParams(new RnnTrainer(task, tiny(arch)).model.params)).toBeGreaterThan(0);
  });

  it('evaluation scores exact match and BLEU between 0 and 1, the same as evaluateRnnModel', () => {
    const tr = new RnnTrainer(getTask('reverse'), tiny(arch));
    const r = tr.evaluate(tr.valid.slice(0, 20));
    expect(r.n).toBe(20);
    expect(r.exactMatch).toBeGreaterThanOrEqual(0);
    expect(r.exactMatch).toBeLessThanOrEqual(1);
    expect(r).toEqual(evaluateRnnModel(tr.model, tr.task, tr.valid.slice(0, 20), 7));
  });
});

describe('createTrainer', () => {
  it('makes the trainer of the architecture asked for, and names a spec that contradicts itself', () => {
    const task = getTask('reverse');
    expect(createTrainer(task, { arch: 'rnn-fixed', opts: tiny('rnn-fixed') })).toBeInstanceOf(RnnTrainer);
    const small = { ...DEFAULT_TRAIN, validSize: 20, testSize: 20, arch: { ...DEFAULT_TRAIN.arch, dModel: 8, nHead: 2, dimFeedforward: 8 } };
    expect(createTrainer(task, { arch: 'transformer', opts: small })).toBeInstanceOf(Trainer);
    expect(() => createTrainer(task, { arch: 'rnn-attention', opts: tiny('rnn-fixed') })).toThrow('createTrainer: spec says rnn-attention but its options are for rnn-fixed');
  });
});
