/**
 * State of the tour: the task, the step, the layer and head looked at, the
 * figure shown for attention (heatmap, lines, all heads) and presentation mode.
 * All of it round-trips through the URL hash (`tourHashFields`), so a copied
 * link reopens the same view; the source text is the input slice's `source`.
 * Fast hover state stays out of the store (refs in the components).
 *
 * In the hash the step is counted from 1 (`step=5` is the fifth step); layer and
 * head are counted from 0, as in the trace's keys (`enc.0.self_attn`).
 * Whether a step exists depends on the run (the walk's length follows the
 * output), so the panel checks the range and falls back to the start.
 */
import type { StateCreator } from 'zustand';
import { isTaskName, getTask, type TaskName } from '../../tasks';
import type { HashField } from '../fields';
import type { InputSlice } from './input';

export const FIGURES = ['heatmap', 'lines', 'overview'] as const;
export type Figure = (typeof FIGURES)[number];

export const DEFAULT_TASK: TaskName = 'reverse';
/** the largest step, layer or head a link may name (the panel checks the real range) */
export const MAX_STEP = 10_000;
export const MAX_LAYER = 63;

export interface TourSlice {
  task: TaskName;
  /** index of the step in the walk, from 0 */
  step: number;
  /** the layer looked at (encoder steps set it to their own layer) */
  layer: number;
  head: number;
  figure: Figure;
  presenting: boolean;
  /** numbers drawn in heatmap cells where they fit */
  showNumbers: boolean;
  /** another task: its example becomes the source and the walk starts again */
  setTask: (task: TaskName) => void;
  setStep: (step: number, layer?: number) => void;
  setLayer: (layer: number) => void;
  setHead: (head: number) => void;
  setFigure: (figure: Figure) => void;
  setPresenting: (on: boolean) => void;
  setShowNumbers: (on: boolean) => void;
}

const nat = (n: number) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

export const createTourSlice: StateCreator<TourSlice & InputSlice, [], [], TourSlice> = (set) => ({
  task: DEFAULT_TASK,
  step: 0,
  layer: 0,
  head: 0,
  figure: 'heatmap',
  presenting: false,
  showNumbers: true,
  setTask: (task) => set({ task, source: getTask(task).example, step: 0 }),
  setStep: (step, layer) => set(layer === undefined ? { step: nat(step) } : { step: nat(step), layer: nat(layer) }),
  setLayer: (layer) => set({ layer: Math.min(nat(layer), MAX_LAYER) }),
  setHead: (head) => set({ head: Math.min(nat(head), MAX_LAYER) }),
  setFigure: (figure) => set({ figure }),
  setPresenting: (presenting) => set({ presenting }),
  setShowNumbers: (showNumbers) => set({ showNumbers }),
});

/** A whole number written plainly (`0`, `12`; not `012`, `1e3`, `-1`, `1.5`) within [min, max]. */
function readInt(raw: string, min: number, max: number): number | null {
  if (!/^(0|[1-9][0-9]{0,5})$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

export const tourHashFields: HashField<TourSlice>[] = [
  {
    key: 'task',
    write: (s) => (s.task === DEFAULT_TASK ? null : s.task),
    read: (raw) => (isTaskName(raw) ? { task: raw } : null),
    defaults: { task: DEFAULT_TASK },
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
    key: 'layer',
    write: (s) => (s.layer === 0 ? null : String(s.layer)),
    read: (raw) => {
      const n = readInt(raw, 0, MAX_LAYER);
      return n === null ? null : { layer: n };
    },
    defaults: { layer: 0 },
  },
  {
    key: 'head',
    write: (s) => (s.head === 0 ? null : String(s.head)),
    read: (raw) => {
      const n = readInt(raw, 0, MAX_LAYER);
      return n === null ? null : { head: n };
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
    key: 'present',
    write: (s) => (s.presenting ? '1' : null),
    read: (raw) => (raw === '1' ? { presenting: true } : raw === '0' ? { presenting: false } : null),
    defaults: { presenting: false },
  },
];

