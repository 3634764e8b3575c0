/**
 * The messages between the page and the training worker.
 *
 * page → worker (`TrainRequest`):
 *   init        build a model and a trainer for these options (paused at step 0)
 *   play        train until `pause` (or `options.maxSteps`)
 *   pause       stop after the current slice of steps
 *   step        while paused: `count` steps (default 1), then a progress message
 *   reset       back to step 0 with the same options (same seed: the same run again)
 *   setOptions  change options; those that shape the model or its data (task, input
 *               length, size, seed, validation size) start afresh, paused; the others
 *               (learning rate, batch, mode, guided attention, label smoothing, what the
 *               snapshots record, the fixed example …) apply from the next step
 *   requestModel  the trained model's files, as a `model` message
 *
 * worker → page (`TrainEvent`):
 *   ready       after init, reset and a fresh start: the options, the fixed example, the size
 *   state       running or not, and why (play, pause, step, done, error)
 *   progress    a few times a second while running, after `step` and `pause`: every step's
 *               loss since the last progress, the validations and attention snapshots taken
 *               since, the step anatomy of the fixed example (both ways), steps per second
 *   model       the .json text and the .safetensors bytes (an ArrayBuffer of its own, transferred)
 *   error       a request that could not be carried out, and why
 *
 * Every typed array in a message has a buffer of its own (tensors carved from a shared slab
 * are copied, never transferred).
 */
import type { AttentionSnapshot, LabOptions, StepAnatomy } from '../labs/train';
import type { Example } from '../tasks';
import type { FreeRunningResult, TeacherForcedResult } from '../train';

export type TrainRequest =
  | { type: 'init'; options: LabOptions; /** a key of the worker's architectures (default 'transformer') */ arch?: string }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step'; count?: number }
  | { type: 'reset' }
  | { type: 'setOptions'; options: Partial<LabOptions> }
  | { type: 'requestModel' };

export type TrainRequestType = TrainRequest['type'];

export const TRAIN_REQUEST_TYPES: readonly TrainRequestType[] = ['init', 'play', 'pause', 'step', 'reset', 'setOptions', 'requestModel'];

/** One training step, as the loss chart plots it. */
export interface StepPoint {
  step: number;
  /** the cross-entropy of the batch (label-smoothed when smoothing is on) */
  loss: number;
  /** share of the batch's target tokens right under the decoder input it was fed */
  tokenAccuracy: number;
  /** the scheduled-sampling probability of this step (0 under teacher forcing) */
  samplingProb: number;
  lr: number;
  /** the guided-attention term (before its weight), when that is on */
  guidedLoss?: number;
}

/** Validation both ways at a step: the exposure-bias gap is teacherForced − freeRunning. */
export interface ValidationPoint {
  step: number;
  /** wall time spent running when it was computed, ms (as `progress.elapsedMs`) */
  elapsedMs: number;
  teacherForced: TeacherForcedResult;
  freeRunning: FreeRunningResult;
}

export interface AnatomyPair {
  /** decoder input <bos> + the truth */
  teacherForcing: StepAnatomy;
  /** some decoder inputs replaced by the model's own predictions (probability `options.anatomySampling`) */
  scheduledSampling: StepAnatomy;
}

export type StateReason = 'play' | 'pause' | 'step' | 'done' | 'error';

export type TrainEvent =
  | {
      type: 'ready';
      arch: string;
      options: LabOptions;
      /** the task's name and the input length it is limited to */
      task: string;
      parameters: number;
      /** the fixed example the snapshots and the anatomy show */
      example: Example;
      /** why the model is (re)built */
      cause: 'init' | 'reset' | 'options';
    }
  | { type: 'state'; running: boolean; step: number; reason: StateReason }
  | {
      type: 'progress';
      step: number;
      running: boolean;
      /** wall time spent running (paused time not counted), ms */
      elapsedMs: number;
      /** steps per second since the previous progress message (wall time, validation included) */
      stepsPerSecond: number;
      points: StepPoint[];
      validations: ValidationPoint[];
      snapshots: AttentionSnapshot[];
      /** null for an architecture without one */
      anatomy: AnatomyPair | null;
    }
  | { type: 'model'; name: string; json: string; safetensors: ArrayBuffer }
  | { type: 'error'; request: TrainRequestType | 'unknown'; message: string };

/** Whether a value received from the page is a request (its type known); the fields are checked by the controller. */
export function isTrainRequest(v: unknown): v is TrainRequest {
  return typeof v === 'object' && v !== null && TRAIN_REQUEST_TYPES.includes((v as { type: TrainRequestType }).type);
}
