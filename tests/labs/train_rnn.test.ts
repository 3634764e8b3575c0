/**
 * The two RNN architectures in the training lab: registered for the worker, trained by
 * the controller exactly as RnnTrainer trains them, validated both ways, and saved as RNN
 * bundles; the Transformer-only parts (snapshots, anatomy) are absent, not broken.
 */
import { describe, expect, it } from 'vitest';
import { countParams } from '../../src/model';
import { RnnTrainer } from '../../src/train';
import { labOptions, labTask, labTrainOptions, type LabOptions } from '../../src/labs/train';
import { RNN_LAB_SIZES, rnnLabTrainOptions, rnnSizeOf, validateRnnBothWays } from '../../src/labs/train_rnn';
import { readRnnBundle } from '../../src/io/rnn_bundle';
import { TrainController } from '../../src/workers/train_controller';
import { LAB_ARCHS } from '../../src/workers/lab_archs';
import type { TrainEvent } from '../../src/workers/train_protocol';

const OPTIONS: LabOptions = labOptions('reverse', { maxInputLen: 4, validSize: 20, validEvery: 5, snapshotEvery: 5, batchSize: 8 });

function harness() {
  const events: TrainEvent[] = [];
  let t = 0;
  const queue: (() => void)[] = [];
  const controller = new TrainController(
    { post: (e, transfer) => events.push(structuredClone(e, { transfer })), now: () => (t += 5), defer: (fn) => queue.push(fn) },
    { archs: LAB_ARCHS },
  );
  const of = <T extends TrainEvent['type']>(type: T) => events.filter((e): e is Extract<TrainEvent, { type: T }> => e.type === type);
  return { controller, events, of };
}

describe('the RNN architectures of the training lab', () => {
  it('are registered for the worker beside the Transformer', () => {
    expect(Object.keys(LAB_ARCHS)).toEqual(['transformer', 'rnn-fixed', 'rnn-attention']);
  });

  it('map the lab options onto the RNN trainer: the same seed, batch, schedule and held-out sizes, small sizes by preset', () => {
    const opts = labTrainOptions(OPTIONS);
    const r = rnnLabTrainOptions('rnn-attention', opts);
    expect(r).toMatchObject({ seed: opts.seed, batchSize: 8, warmup: opts.warmup, lrFactor: opts.lrFactor, labelSmoothing: opts.labelSmoothing, validSize: 20 });
    expect(rnnSizeOf(opts)).toBe('tiny');
    expect(r.arch).toEqual(RNN_LAB_SIZES['rnn-attention'].tiny);
    expect(rnnSizeOf(labTrainOptions({ ...OPTIONS, size: 'small' }))).toBe('small');
  });

  for (const arch of ['rnn-fixed', 'rnn-attention'] as const) {
    it(`the controller trains ${arch} a few steps exactly as RnnTrainer does, validates it and hands out its files`, () => {
      const h = harness();
      h.controller.handle({ type: 'init', options: OPTIONS, arch });
      const ready = h.of('ready')[0];
      expect(h.of('error')).toEqual([]);
      expect(ready.arch).toBe(arch);
      const direct = new RnnTrainer(labTask(OPTIONS), rnnLabTrainOptions(arch, labTrainOptions(OPTIONS)));
      expect(ready.parameters).toBe(countParams(direct.model.params));
      h.controller.handle({ type: 'step', count: 6 });
      expect(h.of('error')).toEqual([]);
      const points = h.of('progress').flatMap((p) => p.points);
      const stats = Array.from({ length: 6 }, () => direct.trainStep());
      expect(points.map((p) => p.loss)).toEqual(stats.map((s) => s.loss));
      expect(points.every((p) => Number.isFinite(p.loss) && p.loss > 0)).toBe(true);
      const progress = h.of('progress');
      expect(progress.flatMap((p) => p.validations.map((v) => v.step))).toEqual([0, 5]);
      expect(progress.every((p) => p.snapshots.length === 0 && p.anatomy === null)).toBe(true);
      h.controller.handle({ type: 'requestModel' });
      const model = h.of('model')[0];
      const b = readRnnBundle(model.json, new Uint8Array(model.safetensors));
      expect(b.meta.arch).toBe(arch);
      expect(b.meta.steps).toBe(6);
      expect(model.name).toBe(`reverse-lab-${arch}-tiny-step6`);
    });
  }

  it('validates both ways: scores are shares, exact match agrees between the two ways', () => {
    const trainer = new RnnTrainer(labTask(OPTIONS), rnnLabTrainOptions('rnn-fixed', labTrainOptions(OPTIONS)));
    for (let i = 0; i < 3; i++) trainer.trainStep();
    const v = validateRnnBothWays(trainer.model, trainer.task, trainer.valid);
    for (const s of [v.teacherForced, v.freeRunning]) {
      expect(s.n).toBe(20);
      expect(s.tokenAccuracy).toBeGreaterThanOrEqual(0);
      expect(s.tokenAccuracy).toBeLessThanOrEqual(1);
    }
    expect(v.freeRunning.exactMatch).toBeCloseTo(v.teacherForced.exactMatch, 6);
    expect(v.freeRunning.exactMatch).toBeCloseTo(trainer.evaluate(trainer.valid).exactMatch, 6);
  });
});
