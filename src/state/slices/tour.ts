/**
 * State of the tour: the task, the step, the head looked at, and the figure shown
 * for attention (heatmap, lines, all heads). All of it round-trips through the URL
 * hash (`tourHashFields`), so a copied link reopens the same view; the source text
 * is the input slice's `source`, presentation mode the view slice's. Fast hover
 * state stays out of the store (refs in the components).
 *
 * In the hash, as everywhere in the interface, steps and heads are counted from 1
 * (`step=5&head=2` is the fifth step, second head); the trace keys stay 0-based.
 * The step names its layer, so a layer needs no field of its own (an old link's
 * `layer=` is ignored). Whether a step or head exists depends on the run and the
 * model, so the panel checks the range and says what it dropped.
 * A link that names a task but no source opens that task's own example.
 */
import type { StateCreator } from 'zustand';
import { isTaskName, getTask, type TaskName } from '../../tasks';
import type { HashField } from '../fields';
import type { InputSlice } from './input';

export const FIGURES = ['heatmap', 'lines', 'overview'] as const;
export type Figure = (typeof FIGURES)[number];

export const DEFAULT_TASK: TaskName = 'reverse';
/** the largest step or head a link may name (the panel checks the real range) */
export const MAX_STEP = 10_000;
export const MAX_HEAD = 63;

export interface TourSlice {
  task: TaskName;
  /** index of the step in the walk, from 0 */
  step: number;
  /** the head looked at, from 0 */
  head: number;
  figure: Figure;
  /** numbers drawn in heatmap cells where they fit */
  showNumbers: boolean;
  /**
   * a forced prefix of the output, as text ('' = none): decoding takes these tokens as
   * given and goes on greedily from there (opened from a node of the decoding lab's beam tree)
   */
  forced: string;
  /** another task: its example becomes the source and the walk starts again */
  setTask: (task: TaskName) => void;
  setStep: (step: number) => void;
  setHead: (head: number) => void;
  setFigure: (figure: Figure) => void;
  setShowNumbers: (on: boolean) => void;
  setForced: (forced: string) => void;
}

/** The longest forced prefix a link may carry (the panel checks it against the model). */
export const MAX_FORCED_CHARS = 64;

const nat = (n: number) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

export const createTourSlice: StateCreator<TourSlice & InputSlice, [], [], TourSlice> = (set) => ({
  task: DEFAULT_TASK,
  step: 0,
  head: 0,
  figure: 'heatmap',
  showNumbers: true,
  forced: '',
  setTask: (task) => set({ task, source: getTask(task).example, step: 0, forced: '' }),
  setStep: (step) => set({ step: nat(step) }),
  setHead: (head) => set({ head: Math.min(nat(head), MAX_HEAD) }),
  setFigure: (figure) => set({ figure }),
  setShowNumbers: (showNumbers) => set({ showNumbers }),
  setForced: (forced) => set({ forced: forced.slice(0, MAX_FORCED_CHARS) }),
});

/** A whole number written plainly (`0`, `12`; not `012`, `1e3`, `-1`, `1.5`) within [min, max]. */
function readInt(raw: string, min: number, max: number): number | null {
  if (!/^(0|[1-9][0-9]{0,5})$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

export const tourHashFields: HashField<TourSlice & InputSlice>[] = [
  {
    key: 'task',
    write: (s) => (s.task === DEFAULT_TASK ? null : s.task),
    read: (raw) => (isTaskName(raw) ? { task: raw } : null),
    defaults: { task: DEFAULT_TASK },
    // a task without a source opens with the task's own example
    implies: (read, present) => (read.task && !present.has('src') ? { source: getTask(read.task).example } : {}),
  },
  {
    key: 'step',
    write: (s) => (s.step === 0 ? null : String(s.step + 1)),
    read: (raw) => {
      const n = readInt(raw, 1, MAX_STEP);
      return n === null ? null : { step: n - 1 };
    },
    defaults: { step: 0 },
  },
  {
    key: 'head',
    write: (s) => (s.head === 0 ? null : String(s.head + 1)),
    read: (raw) => {
      const n = readInt(raw, 1, MAX_HEAD + 1);
      return n === null ? null : { head: n - 1 };
    },
    defaults: { head: 0 },
  },
  {
    key: 'fig',
    write: (s) => (s.figure === 'heatmap' ? null : s.figure),
    read: (raw) => ((FIGURES as readonly string[]).includes(raw) ? { figure: raw as Figure } : null),
    defaults: { figure: 'heatmap' },
  },
  {
    key: 'force',
    write: (s) => (s.forced === '' ? null : s.forced),
    read: (raw) => (raw !== '' && [...raw].length <= MAX_FORCED_CHARS && !raw.includes('\uFFFD') ? { forced: raw } : null),
    defaults: { forced: '' },
  },
];

