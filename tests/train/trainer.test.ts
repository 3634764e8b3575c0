import { getTask } from '../../src/tasks';
import { forward } from '../../src/model';
import { argmax } from '../../src/decode/greedy';
import { Trainer, DEFAULT_TRAIN, makeBatch, taskModelConfig, heldOutSets, type TrainOptions } from '../../src/train';

const TINY: TrainOptions = {
  ...DEFAULT_TRAIN,
  steps: 30, batchSize: 16, warmup: 10, lrFactor: 0.5, validSize: 40, testSize: 40,
  arch: { dModel: 16, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 32, normFirst: false, activation: 'relu' },
};

describe('trainer', () => {
  it('makeBatch pads sources and targets and shifts the decoder input right behind BOS', () => {
    const task = getTask('reverse');
    const b = makeBatch(task, [{ src: 'ab', tgt: 'ba' }, { src: 'xyz', tgt: 'zyx' }]);
    const id = (c: string) => task.srcVocab.idOf(c)!;
    expect(b.src).toEqual([[id('a'), id('b'), 2, 0], [id('x'), id('y'), id('z'), 2]]);
    expect(b.tgtIn).toEqual([[1, id('b'), id('a'), 0], [1, id('z'), id('y'), id('x')]]);
    expect(b.tgtOut).toEqual([[id('b'), id('a'), 2, 0], [id('z'), id('y'), id('x'), 2]]);
  });

  it('the model config fits the longest source with EOS and BOS + the longest target', () => {
    for (const name of ['reverse', 'sort', 'date', 'zh-numerals']) {
      const task = getTask(name);
      const c = taskModelConfig(task, TINY.arch);
      expect(c.maxLen).toBeGreaterThanOrEqual(task.maxSrcLen + 1);
      expect(c.maxLen).toBeGreaterThanOrEqual(task.maxTgtLen + 1);
    }
  });

  it('training batches never contain a validation or test input', () => {
    const tr = new Trainer(getTask('reverse'), { ...TINY, validSize: 300, testSize: 300 });
    const held = new Set([...tr.valid, ...tr.test].map((e) => e.src));
    for (let i = 0; i < 50; i++) for (const e of tr.nextExamples()) expect(held.has(e.src)).toBe(false);
  });

  it('the loss falls over a few dozen steps', () => {
    const tr = new Trainer(getTask('sort'), TINY);
    const first = tr.trainStep().loss;
    let last = first;
    for (let i = 0; i < 40; i++) last = tr.trainStep().loss;
    expect(last).toBeLessThan(first * 0.8);
  });

  it('is deterministic: two trainers with the same seed end with identical weights', () => {
    const a = new Trainer(getTask('reverse'), TINY), b = new Trainer(getTask('reverse'), TINY);
    for (let i = 0; i < 5; i++) {
      a.trainStep();
      b.trainStep();
    }
    for (const [name, t] of a.model.params) expect(b.model.params.get(name)!.data).toEqual(t.data);
  });

  it('scheduled sampling feeds the model its own predictions with the scheduled probability', () => {
    const tr = new Trainer(getTask('reverse'), { ...TINY, sampling: { schedule: 'linear', maxSampling: 0.5 } });
    let s = tr.trainStep();
    expect(s.samplingProb).toBeGreaterThan(0);
    for (let i = 0; i < 29; i++) s = tr.trainStep();
    expect(s.samplingProb).toBeCloseTo(0.5, 5);
  });

  it('with probability 1 every decoder input after BOS is the model\'s own previous prediction, with 0 none is', () => {
    const task = getTask('reverse');
    const tr = new Trainer(task, TINY);
    const batch = makeBatch(task, tr.nextExamples());
    expect(tr.mixInPredictions(batch, 0)).toEqual(batch.tgtIn);
    const mixed = tr.mixInPredictions(batch, 1);
    const { logits } = forward({ config: tr.config, params: tr.model.params }, batch.src, batch.tgtIn, { trace: false });
    const V = logits.shape[2], T = batch.tgtIn[0].length;
    mixed.forEach((row, b) => row.forEach((tok, t) => {
      if (t === 0) expect(tok).toBe(1);
      else if (batch.tgtIn[b][t] === 0) expect(tok).toBe(0);
      else expect(tok).toBe(argmax(logits.data, (b * T + t - 1) * V, V));
    }));
    expect(mixed).not.toEqual(batch.tgtIn);
  });

  it('held-out sets are the same for the same seed and never share an input', () => {
    const task = getTask('date');
    const a = heldOutSets(task, 3, 100, 200), b = heldOutSets(task, 3, 100, 200);
    expect(a).toEqual(b);
    const valid = new Set(a.valid.map((e) => e.src));
    expect(a.test.some((e) => valid.has(e.src))).toBe(false);
  });

  it('evaluation scores exact match and BLEU between 0 and 1', () => {
    const tr = new Trainer(getTask('reverse'), TINY);
    const r = tr.evaluate(tr.valid.slice(0, 20));
    expect(r.n).toBe(20);
    expect(r.exactMatch).toBeGreaterThanOrEqual(0);
    expect(r.exactMatch).toBeLessThanOrEqual(1);
    expect(r.bleu).toBeGreaterThanOrEqual(0);
  });
});
