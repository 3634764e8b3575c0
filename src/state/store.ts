/**
 * The page's one zustand store, made of slices (DESIGN.md rule 9). Components
 * read it through the narrow selector hooks at the bottom, never the whole state.
 */
import { create, type StateCreator } from 'zustand';
import { DEFAULT_LANG, type Lang } from '../i18n';

export interface LanguageSlice {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

export interface InputSlice {
  /** the source text as typed (validated where it is used, not here) */
  source: string;
  setSource: (source: string) => void;
}

export type AppState = LanguageSlice & InputSlice;

/** The shareable part of the state: what the URL hash carries. */
export interface Shareable {
  lang: Lang;
  source: string;
}

export const DEFAULTS: Shareable = { lang: DEFAULT_LANG, source: 'hello world' };

/** Longest source kept in the store (the panel reports anything beyond the model's own limit). */
export const MAX_SOURCE_CHARS = 1000;

export const createLanguageSlice: StateCreator<AppState, [], [], LanguageSlice> = (set) => ({
  lang: DEFAULTS.lang,
  setLang: (lang) => set({ lang }),
});

export const createInputSlice: StateCreator<AppState, [], [], InputSlice> = (set) => ({
  source: DEFAULTS.source,
  setSource: (source) => set({ source: source.slice(0, MAX_SOURCE_CHARS) }),
});

export const useAppStore = create<AppState>()((...a) => ({
  ...createLanguageSlice(...a),
  ...createInputSlice(...a),
}));

export type AppStore = typeof useAppStore;

/** Puts the shareable state back to its defaults (tests, and a "reset" later). */
export function resetAppState(store: AppStore = useAppStore): void {
  store.setState({ ...DEFAULTS });
}

// Narrow selectors: each component subscribes to the one field it shows.
export const useLang = (): Lang => useAppStore((s) => s.lang);
export const useSetLang = (): ((lang: Lang) => void) => useAppStore((s) => s.setLang);
export const useSource = (): string => useAppStore((s) => s.source);
export const useSetSource = (): ((source: string) => void) => useAppStore((s) => s.setSource);
