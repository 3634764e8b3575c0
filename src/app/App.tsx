/**
 * The page: a header (product name, navigation, language switch), a notice when
 * the link could not be read in full, and the open view. The app connects the
 * store's language to the i18n provider; views read the rest of the store.
 */
import { Suspense, useEffect } from 'react';
import { HTML_LANG, I18nProvider, translate, useT } from '../i18n';
import { useLang, useSetLang, useSetView, useView } from '../state';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { VIEWS, viewEntry } from './views';

function Nav() {
  const t = useT();
  const current = viewEntry(useView()).id;
  const setView = useSetView();
  if (VIEWS.length < 2) return null;
  const groups = (['model', 'labs'] as const).filter((g) => VIEWS.some((v) => v.group === g));
  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      {groups.map((g) => (
        <div className="nav-group" key={g}>
          <span className="nav-group-label">{t(g === 'model' ? 'nav.model' : 'nav.labs')}</span>
          {VIEWS.filter((v) => v.group === g).map((v) => (
            <a
              key={v.id}
              href={`#view=${v.id}`}
              aria-current={v.id === current ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                setView(v.id);
              }}
            >
              {t(v.label)}
            </a>
          ))}
        </div>
      ))}
    </nav>
  );
}

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
      <Nav />
      <LanguageSwitch value={lang} onChange={setLang} />
    </header>
  );
}

function HashNotice({ keys, onDismiss }: { keys: string[]; onDismiss: () => void }) {
  const t = useT();
  return (
    <div className="notice" role="status">
      <span>{t('notice.badHash', { keys: keys.join(', ') })}</span>
      <button type="button" onClick={onDismiss}>{t('notice.dismiss')}</button>
    </div>
  );
}

export function App({ badHash = [], onDismissNotice }: { badHash?: string[]; onDismissNotice?: () => void }) {
  const lang = useLang();
  const View = viewEntry(useView()).component;
  useEffect(() => {
    document.documentElement.lang = HTML_LANG[lang];
    document.title = translate(lang, 'app.title');
  }, [lang]);
  return (
    <I18nProvider lang={lang}>
      <Header />
      {badHash.length > 0 && <HashNotice keys={badHash} onDismiss={() => onDismissNotice?.()} />}
      <main className="app-main">
        <Suspense fallback={<p className="loading">{translate(lang, 'view.loading')}</p>}>
          <View />
        </Suspense>
      </main>
    </I18nProvider>
  );
}
