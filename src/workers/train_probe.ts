/**
 * The page script of `bench/train-worker.html`: starts the training worker of the built
 * site and runs it with given options until the free-running validation exact match reaches
 * a target, for the browser benchmark (`npm run bench:train -- --browser`) and the browser
 * test of the worker. It records the main thread's long tasks meanwhile. Not part of the app.
 */
import type { LabOptions } from '../labs/train';
import { startTrainWorker } from './train_client';
import type { TrainEvent, ValidationPoint } from './train_protocol';

export interface ProbeOptions {
  /** free-running exact match to reach (0–1); stop there when `stopAtTarget` */
  target: number;
  /** give up after this much training time, ms */
  limitMs: number;
  stopAtTarget: boolean;
}

export interface ProbeResult {
  reached: boolean;
  /** training time and step when the target was first reached */
  reachedMs: number | null;
  reachedStep: number | null;
  step: number;
  elapsedMs: number;
  /** steps / training seconds over the whole run */
  stepsPerSecond: number;
  firstLoss: number | null;
  lastLoss: number | null;
  validations: { step: number; elapsedMs: number; teacherForced: number; freeRunning: number }[];
  snapshots: number;
  progressMessages: number;
  anatomies: number;
  /** durations of the main thread's tasks over 50 ms while training */
  longTasks: number[];
  /** when each of them started, ms after the run began */
  longTaskStarts: number[];
  errors: string[];
}

function runProbe(options: LabOptions, p: ProbeOptions): Promise<ProbeResult> {
  const status = document.getElementById('status');
  const longTasks: number[] = [], longTaskStarts: number[] = [];
  const t0 = performance.now();
  let observer: PerformanceObserver | null = null;
  if (PerformanceObserver.supportedEntryTypes?.includes('longtask')) {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        longTasks.push(e.duration);
        longTaskStarts.push(e.startTime - t0);
      }
    });
    observer.observe({ type: 'longtask' });
  }
  const worker = startTrainWorker();
  const r: ProbeResult = {
    reached: false, reachedMs: null, reachedStep: null, step: 0, elapsedMs: 0, stepsPerSecond: 0, firstLoss: null, lastLoss: null,
    validations: [], snapshots: 0, progressMessages: 0, anatomies: 0, longTasks, longTaskStarts, errors: [],
  };
  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      worker.terminate();
      observer?.disconnect();
      r.stepsPerSecond = r.elapsedMs > 0 ? (r.step * 1000) / r.elapsedMs : 0;
      resolve(r);
    };
    const onValidation = (v: ValidationPoint) => {
      r.validations.push({ step: v.step, elapsedMs: v.elapsedMs, teacherForced: v.teacherForced.exactMatch, freeRunning: v.freeRunning.exactMatch });
      if (!r.reached && v.freeRunning.exactMatch >= p.target) {
        r.reached = true;
        r.reachedMs = v.elapsedMs;
        r.reachedStep = v.step;
        if (p.stopAtTarget) worker.send({ type: 'pause' });
      }
    };
    worker.subscribe((e: TrainEvent) => {
      switch (e.type) {
        case 'ready':
          worker.send({ type: 'play' });
          return;
        case 'progress':
          r.progressMessages++;
          r.step = e.step;
          r.elapsedMs = e.elapsedMs;
          for (const q of e.points) {
            r.firstLoss ??= q.loss;
            r.lastLoss = q.loss;
          }
          r.snapshots += e.snapshots.length;
          if (e.anatomy) r.anatomies++;
          e.validations.forEach(onValidation);
          if (status) status.textContent = `step ${e.step}, loss ${r.lastLoss?.toFixed(3) ?? '–'}`;
          if (e.elapsedMs >= p.limitMs && e.running) worker.send({ type: 'pause' });
          return;
        case 'state':
          if (!e.running && e.reason !== 'play') finish();
          return;
        case 'error':
          r.errors.push(`${e.request}: ${e.message}`);
          finish();
          return;
        case 'model':
          return;
      }
    });
    worker.send({ type: 'init', options });
  });
}

declare global {
  interface Window {
    trainProbe: { run: typeof runProbe };
  }
}

window.trainProbe = { run: runProbe };
document.getElementById('status')!.textContent = 'ready';
