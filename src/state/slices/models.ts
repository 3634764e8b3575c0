/**
 * Models opened in the page — trained in the training lab, or a `.json` + `.safetensors`
 * pair picked or dropped by the reader — and which of them each page shows.
 *
 * The registry is page-agnostic: a model is added once (`addUserModel`, which returns its
 * key), and any page listed in `MODEL_PAGES` can show it (`openUserModel(key, page)` also
 * switches to that page, without a reload). A page resolves its choice with
 * its field `<page>Model` (`tourModel`): a key of `userModels`, or null for the page's own built-in task.
 *
 * The models live in memory only. A page's choice is in the URL hash (`#model=user-…` for
 * the tour), so a link names it, but after a reload the registry is empty: the page then
 * finds the key stale and says that the model has to be opened again (`staleUserModel`).
 *
 * Another page joins by adding one entry to `MODEL_PAGES` (its view id, its hash key, and
 * what opening a model resets on that page, e.g. the tour's source and step).
 */
import type { StateCreator } from 'zustand';
import type { ModelBundle } from '../../io/bundle';
import type { Task } from '../../tasks';
import type { HashField } from '../fields';
import type { DecodingSlice } from './decoding';
import type { InputSlice } from './input';
import type { TourSlice } from './tour';
import type { ViewSlice } from './view';

/** Every key of a model opened in the page starts with this (built-in task names never do). */
export const USER_MODEL_PREFIX = 'user-';

/** Longest key a link may carry. */
const MAX_KEY = 64;

export interface UserModel {
  /** `user-<name as ASCII>`, unique in the page */
  key: string;
  /** what the pickers show: the trained model's name, or the .json file's name without extension */
  name: string;
  /** trained in the page's training lab, or opened from two files */
  origin: 'trained' | 'files';
  bundle: ModelBundle;
  /** the model's own task (src/io/model_task.ts `taskFromMeta`): its vocabularies and lengths */
  task: Task;
  /** the two file names, when opened from files */
  files?: { json: string; safetensors: string };
  /** the .json text (a model opened twice with the same name and text keeps its key) */
  json: string;
}

/** What a page needs of the registry: its view, its hash key, and what opening a model resets there. */
export interface ModelPageEntry {
  page: ModelPageId;
  hashKey: string;
  /** state of that page to reset when a model opens in it */
  onOpen: (m: UserModel) => Partial<TourSlice & InputSlice & DecodingSlice>;
}

/** The pages that can show a model opened in the page (a page joins with one line here). */
export const MODEL_PAGE_IDS = ['tour', 'decoding'] as const;
export type ModelPageId = (typeof MODEL_PAGE_IDS)[number];

export const MODEL_PAGES: readonly ModelPageEntry[] = [
  // the tour starts the walk again on the model's own example
  { page: 'tour', hashKey: 'model', onOpen: (m) => ({ source: m.task.example, step: 0 }) },
  // the decoding lab starts on the model's own example, its tree grown in full, the forced token back to its default
  { page: 'decoding', hashKey: 'dmodel', onOpen: () => ({ decSource: '', treeStep: null, errStep: 0, errToken: '' }) },
];

export function isModelPage(v: unknown): v is ModelPageId {
  return typeof v === 'string' && (MODEL_PAGE_IDS as readonly string[]).includes(v);
}

/** The state field of a page's choice: `tourModel` for the tour. */
export type PageModelField = `${ModelPageId}Model`;

export const pageModelField = (page: ModelPageId): PageModelField => `${page}Model`;

/** Per page: the key of the user model it shows, or null for its built-in task (one field per page, so that each has its own hash key). */
export type PageModels = Record<PageModelField, string | null>;

const NO_PAGE_MODELS = Object.fromEntries(MODEL_PAGE_IDS.map((p) => [pageModelField(p), null])) as PageModels;

export interface ModelsSlice extends PageModels {
  /** models opened in this page, in the order they were opened */
  userModels: UserModel[];
  /** adds a model (or refreshes an identical one) and returns its key */
  addUserModel: (m: Omit<UserModel, 'key'>) => string;
  /** shows a user model on a page and switches to that page */
  openUserModel: (key: string, page: ModelPageId) => void;
  /** the page goes back to its built-in task (or forgets a stale key) */
  clearPageModel: (page: ModelPageId) => void;
}

/** A model's name as the ASCII part of a key: lower case, letters, digits and dashes. */
export function modelSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_KEY - USER_MODEL_PREFIX.length - 4)
    .replace(/-+$/, '');
  return slug === '' ? 'model' : slug;
}

/** The key for a model named `name`, unique among `taken`. */
export function userModelKey(name: string, taken: ReadonlySet<string>): string {
  const base = `${USER_MODEL_PREFIX}${modelSlug(name)}`;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Whether a text could be a user model's key (what a link may carry). */
export function isUserModelKey(v: string): boolean {
  return v.length <= MAX_KEY && /^user-[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v);
}

/** The user model a page shows, if its key is in the registry. */
export function pageUserModel(s: Pick<ModelsSlice, 'userModels' | PageModelField>, page: ModelPageId): UserModel | null {
  const key = s[pageModelField(page)];
  return key === null ? null : (s.userModels.find((m) => m.key === key) ?? null);
}

/**
 * The key a page names that is not in the registry (a link to a model opened in an
 * earlier visit: models opened in the page are not kept after a reload), or null.
 */
export function staleUserModel(s: Pick<ModelsSlice, 'userModels' | PageModelField>, page: ModelPageId): string | null {
  const key = s[pageModelField(page)];
  return key !== null && !s.userModels.some((m) => m.key === key) ? key : null;
}

type Whole = ModelsSlice & ViewSlice & TourSlice & InputSlice & DecodingSlice;

export const createModelsSlice: StateCreator<Whole, [], [], ModelsSlice> = (set, get) => ({
  userModels: [],
  ...NO_PAGE_MODELS,
  addUserModel: (m) => {
    const models = get().userModels;
    const same = models.find((x) => x.name === m.name && x.json === m.json && x.origin === m.origin);
    if (same) {
      set({ userModels: models.map((x) => (x === same ? { ...m, key: same.key } : x)) });
      return same.key;
    }
    const key = userModelKey(m.name, new Set(models.map((x) => x.key)));
    set({ userModels: [...models, { ...m, key }] });
    return key;
  },
  openUserModel: (key, page) => {
    const s = get();
    const model = s.userModels.find((m) => m.key === key);
    const entry = MODEL_PAGES.find((p) => p.page === page);
    if (!model || !entry) return;
    set({ ...entry.onOpen(model), [pageModelField(page)]: key, view: page });
  },
  clearPageModel: (page) => set({ [pageModelField(page)]: null }),
});

export const modelsHashFields: HashField<ModelsSlice>[] = MODEL_PAGES.map((p) => {
  const field = pageModelField(p.page);
  return {
    key: p.hashKey,
    write: (s) => s[field],
    read: (raw) => (isUserModelKey(raw) ? ({ [field]: raw } as Partial<ModelsSlice>) : null),
    defaults: { [field]: null } as Partial<ModelsSlice>,
  };
});
