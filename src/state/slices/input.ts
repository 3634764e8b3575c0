/** The source text the person typed (validated where it is used, not here). */
import type { StateCreator } from 'zustand';
import type { HashField } from '../fields';

export interface InputSlice {
  source: string;
  setSource: (source: string) => void;
}

/** The default task's example (the tour opens on `reverse`), so the first page runs at once. */
export const DEFAULT_SOURCE = 'transformer';

/** Longest source kept in the store (the panels report anything beyond a model's own limit). */
export const MAX_SOURCE_CHARS = 1000;

export const createInputSlice: StateCreator<InputSlice> = (set) => ({
  source: DEFAULT_SOURCE,
  setSource: (source) => set({ source: source.slice(0, MAX_SOURCE_CHARS) }),
});

export const inputHashFields: HashField<InputSlice>[] = [
  {
    key: 'src',
    write: (s) => (s.source === DEFAULT_SOURCE ? null : s.source),
    read: (raw) => (raw.length <= MAX_SOURCE_CHARS && !raw.includes('\uFFFD') ? { source: raw } : null),
    defaults: { source: DEFAULT_SOURCE },
  },
];
