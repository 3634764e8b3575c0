/**
 * The language switch: a labelled <select> of every language the catalog has.
 * Generic: the current language comes in as a prop and changes go out through
 * `onChange`; it knows nothing of the store.
 */
import { useId } from 'react';
import { HTML_LANG, LANGS, isLang, useT, type Lang } from '../i18n';

export interface LanguageSwitchProps {
  value: Lang;
  onChange: (lang: Lang) => void;
  className?: string;
}

export function LanguageSwitch({ value, onChange, className }: LanguageSwitchProps) {
  const t = useT();
  const id = useId();
  return (
    <div className={className ?? 'language-switch'}>
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          if (isLang(e.target.value)) onChange(e.target.value);
        }}
      >
        {LANGS.map((lang) => (
          // Each language is named in itself, so a reader can find their own.
          <option key={lang} value={lang} lang={HTML_LANG[lang]}>
            {t(`language.${lang}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
