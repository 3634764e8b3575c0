/**
 * The training worker's logic, without the worker: it takes requests (`handle`) and posts
 * events through a host (post, a clock, a way to run a function soon), so that the whole
 * protocol runs in a unit test with a fake clock, and in Node for benchmarks.
 *
 * While running it trains in slices of about `sliceMs` of steps, then yields (so that a
 * `pause` is seen within a slice), and posts progress every `progressMs`. It drives any
 * architecture given as a `LabArch` (the Transformer's, and those of other trainers with
 * `Trainer`'s public surface).
 */
import {
  STRUCTURAL_OPTIONS, checkLabOptions, fixedExample, labTask, labTrainOptions,
  type AttentionSnapshot, type LabArch, type LabOptions, type TrainerLike,
} from '../labs/train';
import type { Example, Task } from '../tasks';
import {
  isTrainRequest, type AnatomyPair, type StateReason, type StepPoint, type TrainEvent, type TrainRequest, type TrainRequestType,
  type ValidationPoint,
} from './train_protocol';

export interface ControllerHost {
  /** sends an event to the page (`transfer`: buffers whose ownership moves with it) */
  post(event: TrainEvent, transfer?: ArrayBuffer[]): void;
  /** milliseconds, monotonic */
  now(): number;
  /** runs `fn` soon, after any request that arrived meanwhile */
  defer(fn: () => void): void;
}

export interface ControllerConfig {
  // each architecture's trainer type is its own; the controller only uses LabArch's surface
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  archs: Readonly<Record<string, LabArch<any>>>;
  /** length of one slice of training between yields, ms (default 50) */
  sliceMs?: number;
  /** time between progress messages while running, ms (default 250) */
  progressMs?: number;
}

/** The most steps one `step` request runs. */
export const MAX_STEP_COUNT = 1000;

interface Run {
  arch: string;
  lab: LabArch<TrainerLike>;
  options: LabOptions;
  task: Task;
  trainer: TrainerLike;
  example: Example;
  validSet: readonly Example[];
}

export class TrainController {
  private run: Run | null = null;
  private running = false;
  /** a scheduled slice is pending (so that play twice does not run two loops) */
  private ticking = false;
  private points: StepPoint[] = [];
  private validations: ValidationPoint[] = [];
  private snapshots: AttentionSnapshot[] = [];
  /** wall time of the running periods before the current one, and when the current began */
  private elapsedBefore = 0;
  private runningSince = 0;
  private lastProgress = { at: 0, step: 0 };
  private readonly sliceMs: number;
  private readonly progressMs: number;

  constructor(private readonly host: ControllerHost, private readonly config: ControllerConfig) {
    this.sliceMs = config.sliceMs ?? 50;
    this.progressMs = config.progressMs ?? 250;
  }

  /** Whether training is running (for tests and the worker shell). */
  get isRunning(): boolean {
    return this.running;
  }

  /** The current step (0 before init). */
  get step(): number {
    return this.run?.trainer.step ?? 0;
  }

  handle(message: unknown): void {
    if (!isTrainRequest(message)) {
      const type = typeof message === 'object' && message !== null ? String((message as { type?: unknown }).type) : typeof message;
      this.post({ type: 'error', request: 'unknown', message: `unknown request “${type}”` });
      return;
    }
    try {
      this.dispatch(message);
    } catch (e) {
      this.fail(message.type, e);
    }
  }

  private dispatch(m: TrainRequest): void {
    switch (m.type) {
      case 'init':
        this.stop(null);
        this.start(m.options, m.arch ?? 'transformer', 'init');
        return;
      case 'play': {
        const r = this.need(m.type);
        if (this.running) return;
        if (r.trainer.step >= r.options.maxSteps) throw new Error(`training reached its last step (${r.options.maxSteps}); reset or raise maxSteps`);
        this.running = true;
        this.runningSince = this.host.now();
        this.lastProgress = { at: this.runningSince, step: r.trainer.step };
        this.post({ type: 'state', running: true, step: r.trainer.step, reason: 'play' });
        this.schedule();
        return;
      }
      case 'pause':
        this.need(m.type);
        this.stop('pause');
        return;
      case 'step': {
        const r = this.need(m.type);
        if (this.running) throw new Error('training is running; pause before stepping');
        const count = m.count ?? 1;
        if (!Number.isInteger(count) || count < 1 || count > MAX_STEP_COUNT) throw new Error(`count must be a whole number in 1..${MAX_STEP_COUNT}, got ${String(count)}`);
        const t0 = this.host.now();
        this.lastProgress = { at: t0, step: r.trainer.step };
        for (let i = 0; i < count && r.trainer.step < r.options.maxSteps; i++) this.oneStep(r);
        this.elapsedBefore += this.host.now() - t0;
        this.progress();
        this.post({ type: 'state', running: false, step: r.trainer.step, reason: 'step' });
        return;
      }
      case 'reset': {
        const r = this.need(m.type);
        this.stop(null);
        this.start(r.options, r.arch, 'reset');
        return;
      }
      case 'setOptions': {
        const r = this.need(m.type);
        const next: LabOptions = { ...r.options, ...m.options };
        const problems = checkLabOptions(next);
        if (problems.length > 0) throw new Error(problems.join('; '));
        if (STRUCTURAL_OPTIONS.some((k) => next[k] !== r.options[k])) {
          this.stop(null);
          this.start(next, r.arch, 'options');
          return;
        }
        r.options = next;
        r.lab.applyOptions(r.trainer, labTrainOptions(next));
        if (m.options.example !== undefined) r.example = fixedExample(r.task, r.validSet, next.example);
        // what the page shows changes at once: a fresh snapshot and anatomy
        if (m.options.example !== undefined || m.options.view !== undefined) this.takeSnapshot(r);
        if (!this.running) this.progress();
        return;
      }
      case 'requestModel': {
        const r = this.need(m.type);
        const metrics = { valid: r.trainer.evaluate(r.validSet), test: r.trainer.evaluate(r.trainer.test) };
        const files = r.lab.bundle(r.trainer, r.task, r.options, metrics);
        // a buffer of its own, exactly the file's bytes: safe to transfer
        const safetensors = files.safetensors.slice().buffer;
        this.post({ type: 'model', name: files.name, json: files.json, safetensors }, [safetensors]);
        return;
      }
    }
  }

  private need(request: TrainRequestType): Run {
    if (!this.run) throw new Error(`“${request}” before “init”: there is no model yet`);
    return this.run;
  }

  /** Builds the model and trainer for `options` and reports it, paused at step 0 with a first progress. */
  private start(options: LabOptions, arch: string, cause: 'init' | 'reset' | 'options'): void {
    const lab = this.config.archs[arch];
    if (!lab) throw new Error(`unknown architecture “${arch}”; known: ${Object.keys(this.config.archs).join(', ')}`);
    const problems = checkLabOptions(options);
    if (problems.length > 0) throw new Error(problems.join('; '));
    this.run = null;
    const task = labTask(options);
    const trainer = lab.create(task, labTrainOptions(options));
    const validSet = trainer.valid;
    const run: Run = { arch, lab, options, task, trainer, example: fixedExample(task, validSet, options.example), validSet };
    this.run = run;
    this.points = [];
    this.validations = [];
    this.snapshots = [];
    this.elapsedBefore = 0;
    this.lastProgress = { at: this.host.now(), step: 0 };
    this.post({ type: 'ready', arch, options, task: task.name, parameters: lab.parameters(trainer), example: run.example, cause });
    // the starting point of every chart: validation and snapshot of the untrained model
    this.validate(run);
    this.takeSnapshot(run);
    this.progress();
  }

  /** Stops running; with a reason, reports the state and the progress not yet sent. */
  private stop(reason: StateReason | null): void {
    const was = this.running;
    if (was) this.elapsedBefore += this.host.now() - this.runningSince;
    this.running = false;
    if (reason && this.run) {
      if (was || this.points.length > 0) this.progress();
      this.post({ type: 'state', running: false, step: this.run.trainer.step, reason });
    }
  }

  private schedule(): void {
    if (this.ticking) return;
    this.ticking = true;
    this.host.defer(() => {
      this.ticking = false;
      this.tick();
    });
  }

  /** One slice of training while running. */
  private tick(): void {
    const r = this.run;
    if (!this.running || !r) return;
    try {
      const end = this.host.now() + this.sliceMs;
      do {
        this.oneStep(r);
      } while (this.running && r.trainer.step < r.options.maxSteps && this.host.now() < end);
    } catch (e) {
      this.fail('play', e);
      return;
    }
    if (r.trainer.step >= r.options.maxSteps) {
      this.stop('done');
      return;
    }
    if (this.host.now() - this.lastProgress.at >= this.progressMs) this.progress();
    this.schedule();
  }

  private oneStep(r: Run): void {
    const s = r.trainer.trainStep();
    const point: StepPoint = { step: s.step, loss: s.loss, tokenAccuracy: s.tokenAccuracy, samplingProb: s.samplingProb, lr: s.lr };
    if (s.guidedLoss !== undefined) point.guidedLoss = s.guidedLoss;
    this.points.push(point);
    if (s.step % r.options.validEvery === 0) this.validate(r);
    if (s.step % r.options.snapshotEvery === 0) this.takeSnapshot(r);
  }

  private validate(r: Run): void {
    if (!r.lab.validate) return;
    const v = r.lab.validate(r.trainer, r.task, r.validSet);
    this.validations.push({ step: r.trainer.step, elapsedMs: this.elapsed(), teacherForced: v.teacherForced, freeRunning: v.freeRunning });
  }

  private takeSnapshot(r: Run): void {
    if (!r.lab.snapshot) return;
    this.snapshots.push(r.lab.snapshot(r.trainer, r.task, r.example, r.options.view));
  }

  private anatomy(r: Run): AnatomyPair | null {
    if (!r.lab.anatomy) return null;
    const o = r.options;
    return {
      teacherForcing: r.lab.anatomy(r.trainer, r.task, r.example, { labelSmoothing: o.labelSmoothing, sampling: null }),
      scheduledSampling: r.lab.anatomy(r.trainer, r.task, r.example, {
        labelSmoothing: o.labelSmoothing, sampling: { probability: o.anatomySampling, seed: o.seed },
      }),
    };
  }

  /** Posts what happened since the last progress message. */
  private progress(): void {
    const r = this.run;
    if (!r) return;
    const now = this.host.now();
    const step = r.trainer.step;
    const window = now - this.lastProgress.at;
    const stepsPerSecond = window > 0 ? ((step - this.lastProgress.step) * 1000) / window : 0;
    this.lastProgress = { at: now, step };
    const elapsedMs = this.elapsed(now);
    const event: TrainEvent = {
      type: 'progress', step, running: this.running, elapsedMs, stepsPerSecond,
      points: this.points, validations: this.validations, snapshots: this.snapshots, anatomy: this.anatomy(r),
    };
    this.points = [];
    this.validations = [];
    this.snapshots = [];
    this.post(event);
  }

  /** Wall time spent running so far, ms. */
  private elapsed(now = this.host.now()): number {
    return this.elapsedBefore + (this.running ? now - this.runningSince : 0);
  }

  private fail(request: TrainRequestType, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    const was = this.running;
    this.stop(null);
    this.post({ type: 'error', request, message });
    if (was && this.run) this.post({ type: 'state', running: false, step: this.run.trainer.step, reason: 'error' });
  }

  private post(event: TrainEvent, transfer?: ArrayBuffer[]): void {
    this.host.post(event, transfer);
  }
}
