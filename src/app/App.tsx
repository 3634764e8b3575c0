/**
 * The page: a skip link, a header (product name, navigation, language switch), a
 * notice when the link could not be read in full, and the open view. The app
 * connects the store's language to the i18n provider, and owns the keys every page
 * shares: `p` toggles presentation mode, Esc leaves it. Views read the rest of the store.
 */
import { Suspense, useEffect } from 'react';
import { HTML_LANG, I18nProvider, translate, useT } from '../i18n';
import { useAppStore, useLang, usePresenting, useSetLang, useSetView, useView } from '../state';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NavMenu } from '../components/NavMenu';
import { typesText } from '../components/useStepKeys';
import { VIEWS, viewEntry } from './views';

function Nav() {
  const t = useT();
  const current = viewEntry(useView()).id;
  const setView = useSetView();
  const main = VIEWS.find((v) => v.group === 'main') ?? VIEWS[0];
  const groups = (['model', 'concepts'] as const)
    .map((g) => ({
      label: t(g === 'model' ? 'ui.nav.group.model' : 'ui.nav.group.concepts'),
      items: VIEWS.filter((v) => v.group === g).map((v) => ({ id: v.id, label: t(v.label) })),
    }))
    .filter((g) => g.items.length > 0);
  return (
    <NavMenu
      label={t('nav.label')}
      main={{ id: main.id, label: t(main.label) }}
      groups={groups}
      current={current}
      menuLabel={t('ui.nav.more')}
      menuLabelCurrent={(page) => t('ui.nav.moreCurrent', { page })}
      href={(id) => `#view=${id}`}
      onSelect={(id) => {
        const v = VIEWS.find((x) => x.id === id);
        if (v) setView(v.id);
      }}
    />
  );
}

/** The first thing Tab reaches: straight to the page's step controls (or its content). */
function SkipLink() {
  const t = useT();
  const entry = viewEntry(useView());
  const toControls = entry.skip === 'controls';
  return (
    <a
      className="skip-link"
      href="#main"
      onClick={(e) => {
        e.preventDefault();
        const target =
          (toControls && document.querySelector<HTMLElement>('[data-skip-focus]:not([disabled])')) ||
          document.getElementById('main');
        target?.focus();
      }}
    >
      {t(toControls ? 'ui.skip.controls' : 'ui.skip.main')}
    </a>
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

/** `p` toggles presentation mode on every page, Esc leaves it; the class on <html> restyles the page. */
function usePresentationKeys(): boolean {
  const [presenting, toggle] = usePresenting();
  useEffect(() => {
    document.documentElement.classList.toggle('presenting', presenting);
    return () => document.documentElement.classList.remove('presenting');
  }, [presenting]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typesText(e.target)) return;
      const tag = e.target instanceof HTMLElement ? e.target.tagName : '';
      if ((e.key === 'p' || e.key === 'P') && tag !== 'SELECT') {
        e.preventDefault();
        toggle();
      } else if (e.key === 'Escape' && useAppStore.getState().presenting) {
        e.preventDefault();
        toggle();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle]);
  return presenting;
}

export function App({ badHash = [], onDismissNotice }: { badHash?: string[]; onDismissNotice?: () => void }) {
  const lang = useLang();
  const entry = viewEntry(useView());
  const View = entry.component;
  const presenting = usePresentationKeys();
  useEffect(() => {
    document.documentElement.lang = HTML_LANG[lang];
    document.title = translate(lang, 'app.title');
  }, [lang]);
  return (
    <I18nProvider lang={lang}>
      {!presenting && <SkipLink />}
      {!presenting && <Header />}
      {badHash.length > 0 && <HashNotice keys={badHash} onDismiss={() => onDismissNotice?.()} />}
      <main className={entry.fill ? 'app-main fill' : 'app-main'} id="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading">{translate(lang, 'view.loading')}</p>}>
          <View />
        </Suspense>
      </main>
    </I18nProvider>
  );
}
