/**
 * Which page is open (the forward-pass tour, the trace explorer, or one of the labs),
 * and presentation mode, which every page shares: large type, chrome hidden, the
 * figure filling the screen (`p` toggles it, Esc leaves it; `present=1` in the hash).
 * The app registers the views it has (src/app/views.tsx); the first is the default.
 */
import type { StateCreator } from 'zustand';
import type { HashField } from '../fields';

export const VIEW_IDS = ['tour', 'trace', 'norm', 'scoring', 'posenc', 'cost', 'bert', 'decoding', 'train', 'rnn'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export function isViewId(v: unknown): v is ViewId {
  return typeof v === 'string' && (VIEW_IDS as readonly string[]).includes(v);
}

export const DEFAULT_VIEW: ViewId = 'tour';

export interface ViewSlice {
  view: ViewId;
  /** presentation mode, on every page */
  presenting: boolean;
  setView: (view: ViewId) => void;
  setPresenting: (on: boolean) => void;
}

export const createViewSlice: StateCreator<ViewSlice> = (set) => ({
  view: DEFAULT_VIEW,
  presenting: false,
  setView: (view) => set({ view }),
  setPresenting: (presenting) => set({ presenting }),
});

export const viewHashFields: HashField<ViewSlice>[] = [
  {
    key: 'view',
    write: (s) => (s.view === DEFAULT_VIEW ? null : s.view),
    read: (raw) => (isViewId(raw) ? { view: raw } : null),
    defaults: { view: DEFAULT_VIEW },
  },
  {
    key: 'present',
    write: (s) => (s.presenting ? '1' : null),
    read: (raw) => (raw === '1' ? { presenting: true } : raw === '0' ? { presenting: false } : null),
    defaults: { presenting: false },
  },
];
