import { crossEntropy } from '../../src/core';
import { forward } from '../../src/model';
import { argmax } from '../../src/decode/greedy';
import { BOS_ID, EOS_ID, PAD_ID, makeSplits, validateInput } from '../../src/tasks';
import { Trainer, makeBatch } from '../../src/train';
import {
  LAB_TASKS, SIZES, STRUCTURAL_OPTIONS, TASK_PRESETS, attentionSnapshot, checkLabOptions, fixedExample, labGuided, labOptions,
  labSamplingProbability, labTask, labTrainOptions, stepAnatomy,
} from '../../src/labs/train';

const opts = labOptions('reverse', { validSize: 40, maxInputLen: 5 });
const task = labTask(opts);
const trainer = new Trainer(task, { ...labTrainOptions(opts), testSize: 40 });
for (let i = 0; i < 30; i++) trainer.trainStep();
const example = { src: 'abcde', tgt: 'edcba' };

describe('lab presets', () => {
  it('each lab task trains on short inputs of the built-in task with a model size of the presets', () => {
    for (const name of LAB_TASKS) {
      const o = labOptions(name);
      expect(checkLabOptions(o)).toEqual([]);
      const t = labTask(o);
      expect(t.name).toBe(name);
      expect(t.maxSrcLen).toBe(TASK_PRESETS[name].maxInputLen);
      const tr = labTrainOptions(o);
      expect(tr.arch).toEqual(SIZES[TASK_PRESETS[name].size]);
      expect(tr.sampling).toBeNull();
      expect(tr.guided).toBeNull();
    }
  });

  it('scheduled sampling and guided attention map onto the trainer’s options', () => {
    const o = labOptions('sort', { mode: 'scheduled-sampling', schedule: 'inverse-sigmoid', maxSampling: 0.4, guided: labGuided('sort', 5) });
    const tr = labTrainOptions(o);
    expect(tr.sampling).toEqual({ schedule: 'inverse-sigmoid', maxSampling: 0.4 });
    expect(tr.guided).toEqual({ weight: 5, sigma: 0.2, layers: null, heads: null, prior: 'diagonal' });
    expect(labGuided('reverse').prior).toBe('anti-diagonal');
    expect(labSamplingProbability(o, 1)).toBeGreaterThanOrEqual(0);
    expect(labSamplingProbability(o, o.maxSteps)).toBeCloseTo(0.4, 6);
    expect(labSamplingProbability(labOptions('sort'), 500)).toBe(0);
  });

  it('names every option that does not fit', () => {
    const bad = labOptions('reverse', { batchSize: 0, lrFactor: -1, labelSmoothing: 1, view: { crossLayer: 1, selfSide: 'enc', selfLayer: 0 } });
    expect(checkLabOptions(bad)).toEqual(['batchSize must be a whole number ≥ 1, got 0', 'lrFactor must be > 0, got -1', 'labelSmoothing must be in [0, 1), got 1']);
    expect(checkLabOptions(labOptions('reverse', { view: { crossLayer: 1, selfSide: 'enc', selfLayer: 0 } }))).toEqual(['view.crossLayer must be in 0..0']);
    expect(checkLabOptions(labOptions('reverse', { example: 'abc1' }))[0]).toMatch(/^example: character 4 “1”/);
    expect(checkLabOptions(labOptions('reverse', { example: 'abcdefg' }))[0]).toMatch(/^example: the text has 7 characters, at most 6/);
    expect(STRUCTURAL_OPTIONS).toContain('size');
  });

  it('the fixed example is the one asked for, else a longest one among the first validation inputs', () => {
    expect(fixedExample(task, trainer.valid, 'ab')).toEqual({ src: 'ab', tgt: 'ba' });
    const e = fixedExample(task, trainer.valid, null);
    expect(trainer.valid.slice(0, 50).every((v) => [...v.src].length <= [...e.src].length)).toBe(true);
    expect(validateInput(task, e.src)).toEqual([]);
  });

  it('the held-out sets of a short task hold only short inputs', () => {
    const s = makeSplits(task, 1, { train: 100, valid: 20, test: 20 });
    for (const x of [...s.valid, ...s.test]) expect([...x.src].length).toBeLessThanOrEqual(5);
  });
});

describe('attention snapshots', () => {
  const snap = attentionSnapshot(trainer.model, task, example, { crossLayer: 0, selfSide: 'dec', selfLayer: 0 }, trainer.step);

  it('are the weights a traced forward pass of the example computes under teacher forcing, every head', () => {
    const b = makeBatch(task, [example]);
    const { trace } = forward(trainer.model, b.src, b.tgtIn);
    expect(snap.step).toBe(30);
    expect(snap.cross.data).toEqual(trace!.get('dec.0.cross_attn.weights').data);
    expect(snap.self.data).toEqual(trace!.get('dec.0.self_attn.weights').data);
    expect([snap.cross.heads, snap.cross.rows, snap.cross.cols]).toEqual([4, 6, 6]);
    expect(snap.cross.rowTokens).toEqual(['<bos>', 'e', 'd', 'c', 'b', 'a']);
    expect(snap.cross.colTokens).toEqual(['a', 'b', 'c', 'd', 'e', '<eos>']);
  });

  it('own their data (copies, not views of the core’s shared slabs)', () => {
    for (const m of [snap.cross, snap.self]) {
      expect(m.data.byteOffset).toBe(0);
      expect(m.data.buffer.byteLength).toBe(m.data.byteLength);
    }
  });

  it('the decoder’s self-attention is causal: nothing above the diagonal; every row sums to 1', () => {
    const { heads, rows, cols, data } = snap.self;
    for (let h = 0; h < heads; h++) for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let c = 0; c < cols; c++) {
        const v = data[(h * rows + r) * cols + c];
        if (c > r) expect(v).toBe(0);
        sum += v;
      }
      expect(sum).toBeCloseTo(1, 5);
    }
    const enc = attentionSnapshot(trainer.model, task, example, { crossLayer: 0, selfSide: 'enc', selfLayer: 0 }, 0).self;
    expect(enc.rowTokens).toEqual(['a', 'b', 'c', 'd', 'e', '<eos>']);
    expect(enc.data.some((v, i) => Math.floor(i / 6) % 6 < i % 6 && v > 0)).toBe(true);
  });
});

describe('the anatomy of one training step', () => {
  it('teacher forcing: decoder input <bos> + truth, targets truth + <eos>, and the mean cross-entropy is the loss', () => {
    const a = stepAnatomy(trainer.model, task, example, { labelSmoothing: 0, sampling: null });
    const id = (c: string) => task.tgtVocab.idOf(c)!;
    expect(a.mode).toBe('teacher-forcing');
    expect(a.positions.map((p) => p.input)).toEqual([BOS_ID, id('e'), id('d'), id('c'), id('b'), id('a')]);
    expect(a.positions.map((p) => p.target)).toEqual([id('e'), id('d'), id('c'), id('b'), id('a'), EOS_ID]);
    expect(a.positions.every((p) => !p.sampled && p.input === p.truthInput)).toBe(true);
    const b = makeBatch(task, [example]);
    const { logits } = forward(trainer.model, b.src, b.tgtIn, { trace: false });
    const ce = crossEntropy(logits, b.tgtOut[0], { ignoreIndex: PAD_ID });
    expect(a.loss).toBeCloseTo(ce.loss.data[0], 5);
    const V = logits.shape[2];
    a.positions.forEach((p, t) => {
      expect(p.targetDist[p.target]).toBe(1);
      expect(p.targetDist.reduce((s, v) => s + v, 0)).toBe(1);
      expect(p.crossEntropy).toBeCloseTo(-Math.log(p.probs[p.target]), 4);
      expect(p.predicted).toBe(argmax(logits.data, t * V, V));
      expect(p.correct).toBe(p.predicted === p.target);
      expect(p.probs.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    });
    // the causal mask: position t sees inputs 0..t
    expect(a.causalMask[0]).toEqual([false, true, true, true, true, true]);
    expect(a.causalMask[5]).toEqual([false, false, false, false, false, false]);
  });

  it('label smoothing: the target is (1 − ε)·one-hot + ε/V and the loss is the core’s smoothed cross-entropy', () => {
    const eps = 0.1;
    const a = stepAnatomy(trainer.model, task, example, { labelSmoothing: eps, sampling: null });
    const V = a.vocab.length;
    for (const p of a.positions) {
      expect(p.targetDist[p.target]).toBeCloseTo(1 - eps + eps / V, 6);
      expect(p.targetDist[(p.target + 1) % V]).toBeCloseTo(eps / V, 6);
    }
    const b = makeBatch(task, [example]);
    const { logits } = forward(trainer.model, b.src, b.tgtIn, { trace: false });
    expect(a.loss).toBeCloseTo(crossEntropy(logits, b.tgtOut[0], { labelSmoothing: eps }).loss.data[0], 5);
  });

  it('scheduled sampling: the inputs it replaces are the teacher-forced predictions of the position before, and the loss is scored on the mixed input', () => {
    const b = makeBatch(task, [example]);
    const { logits: tf } = forward(trainer.model, b.src, b.tgtIn, { trace: false });
    const V = tf.shape[2];
    const all = stepAnatomy(trainer.model, task, example, { labelSmoothing: 0, sampling: { probability: 1, seed: 3 } });
    expect(all.mode).toBe('scheduled-sampling');
    all.positions.forEach((p, t) => {
      expect(p.sampled).toBe(t > 0);
      expect(p.input).toBe(t === 0 ? BOS_ID : argmax(tf.data, (t - 1) * V, V));
      expect(p.truthInput).toBe(b.tgtIn[0][t]);
    });
    const { logits: mixed } = forward(trainer.model, b.src, [all.positions.map((p) => p.input)], { trace: false });
    expect(all.loss).toBeCloseTo(crossEntropy(mixed, b.tgtOut[0]).loss.data[0], 5);
    const none = stepAnatomy(trainer.model, task, example, { labelSmoothing: 0, sampling: { probability: 0, seed: 3 } });
    expect(none.positions.some((p) => p.sampled)).toBe(false);
    const some = stepAnatomy(trainer.model, task, example, { labelSmoothing: 0, sampling: { probability: 0.5, seed: 3 } });
    const again = stepAnatomy(trainer.model, task, example, { labelSmoothing: 0, sampling: { probability: 0.5, seed: 3 } });
    expect(again.positions.map((p) => p.sampled)).toEqual(some.positions.map((p) => p.sampled));
  });
});
