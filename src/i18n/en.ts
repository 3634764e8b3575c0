/**
 * The English catalog: the source of the message keys. Every visible string of
 * the page comes from here (DESIGN.md rule 12); zh.ts must have the same keys.
 * Placeholders are written `{name}` and filled by `translate(…, {name: …})`.
 *
 * The messages live in one module per part of the page (src/i18n/messages/), so
 * that the parts can grow side by side. The parts every page needs (the shell,
 * the tour, the figures, the model registry, the navigation's labels) are loaded
 * with the page: `EAGER_EN`. The lazily loaded pages' messages (the concept labs,
 * decoding, training, RNN) travel with their page: the page's module imports
 * `src/i18n/parts/<part>.ts`, which registers them (translate.ts), so the first
 * load stays within its budget. The key type covers every module (type-only
 * imports), so a key is checked wherever it is used. `all.ts` holds the complete
 * catalogs (tests, and anything that needs every message at once).
 */
import { coreEn } from './messages/core';
import { tourEn } from './messages/tour';
import { walkEn } from './messages/walk';
import { uiEn } from './messages/ui';
import { modelsEn } from './messages/models';
import type { labsEn } from './messages/labs';
import type { decodingEn } from './messages/decoding';
import type { trainEn } from './messages/train';
import type { rnnEn } from './messages/rnn';

/** The messages loaded with the page. */
export const EAGER_EN = { ...coreEn, ...tourEn, ...walkEn, ...uiEn, ...modelsEn } as const;

/** Every English message, eager or lazy (a type: the value is all.ts's `en`). */
export type EnglishCatalog = typeof EAGER_EN & typeof labsEn & typeof decodingEn & typeof trainEn & typeof rnnEn;

/** Every message key of the catalog. */
export type MessageKey = keyof EnglishCatalog;

/** A complete catalog: every key, a string each. */
export type Catalog = Record<MessageKey, string>;

/** The `{name}` placeholders of a template string, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The placeholder names of a key's English text (the catalog's contract for every language). */
export type ParamsOf<K extends MessageKey> = Placeholders<EnglishCatalog[K]>;
