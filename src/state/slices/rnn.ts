/**
 * State of the RNN lab (`#view=rnn`, "From RNN to attention"): the input the three models
 * run on, which part of the page is open, the measure of the accuracy-vs-length chart,
 * which RNN the step-through walks and where it is. Everything round-trips through the
 * URL hash; keys start with `r` (rsrc, rpart, rmetric, rarch, rstep) so that they never
 * meet another page's. A malformed value in a link falls back to its default and the app
 * shows its usual notice. Steps are counted from 1 in the hash, as everywhere.
 *
 * Plain data only: the page's code (models, walks) stays out of the first bundle.
 */
import type { StateCreator } from 'zustand';
import type { HashField } from '../fields';

export const RNN_PARTS = ['context', 'align', 'length', 'step'] as const;
export type RnnPart = (typeof RNN_PARTS)[number];

/** The measure of the accuracy-vs-length chart (as src/labs/rnn_view.ts LENGTH_METRICS). */
export const RNN_METRICS = ['exact', 'token'] as const;
export type RnnMetric = (typeof RNN_METRICS)[number];

/** The RNN the step-through walks. */
export const RNN_WALK_ARCHS = ['rnn-fixed', 'rnn-attention'] as const;
export type RnnWalkArch = (typeof RNN_WALK_ARCHS)[number];

/** The longest source a link may carry (the page checks the models' own limit and says so). */
export const MAX_RNN_SOURCE = 64;
/** The most stops a link may name (the page clamps to the walk it has). */
export const MAX_RNN_STEP = 64;

export interface RnnSlice {
  /** the input; '' = the page's example */
  rnnSource: string;
  rnnPart: RnnPart;
  rnnMetric: RnnMetric;
  rnnArch: RnnWalkArch;
  /** the step-through's stop, from 0 */
  rnnStep: number;
  setRnnSource: (source: string) => void;
  setRnnPart: (part: RnnPart) => void;
  setRnnMetric: (metric: RnnMetric) => void;
  setRnnArch: (arch: RnnWalkArch) => void;
  setRnnStep: (step: number) => void;
}

export const RNN_DEFAULTS = {
  rnnSource: '',
  rnnPart: 'context' as RnnPart,
  rnnMetric: 'exact' as RnnMetric,
  rnnArch: 'rnn-fixed' as RnnWalkArch,
  rnnStep: 0,
};

export const createRnnSlice: StateCreator<RnnSlice> = (set) => ({
  ...RNN_DEFAULTS,
  setRnnSource: (rnnSource) => set({ rnnSource: rnnSource.slice(0, MAX_RNN_SOURCE), rnnStep: 0 }),
  setRnnPart: (rnnPart) => set({ rnnPart }),
  setRnnMetric: (rnnMetric) => set({ rnnMetric }),
  setRnnArch: (rnnArch) => set({ rnnArch, rnnStep: 0 }),
  setRnnStep: (rnnStep) => set({ rnnStep: Math.max(0, Math.min(MAX_RNN_STEP - 1, Math.round(rnnStep))) }),
});

function enumField<F extends 'rnnPart' | 'rnnMetric' | 'rnnArch'>(key: string, field: F, list: readonly string[]): HashField<RnnSlice> {
  return {
    key,
    write: (s) => (s[field] === RNN_DEFAULTS[field] ? null : s[field]),
    read: (raw) => (list.includes(raw) ? ({ [field]: raw } as Partial<RnnSlice>) : null),
    defaults: { [field]: RNN_DEFAULTS[field] } as Partial<RnnSlice>,
  };
}

export const rnnHashFields: HashField<RnnSlice>[] = [
  {
    key: 'rsrc',
    write: (s) => (s.rnnSource === '' ? null : s.rnnSource),
    read: (raw) => ([...raw].length <= MAX_RNN_SOURCE && raw !== '' && !raw.includes('\uFFFD') ? { rnnSource: raw } : null),
    defaults: { rnnSource: '' },
  },
  enumField('rpart', 'rnnPart', RNN_PARTS),
  enumField('rmetric', 'rnnMetric', RNN_METRICS),
  enumField('rarch', 'rnnArch', RNN_WALK_ARCHS),
  {
    key: 'rstep',
    write: (s) => (s.rnnStep === 0 ? null : String(s.rnnStep + 1)),
    read: (raw) => {
      if (!/^\d{1,3}$/.test(raw)) return null;
      const v = Number(raw);
      return v >= 1 && v <= MAX_RNN_STEP ? { rnnStep: v - 1 } : null;
    },
    defaults: { rnnStep: 0 },
  },
];
