/**
 * What every part of the RNN lab is given, and small helpers they share.
 */
import type { RnnWalk } from '../../labs/rnn';
import type { RnnModelBundle } from '../../io/rnn_bundle';
import type { ModelBundle } from '../../io/bundle';
import type { Task } from '../../tasks';
import type { LabModelState, PageArch } from './useRnnModels';

export interface RnnCtx {
  /** the input the models run on (the example when the field is untouched) */
  source: string;
  presenting: boolean;
  task: Task;
  /** the walks of the two RNNs on the input (null: not loaded, or the input cannot run) */
  fixed: RnnWalk | null;
  attention: RnnWalk | null;
  fixedBundle: RnnModelBundle | null;
  attentionBundle: RnnModelBundle | null;
  transformer: ModelBundle | null;
  models: Record<PageArch, LabModelState>;
}

/** A number with `digits` decimals and a real minus sign. */
export function num(v: number, digits = 2): string {
  return v.toFixed(digits).replace('-', '−');
}

/** A share as a whole percentage (`93%`), or with one decimal below 10% (`0.4%`). */
export function pct(v: number): string {
  const p = v * 100;
  return `${p > 0 && p < 10 ? p.toFixed(1) : Math.round(p)}%`;
}

/** The state colour scale of a GRU: every state lies in (−1, 1). */
export const STATE_DOMAIN = { min: -1, max: 1 };

/** The series colours of the three models (also in the legend). */
export const ARCH_COLORS: Record<PageArch, string> = {
  'rnn-fixed': '#c2410c',
  'rnn-attention': '#1d4ed8',
  transformer: '#15803d',
};

export const ARCH_DASH: Record<PageArch, string | undefined> = {
  'rnn-fixed': undefined,
  'rnn-attention': '8 4',
  transformer: '2 3',
};
