/**
 * State of the decoding lab (`#view=decoding`): the task and source it decodes, which
 * part of the lab is open, the strategy and its settings, how far the beam-search tree
 * has grown, the lecture's toy probabilities, the forced wrong token of the
 * error-propagation part, and the input of the AT-vs-NAT part.
 *
 * Everything round-trips through the URL hash (`decodingHashFields`). The page's own
 * fields clamp a value out of range and say so (src/labs/decoding.ts `clampSetting`);
 * a link whose value is out of range or malformed falls back to the default, and the
 * app shows its usual notice (the reader returns null). Steps are counted from 1 in the
 * hash, as everywhere in the interface.
 */
import type { StateCreator } from 'zustand';
import { TASK_NAMES, isTaskName, type TaskName } from '../../tasks';
import type { DecodingSetting } from '../../labs/decoding';
import type { HashField } from '../fields';

export const DECODING_PARTS = ['tree', 'toy', 'bars', 'side', 'error', 'nat'] as const;
export type DecodingPart = (typeof DECODING_PARTS)[number];

export const STRATEGIES = ['greedy', 'beam', 'sample'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The tasks whose non-autoregressive model ships (the AT-vs-NAT part). */
export const NAT_TASKS = ['date-multi', 'reverse', 'date'] as const;
export type NatTask = (typeof NAT_TASKS)[number];

/**
 * The settings' ranges and defaults, as src/labs/decoding.ts has them (SETTING_RANGES,
 * DEFAULT_SETTINGS, TOY_DEFAULT; a test checks that they agree). Written out here so that
 * the store, which loads with the page, does not pull the decoding code into it.
 */
export const SETTING_RANGES: Readonly<Record<DecodingSetting, { min: number; max: number; integer: boolean }>> = {
  width: { min: 1, max: 8, integer: true },
  alpha: { min: 0, max: 2, integer: false },
  temperature: { min: 0.05, max: 2, integer: false },
  topK: { min: 0, max: 64, integer: true },
  topP: { min: 0.05, max: 1, integer: false },
  seed: { min: 0, max: 2 ** 32 - 1, integer: true },
  samples: { min: 1, max: 50, integer: true },
};
export const DEFAULT_SETTINGS: Readonly<Record<DecodingSetting, number>> = {
  width: 4, alpha: 0, temperature: 1, topK: 0, topP: 1, seed: 1, samples: 20,
};
/** P(A | start), P(A | A), P(A | B) of the lecture's toy (TOY_DEFAULT). */
export const TOY_DEFAULT_PA: readonly [number, number, number] = [0.6, 0.55, 0.1];

/** The longest source a link may carry (the panel checks the model's own limit). */
export const MAX_DECODING_SOURCE = 64;
/** The most steps of a tree a link may name (the panel clamps to the tree it has). */
export const MAX_TREE_STEP = 64;

export interface DecodingSettings {
  width: number;
  alpha: number;
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  samples: number;
}

export interface DecodingSlice extends DecodingSettings {
  decTask: TaskName;
  /** the source; '' = the task's own example for this lab (a greedy failure where there is one) */
  decSource: string;
  decPart: DecodingPart;
  strategy: Strategy;
  /** decoding steps of the tree shown (it grows with ← →); null = all of it */
  treeStep: number | null;
  /** P(A | start), P(A | A), P(A | B) of the lecture's toy */
  toy: [number, number, number];
  /** the output position (from 0) where the error-propagation part forces a token */
  errStep: number;
  /** the token it forces ('' = the model's most probable wrong token there) */
  errToken: string;
  natTask: NatTask;
  /** the AT-vs-NAT input; '' = the task's example */
  natSource: string;
  setDecTask: (task: TaskName) => void;
  setDecSource: (source: string) => void;
  setDecPart: (part: DecodingPart) => void;
  setStrategy: (s: Strategy) => void;
  /** one setting, already clamped by the page */
  setSetting: (key: DecodingSetting, value: number) => void;
  setTreeStep: (step: number | null) => void;
  setToy: (toy: [number, number, number]) => void;
  setErr: (step: number, token: string) => void;
  setNatTask: (task: NatTask) => void;
  setNatSource: (source: string) => void;
}

export const DECODING_DEFAULTS = {
  decTask: 'reverse' as TaskName,
  decSource: '',
  decPart: 'tree' as DecodingPart,
  strategy: 'beam' as Strategy,
  ...DEFAULT_SETTINGS,
  treeStep: null as number | null,
  toy: [...TOY_DEFAULT_PA] as [number, number, number],
  errStep: 0,
  errToken: '',
  natTask: 'date-multi' as NatTask,
  natSource: '',
};

export const createDecodingSlice: StateCreator<DecodingSlice> = (set) => ({
  ...DECODING_DEFAULTS,
  setDecTask: (decTask) => set({ decTask, decSource: '', treeStep: null, errStep: 0, errToken: '' }),
  setDecSource: (decSource) => set({ decSource: decSource.slice(0, MAX_DECODING_SOURCE), treeStep: null }),
  setDecPart: (decPart) => set({ decPart, treeStep: null }),
  setStrategy: (strategy) => set({ strategy, treeStep: null }),
  setSetting: (key, value) => set({ [key]: value, ...(key === 'width' || key === 'alpha' ? { treeStep: null } : {}) } as Partial<DecodingSlice>),
  setTreeStep: (treeStep) => set({ treeStep }),
  setToy: (toy) => set({ toy }),
  setErr: (errStep, errToken) => set({ errStep, errToken }),
  setNatTask: (natTask) => set({ natTask, natSource: '' }),
  setNatSource: (natSource) => set({ natSource: natSource.slice(0, MAX_DECODING_SOURCE) }),
});

function oneOf<T extends string>(list: readonly T[], raw: string): T | null {
  return (list as readonly string[]).includes(raw) ? (raw as T) : null;
}

/** A plain decimal (`4`, `0.6`, `1.25`; not `1e3`, `.5`, `+1`) within [min, max], or null. */
export function readDecimal(raw: string, min: number, max: number, integer = false): number | null {
  if (!(integer ? /^(0|[1-9][0-9]{0,9})$/ : /^(0|[1-9][0-9]{0,9})(\.[0-9]{1,6})?$/).test(raw)) return null;
  const v = Number(raw);
  return v >= min && v <= max ? v : null;
}

/** A number as the hash writes it: no trailing zeros, at most 6 decimals. */
export function writeDecimal(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}

function settingField(key: string, setting: DecodingSetting): HashField<DecodingSlice> {
  const r = SETTING_RANGES[setting];
  return {
    key,
    write: (s) => (s[setting] === DEFAULT_SETTINGS[setting] ? null : writeDecimal(s[setting])),
    read: (raw) => {
      const v = readDecimal(raw, r.min, r.max, r.integer);
      return v === null ? null : ({ [setting]: v } as Partial<DecodingSlice>);
    },
    defaults: { [setting]: DEFAULT_SETTINGS[setting] } as Partial<DecodingSlice>,
  };
}

function textField(key: string, field: 'decSource' | 'natSource' | 'errToken', max: number): HashField<DecodingSlice> {
  return {
    key,
    write: (s) => (s[field] === '' ? null : s[field]),
    read: (raw) => ([...raw].length <= max && raw !== '' && !raw.includes('\uFFFD') ? ({ [field]: raw } as Partial<DecodingSlice>) : null),
    defaults: { [field]: '' } as Partial<DecodingSlice>,
  };
}

export const decodingHashFields: HashField<DecodingSlice>[] = [
  {
    key: 'dtask',
    write: (s) => (s.decTask === DECODING_DEFAULTS.decTask ? null : s.decTask),
    read: (raw) => (isTaskName(raw) && (TASK_NAMES as readonly string[]).includes(raw) ? { decTask: raw } : null),
    defaults: { decTask: DECODING_DEFAULTS.decTask },
  },
  textField('dsrc', 'decSource', MAX_DECODING_SOURCE),
  {
    key: 'part',
    write: (s) => (s.decPart === DECODING_DEFAULTS.decPart ? null : s.decPart),
    read: (raw) => {
      const v = oneOf(DECODING_PARTS, raw);
      return v === null ? null : { decPart: v };
    },
    defaults: { decPart: DECODING_DEFAULTS.decPart },
  },
  {
    key: 'strategy',
    write: (s) => (s.strategy === DECODING_DEFAULTS.strategy ? null : s.strategy),
    read: (raw) => {
      const v = oneOf(STRATEGIES, raw);
      return v === null ? null : { strategy: v };
    },
    defaults: { strategy: DECODING_DEFAULTS.strategy },
  },
  settingField('beam', 'width'),
  settingField('alpha', 'alpha'),
  settingField('temp', 'temperature'),
  settingField('topk', 'topK'),
  settingField('topp', 'topP'),
  settingField('sseed', 'seed'),
  settingField('samples', 'samples'),
  {
    key: 'tstep',
    write: (s) => (s.treeStep === null ? null : String(s.treeStep)),
    read: (raw) => {
      const v = readDecimal(raw, 0, MAX_TREE_STEP, true);
      return v === null ? null : { treeStep: v };
    },
    defaults: { treeStep: null },
  },
  {
    key: 'toy',
    write: (s) => (s.toy.every((p, i) => p === DECODING_DEFAULTS.toy[i]) ? null : s.toy.map(writeDecimal).join(',')),
    read: (raw) => {
      const parts = raw.split(',');
      if (parts.length !== 3) return null;
      const ps = parts.map((p) => readDecimal(p, 0, 1));
      return ps.some((p) => p === null) ? null : { toy: ps as [number, number, number] };
    },
    defaults: { toy: DECODING_DEFAULTS.toy },
  },
  {
    key: 'estep',
    write: (s) => (s.errStep === 0 ? null : String(s.errStep + 1)),
    read: (raw) => {
      const v = readDecimal(raw, 1, MAX_TREE_STEP, true);
      return v === null ? null : { errStep: v - 1 };
    },
    defaults: { errStep: 0 },
  },
  textField('etok', 'errToken', 1),
  {
    key: 'ntask',
    write: (s) => (s.natTask === DECODING_DEFAULTS.natTask ? null : s.natTask),
    read: (raw) => {
      const v = oneOf(NAT_TASKS, raw);
      return v === null ? null : { natTask: v };
    },
    defaults: { natTask: DECODING_DEFAULTS.natTask },
  },
  textField('nsrc', 'natSource', MAX_DECODING_SOURCE),
];
