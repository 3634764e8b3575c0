// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nProvider, type Lang } from '../../../src/i18n';
import { resetAppState, useAppStore } from '../../../src/state';
import { TrainLab } from '../../../src/panels/train/TrainLab';
import { setTrainWorkerFactory } from '../../../src/panels/train/session';
import { FakeWorker, LabRun } from './helpers';

let worker: FakeWorker;
let run: LabRun;

function renderLab(lang: Lang = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <TrainLab />
    </I18nProvider>,
  );
}

const emit = (e: Parameters<FakeWorker['emit']>[0]) => act(() => worker.emit(e));
const status = () => screen.getByRole('status', { name: 'Training progress' });
const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

beforeEach(() => {
  run = new LabRun();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  worker = new FakeWorker();
  setTrainWorkerFactory(() => worker);
  useAppStore.setState({ view: 'train' });
});

afterEach(() => {
  cleanup();
  setTrainWorkerFactory(() => new FakeWorker());
  resetAppState();
  useAppStore.setState({ userModels: [] });
  vi.restoreAllMocks();
});

describe('the training lab', () => {
  it('builds the model in the worker from the preset and says so until it is ready', () => {
    renderLab();
    expect(worker.types()).toEqual(['init']);
    const init = worker.last('init')!;
    expect(init.arch).toBe('transformer');
    expect(init.options).toMatchObject({ task: 'reverse', maxInputLen: 6, size: 'tiny', batchSize: 32, lrFactor: 1, mode: 'teacher-forcing', guided: null });
    expect(status().textContent).toBe('Building the model…');
    for (const name of ['Play', 'Step', 'Reset', 'Download model', 'Open in the tour']) expect(button(name).disabled, name).toBe(true);
  });

  it('has Play, Pause, Step and Reset, and a status with the step and the loss', () => {
    renderLab();
    emit(run.ready());
    expect(status().textContent).toBe('Step 0 · loss — · paused');
    expect(button('Play').disabled).toBe(false);
    expect(button('Pause').disabled).toBe(true);
    fireEvent.click(button('Play'));
    expect(worker.types()).toContain('play');
    emit({ type: 'state', running: true, step: 0, reason: 'play' });
    expect(button('Play').disabled).toBe(true);
    expect(button('Step').disabled).toBe(true);
    expect(button('Pause').disabled).toBe(false);
    const p = run.progress(3, true);
    emit(p);
    const last = p.type === 'progress' ? p.points[p.points.length - 1] : null;
    expect(status().textContent).toBe(`Step 3 · loss ${last!.loss.toFixed(3)} · training`);
    fireEvent.click(button('Pause'));
    expect(worker.types()).toContain('pause');
    emit({ type: 'state', running: false, step: 3, reason: 'pause' });
    expect(status().textContent).toContain('paused');
    fireEvent.click(button('Step'));
    expect(worker.last('step')).toEqual({ type: 'step', count: 1 });
    fireEvent.click(button('Reset'));
    expect(worker.types()).toContain('reset');
  });

  it('sends a changed setting to the worker, and a new task starts a new model (its history cleared)', () => {
    renderLab();
    emit(run.ready());
    emit(run.progress(2));
    fireEvent.change(screen.getByRole('slider', { name: 'Batch size' }), { target: { value: '1' } });
    expect(worker.last('setOptions')).toEqual({ type: 'setOptions', options: { batchSize: 16 } });
    expect(useAppStore.getState().trainBatch).toBe(16);
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Decoder input' })).getByRole('radio', { name: 'Scheduled sampling' }));
    expect(worker.last('setOptions')!.options).toMatchObject({ mode: 'scheduled-sampling' });
    fireEvent.click(screen.getByRole('radio', { name: 'inverse sigmoid' }));
    expect(worker.last('setOptions')!.options).toEqual({ schedule: 'inverse-sigmoid' });
    fireEvent.click(screen.getByRole('checkbox', { name: /Guided attention/ }));
    expect(worker.last('setOptions')!.options).toEqual({ guided: { weight: 10, sigma: 0.2, layers: null, heads: null, prior: 'anti-diagonal' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Task' }), { target: { value: 'sort' } });
    expect(worker.last('setOptions')!.options).toMatchObject({ task: 'sort' });
    expect(useAppStore.getState().trainTask).toBe('sort');
    emit({ ...run.ready(), cause: 'options' } as never);
    expect(status().textContent).toBe('Step 0 · loss — · paused');
  });

  it('draws the loss, validation both ways, accuracy by position and steps per second, each named with its latest numbers', () => {
    renderLab();
    emit(run.ready());
    const p = run.progress(4, true, 500);
    emit(p);
    if (p.type !== 'progress') throw new Error('progress');
    const v = p.validations[0];
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    expect(screen.getByRole('img', { name: `Training loss; at step 4 the loss is ${p.points[3].loss.toFixed(3)}` })).toBeTruthy();
    expect(screen.getByRole('img', {
      name: `Validation at step 4 (0.5 s of training): token accuracy ${pct(v.teacherForced.tokenAccuracy)} teacher-forced, ${pct(v.freeRunning.tokenAccuracy)} free-running; exact match ${pct(v.freeRunning.exactMatch)}`,
    })).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Accuracy by position at step 4; free-running is -?\d+\.\d points below teacher-forced/ })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Steps per second; now 8.0' })).toBeTruthy();
    // why exact match is the same both ways is said on the page
    expect(screen.getByText(/Exact match is the same both ways/)).toBeTruthy();
  });

  it('a chart reads its points with the arrow keys', () => {
    renderLab();
    emit(run.ready());
    const p = run.progress(3);
    emit(p);
    if (p.type !== 'progress') throw new Error('progress');
    const chart = screen.getByRole('img', { name: /^Training loss;/ });
    fireEvent.keyDown(chart, { key: 'ArrowRight' });
    expect(screen.getAllByText(new RegExp(`^step 3: loss ${p.points[2].loss.toFixed(3)}`)).length).toBeGreaterThan(0);
    fireEvent.keyDown(chart, { key: 'Home' });
    expect(screen.getAllByText(new RegExp(`^step 1: loss ${p.points[0].loss.toFixed(3)}`)).length).toBeGreaterThan(0);
  });

  it('shows the fixed example’s cross-attention and a self-attention head, and scrubs back through the snapshots', () => {
    renderLab();
    emit(run.ready());
    emit(run.progress(1));
    emit(run.progress(2));
    fireEvent.click(screen.getByRole('tab', { name: 'Attention' }));
    expect(screen.getByRole('tab', { name: 'Attention' }).getAttribute('aria-selected')).toBe('true');
    expect(useAppStore.getState().trainPart).toBe('attention');
    expect(screen.getByRole('img', { name: 'Cross-attention weights of decoder layer 1, head 1, at step 3' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Self-attention weights of decoder layer 1, head 1, at step 3' })).toBeTruthy();
    const scrub = screen.getByRole('slider', { name: 'Snapshot' });
    expect(scrub.getAttribute('aria-valuetext')).toBe('step 3 (2 of 2)');
    fireEvent.change(scrub, { target: { value: '0' } });
    expect(screen.getByRole('img', { name: 'Cross-attention weights of decoder layer 1, head 1, at step 1' })).toBeTruthy();
    // pinned: a new snapshot does not move it; "Follow training" goes back to the newest
    emit(run.progress(1));
    expect(screen.getByRole('img', { name: 'Cross-attention weights of decoder layer 1, head 1, at step 1' })).toBeTruthy();
    fireEvent.click(button('Follow training'));
    expect(screen.getByRole('img', { name: 'Cross-attention weights of decoder layer 1, head 1, at step 4' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Cross-attention' }), { target: { value: '2' } });
    expect(screen.getByRole('img', { name: 'Cross-attention weights of decoder layer 1, head 3, at step 4' })).toBeTruthy();
    // for reverse, the share of weight on the true alignment is computed
    expect(screen.getByText(/^Head 3 puts \d+% of its weight on reverse’s true alignment/)).toBeTruthy();
  });

  it('shows what one step computes: positions, the causal mask, each cross-entropy and their mean; the switch shows scheduled sampling', () => {
    renderLab();
    emit(run.ready());
    const p = run.progress(2);
    emit(p);
    if (p.type !== 'progress' || !p.anatomy) throw new Error('progress');
    fireEvent.click(screen.getByRole('tab', { name: 'One training step' }));
    const a = p.anatomy.teacherForcing;
    const T = a.positions.length;
    expect(screen.getByRole('img', { name: `Predicted distribution, target and cross-entropy at each of ${T} positions; their mean is ${a.loss.toFixed(3)}` })).toBeTruthy();
    expect(screen.getByRole('img', { name: `Causal mask of ${T} decoder positions` })).toBeTruthy();
    const mean = a.positions.reduce((s, q) => s + q.crossEntropy, 0) / T;
    expect(screen.getByText(new RegExp(`/ ${T} = ${mean.toFixed(3)}$`))).toBeTruthy();
    const fig = screen.getByRole('img', { name: /^Predicted distribution/ });
    fireEvent.keyDown(fig, { key: 'ArrowDown' });
    fireEvent.keyDown(fig, { key: 'ArrowDown' });
    expect(screen.getAllByText(new RegExp(`^Position 2: input “[^”]+”, target “[^”]+”, p\\(target\\) = ${a.positions[1].probs[a.positions[1].target].toFixed(3)}, cross-entropy ${a.positions[1].crossEntropy.toFixed(3)}`)).length).toBeGreaterThan(0);
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Show the step with' })).getByRole('radio', { name: 'Scheduled sampling' }));
    expect(useAppStore.getState().trainAnatomy).toBe('scheduled-sampling');
    const s = p.anatomy.scheduledSampling;
    const k = s.positions.filter((q) => q.sampled).length;
    expect(k).toBe(T - 1);
    expect(screen.getByText(new RegExp(`\\(${k} of ${T - 1} here, marked\\)`))).toBeTruthy();
    expect(screen.getByRole('img', { name: `Predicted distribution, target and cross-entropy at each of ${T} positions; their mean is ${s.loss.toFixed(3)}` })).toBeTruthy();
    fireEvent.change(screen.getByRole('slider', { name: 'Probability p' }), { target: { value: '0' } });
    expect(worker.last('setOptions')!.options).toEqual({ anatomySampling: 0.25 });
  });

  it('downloads the model as .safetensors and .json', async () => {
    const urls: Blob[] = [];
    const names: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      urls.push(b as Blob);
      return 'blob:x';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    renderLab();
    emit(run.ready());
    emit(run.progress(1));
    fireEvent.click(button('Download model'));
    expect(worker.types()).toContain('requestModel');
    const m = run.model();
    await act(async () => worker.emit(m));
    if (m.type !== 'model') throw new Error('model');
    expect(names).toEqual([`${m.name}.safetensors`, `${m.name}.json`]);
    expect(urls[1].size).toBe(new TextEncoder().encode(m.json).length);
    expect(screen.getByText(`Saved ${m.name}.safetensors and ${m.name}.json.`)).toBeTruthy();
  });

  it('opens the trained model in the tour with one click, reading its files as a pair from elsewhere would be read', async () => {
    renderLab();
    emit(run.ready());
    emit(run.progress(1));
    fireEvent.click(button('Open in the tour'));
    const m = run.model();
    await act(async () => worker.emit(m));
    const s = useAppStore.getState();
    expect(s.view).toBe('tour');
    expect(s.userModels).toHaveLength(1);
    expect(s.userModels[0]).toMatchObject({ origin: 'trained', key: s.tourModel });
    expect(s.userModels[0].task.maxSrcLen).toBe(6);
    expect(s.source).toBe(s.userModels[0].task.example);
  });

  it('opens the trained model in the decoding lab with one click', async () => {
    renderLab();
    emit(run.ready());
    emit(run.progress(1));
    fireEvent.click(button('Open in the decoding lab'));
    await act(async () => worker.emit(run.model()));
    const s = useAppStore.getState();
    expect(s.view).toBe('decoding');
    expect(s.userModels).toHaveLength(1);
    expect(s.userModels[0]).toMatchObject({ origin: 'trained', key: s.decodingModel });
    expect(s.tourModel).toBeNull();
    expect(s.decSource).toBe('');
  });

  it('leaving the page while training pauses it; a refused request is shown', () => {
    const { unmount } = renderLab();
    emit(run.ready());
    emit({ type: 'state', running: true, step: 0, reason: 'play' });
    emit({ type: 'error', request: 'step', message: 'training is running; pause before stepping' });
    expect(screen.getByRole('alert').textContent).toBe('The training worker could not do “step”: training is running; pause before stepping');
    unmount();
    expect(worker.types().at(-1)).toBe('pause');
  });

  it('speaks Chinese', () => {
    renderLab('zh');
    emit(run.ready());
    expect(screen.getByRole('status', { name: '训练进度' }).textContent).toBe('第 0 步 · 损失 — · 已暂停');
    for (const name of ['开始', '暂停', '单步', '重置', '下载模型', '在导览中打开']) expect(screen.getByRole('button', { name })).toBeTruthy();
    expect(within(screen.getByRole('tablist')).getAllByRole('tab').map((t) => t.textContent)).toEqual(['训练进度', '注意力', '一步训练']);
  });
});
