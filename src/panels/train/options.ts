/**
 * The training lab's settings (the store's train slice) → the options the worker trains
 * with, and small words the page computes from them. Pure (no React).
 */
import { SIZES, TASK_PRESETS, labGuided, labOptions, type LabOptions } from '../../labs/train';
import { noamRate } from '../../train';
import type { TrainSettings } from '../../state/slices/train';

/** The worker's options for the page's settings (the task's preset under them). */
export function optionsOf(s: TrainSettings, anatomySampling: number): LabOptions {
  return labOptions(s.trainTask, {
    maxInputLen: s.trainLen,
    size: s.trainSize,
    lrFactor: s.trainLr,
    batchSize: s.trainBatch,
    mode: s.trainMode,
    schedule: s.trainSchedule,
    guided: s.trainGuided ? labGuided(s.trainTask) : null,
    anatomySampling,
  });
}

/** The largest learning rate of the Noam schedule for these settings, and the step it is reached at (the end of warm-up). */
export function peakRate(s: Pick<TrainSettings, 'trainTask' | 'trainSize' | 'trainLr'>, width?: number): { rate: number; step: number } {
  const warmup = TASK_PRESETS[s.trainTask].warmup;
  // the schedule's width: d_model of the Transformer, H of an RNN
  const dModel = width ?? SIZES[s.trainSize].dModel;
  return { rate: noamRate(warmup, dModel, warmup, s.trainLr), step: warmup };
}

/** A number with a fixed number of decimals and a real minus sign. */
export function fixed(v: number, digits: number): string {
  return v.toFixed(digits).replace('-', '−');
}

/** A share as a percentage with one decimal (`95.5%`). */
export function percent(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}

/** A token as the figures show it: the specials by name, a space as ␣. */
export function showToken(t: string): string {
  return t === '<bos>' ? 'BOS' : t === '<eos>' ? 'EOS' : t === '<pad>' ? 'PAD' : t === ' ' ? '␣' : t;
}

/** Seconds as `42 s` or `2 min 05 s`. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
