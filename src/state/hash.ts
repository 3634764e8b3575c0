/**
 * The shareable state round-trips through the URL hash, e.g. `#view=tour&lang=zh&src=abc`
 * (Playground's state.ts). Every slice declares its fields (src/state/fields.ts).
 * Parsing never throws: a malformed value falls back to its field's default and is
 * reported in `malformed`, so that the page can say so in a short notice.
 */
import { HASH_FIELDS, shareableDefaults, type AppState, type AppStore } from './store';

export interface ParsedHash {
  /** every shareable field: from the hash, or its default */
  state: Partial<AppState>;
  /** keys whose values could not be read (unknown keys are ignored) */
  malformed: string[];
}

export function parseHash(hash: string): ParsedHash {
  const state = shareableDefaults();
  const malformed: string[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(hash.replace(/^#/, ''));
  } catch {
    return { state, malformed: ['#'] };
  }
  const present = new Set(params.keys());
  const implied: Partial<AppState>[] = [];
  for (const f of HASH_FIELDS) {
    const raw = params.get(f.key);
    if (raw === null) continue;
    const read = f.read(raw);
    if (read === null) {
      malformed.push(f.key);
      continue;
    }
    Object.assign(state, read);
    if (f.implies) implied.push(f.implies(read, present));
  }
  for (const more of implied) Object.assign(state, more);
  return { state, malformed };
}

/** The hash of a state: only fields that differ from their defaults, `''` when none do. */
export function formatHash(s: AppState): string {
  const params = new URLSearchParams();
  for (const f of HASH_FIELDS) {
    const v = f.write(s);
    if (v !== null) params.set(f.key, v);
  }
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
 * by hand (hashchange) updates the store. `onMalformed` hears of fields that
 * could not be read. Returns a function that stops syncing.
 */
export function startHashSync(store: AppStore, win: HashWindow = window, onMalformed?: (keys: string[]) => void): () => void {
  let writing = false;
  const replace = (hash: string) => {
    writing = true;
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}${hash}`);
    writing = false;
  };
  const load = () => {
    const { state, malformed } = parseHash(win.location.hash);
    store.setState(state);
    // the address bar shows what was read: malformed fields and unknown keys are dropped
    const hash = formatHash(store.getState());
    if (hash !== win.location.hash && !(hash === '' && win.location.hash === '')) replace(hash);
    if (malformed.length > 0) onMalformed?.(malformed);
  };
  load();
  const unsubscribe = store.subscribe((s) => {
    const hash = formatHash(s);
    if (hash === win.location.hash || (hash === '' && win.location.hash === '')) return;
    replace(hash);
  });
  const onHashChange = () => {
    if (writing) return;
    if (formatHash(store.getState()) === win.location.hash) return;
    load();
  };
  win.addEventListener('hashchange', onHashChange);
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', onHashChange);
  };
}
