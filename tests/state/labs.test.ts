import { afterEach, describe, expect, it } from 'vitest';
import { formatHash, parseHash, resetAppState, useAppStore, HASH_FIELDS } from '../../src/state';
import { LAB_DEFAULTS, clampLabNumber, labsHashFields } from '../../src/state/slices/labs';

afterEach(() => resetAppState());

describe('labs slice and its hash fields', () => {
  it('writes nothing to the hash while every lab field is at its default', () => {
    expect(formatHash(useAppStore.getState())).toBe('');
  });

  it('round-trips every shareable lab field through the hash', () => {
    const s = useAppStore.getState();
    s.setView('cost');
    s.setNormKind('ln');
    s.setNormPreset('padding');
    s.setNormMode('eval');
    s.setLabNumber('scoringD', 256);
    s.setLabNumber('peLength', 80);
    s.setLabNumber('peDModel', 128);
    s.setLabNumber('costT', 4096);
    s.setLabNumber('costD', 64);
    s.setLabNumber('costK', 5);
    s.setLabNumber('costR', 32);
    s.setLabNumber('bertDraw', 12);
    const hash = formatHash(useAppStore.getState());
    expect(hash).toContain('norm=ln');
    expect(hash).toContain('T=4096');
    const { state, malformed } = parseHash(hash);
    expect(malformed).toEqual([]);
    expect(state).toMatchObject({
      view: 'cost', normKind: 'ln', normPreset: 'padding', normMode: 'eval', scoringD: 256, peLength: 80, peDModel: 128,
      costT: 4096, costD: 64, costK: 5, costR: 32, bertDraw: 12,
    });
  });

  it('a malformed or out-of-range value falls back to its default and is reported', () => {
    const { state, malformed } = parseHash('#norm=xx&npreset=nope&T=0&D=9999999&K=1.5&ped=63&sdim=-4&draw=abc&pelen=64&r=0');
    expect(malformed.sort()).toEqual(['D', 'K', 'T', 'draw', 'norm', 'npreset', 'ped', 'r', 'sdim'].sort());
    expect(state).toMatchObject({ normKind: 'bn', normPreset: 'scales', costT: LAB_DEFAULTS.costT, costD: LAB_DEFAULTS.costD, peDModel: LAB_DEFAULTS.peDModel, peLength: 64 });
  });

  it('no two hash fields of the page share a key', () => {
    const keys = HASH_FIELDS.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(labsHashFields.length).toBe(11);
  });

  it('setLabNumber clamps into range, rounds, and keeps d_model even', () => {
    expect(clampLabNumber('costT', 0)).toBe(1);
    expect(clampLabNumber('costT', 1e9)).toBe(8192);
    expect(clampLabNumber('scoringD', 3.4)).toBe(3);
    expect(clampLabNumber('peDModel', 63)).toBe(64);
    expect(clampLabNumber('peDModel', 256)).toBe(256);
    expect(clampLabNumber('costK', NaN)).toBe(LAB_DEFAULTS.costK);
    useAppStore.getState().setLabNumber('peDModel', 7);
    expect(useAppStore.getState().peDModel).toBe(8);
  });
});
