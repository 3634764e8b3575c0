/**
 * Schedules.
 *
 * noamRate: the learning rate of "Attention Is All You Need" (eq. 3), with a scale factor:
 *   lr(step) = factor · d_model^-0.5 · min(step^-0.5, step · warmup^-1.5)
 * It grows linearly for `warmup` steps, then decays as 1/√step.
 *
 * Scheduled sampling (Bengio et al. 2015): the probability of feeding the model its own
 * previous prediction instead of the ground truth grows over training. Each schedule gives
 * the teacher-forcing probability ε(i) at step i, falling from 1; the sampling probability
 * is 1 − ε(i), capped by `maxSampling`.
 */
export function noamRate(step: number, dModel: number, warmup: number, factor = 1): number {
  const s = Math.max(1, step);
  return factor * Math.pow(dModel, -0.5) * Math.min(Math.pow(s, -0.5), s * Math.pow(warmup, -1.5));
}

export type SamplingSchedule = 'linear' | 'exponential' | 'inverse-sigmoid';

export interface SamplingOptions {
  schedule: SamplingSchedule;
  /** total steps of training (linear reaches its floor at the end) */
  totalSteps: number;
  /** linear: ε falls from 1 to 1 − maxSampling; exponential: ε = k^i; inverse sigmoid: ε = k / (k + exp(i / k)) */
  k?: number;
  /** the largest sampling probability (default 0.25) */
  maxSampling?: number;
}

export const SAMPLING_SCHEDULES: readonly SamplingSchedule[] = ['linear', 'exponential', 'inverse-sigmoid'];

/** The probability of feeding the model's own prediction at step `step` (0 at the start). */
export function samplingProbability(step: number, o: SamplingOptions): number {
  const cap = o.maxSampling ?? 0.25;
  const T = Math.max(1, o.totalSteps);
  let teacher: number;
  switch (o.schedule) {
    case 'linear':
      teacher = 1 - (cap * Math.min(step, T)) / T;
      break;
    case 'exponential': {
      // k chosen so that ε reaches 1 − cap at the end of training unless given
      const k = o.k ?? Math.pow(1 - cap, 1 / T);
      teacher = Math.pow(k, step);
      break;
    }
    case 'inverse-sigmoid': {
      const k = o.k ?? T / 10;
      teacher = k / (k + Math.exp(step / k));
      break;
    }
    default: {
      const never: never = o.schedule;
      throw new Error(`unknown sampling schedule ${String(never)}`);
    }
  }
  return Math.min(cap, Math.max(0, 1 - teacher));
}
