import { afterEach, describe, expect, it } from 'vitest';
import { formatHash, parseHash, resetAppState, useAppStore } from '../../src/state';
import { DEFAULT_SETTINGS, SETTING_RANGES, TOY_DEFAULT_PA, readDecimal } from '../../src/state/slices/decoding';
import * as lab from '../../src/labs/decoding';
import { pageUserModel, staleUserModel } from '../../src/state/slices/models';
import { getTask } from '../../src/tasks';
import { smallBundle } from '../tour/helpers';

afterEach(() => resetAppState());

describe('decoding lab state in the URL hash', () => {
  it('every setting, the part, the tree step, the toy and the forced token round-trip through the hash', () => {
    const s = {
      ...useAppStore.getState(), view: 'decoding' as const, decTask: 'sort' as const, decSource: '337713237313', decPart: 'side' as const,
      strategy: 'sample' as const, width: 6, alpha: 0.6, temperature: 1.3, topK: 5, topP: 0.9, seed: 42, samples: 30,
      treeStep: 7, toy: [0.7, 0.5, 0.2] as [number, number, number], errStep: 3, errToken: 'x', natTask: 'reverse' as const, natSource: 'hello',
    };
    const hash = formatHash(s);
    for (const part of ['view=decoding', 'dtask=sort', 'dsrc=337713237313', 'part=side', 'strategy=sample', 'beam=6', 'alpha=0.6', 'temp=1.3', 'topk=5', 'topp=0.9', 'sseed=42', 'samples=30', 'tstep=7', 'toy=0.7%2C0.5%2C0.2', 'estep=4', 'etok=x', 'ntask=reverse', 'nsrc=hello']) {
      expect(hash).toContain(part);
    }
    const { state, malformed } = parseHash(hash);
    expect(malformed).toEqual([]);
    expect(state).toMatchObject({
      decTask: 'sort', decSource: '337713237313', decPart: 'side', strategy: 'sample', width: 6, alpha: 0.6, temperature: 1.3, topK: 5, topP: 0.9,
      seed: 42, samples: 30, treeStep: 7, toy: [0.7, 0.5, 0.2], errStep: 3, errToken: 'x', natTask: 'reverse', natSource: 'hello',
    });
  });

  it('the defaults stay out of the hash', () => {
    expect(formatHash({ ...useAppStore.getState(), view: 'decoding' })).toBe('#view=decoding');
    expect(parseHash('#view=decoding').state).toMatchObject({ strategy: 'beam', width: 4, alpha: 0, temperature: 1, topK: 0, topP: 1, seed: 1, treeStep: null });
  });

  it('a link with a value out of range or malformed falls back to the default and is reported', () => {
    for (const [hash, key] of [
      ['#beam=9', 'beam'], ['#beam=0', 'beam'], ['#beam=2.5', 'beam'], ['#alpha=3', 'alpha'], ['#temp=0', 'temp'], ['#temp=2.5', 'temp'],
      ['#topk=-1', 'topk'], ['#topp=0', 'topp'], ['#topp=1.5', 'topp'], ['#sseed=-3', 'sseed'], ['#samples=51', 'samples'], ['#strategy=best', 'strategy'],
      ['#part=pie', 'part'], ['#toy=0.5,2,0.1', 'toy'], ['#toy=0.5', 'toy'], ['#estep=0', 'estep'], ['#dtask=date-multi', 'dtask'], ['#ntask=sort', 'ntask'],
      ['#etok=ab', 'etok'], ['#temp=1e0', 'temp'],
    ] as const) {
      const { state, malformed } = parseHash(hash);
      expect(malformed, hash).toEqual([key]);
      expect(state, hash).toMatchObject({ width: 4, alpha: 0, temperature: 1, topK: 0, topP: 1, seed: 1, samples: 20, strategy: 'beam', decPart: 'tree', decTask: 'reverse' });
    }
  });

  it('reads plain decimals only, within the range', () => {
    expect(readDecimal('0.25', 0, 1)).toBe(0.25);
    expect(readDecimal('1', 0, 1)).toBe(1);
    expect(readDecimal('01', 0, 9)).toBeNull();
    expect(readDecimal('.5', 0, 1)).toBeNull();
    expect(readDecimal('2', 0, 1)).toBeNull();
    expect(readDecimal('1.5', 0, 9, true)).toBeNull();
  });

  it('another task or source starts the tree over; another width too', () => {
    useAppStore.setState({ treeStep: 3, errStep: 2, errToken: 'q' });
    useAppStore.getState().setDecTask('date');
    expect(useAppStore.getState()).toMatchObject({ decTask: 'date', decSource: '', treeStep: null, errStep: 0, errToken: '' });
    useAppStore.setState({ treeStep: 3 });
    useAppStore.getState().setSetting('width', 2);
    expect(useAppStore.getState()).toMatchObject({ width: 2, treeStep: null });
  });
});

describe('the store’s copy of the settings', () => {
  it('has the ranges and defaults of the decoding lab’s logic', () => {
    expect(SETTING_RANGES).toEqual(lab.SETTING_RANGES);
    expect(DEFAULT_SETTINGS).toEqual(lab.DEFAULT_SETTINGS);
    expect(TOY_DEFAULT_PA).toEqual([lab.TOY_DEFAULT.pA[''], lab.TOY_DEFAULT.pA.A, lab.TOY_DEFAULT.pA.B]);
  });
});

describe('the tour’s forced prefix in the hash', () => {
  it('round-trips as text and is dropped when the tour changes task', () => {
    const hash = formatHash({ ...useAppStore.getState(), source: 'jccmapfwunki', forced: 'ik' });
    expect(hash).toContain('force=ik');
    expect(parseHash(hash).state).toMatchObject({ forced: 'ik', source: 'jccmapfwunki' });
    expect(parseHash('#force=').malformed).toEqual(['force']);
    useAppStore.setState({ forced: 'ik' });
    useAppStore.getState().setTask('sort');
    expect(useAppStore.getState().forced).toBe('');
  });
});

describe('the decoding lab in the registry of models opened in the page', () => {
  afterEach(() => useAppStore.setState({ userModels: [] }));

  it('opening a model in the decoding lab switches to it, on the model’s own example, with the whole tree and the default forced token; the link names it', () => {
    useAppStore.setState({ view: 'train', decSource: 'zzz', treeStep: 3, errStep: 2, errToken: 'q' });
    const key = useAppStore.getState().addUserModel({ name: 'mine', origin: 'trained', bundle: smallBundle('reverse'), task: getTask('reverse'), json: '{}' });
    useAppStore.getState().openUserModel(key, 'decoding');
    const s = useAppStore.getState();
    expect(s).toMatchObject({ view: 'decoding', decodingModel: key, tourModel: null, decSource: '', treeStep: null, errStep: 0, errToken: '' });
    expect(pageUserModel(s, 'decoding')?.name).toBe('mine');
    expect(pageUserModel(s, 'tour')).toBeNull();
    expect(formatHash(s)).toContain(`dmodel=${key}`);
    // a link read after a reload: the key is kept, and found stale
    const { state, malformed } = parseHash(formatHash(s));
    expect(malformed).toEqual([]);
    expect(state.decodingModel).toBe(key);
    useAppStore.setState({ ...state, userModels: [] });
    expect(staleUserModel(useAppStore.getState(), 'decoding')).toBe(key);
    // a malformed key is refused with the usual notice
    expect(parseHash('#dmodel=User%20Model').malformed.length).toBe(1);
    useAppStore.getState().clearPageModel('decoding');
    expect(useAppStore.getState().decodingModel).toBeNull();
  });
});
