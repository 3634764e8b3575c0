import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULTS, formatHash, parseHash, resetAppState, startHashSync, useAppStore } from '../../src/state';

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
  it('language and source round-trip through the hash', () => {
    const state = { lang: 'zh' as const, source: 'abc 12' };
    expect(parseHash(formatHash(state))).toEqual(state);
  });

  it('reads the example hash of the design', () => {
    expect(parseHash('#lang=zh&src=abc')).toEqual({ lang: 'zh', source: 'abc' });
  });

  it('the default state has an empty hash', () => {
    expect(formatHash(DEFAULTS)).toBe('');
  });

  it('an unknown language falls back to the default language', () => {
    expect(parseHash('#lang=klingon&src=abc')).toEqual({ lang: DEFAULTS.lang, source: 'abc' });
  });

  it('malformed hashes fall back to the defaults without throwing', () => {
    for (const hash of ['#%', '#src=%E0%A4%A', '#&&==&', '#lang', '#lang=zh=zh', '##', '#src=' + 'a'.repeat(5000), '%%%']) {
      const parsed = parseHash(hash);
      expect(['en', 'zh']).toContain(parsed.lang);
      expect(typeof parsed.source).toBe('string');
    }
    expect(parseHash('#src=%E0%A4%A').source).toBe(DEFAULTS.source);
  });

  it('an empty source in the hash stays empty', () => {
    expect(parseHash('#src=').source).toBe('');
  });

  it('sync loads the store from the hash, writes changes back and follows a hash typed by hand', () => {
    const win = fakeWindow('#lang=zh&src=abc');
    const stop = startHashSync(useAppStore, win);
    expect(useAppStore.getState().lang).toBe('zh');
    expect(useAppStore.getState().source).toBe('abc');

    useAppStore.getState().setSource('xyz');
    expect(parseHash(win.location.hash)).toEqual({ lang: 'zh', source: 'xyz' });

    win.navigate('#lang=en&src=q');
    expect(useAppStore.getState().lang).toBe('en');
    expect(useAppStore.getState().source).toBe('q');

    stop();
    useAppStore.getState().setLang('zh');
    expect(win.location.hash).toBe('#src=q');
  });
});
