/** The page language (English / 简体中文). */
import type { StateCreator } from 'zustand';
import { DEFAULT_LANG, isLang, type Lang } from '../../i18n';
import type { HashField } from '../fields';

export interface LanguageSlice {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

export const createLanguageSlice: StateCreator<LanguageSlice> = (set) => ({
  lang: DEFAULT_LANG,
  setLang: (lang) => set({ lang }),
});

export const languageHashFields: HashField<LanguageSlice>[] = [
  {
    key: 'lang',
    write: (s) => (s.lang === DEFAULT_LANG ? null : s.lang),
    read: (raw) => (isLang(raw) ? { lang: raw } : null),
    defaults: { lang: DEFAULT_LANG },
  },
];
