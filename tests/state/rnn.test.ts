/** The RNN lab's state: its fields round-trip through the URL hash under keys of their own. */
import { beforeEach, describe, expect, it } from 'vitest';
import { formatHash, parseHash, resetAppState, useAppStore, HASH_FIELDS, VIEW_IDS } from '../../src/state';
import { RNN_DEFAULTS, rnnHashFields } from '../../src/state/slices/rnn';

describe('the RNN lab’s state', () => {
  beforeEach(() => resetAppState());

  it('is a page of its own', () => {
    expect(VIEW_IDS).toContain('rnn');
  });

  it('round-trips input, part, measure, model and stop through the hash (stops counted from 1)', () => {
    const state = { ...useAppStore.getState(), view: 'rnn' as const, rnnSource: 'attention', rnnPart: 'step' as const, rnnMetric: 'token' as const, rnnArch: 'rnn-attention' as const, rnnStep: 4 };
    const hash = formatHash(state);
    expect(hash).toBe('#view=rnn&rsrc=attention&rpart=step&rmetric=token&rarch=rnn-attention&rstep=5');
    const back = parseHash(hash);
    expect(back.malformed).toEqual([]);
    expect(back.state).toMatchObject({ rnnSource: 'attention', rnnPart: 'step', rnnMetric: 'token', rnnArch: 'rnn-attention', rnnStep: 4 });
  });

  it('defaults stay out of the hash; malformed values fall back and are reported', () => {
    expect(formatHash({ ...useAppStore.getState(), view: 'rnn' })).toBe('#view=rnn');
    const { state, malformed } = parseHash('#view=rnn&rpart=all&rmetric=x&rarch=gru&rstep=0&rsrc=');
    expect(malformed.sort()).toEqual(['rarch', 'rmetric', 'rpart', 'rsrc', 'rstep'].sort());
    expect(state).toMatchObject({ rnnPart: RNN_DEFAULTS.rnnPart, rnnMetric: 'exact', rnnArch: 'rnn-fixed', rnnStep: 0 });
  });

  it('uses keys no other page uses, all starting with r', () => {
    const keys = HASH_FIELDS.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of rnnHashFields) expect(f.key).toMatch(/^r[a-z]+$/);
  });

  it('a new input or model starts the step-through again; a step is clamped', () => {
    const s = useAppStore.getState();
    s.setRnnStep(7);
    s.setRnnSource('abc');
    expect(useAppStore.getState().rnnStep).toBe(0);
    s.setRnnStep(3);
    s.setRnnArch('rnn-attention');
    expect(useAppStore.getState().rnnStep).toBe(0);
    s.setRnnStep(-5);
    expect(useAppStore.getState().rnnStep).toBe(0);
    s.setRnnStep(1e6);
    expect(useAppStore.getState().rnnStep).toBe(63);
    s.setRnnSource('x'.repeat(100));
    expect(useAppStore.getState().rnnSource.length).toBe(64);
  });
});
