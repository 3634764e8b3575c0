/**
 * The training lab's presets as plain data (tasks, model sizes, each task's schedule), in a
 * module of their own without code, so that the page's state can name them without
 * bringing the trainer into the page's first bundle. Re-exported by `./train`.
 */
import type { AlignmentPrior, ArchOptions } from '../train';

export const LAB_TASKS = ['reverse', 'sort'] as const;
export type LabTaskName = (typeof LAB_TASKS)[number];

export const SIZE_PRESETS = ['tiny', 'small'] as const;
export type SizePreset = (typeof SIZE_PRESETS)[number];

/** The model of each size: post-LN, relu, as the shipped models. */
export const SIZES: Readonly<Record<SizePreset, ArchOptions>> = Object.freeze({
  tiny: { dModel: 32, nHead: 4, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 64, normFirst: false, activation: 'relu' },
  small: { dModel: 32, nHead: 4, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 64, normFirst: false, activation: 'relu' },
});

export type TrainingMode = 'teacher-forcing' | 'scheduled-sampling';

/** Per task: the input length and the schedule that learns within a minute. */
export interface TaskPreset {
  maxInputLen: number;
  size: SizePreset;
  batchSize: number;
  lrFactor: number;
  warmup: number;
  labelSmoothing: number;
  maxSteps: number;
  prior: AlignmentPrior;
}

export const TASK_PRESETS: Readonly<Record<LabTaskName, TaskPreset>> = Object.freeze({
  reverse: { maxInputLen: 6, size: 'tiny', batchSize: 32, lrFactor: 1, warmup: 100, labelSmoothing: 0.05, maxSteps: 3000, prior: 'anti-diagonal' },
  sort: { maxInputLen: 6, size: 'tiny', batchSize: 32, lrFactor: 1, warmup: 100, labelSmoothing: 0.05, maxSteps: 3000, prior: 'diagonal' },
});

