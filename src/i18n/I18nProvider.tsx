/**
 * React access to the catalog: the app puts the current language in a
 * provider (the language itself lives in the store, which i18n may not import),
 * and components read `t` with `useT()`.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { DEFAULT_LANG, makeT, type Lang, type TFunction } from './translate';

interface I18nValue {
  lang: Lang;
  t: TFunction;
}

const I18nContext = createContext<I18nValue>({ lang: DEFAULT_LANG, t: makeT(DEFAULT_LANG) });

export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  const value = useMemo(() => ({ lang, t: makeT(lang) }), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The translation function of the current language. */
export function useT(): TFunction {
  return useContext(I18nContext).t;
}

/** The current language and its translation function. */
export function useI18n(): I18nValue {
  return useContext(I18nContext);
}
