/**
 * State of the trace explorer ("All tensors"): which pass of the run is looked
 * at (the encoder, or a decoding step) and which entry. Both round-trip through
 * the URL hash, so a link reopens the same tensor: `#view=trace&tpass=3&tkey=dec.1.cross_attn.weights`
 * (decoding steps counted from 1 in the link, as on the page). The run itself is
 * the tour's: the task and source are the tour's fields. Whether the pass and
 * entry exist depends on the run, so the panel falls back when they do not.
 */
import type { StateCreator } from 'zustand';
import type { HashField } from '../fields';

/** The entry shown first: the attention weights of the first encoder layer. */
export const DEFAULT_EXPLORER_KEY = 'enc.0.self_attn.weights';
/** The largest decoding step a link may name (the panel checks the run's own count). */
export const MAX_EXPLORER_PASS = 10_000;

export interface ExplorerSlice {
  /** 0: the encoder; t ≥ 1: decoding step t */
  explorerPass: number;
  /** the trace key of the entry shown */
  explorerKey: string;
  setExplorerPass: (pass: number) => void;
  setExplorerKey: (key: string) => void;
}

/** A plausible trace key: `enc.embed`, `dec.1.cross_attn.weights`, `probs` … (whether the run has it is the panel's business). */
export function isTraceKeyText(raw: string): boolean {
  return raw.length <= 64 && /^(?:(?:enc|dec)(?:\.\d{1,3})?\.[a-z_]+(?:\.[a-z_]+)*|logits|probs|log_probs)$/.test(raw);
}

export const createExplorerSlice: StateCreator<ExplorerSlice> = (set) => ({
  explorerPass: 0,
  explorerKey: DEFAULT_EXPLORER_KEY,
  setExplorerPass: (pass) => set({ explorerPass: Number.isInteger(pass) && pass >= 0 ? Math.min(pass, MAX_EXPLORER_PASS) : 0 }),
  setExplorerKey: (key) => set({ explorerKey: isTraceKeyText(key) ? key : DEFAULT_EXPLORER_KEY }),
});

export const explorerHashFields: HashField<ExplorerSlice>[] = [
  {
    key: 'tpass',
    write: (s) => (s.explorerPass === 0 ? null : String(s.explorerPass)),
    read: (raw) => {
      if (!/^[1-9]\d{0,4}$/.test(raw)) return null;
      const n = Number(raw);
      return n <= MAX_EXPLORER_PASS ? { explorerPass: n } : null;
    },
    defaults: { explorerPass: 0 },
  },
  {
    key: 'tkey',
    write: (s) => (s.explorerKey === DEFAULT_EXPLORER_KEY ? null : s.explorerKey),
    read: (raw) => (isTraceKeyText(raw) ? { explorerKey: raw } : null),
    defaults: { explorerKey: DEFAULT_EXPLORER_KEY },
  },
];
