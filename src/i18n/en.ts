/**
 * The English catalog: the source of the message keys. Every visible string of
 * the page comes from here (DESIGN.md rule 12); zh.ts must have the same keys.
 * Placeholders are written `{name}` and filled by `translate(…, {name: …})`.
 *
 * The messages live in one module per part of the page (src/i18n/messages/), so
 * that the parts can grow side by side; this is their union. A test checks that
 * no key is defined by two modules.
 */
import { coreEn } from './messages/core';
import { tourEn } from './messages/tour';
import { labsEn } from './messages/labs';
import { walkEn } from './messages/walk';
import { uiEn } from './messages/ui';
import { decodingEn } from './messages/decoding';
import { trainEn } from './messages/train';
import { modelsEn } from './messages/models';
import { rnnEn } from './messages/rnn';

/** Every module's English messages, for the duplicate-key test. */
export const EN_MODULES = {
  core: coreEn, tour: tourEn, labs: labsEn, walk: walkEn, ui: uiEn, decoding: decodingEn, train: trainEn, models: modelsEn, rnn: rnnEn,
} as const;

export const en = { ...coreEn, ...tourEn, ...labsEn, ...walkEn, ...uiEn, ...decodingEn, ...trainEn, ...modelsEn, ...rnnEn } as const;


/** Every message key of the catalog. */
export type MessageKey = keyof typeof en;

/** A complete catalog: every key, a string each. */
export type Catalog = Record<MessageKey, string>;

/** The `{name}` placeholders of a template string, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The placeholder names of a key's English text (the catalog's contract for every language). */
export type ParamsOf<K extends MessageKey> = Placeholders<(typeof en)[K]>;
