import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_EXPLORER_KEY, formatHash, parseHash, resetAppState, useAppStore } from '../../src/state';
import { isTraceKeyText } from '../../src/state/slices/explorer';

afterEach(() => resetAppState());

describe('the explorer’s state', () => {
  it('the pass and the entry round-trip through the hash, decoding steps counted from 1', () => {
    const s = useAppStore.getState();
    s.setView('trace');
    s.setExplorerPass(3);
    s.setExplorerKey('dec.1.cross_attn.weights');
    const hash = formatHash(useAppStore.getState());
    expect(hash).toContain('tpass=3');
    expect(hash).toContain('tkey=dec.1.cross_attn.weights');
    const { state, malformed } = parseHash(hash);
    expect(malformed).toEqual([]);
    expect(state).toMatchObject({ view: 'trace', explorerPass: 3, explorerKey: 'dec.1.cross_attn.weights' });
  });

  it('the defaults stay out of the link: the encoder and its first attention weights', () => {
    expect(formatHash(useAppStore.getState())).not.toMatch(/tpass|tkey/);
    expect(useAppStore.getState()).toMatchObject({ explorerPass: 0, explorerKey: DEFAULT_EXPLORER_KEY });
  });

  it('a malformed pass or key is reported and falls back to its default', () => {
    const { state, malformed } = parseHash('#tpass=0&tkey=<script>');
    expect(malformed.sort()).toEqual(['tkey', 'tpass']);
    expect(state).toMatchObject({ explorerPass: 0, explorerKey: DEFAULT_EXPLORER_KEY });
    expect(parseHash('#tpass=99999').malformed).toEqual(['tpass']);
  });

  it('knows what a trace key looks like, and setters refuse anything else', () => {
    for (const k of ['enc.embed', 'enc.memory', 'dec.12.self_attn.weights', 'enc.0.ffn.hidden', 'probs', 'logits']) expect(isTraceKeyText(k), k).toBe(true);
    for (const k of ['', 'enc', 'ENC.embed', 'enc..x', 'dec.1.', 'probs2', 'x'.repeat(70)]) expect(isTraceKeyText(k), k).toBe(false);
    useAppStore.getState().setExplorerKey('nonsense!');
    expect(useAppStore.getState().explorerKey).toBe(DEFAULT_EXPLORER_KEY);
    useAppStore.getState().setExplorerPass(-2);
    expect(useAppStore.getState().explorerPass).toBe(0);
  });
});
