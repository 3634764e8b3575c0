/**
 * The shareable state round-trips through the URL hash, e.g. `#lang=zh&src=abc`
 * (Playground's state.ts). Parsing never throws: a malformed or unknown value
 * falls back to the default for that field.
 */
import { isLang } from '../i18n';
import { DEFAULTS, MAX_SOURCE_CHARS, type AppStore, type Shareable } from './store';

/** The shareable state a hash describes; fields it lacks or garbles take their defaults. */
export function parseHash(hash: string): Shareable {
  const out: Shareable = { ...DEFAULTS };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    return out;
  }
  const lang = params.get('lang');
  if (isLang(lang)) out.lang = lang;
  const src = params.get('src');
  if (src !== null && src.length <= MAX_SOURCE_CHARS && !src.includes('\uFFFD')) out.source = src;
  return out;
}

/** The hash of a state: only fields that differ from the defaults, `''` when none do. */
export function formatHash(s: Shareable): string {
  const params = new URLSearchParams();
  if (s.lang !== DEFAULTS.lang) params.set('lang', s.lang);
  if (s.source !== DEFAULTS.source) params.set('src', s.source);
  const q = params.toString();
  return q === '' ? '' : `#${q}`;
}

interface HashWindow {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState: (data: unknown, unused: string, url?: string) => void };
  addEventListener: (type: 'hashchange', fn: () => void) => void;
  removeEventListener: (type: 'hashchange', fn: () => void) => void;
}

/**
 * Loads the state from the window's hash, then keeps both in step: store
 * changes replace the hash (no history entry per keystroke), and a hash edited
 * by hand (hashchange) updates the store. Returns a function that stops syncing.
 */
export function startHashSync(store: AppStore, win: HashWindow = window): () => void {
  store.setState(parseHash(win.location.hash));
  let writing = false;
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.lang === prev.lang && s.source === prev.source) return;
    const hash = formatHash(s);
    if (hash === win.location.hash || (hash === '' && win.location.hash === '')) return;
    writing = true;
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}${hash}`);
    writing = false;
  });
  const onHashChange = () => {
    if (writing) return;
    const next = parseHash(win.location.hash);
    const cur = store.getState();
    if (next.lang !== cur.lang || next.source !== cur.source) store.setState(next);
  };
  win.addEventListener('hashchange', onHashChange);
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', onHashChange);
  };
}
