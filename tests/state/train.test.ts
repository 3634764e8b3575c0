import { formatHash, parseHash, resetAppState, useAppStore } from '../../src/state';
import { TRAIN_DEFAULTS, cleanTrainPatch, presetSettings } from '../../src/state/slices/train';
import {
  USER_MODEL_PREFIX, isUserModelKey, modelSlug, pageUserModel, staleUserModel, userModelKey, type UserModel,
} from '../../src/state/slices/models';
import { TASK_PRESETS } from '../../src/labs/train';
import { smallBundle } from '../tour/helpers';
import { getTask } from '../../src/tasks';

afterEach(() => {
  resetAppState();
  useAppStore.setState({ userModels: [] });
});

describe('the training lab in the URL hash', () => {
  it('every setting round-trips through the hash under keys of its own', () => {
    const s = {
      ...useAppStore.getState(), view: 'train' as const, trainArch: 'rnn-attention', trainTask: 'sort' as const, trainLen: 9, trainSize: 'small' as const,
      trainLr: 0.5, trainBatch: 64, trainMode: 'scheduled-sampling' as const, trainSchedule: 'inverse-sigmoid' as const, trainGuided: true,
      trainPart: 'step' as const, trainAnatomy: 'scheduled-sampling' as const,
    };
    const hash = formatHash(s);
    expect(hash).toBe('#view=train&tarch=rnn-attention&ttask=sort&tlen=9&tsize=small&tlr=0.5&tbatch=64&tmode=ss&tsched=inverse-sigmoid&tguided=1&tpart=step&tstepview=ss');
    const { state, malformed } = parseHash(hash);
    expect(malformed).toEqual([]);
    expect(state).toMatchObject({
      view: 'train', trainArch: 'rnn-attention', trainTask: 'sort', trainLen: 9, trainSize: 'small', trainLr: 0.5, trainBatch: 64,
      trainMode: 'scheduled-sampling', trainSchedule: 'inverse-sigmoid', trainGuided: true, trainPart: 'step', trainAnatomy: 'scheduled-sampling',
    });
  });

  it('the preset is the default and stays out of the hash', () => {
    expect(formatHash({ ...useAppStore.getState(), view: 'train' })).toBe('#view=train');
    expect(parseHash('#view=train').state).toMatchObject(TRAIN_DEFAULTS);
    expect(TRAIN_DEFAULTS).toMatchObject({ trainLen: TASK_PRESETS.reverse.maxInputLen, trainLr: TASK_PRESETS.reverse.lrFactor, trainBatch: TASK_PRESETS.reverse.batchSize });
  });

  it('a value out of range or malformed falls back to the preset and is reported', () => {
    for (const [hash, key] of [
      ['#ttask=date', 'ttask'], ['#tlen=1', 'tlen'], ['#tlen=13', 'tlen'], ['#tlen=6.5', 'tlen'], ['#tsize=huge', 'tsize'], ['#tlr=3', 'tlr'],
      ['#tlr=-1', 'tlr'], ['#tbatch=33', 'tbatch'], ['#tmode=teacher', 'tmode'], ['#tsched=cosine', 'tsched'], ['#tguided=yes', 'tguided'],
      ['#tpart=all', 'tpart'], ['#tarch=RNN!', 'tarch'], ['#tstepview=x', 'tstepview'],
    ] as const) {
      const { state, malformed } = parseHash(hash);
      expect(malformed, hash).toEqual([key]);
      expect(state).toMatchObject(TRAIN_DEFAULTS);
    }
  });

  it('settings set from the page are brought into their ranges', () => {
    expect(cleanTrainPatch({ trainLen: 40, trainLr: 0.3, trainBatch: 50 })).toEqual({ trainLen: 12, trainLr: 0.25, trainBatch: 64 });
    expect(cleanTrainPatch({ trainLen: 0 })).toEqual({ trainLen: 2 });
    useAppStore.getState().setTrain({ trainBatch: 100, trainGuided: true });
    expect(useAppStore.getState()).toMatchObject({ trainBatch: 128, trainGuided: true });
  });

  it('"back to the preset" restores the task’s preset and keeps the task', () => {
    useAppStore.setState({ trainTask: 'sort', trainLen: 10, trainLr: 4, trainMode: 'scheduled-sampling', trainGuided: true });
    useAppStore.getState().resetTrainPreset();
    expect(useAppStore.getState()).toMatchObject({ trainTask: 'sort', ...presetSettings('sort') });
  });
});

function userModel(name: string, origin: UserModel['origin'] = 'files', json = `{"n":"${name}"}`): Omit<UserModel, 'key'> {
  return { name, origin, bundle: smallBundle('reverse', 1), task: getTask('reverse'), json };
}

describe('models opened in the page', () => {
  it('a model gets a key of ASCII letters, digits and dashes, unique in the page', () => {
    expect(modelSlug('My Model (v2).json')).toBe('my-model-v2-json');
    expect(modelSlug('翻译模型')).toBe('model');
    expect(userModelKey('reverse', new Set())).toBe(`${USER_MODEL_PREFIX}reverse`);
    expect(userModelKey('reverse', new Set(['user-reverse', 'user-reverse-2']))).toBe('user-reverse-3');
    expect(isUserModelKey('user-reverse-lab-tiny-step500')).toBe(true);
    for (const bad of ['reverse', 'user-', 'user-A', 'user-a b', `user-${'a'.repeat(80)}`]) expect(isUserModelKey(bad), bad).toBe(false);
  });

  it('adding a model returns its key; the same model opened again keeps its key, another one with the same name gets a new one', () => {
    const s = useAppStore.getState();
    const a = s.addUserModel(userModel('mine'));
    expect(useAppStore.getState().addUserModel(userModel('mine'))).toBe(a);
    const b = useAppStore.getState().addUserModel(userModel('mine', 'files', '{"other":1}'));
    expect([a, b]).toEqual(['user-mine', 'user-mine-2']);
    expect(useAppStore.getState().userModels.map((m) => m.key)).toEqual(['user-mine', 'user-mine-2']);
  });

  it('opening a model in the tour switches to the tour, on the model’s own example, from the first step', () => {
    useAppStore.setState({ view: 'train', step: 40, source: 'zzz' });
    const key = useAppStore.getState().addUserModel(userModel('mine'));
    useAppStore.getState().openUserModel(key, 'tour');
    const s = useAppStore.getState();
    expect(s).toMatchObject({ view: 'tour', tourModel: key, step: 0, source: getTask('reverse').example });
    expect(pageUserModel(s, 'tour')?.name).toBe('mine');
    expect(formatHash(s)).toContain(`model=${key}`);
    useAppStore.getState().clearPageModel('tour');
    expect(useAppStore.getState().tourModel).toBeNull();
  });

  it('a link naming a model opened in an earlier visit is read, and found stale: models opened in the page do not survive a reload', () => {
    const { state, malformed } = parseHash('#model=user-reverse-lab-tiny-step500');
    expect(malformed).toEqual([]);
    expect(state.tourModel).toBe('user-reverse-lab-tiny-step500');
    useAppStore.setState(state);
    expect(staleUserModel(useAppStore.getState(), 'tour')).toBe('user-reverse-lab-tiny-step500');
    expect(pageUserModel(useAppStore.getState(), 'tour')).toBeNull();
    expect(parseHash('#model=reverse').malformed).toEqual(['model']);
  });
});
