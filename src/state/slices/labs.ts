/**
 * State of the concept labs. What a person would share (which normalisation,
 * which preset, the sliders of each lab, the BERT draw) round-trips through the
 * URL hash via `labsHashFields`; a malformed value falls back to its default.
 * Matrices a person types stay in the lab (they are drafts, not links).
 */
import type { StateCreator } from 'zustand';
import type { HashField } from '../fields';
import { NORM_KINDS, NORM_MODES, NORM_PRESETS, type NormKind, type NormMode, type NormPresetId } from '../../labs/normLab';

// the lists live with the lab's logic (src/labs); the store re-exports them for the panels
export { NORM_KINDS, NORM_MODES, NORM_PRESETS, type NormKind, type NormMode, type NormPresetId };

/** Inclusive ranges of the sliders (also what a link may ask for). */
export const LAB_RANGES = {
  scoringD: { min: 2, max: 512 },
  peLength: { min: 2, max: 128 },
  peDModel: { min: 2, max: 256 },
  costT: { min: 1, max: 8192 },
  costD: { min: 1, max: 4096 },
  costK: { min: 1, max: 32 },
  costR: { min: 1, max: 8192 },
  bertDraw: { min: 1, max: 1_000_000 },
} as const;

export type LabNumberField = keyof typeof LAB_RANGES;

export const LAB_DEFAULTS = {
  normKind: 'bn' as NormKind,
  normPreset: 'scales' as NormPresetId,
  normMode: 'train' as NormMode,
  scoringD: 64,
  peLength: 50,
  peDModel: 64,
  costT: 100,
  costD: 512,
  costK: 3,
  costR: 16,
  bertDraw: 1,
};

export interface LabsSlice {
  normKind: NormKind;
  normPreset: NormPresetId;
  normMode: NormMode;
  scoringD: number;
  peLength: number;
  peDModel: number;
  costT: number;
  costD: number;
  costK: number;
  /** the neighbourhood of restricted self-attention */
  costR: number;
  bertDraw: number;
  setNormKind: (k: NormKind) => void;
  setNormPreset: (p: NormPresetId) => void;
  setNormMode: (m: NormMode) => void;
  /** sets one slider value, clamped to its range and rounded (d_model to an even number) */
  setLabNumber: (field: LabNumberField, value: number) => void;
}

/** A slider value brought into its range: whole, clamped, and even for d_model. */
export function clampLabNumber(field: LabNumberField, value: number): number {
  const { min, max } = LAB_RANGES[field];
  if (!Number.isFinite(value)) return LAB_DEFAULTS[field];
  let v = Math.round(Math.min(max, Math.max(min, value)));
  if (field === 'peDModel' && v % 2 === 1) v = v + 1 <= max ? v + 1 : v - 1;
  return v;
}

export const createLabsSlice: StateCreator<LabsSlice> = (set) => ({
  ...LAB_DEFAULTS,
  setNormKind: (normKind) => set({ normKind }),
  setNormPreset: (normPreset) => set({ normPreset }),
  setNormMode: (normMode) => set({ normMode }),
  setLabNumber: (field, value) => set({ [field]: clampLabNumber(field, value) } as Partial<LabsSlice>),
});

function oneOf<T extends string>(list: readonly T[]) {
  return (raw: string): T | null => ((list as readonly string[]).includes(raw) ? (raw as T) : null);
}

function enumField<K extends 'normKind' | 'normPreset' | 'normMode'>(
  key: string, field: K, list: readonly LabsSlice[K][],
): HashField<LabsSlice> {
  const parse = oneOf(list);
  return {
    key,
    write: (s) => (s[field] === LAB_DEFAULTS[field] ? null : s[field]),
    read: (raw) => {
      const v = parse(raw);
      return v === null ? null : ({ [field]: v } as Partial<LabsSlice>);
    },
    defaults: { [field]: LAB_DEFAULTS[field] } as Partial<LabsSlice>,
  };
}

/** A whole number written in plain digits, within its field's range (d_model even); anything else is malformed. */
function numberField(key: string, field: LabNumberField): HashField<LabsSlice> {
  const { min, max } = LAB_RANGES[field];
  return {
    key,
    write: (s) => (s[field] === LAB_DEFAULTS[field] ? null : String(s[field])),
    read: (raw) => {
      if (!/^\d{1,7}$/.test(raw)) return null;
      const v = Number(raw);
      if (v < min || v > max) return null;
      if (field === 'peDModel' && v % 2 === 1) return null;
      return { [field]: v } as Partial<LabsSlice>;
    },
    defaults: { [field]: LAB_DEFAULTS[field] } as Partial<LabsSlice>,
  };
}

export const labsHashFields: HashField<LabsSlice>[] = [
  enumField('norm', 'normKind', NORM_KINDS),
  enumField('npreset', 'normPreset', NORM_PRESETS),
  enumField('nmode', 'normMode', NORM_MODES),
  numberField('sdim', 'scoringD'),
  numberField('pelen', 'peLength'),
  numberField('ped', 'peDModel'),
  numberField('T', 'costT'),
  numberField('D', 'costD'),
  numberField('K', 'costK'),
  numberField('r', 'costR'),
  numberField('draw', 'bertDraw'),
];
