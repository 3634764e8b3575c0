/**
 * Which page is open: the forward-pass tour, the trace list, or one of the labs.
 * The app registers the views it has (src/app/views.tsx); the first is the default.
 */
import type { StateCreator } from 'zustand';
import type { HashField } from '../fields';

export const VIEW_IDS = ['tour', 'trace', 'norm', 'scoring', 'posenc', 'cost', 'bert'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export function isViewId(v: unknown): v is ViewId {
  return typeof v === 'string' && (VIEW_IDS as readonly string[]).includes(v);
}

export const DEFAULT_VIEW: ViewId = 'tour';

export interface ViewSlice {
  view: ViewId;
  setView: (view: ViewId) => void;
}

export const createViewSlice: StateCreator<ViewSlice> = (set) => ({
  view: DEFAULT_VIEW,
  setView: (view) => set({ view }),
});

export const viewHashFields: HashField<ViewSlice>[] = [
  {
    key: 'view',
    write: (s) => (s.view === DEFAULT_VIEW ? null : s.view),
    read: (raw) => (isViewId(raw) ? { view: raw } : null),
    defaults: { view: DEFAULT_VIEW },
  },
];
