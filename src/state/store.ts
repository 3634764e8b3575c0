/**
 * The page's one zustand store, made of slices (DESIGN.md rule 9), one file each
 * in src/state/slices/. Components read it through narrow selector hooks, never
 * the whole state. Each slice also lists its shareable fields for the URL hash.
 */
import { create } from 'zustand';
import { createLanguageSlice, languageHashFields, type LanguageSlice } from './slices/language';
import { createInputSlice, inputHashFields, type InputSlice } from './slices/input';
import { createViewSlice, viewHashFields, type ViewSlice } from './slices/view';
import { createTourSlice, tourHashFields, type TourSlice } from './slices/tour';
import { createLabsSlice, labsHashFields, type LabsSlice } from './slices/labs';
import { createExplorerSlice, explorerHashFields, type ExplorerSlice } from './slices/explorer';
import { createDecodingSlice, decodingHashFields, type DecodingSlice } from './slices/decoding';
import { createModelsSlice, modelsHashFields, type ModelsSlice } from './slices/models';
import { createTrainSlice, trainHashFields, type TrainSlice } from './slices/train';
import { createRnnSlice, rnnHashFields, type RnnSlice } from './slices/rnn';
import type { HashField } from './fields';

export type AppState = LanguageSlice & InputSlice & ViewSlice & TourSlice & LabsSlice & ExplorerSlice & DecodingSlice
  & ModelsSlice & TrainSlice & RnnSlice;

export const useAppStore = create<AppState>()((set, get, api) => ({
  // each slice sees only its own part of the state
  ...createLanguageSlice(set as never, get as never, api as never),
  ...createInputSlice(set as never, get as never, api as never),
  ...createViewSlice(set as never, get as never, api as never),
  ...createTourSlice(set as never, get as never, api as never),
  ...createLabsSlice(set as never, get as never, api as never),
  ...createExplorerSlice(set as never, get as never, api as never),
  ...createDecodingSlice(set as never, get as never, api as never),
  ...createModelsSlice(set as never, get as never, api as never),
  ...createTrainSlice(set as never, get as never, api as never),
  ...createRnnSlice(set as never, get as never, api as never),
}));

export type AppStore = typeof useAppStore;

/** Every shareable field, in the order they appear in the hash. */
export const HASH_FIELDS = [
  ...viewHashFields, ...languageHashFields, ...inputHashFields, ...tourHashFields, ...labsHashFields, ...explorerHashFields,
  ...decodingHashFields, ...modelsHashFields, ...trainHashFields, ...rnnHashFields,
] as unknown as HashField<AppState>[];

/** The state of every shareable field at its default. */
export function shareableDefaults(): Partial<AppState> {
  return Object.assign({}, ...HASH_FIELDS.map((f) => f.defaults));
}

/** Puts the shareable state back to its defaults (tests, and a "reset"). */
export function resetAppState(store: AppStore = useAppStore): void {
  store.setState(shareableDefaults());
}

// Narrow selectors: each component subscribes to the one field it shows.
export const useLang = () => useAppStore((s) => s.lang);
export const useSetLang = () => useAppStore((s) => s.setLang);
export const useSource = () => useAppStore((s) => s.source);
export const useSetSource = () => useAppStore((s) => s.setSource);
export const useView = () => useAppStore((s) => s.view);
export const useSetView = () => useAppStore((s) => s.setView);

export { MAX_SOURCE_CHARS, DEFAULT_SOURCE } from './slices/input';
export { VIEW_IDS, DEFAULT_VIEW, isViewId, type ViewId } from './slices/view';
export { FIGURES, DEFAULT_TASK, type Figure } from './slices/tour';
export { DEFAULT_EXPLORER_KEY } from './slices/explorer';
