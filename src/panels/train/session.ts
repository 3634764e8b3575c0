/**
 * The training lab's session: the page's side of the training worker and everything it
 * has reported since the model was (re)built — every step's loss, the validations, the
 * attention snapshots, the latest step anatomy, the speed. React-free: components read it
 * with `useTrainSession()` (useSyncExternalStore); each event makes a new immutable state.
 *
 * One session per page load, kept while the reader visits other pages (training pauses
 * when the lab is left, see TrainLab), so that coming back finds the run where it was.
 * Tests replace the worker with `setTrainWorkerFactory`.
 */
import { useSyncExternalStore } from 'react';
import type { AttentionSnapshot, LabOptions } from '../../labs/train';
import type { Example } from '../../tasks';
import { startTrainWorker, type TrainWorker } from '../../workers/train_client';
import type { AnatomyPair, StateReason, StepPoint, TrainEvent, TrainRequestType, ValidationPoint } from '../../workers/train_protocol';

/** What the worker said about the model it trains (its `ready`). */
export interface RunInfo {
  arch: string;
  options: LabOptions;
  task: string;
  parameters: number;
  example: Example;
}

export interface SpeedPoint {
  step: number;
  elapsedMs: number;
  stepsPerSecond: number;
}

export interface TrainModelFiles {
  name: string;
  json: string;
  safetensors: ArrayBuffer;
  /** the step the model was taken at */
  step: number;
}

export interface TrainState {
  /** null until the worker has built a model */
  run: RunInfo | null;
  step: number;
  running: boolean;
  /** why training last stopped or started */
  reason: StateReason | null;
  /** wall time spent training, ms */
  elapsedMs: number;
  points: StepPoint[];
  validations: ValidationPoint[];
  snapshots: AttentionSnapshot[];
  speed: SpeedPoint[];
  anatomy: AnatomyPair | null;
  /** the last request the worker refused, and why (its English message) */
  error: { request: TrainRequestType | 'unknown'; message: string } | null;
  /** a model is being fetched from the worker */
  fetchingModel: boolean;
  /** the worker has reported progress of this model (so what it leaves out, it does not have) */
  reported: boolean;
}

const EMPTY: TrainState = {
  run: null, step: 0, running: false, reason: null, elapsedMs: 0, points: [], validations: [], snapshots: [], speed: [],
  anatomy: null, error: null, fetchingModel: false, reported: false,
};

/** Options whose change the worker applies without starting afresh are sent as a patch; the others restart it (it says `ready`). */
function changedOptions(before: LabOptions, after: LabOptions): Partial<LabOptions> {
  const out: Partial<LabOptions> = {};
  for (const k of Object.keys(after) as (keyof LabOptions)[]) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) (out as Record<string, unknown>)[k] = after[k];
  }
  return out;
}

export class TrainSession {
  private state: TrainState = EMPTY;
  private readonly listeners = new Set<() => void>();
  private worker: TrainWorker | null = null;
  private unsubscribe: (() => void) | null = null;
  /** the options and architecture last sent (what the worker trains, or will once it has read them) */
  private sent: { arch: string; options: LabOptions } | null = null;
  private waitingModel: { resolve: (m: TrainModelFiles) => void; reject: (e: Error) => void }[] = [];
  private lastModel: TrainModelFiles | null = null;

  constructor(private readonly factory: () => TrainWorker) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): TrainState => this.state;

  /** The architecture and options the page asks for: builds the model, or changes what differs. */
  configure(arch: string, options: LabOptions): void {
    const w = this.ensureWorker();
    if (!this.sent || this.sent.arch !== arch) {
      this.sent = { arch, options };
      this.lastModel = null;
      w.send({ type: 'init', options, arch });
      return;
    }
    const patch = changedOptions(this.sent.options, options);
    if (Object.keys(patch).length === 0) return;
    this.sent = { arch, options };
    w.send({ type: 'setOptions', options: patch });
  }

  play(): void {
    this.worker?.send({ type: 'play' });
  }

  pause(): void {
    this.worker?.send({ type: 'pause' });
  }

  step(count = 1): void {
    this.worker?.send({ type: 'step', count });
  }

  reset(): void {
    this.worker?.send({ type: 'reset' });
  }

  /** The model's two files at the current step (asked of the worker, or the last ones when nothing has trained since). */
  requestModel(): Promise<TrainModelFiles> {
    const w = this.worker;
    if (!w || !this.state.run) return Promise.reject(new Error('there is no model yet'));
    if (this.lastModel && this.lastModel.step === this.state.step && !this.state.running) return Promise.resolve(this.lastModel);
    return new Promise((resolve, reject) => {
      this.waitingModel.push({ resolve, reject });
      if (this.waitingModel.length === 1) {
        this.set({ fetchingModel: true });
        w.send({ type: 'requestModel' });
      }
    });
  }

  /** Stops the worker for good (tests; the page keeps its session). */
  dispose(): void {
    this.unsubscribe?.();
    this.worker?.terminate();
    this.worker = null;
    this.sent = null;
    for (const w of this.waitingModel) w.reject(new Error('the training session ended'));
    this.waitingModel = [];
    this.state = EMPTY;
  }

  private ensureWorker(): TrainWorker {
    if (!this.worker) {
      this.worker = this.factory();
      this.unsubscribe = this.worker.subscribe((e) => this.onEvent(e));
    }
    return this.worker;
  }

  private set(patch: Partial<TrainState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private onEvent(e: TrainEvent): void {
    switch (e.type) {
      case 'ready':
        this.lastModel = null;
        this.set({
          ...EMPTY,
          run: { arch: e.arch, options: e.options, task: e.task, parameters: e.parameters, example: e.example },
          fetchingModel: this.state.fetchingModel,
        });
        return;
      case 'state':
        this.set({ running: e.running, step: e.step, reason: e.reason, ...(e.running ? { error: null } : {}) });
        return;
      case 'progress': {
        const s = this.state;
        const speed = e.running && e.stepsPerSecond > 0 ? [...s.speed, { step: e.step, elapsedMs: e.elapsedMs, stepsPerSecond: e.stepsPerSecond }] : s.speed;
        this.set({
          reported: true,
          step: e.step,
          running: e.running,
          elapsedMs: e.elapsedMs,
          points: e.points.length > 0 ? s.points.concat(e.points) : s.points,
          validations: e.validations.length > 0 ? s.validations.concat(e.validations) : s.validations,
          snapshots: e.snapshots.length > 0 ? s.snapshots.concat(e.snapshots) : s.snapshots,
          speed,
          anatomy: e.anatomy ?? s.anatomy,
        });
        return;
      }
      case 'model': {
        const m: TrainModelFiles = { name: e.name, json: e.json, safetensors: e.safetensors, step: this.state.step };
        this.lastModel = m;
        const waiting = this.waitingModel;
        this.waitingModel = [];
        this.set({ fetchingModel: false });
        for (const w of waiting) w.resolve(m);
        return;
      }
      case 'error':
        if (e.request === 'requestModel') {
          const waiting = this.waitingModel;
          this.waitingModel = [];
          for (const w of waiting) w.reject(new Error(e.message));
          this.set({ fetchingModel: false, error: { request: e.request, message: e.message } });
          return;
        }
        this.set({ error: { request: e.request, message: e.message } });
        return;
    }
  }
}

let factory: () => TrainWorker = startTrainWorker;
let session: TrainSession | null = null;

/** The page's session (made on first use). */
export function trainSession(): TrainSession {
  session ??= new TrainSession(() => factory());
  return session;
}

/** Replaces the worker the session starts (tests), ending the current session. */
export function setTrainWorkerFactory(f: () => TrainWorker): void {
  session?.dispose();
  session = null;
  factory = f;
}

/** The session's state, re-rendering on every event. */
export function useTrainSession(): TrainState {
  const s = trainSession();
  return useSyncExternalStore(s.subscribe, s.getState, s.getState);
}
