/**
 * The page: a header (product name, language switch) and the panels. The app
 * connects the store's language to the i18n provider; panels read the rest.
 */
import { useEffect } from 'react';
import { HTML_LANG, I18nProvider, translate, useT } from '../i18n';
import { useLang, useSetLang } from '../state';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { TracePanel } from '../panels/TracePanel';

function Header() {
  const t = useT();
  const lang = useLang();
  const setLang = useSetLang();
  return (
    <header className="app-header">
      <div className="brand">
        <h1>{t('app.title')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
      </div>
      <LanguageSwitch value={lang} onChange={setLang} />
    </header>
  );
}

export function App() {
  const lang = useLang();
  useEffect(() => {
    document.documentElement.lang = HTML_LANG[lang];
    document.title = translate(lang, 'app.title');
  }, [lang]);
  return (
    <I18nProvider lang={lang}>
      <Header />
      <main className="app-main">
        <TracePanel />
      </main>
    </I18nProvider>
  );
}
