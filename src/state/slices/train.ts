/**
 * State of the training lab (`#view=train`): what the reader chose — architecture, task,
 * longest input, model size, learning rate, batch size, training mode and schedule, guided
 * attention — and what the page shows (which part; the step anatomy with teacher forcing
 * or scheduled sampling). Everything round-trips through the URL hash; keys start with `t`
 * so that they never meet another page's. A value out of range or malformed in a link falls
 * back to its default and the app shows its usual notice.
 *
 * The defaults are the lab's preset (src/labs/train.ts `TASK_PRESETS`): the options the
 * page sends to the training worker are `labOptions(task, overrides)` with these fields.
 * Training itself (the model, its progress) is not state of the store: it lives in the
 * worker and in the page's session (src/panels/train/session.ts).
 */
import type { StateCreator } from 'zustand';
import { LAB_TASKS, SIZE_PRESETS, TASK_PRESETS, type LabTaskName, type SizePreset, type TrainingMode } from '../../labs/train_presets';
import { SAMPLING_SCHEDULES, type SamplingSchedule } from '../../train/schedule';
import type { HashField } from '../fields';

export const TRAIN_PARTS = ['progress', 'attention', 'step'] as const;
export type TrainPart = (typeof TRAIN_PARTS)[number];

/** The anatomy of one step shown with teacher forcing or with scheduled sampling. */
export const ANATOMY_VIEWS = ['teacher-forcing', 'scheduled-sampling'] as const;
export type AnatomyView = (typeof ANATOMY_VIEWS)[number];

export const TRAINING_MODES: readonly TrainingMode[] = ['teacher-forcing', 'scheduled-sampling'];

/** The choices of the sliders (also what a link may ask for). */
export const LR_FACTORS = [0.1, 0.25, 0.5, 1, 2, 4] as const;
export const BATCH_SIZES = [8, 16, 32, 64, 128] as const;
/** longest input the lab offers (the tour's tasks take up to 12 characters) */
export const INPUT_LENGTHS = { min: 2, max: 12 } as const;

/** The architecture trained by default (a key of the worker's registry, src/workers/lab_archs.ts). */
export const DEFAULT_ARCH = 'transformer';

const PRESET = TASK_PRESETS.reverse;

export const TRAIN_DEFAULTS = {
  trainArch: DEFAULT_ARCH,
  trainTask: 'reverse' as LabTaskName,
  trainLen: PRESET.maxInputLen,
  trainSize: PRESET.size as SizePreset,
  trainLr: PRESET.lrFactor,
  trainBatch: PRESET.batchSize,
  trainMode: 'teacher-forcing' as TrainingMode,
  trainSchedule: 'linear' as SamplingSchedule,
  trainGuided: false,
  trainPart: 'progress' as TrainPart,
  trainAnatomy: 'teacher-forcing' as AnatomyView,
};

export type TrainSettings = Pick<
  TrainSlice,
  'trainArch' | 'trainTask' | 'trainLen' | 'trainSize' | 'trainLr' | 'trainBatch' | 'trainMode' | 'trainSchedule' | 'trainGuided'
>;

export interface TrainSlice {
  /** a key of the worker's architectures (the page checks that it has it) */
  trainArch: string;
  trainTask: LabTaskName;
  /** inputs of 1 … trainLen characters */
  trainLen: number;
  trainSize: SizePreset;
  /** the factor of the Noam learning-rate schedule */
  trainLr: number;
  trainBatch: number;
  trainMode: TrainingMode;
  trainSchedule: SamplingSchedule;
  trainGuided: boolean;
  trainPart: TrainPart;
  trainAnatomy: AnatomyView;
  /** sets training settings (values are brought into their ranges) */
  setTrain: (patch: Partial<TrainSettings>) => void;
  /** back to the task's preset (the task and architecture stay) */
  resetTrainPreset: () => void;
  setTrainPart: (part: TrainPart) => void;
  setTrainAnatomy: (view: AnatomyView) => void;
}

const clampInt = (v: number, min: number, max: number) => (Number.isFinite(v) ? Math.max(min, Math.min(max, Math.round(v))) : min);

/** The nearest choice of a list (for a value that does not come from a slider). */
function nearest(list: readonly number[], v: number): number {
  let best = list[0];
  for (const x of list) if (Math.abs(x - v) < Math.abs(best - v)) best = x;
  return best;
}

/** A patch with every value in its range. */
export function cleanTrainPatch(patch: Partial<TrainSettings>): Partial<TrainSettings> {
  const out: Partial<TrainSettings> = { ...patch };
  if (out.trainLen !== undefined) out.trainLen = clampInt(out.trainLen, INPUT_LENGTHS.min, INPUT_LENGTHS.max);
  if (out.trainLr !== undefined) out.trainLr = nearest(LR_FACTORS, out.trainLr);
  if (out.trainBatch !== undefined) out.trainBatch = nearest(BATCH_SIZES, out.trainBatch);
  return out;
}

/** The preset's values of the settings a task's preset fixes. */
export function presetSettings(task: LabTaskName): Partial<TrainSettings> {
  const p = TASK_PRESETS[task];
  return {
    trainLen: p.maxInputLen, trainSize: p.size, trainLr: p.lrFactor, trainBatch: p.batchSize,
    trainMode: 'teacher-forcing', trainSchedule: 'linear', trainGuided: false,
  };
}

export const createTrainSlice: StateCreator<TrainSlice> = (set, get) => ({
  ...TRAIN_DEFAULTS,
  setTrain: (patch) => set(cleanTrainPatch(patch)),
  resetTrainPreset: () => set(presetSettings(get().trainTask)),
  setTrainPart: (trainPart) => set({ trainPart }),
  setTrainAnatomy: (trainAnatomy) => set({ trainAnatomy }),
});

type Field = keyof typeof TRAIN_DEFAULTS;

function enumField<F extends Field>(key: string, field: F, list: readonly string[], write: (v: TrainSlice[F]) => string = String, read: (raw: string) => string = (r) => r): HashField<TrainSlice> {
  return {
    key,
    write: (s) => (s[field] === TRAIN_DEFAULTS[field] ? null : write(s[field])),
    read: (raw) => {
      const v = read(raw);
      return list.includes(v) ? ({ [field]: v } as Partial<TrainSlice>) : null;
    },
    defaults: { [field]: TRAIN_DEFAULTS[field] } as Partial<TrainSlice>,
  };
}

/** A number written plainly that is one of `list` (or in [min, max] for whole numbers). */
function numberField(key: string, field: 'trainLen' | 'trainLr' | 'trainBatch', ok: (v: number) => boolean): HashField<TrainSlice> {
  return {
    key,
    write: (s) => (s[field] === TRAIN_DEFAULTS[field] ? null : String(s[field])),
    read: (raw) => {
      if (!/^\d{1,4}(\.\d{1,3})?$/.test(raw)) return null;
      const v = Number(raw);
      return ok(v) ? ({ [field]: v } as Partial<TrainSlice>) : null;
    },
    defaults: { [field]: TRAIN_DEFAULTS[field] } as Partial<TrainSlice>,
  };
}

const MODE_CODES: Record<TrainingMode, string> = { 'teacher-forcing': 'tf', 'scheduled-sampling': 'ss' };
const modeOf = (code: string): string => (Object.entries(MODE_CODES).find(([, c]) => c === code)?.[0] ?? '');

export const trainHashFields: HashField<TrainSlice>[] = [
  {
    key: 'tarch',
    write: (s) => (s.trainArch === DEFAULT_ARCH ? null : s.trainArch),
    // any plausible key: the page checks it against the architectures the worker has
    read: (raw) => (/^[a-z][a-z0-9-]{0,31}$/.test(raw) ? { trainArch: raw } : null),
    defaults: { trainArch: DEFAULT_ARCH },
  },
  enumField('ttask', 'trainTask', LAB_TASKS),
  numberField('tlen', 'trainLen', (v) => Number.isInteger(v) && v >= INPUT_LENGTHS.min && v <= INPUT_LENGTHS.max),
  enumField('tsize', 'trainSize', SIZE_PRESETS),
  numberField('tlr', 'trainLr', (v) => (LR_FACTORS as readonly number[]).includes(v)),
  numberField('tbatch', 'trainBatch', (v) => (BATCH_SIZES as readonly number[]).includes(v)),
  enumField('tmode', 'trainMode', TRAINING_MODES, (m) => MODE_CODES[m as TrainingMode], modeOf),
  enumField('tsched', 'trainSchedule', SAMPLING_SCHEDULES),
  {
    key: 'tguided',
    write: (s) => (s.trainGuided ? '1' : null),
    read: (raw) => (raw === '1' ? { trainGuided: true } : raw === '0' ? { trainGuided: false } : null),
    defaults: { trainGuided: false },
  },
  enumField('tpart', 'trainPart', TRAIN_PARTS),
  enumField('tstepview', 'trainAnatomy', ANATOMY_VIEWS, (v) => MODE_CODES[v as TrainingMode], modeOf),
];
