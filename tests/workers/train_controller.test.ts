/**
 * The training worker's protocol, run without a worker: the controller with a fake clock,
 * a queue for its deferred slices, and every event passed through structuredClone (with
 * its transfer list) as postMessage would.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { forward, countParams } from '../../src/model';
import { loadModelFiles } from '../../src/io/load';
import { Trainer, noamRate, type EvalResult, type StepStats } from '../../src/train';
import { labOptions, labTask, labTrainOptions, TRANSFORMER_LAB, type LabArch, type LabOptions, type TrainerLike } from '../../src/labs/train';
import { TrainController } from '../../src/workers/train_controller';
import { LAB_ARCHS } from '../../src/workers/lab_archs';
import type { TrainEvent } from '../../src/workers/train_protocol';
import type { Example, Task } from '../../src/tasks';
import { NatTrainer, DEFAULT_LENGTH_WEIGHT } from '../../src/train/nat_trainer';
import { BUNDLE_FORMAT } from '../../src/io/bundle';
import { readNatBundle, writeNatBundle } from '../../src/io/nat_bundle';

const ROOT = join(__dirname, '..', '..');

/** Small options so that the tests run quickly. */
const OPTIONS: LabOptions = labOptions('reverse', { maxInputLen: 4, validSize: 30, validEvery: 10, snapshotEvery: 5, batchSize: 16 });

class Harness {
  events: TrainEvent[] = [];
  private t = 0;
  private queue: (() => void)[] = [];
  readonly controller: TrainController;

  constructor(archs: ConstructorParameters<typeof TrainController>[1]['archs'] = LAB_ARCHS, readonly dt = 5) {
    this.controller = new TrainController(
      {
        post: (event, transfer) => this.events.push(structuredClone(event, { transfer })),
        now: () => (this.t += this.dt),
        defer: (fn) => this.queue.push(fn),
      },
      { archs, sliceMs: 50, progressMs: 250 },
    );
  }

  send(m: unknown): void {
    this.controller.handle(m);
  }

  /** Runs deferred slices until `until` holds or nothing is queued. */
  runUntil(until: () => boolean, limit = 10_000): void {
    for (let i = 0; i < limit && this.queue.length > 0 && !until(); i++) this.queue.shift()!();
  }

  get pendingSlices(): number {
    return this.queue.length;
  }

  of<T extends TrainEvent['type']>(type: T): Extract<TrainEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<TrainEvent, { type: T }> => e.type === type);
  }

  take(): TrainEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }
}

/** Every typed array inside a value, with where it is. */
function typedArrays(v: unknown, path = '$', out: [string, ArrayBufferView][] = []): [string, ArrayBufferView][] {
  if (ArrayBuffer.isView(v)) out.push([path, v]);
  else if (Array.isArray(v)) v.forEach((x, i) => typedArrays(x, `${path}[${i}]`, out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) typedArrays(x, `${path}.${k}`, out);
  return out;
}

describe('the training controller', () => {
  it('init builds the model, reports it ready, and sends a first progress: validation, snapshot and anatomy at step 0', () => {
    const h = new Harness();
    h.send({ type: 'init', options: OPTIONS });
    const [ready, progress] = h.take();
    if (ready.type !== 'ready' || progress.type !== 'progress') throw new Error('expected ready, then progress');
    expect(ready.cause).toBe('init');
    expect(ready.task).toBe('reverse');
    const reference = new Trainer(labTask(OPTIONS), labTrainOptions(OPTIONS));
    expect(ready.parameters).toBe(countParams(reference.model.params));
    expect(reference.valid.map((e) => e.src)).toContain(ready.example.src);
    expect(progress.step).toBe(0);
    expect(progress.points).toEqual([]);
    expect(progress.validations.map((v) => v.step)).toEqual([0]);
    expect(progress.validations[0].teacherForced.n).toBe(30);
    expect(progress.snapshots.map((s) => s.step)).toEqual([0]);
    expect(progress.anatomy!.teacherForcing.example).toEqual(ready.example);
    expect(progress.anatomy!.scheduledSampling.mode).toBe('scheduled-sampling');
  });

  it('play trains in slices and reports every step once, with validations and snapshots at their intervals', () => {
    const h = new Harness();
    h.send({ type: 'init', options: OPTIONS });
    h.take();
    h.send({ type: 'play' });
    expect(h.of('state')).toEqual([{ type: 'state', running: true, step: 0, reason: 'play' }]);
    h.runUntil(() => h.controller.step >= 60);
    h.send({ type: 'pause' });
    const progress = h.of('progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const steps = progress.flatMap((p) => p.points.map((q) => q.step));
    expect(steps).toEqual(Array.from({ length: h.controller.step }, (_, i) => i + 1));
    expect(progress.flatMap((p) => p.validations.map((v) => v.step))).toEqual(steps.filter((s) => s % 10 === 0));
    expect(progress.flatMap((p) => p.snapshots.map((s) => s.step))).toEqual(steps.filter((s) => s % 5 === 0));
    expect(progress.every((p) => p.stepsPerSecond > 0)).toBe(true);
    expect(h.of('state').at(-1)).toEqual({ type: 'state', running: false, step: h.controller.step, reason: 'pause' });
    // a slice queued before the pause does nothing
    const at = h.controller.step;
    h.runUntil(() => false);
    expect(h.controller.step).toBe(at);
  });

  it('trains exactly as the trainer does: the same losses, step by step', () => {
    const h = new Harness();
    h.send({ type: 'init', options: OPTIONS });
    h.send({ type: 'step', count: 12 });
    const points = h.of('progress').flatMap((p) => p.points);
    const direct = new Trainer(labTask(OPTIONS), labTrainOptions(OPTIONS));
    const stats: StepStats[] = Array.from({ length: 12 }, () => direct.trainStep());
    expect(points.map((p) => p.loss)).toEqual(stats.map((s) => s.loss));
    expect(points.map((p) => p.tokenAccuracy)).toEqual(stats.map((s) => s.tokenAccuracy));
  });

  it('step runs the steps asked for while paused and refuses while running', () => {
    const h = new Harness();
    h.send({ type: 'init', options: OPTIONS });
    h.take();
    h.send({ type: 'step' });
    h.send({ type: 'step', count: 3 });
    expect(h.controller.step).toBe(4);
    expect(h.of('progress').map((p) => p.points.length)).toEqual([1, 3]);
    expect(h.of('state').map((s) => s.reason)).toEqual(['step', 'step']);
    h.send({ type: 'step', count: 0 });
    expect(h.of('error').at(-1)!.message).toMatch(/count must be a whole number in 1\.\.1000, got 0/);
    h.send({ type: 'play' });
    h.send({ type: 'step' });
    expect(h.of('error').at(-1)).toEqual({ type: 'error', request: 'step', message: 'training is running; pause before stepping' });
  });

  it('reset starts the same run again from step 0', () => {
    const h = new Harness();
    h.send({ type: 'init', options: OPTIONS });
    h.send({ type: 'step', count: 5 });
    const first = h.of('progress').flatMap((p) => p.points).map((p) => p.loss);
    h.take();
    h.send({ type: 'reset' });
    expect(h.of('ready')[0].cause).toBe('reset');
    expect(h.controller.step).toBe(0);
    h.send({ type: 'step', count: 5 });
    expect(h.of('progress').flatMap((p) => p.points).map((p) => p.loss)).toEqual(first);
  });

  it('setOptions applies a learning-rate change from the next step, and starts afresh for a new input length', () => {
    const h = new Harness();
    h.send({ type: 'init', options: OPTIONS });
    h.send({ type: 'step', count: 2 });
    h.take();
    h.send({ type: 'setOptions', options: { lrFactor: 0.25 } });
    expect(h.of('ready')).toEqual([]);
    h.send({ type: 'step' });
    const point = h.of('progress').flatMap((p) => p.points).at(-1)!;
    expect(point.step).toBe(3);
    expect(point.lr).toBeCloseTo(noamRate(3, 32, OPTIONS.warmup, 0.25), 12);
    h.take();
    h.send({ type: 'setOptions', options: { maxInputLen: 3 } });
    const [ready] = h.of('ready');
    expect(ready.cause).toBe('options');
    expect(ready.options.maxInputLen).toBe(3);
    expect(h.controller.step).toBe(0);
  });

  it('setOptions refuses options that do not fit, naming them, and keeps the run', () => {
    const h = new Harness();
    h.send({ type: 'init', options: OPTIONS });
    h.send({ type: 'step', count: 2 });
    h.take();
    h.send({ type: 'setOptions', options: { batchSize: 0, maxInputLen: 2 } });
    expect(h.take()).toEqual([{ type: 'error', request: 'setOptions', message: 'batchSize must be a whole number ≥ 1, got 0' }]);
    expect(h.controller.step).toBe(2);
  });

  it('a new fixed example or snapshot view is shown at once', () => {
    const h = new Harness();
    h.send({ type: 'init', options: OPTIONS });
    h.take();
    h.send({ type: 'setOptions', options: { example: 'dcba', view: { crossLayer: 0, selfSide: 'enc', selfLayer: 0 } } });
    const [p] = h.of('progress');
    expect(p.snapshots[0].self.side).toBe('enc');
    expect(p.snapshots[0].cross.colTokens).toEqual(['d', 'c', 'b', 'a', '<eos>']);
    expect(p.anatomy!.teacherForcing.example).toEqual({ src: 'dcba', tgt: 'abcd' });
  });

  it('stops at maxSteps with reason done', () => {
    const h = new Harness();
    h.send({ type: 'init', options: { ...OPTIONS, maxSteps: 7 } });
    h.send({ type: 'play' });
    h.runUntil(() => false);
    expect(h.controller.step).toBe(7);
    expect(h.of('state').at(-1)).toEqual({ type: 'state', running: false, step: 7, reason: 'done' });
    expect(h.pendingSlices).toBe(0);
    h.send({ type: 'play' });
    expect(h.of('error').at(-1)!.message).toMatch(/reached its last step \(7\)/);
  });

  it('every typed array it sends has a buffer of its own (slab-backed tensors are copied, never transferred)', () => {
    const h = new Harness();
    h.send({ type: 'init', options: OPTIONS });
    h.send({ type: 'step', count: 10 });
    h.send({ type: 'requestModel' });
    const arrays = h.events.flatMap((e) => typedArrays(e));
    expect(arrays.length).toBeGreaterThan(20);
    for (const [, a] of arrays) {
      expect(a.byteOffset).toBe(0);
      expect(a.buffer.byteLength).toBe(a.byteLength);
    }
    // and training goes on unharmed after the model's buffer was transferred
    h.send({ type: 'step', count: 2 });
    expect(h.controller.step).toBe(12);
    expect(h.of('error')).toEqual([]);
  });

  it('the downloaded model re-loads and gives the same outputs; eval --model redraws its short test set', () => {
    const h = new Harness();
    h.send({ type: 'init', options: OPTIONS });
    h.send({ type: 'step', count: 40 });
    h.send({ type: 'requestModel' });
    const [m] = h.of('model');
    expect(m.name).toBe('reverse-lab-tiny-step40');
    const loaded = loadModelFiles(m.json, m.safetensors);
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.task.maxSrcLen).toBe(4);
    const meta = loaded.bundle.meta;
    expect(meta.steps).toBe(40);
    expect((meta.training as { maxInputLen: number }).maxInputLen).toBe(4);
    // the controller's trainer, replayed: 40 steps of the same options
    const direct = new Trainer(labTask(OPTIONS), labTrainOptions(OPTIONS));
    for (let i = 0; i < 40; i++) direct.trainStep();
    const src = [[3, 4, 5, 2], [6, 7, 2, 0]], tgtIn = [[1, 5, 4, 3], [1, 7, 6, 0]];
    expect(forward(loaded.bundle.model, src, tgtIn, { trace: false }).logits.data).toEqual(forward(direct.model, src, tgtIn, { trace: false }).logits.data);
    expect(meta.metrics!.valid.exactMatch).toBe(direct.evaluate(direct.valid).exactMatch);
    const dir = mkdtempSync(join(tmpdir(), 'seq2seq-lab-'));
    writeFileSync(join(dir, `${m.name}.json`), m.json);
    writeFileSync(join(dir, `${m.name}.safetensors`), new Uint8Array(m.safetensors));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/eval.ts', '--model', join(dir, `${m.name}.json`)], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const em = Number(/exact match +([\d.]+)%/.exec(r.stdout)![1]) / 100;
    expect(r.stdout).toMatch(/task reverse: 500 test inputs never seen in training/);
    expect(em).toBeCloseTo(meta.metrics!.test.exactMatch, 4);
  });

  it('answers unknown requests and requests before init with an error naming them', () => {
    const h = new Harness();
    h.send({ type: 'fly' });
    h.send('play');
    h.send({ type: 'play' });
    h.send({ type: 'init', options: { ...OPTIONS, size: 'huge' } });
    h.send({ type: 'init', options: OPTIONS, arch: 'lstm' });
    expect(h.take()).toEqual([
      { type: 'error', request: 'unknown', message: 'unknown request “fly”' },
      { type: 'error', request: 'unknown', message: 'unknown request “string”' },
      { type: 'error', request: 'play', message: '“play” before “init”: there is no model yet' },
      { type: 'error', request: 'init', message: 'size must be one of tiny, small, got huge' },
      { type: 'error', request: 'init', message: 'unknown architecture “lstm”; known: transformer, rnn-fixed, rnn-attention' },
    ]);
  });

  it('runs any trainer with Trainer’s public surface; what an architecture cannot show is left out', () => {
    // a stand-in architecture: a trainer whose loss halves every step, and nothing to show
    class Halving implements TrainerLike {
      step = 0;
      constructor(readonly valid: Example[], readonly test: Example[]) {}
      trainStep(): StepStats {
        this.step++;
        return { step: this.step, loss: Math.pow(0.5, this.step), tokenAccuracy: 1, lr: 0.1, gradNorm: 0, samplingProb: 0 };
      }
      evaluate(examples: readonly Example[]): EvalResult {
        return { exactMatch: 1, bleu: 1, n: examples.length };
      }
    }
    const arch: LabArch<Halving> = {
      create: (task: Task) => new Halving([{ src: 'ab', tgt: task.solve('ab') }], []),
      applyOptions: () => {},
      parameters: () => 7,
      bundle: () => ({ json: '{}', safetensors: new Uint8Array([1, 2, 3]), name: 'halving' }),
    };
    const h = new Harness({ halving: arch as unknown as LabArch<TrainerLike>, transformer: TRANSFORMER_LAB as unknown as LabArch<TrainerLike> });
    h.send({ type: 'init', options: OPTIONS, arch: 'halving' });
    h.send({ type: 'play' });
    h.runUntil(() => h.controller.step >= 30);
    h.send({ type: 'pause' });
    h.send({ type: 'requestModel' });
    expect(h.of('ready')[0].parameters).toBe(7);
    const progress = h.of('progress');
    expect(progress.flatMap((p) => p.points).map((p) => p.loss).slice(0, 3)).toEqual([0.5, 0.25, 0.125]);
    expect(progress.every((p) => p.validations.length === 0 && p.snapshots.length === 0 && p.anatomy === null)).toBe(true);
    const [model] = h.of('model');
    expect(new Uint8Array(model.safetensors)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('runs the NAT trainer, another trainer with Trainer’s surface, and exports its model', () => {
    const nat: LabArch<NatTrainer> = {
      create: (task, o) => new NatTrainer(task, { ...o, lengthWeight: DEFAULT_LENGTH_WEIGHT }),
      applyOptions: (trainer, o) => void Object.assign(trainer.opts, o),
      parameters: (trainer) => countParams(trainer.model.params),
      bundle(trainer, task, _o, metrics) {
        const files = writeNatBundle({
          model: trainer.model,
          meta: {
            format: BUNDLE_FORMAT, arch: 'nat', task: task.name, config: trainer.config, srcVocab: [...task.srcVocab.tokens],
            tgtVocab: [...task.tgtVocab.tokens], srcEos: true, seed: trainer.opts.seed, steps: trainer.step, training: {}, metrics,
            parameters: countParams(trainer.model.params), nat: { lengthClasses: trainer.model.lengths, placeholder: 'bos', lengthWeight: DEFAULT_LENGTH_WEIGHT },
          },
        });
        return { ...files, name: `${task.name}-nat` };
      },
    };
    const h = new Harness({ nat: nat as unknown as LabArch<TrainerLike> });
    h.send({ type: 'init', options: OPTIONS, arch: 'nat' });
    h.send({ type: 'step', count: 6 });
    h.send({ type: 'requestModel' });
    expect(h.of('error')).toEqual([]);
    const points = h.of('progress').flatMap((p) => p.points);
    const direct = new NatTrainer(labTask(OPTIONS), { ...labTrainOptions(OPTIONS), lengthWeight: DEFAULT_LENGTH_WEIGHT });
    expect(points.map((p) => p.loss)).toEqual(Array.from({ length: 6 }, () => direct.trainStep().loss));
    const [m] = h.of('model');
    const back = readNatBundle(m.json, new Uint8Array(m.safetensors));
    for (const [k, t] of direct.model.params) expect(back.model.params.get(k)!.data).toEqual(t.data);
  });
});
