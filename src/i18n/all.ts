/**
 * The complete catalogs, every module's messages (tests; nothing the page loads
 * first imports this file — the pages' parts register their own, see en.ts).
 */
import type { Catalog } from './en';
import { coreEn, coreZh } from './messages/core';
import { tourEn, tourZh } from './messages/tour';
import { labsEn, labsZh } from './messages/labs';
import { walkEn, walkZh } from './messages/walk';
import { uiEn, uiZh } from './messages/ui';
import { decodingEn, decodingZh } from './messages/decoding';
import { trainEn, trainZh } from './messages/train';
import { modelsEn, modelsZh } from './messages/models';
import { rnnEn, rnnZh } from './messages/rnn';

/** Every module's English messages, for the duplicate-key test. */
export const EN_MODULES = {
  core: coreEn, tour: tourEn, labs: labsEn, walk: walkEn, ui: uiEn, decoding: decodingEn, train: trainEn, models: modelsEn, rnn: rnnEn,
} as const;

export const en: Catalog = { ...coreEn, ...tourEn, ...labsEn, ...walkEn, ...uiEn, ...decodingEn, ...trainEn, ...modelsEn, ...rnnEn };

export const zh: Catalog = { ...coreZh, ...tourZh, ...labsZh, ...walkZh, ...uiZh, ...decodingZh, ...trainZh, ...modelsZh, ...rnnZh };
