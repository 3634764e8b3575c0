import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SOURCE, DEFAULT_VIEW, formatHash, parseHash, resetAppState, startHashSync, useAppStore, type AppState } from '../../src/state';
import { DEFAULT_LANG } from '../../src/i18n';

/** The store's state with some shareable fields changed. */
function stateWith(patch: Partial<AppState>): AppState {
  return { ...useAppStore.getState(), ...patch };
}

function fakeWindow(hash: string) {
  const listeners = new Set<() => void>();
  const win = {
    location: { hash, pathname: '/lab/', search: '' },
    history: {
      replaceState: vi.fn((_data: unknown, _unused: string, url?: string) => {
        win.location.hash = url?.includes('#') ? url.slice(url.indexOf('#')) : '';
      }),
    },
    addEventListener: (_type: 'hashchange', fn: () => void) => listeners.add(fn),
    removeEventListener: (_type: 'hashchange', fn: () => void) => listeners.delete(fn),
    /** what a person typing a new hash into the address bar does */
    navigate(next: string) {
      win.location.hash = next;
      for (const fn of listeners) fn();
    },
  };
  return win;
}

afterEach(() => resetAppState());

describe('URL hash', () => {
  it('view, language and source round-trip through the hash', () => {
    const state = stateWith({ view: 'trace', lang: 'zh', source: 'abc 12' });
    const { state: back, malformed } = parseHash(formatHash(state));
    expect(malformed).toEqual([]);
    expect(back).toMatchObject({ view: 'trace', lang: 'zh', source: 'abc 12' });
  });

  it('reads the example hash of the design', () => {
    expect(parseHash('#lang=zh&src=abc').state).toMatchObject({ lang: 'zh', source: 'abc', view: DEFAULT_VIEW });
  });

  it('the default state has an empty hash', () => {
    expect(formatHash(useAppStore.getState())).toBe('');
  });

  it('an unknown language falls back to the default language and is reported as malformed', () => {
    const parsed = parseHash('#lang=klingon&src=abc');
    expect(parsed.state).toMatchObject({ lang: DEFAULT_LANG, source: 'abc' });
    expect(parsed.malformed).toEqual(['lang']);
  });

  it('an unknown view falls back to the default view and is reported', () => {
    const parsed = parseHash('#view=nowhere');
    expect(parsed.state.view).toBe(DEFAULT_VIEW);
    expect(parsed.malformed).toEqual(['view']);
  });

  it('malformed hashes fall back to the defaults without throwing', () => {
    for (const hash of ['#%', '#src=%E0%A4%A', '#&&==&', '#lang', '#lang=zh=zh', '##', '#src=' + 'a'.repeat(5000), '%%%']) {
      const { state } = parseHash(hash);
      expect(['en', 'zh']).toContain(state.lang);
      expect(typeof state.source).toBe('string');
    }
    expect(parseHash('#src=%E0%A4%A').state.source).toBe(DEFAULT_SOURCE);
  });

  it('an empty source in the hash stays empty', () => {
    expect(parseHash('#src=').state.source).toBe('');
  });

  it('sync loads the store from the hash, writes changes back and follows a hash typed by hand', () => {
    const win = fakeWindow('#lang=zh&src=abc');
    const stop = startHashSync(useAppStore, win);
    expect(useAppStore.getState().lang).toBe('zh');
    expect(useAppStore.getState().source).toBe('abc');

    useAppStore.getState().setSource('xyz');
    expect(parseHash(win.location.hash).state).toMatchObject({ lang: 'zh', source: 'xyz' });

    win.navigate('#lang=en&src=q');
    expect(useAppStore.getState().lang).toBe('en');
    expect(useAppStore.getState().source).toBe('q');

    stop();
    useAppStore.getState().setLang('zh');
    expect(win.location.hash).toBe('#src=q');
  });

  it('sync reports malformed fields of the starting hash', () => {
    const heard: string[][] = [];
    const stop = startHashSync(useAppStore, fakeWindow('#view=zz&lang=zh'), (keys) => heard.push(keys));
    expect(heard).toEqual([['view']]);
    expect(useAppStore.getState().lang).toBe('zh');
    stop();
  });
});
