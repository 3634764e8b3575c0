// @vitest-environment jsdom
/**
 * The architecture choice follows the worker's registry (src/workers/lab_archs.ts): with
 * one architecture there is no choice to make; with more, each is offered, and the one chosen
 * is built. An architecture without attention snapshots or a step anatomy says so.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../../src/i18n';
import { resetAppState, useAppStore } from '../../../src/state';
import { TrainLab } from '../../../src/panels/train/TrainLab';
import { setTrainWorkerFactory } from '../../../src/panels/train/session';
import { FakeWorker, LabRun } from './helpers';

vi.mock('../../../src/workers/lab_archs', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/workers/lab_archs')>();
  return { LAB_ARCHS: { ...real.LAB_ARCHS, 'rnn-attention': real.LAB_ARCHS.transformer, 'my-net': real.LAB_ARCHS.transformer } };
});

let worker: FakeWorker;
beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  worker = new FakeWorker();
  setTrainWorkerFactory(() => worker);
});
afterEach(() => {
  cleanup();
  setTrainWorkerFactory(() => new FakeWorker());
  resetAppState();
  vi.restoreAllMocks();
});

describe('architectures in the training lab', () => {
  it('offers every architecture the worker has, named when the catalog knows it, and builds the one chosen', () => {
    render(<I18nProvider lang="en"><TrainLab /></I18nProvider>);
    const pick = screen.getByRole('combobox', { name: 'Architecture' }) as HTMLSelectElement;
    expect([...pick.options].map((o) => o.textContent)).toEqual(['Transformer', 'RNN, fixed context vector', 'RNN with attention', 'my-net']);
    fireEvent.change(pick, { target: { value: 'rnn-attention' } });
    expect(useAppStore.getState().trainArch).toBe('rnn-attention');
    expect(worker.last('init')).toMatchObject({ arch: 'rnn-attention' });
    expect(screen.getByRole('heading', { level: 2, name: 'Train a model: RNN with attention' })).toBeTruthy();
  });

  it('an architecture that records no attention and no step anatomy says so', () => {
    render(<I18nProvider lang="en"><TrainLab /></I18nProvider>);
    const run = new LabRun();
    act(() => worker.emit(run.ready()));
    const p = run.progress(1);
    if (p.type !== 'progress') throw new Error('progress');
    act(() => worker.emit({ ...p, snapshots: [], anatomy: null }));
    fireEvent.click(screen.getByRole('tab', { name: 'Attention' }));
    expect(screen.getByText('This architecture records no attention to show.')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'One training step' }));
    expect(screen.getByText('This architecture does not show what one step computes.')).toBeTruthy();
  });

  it('a link to an architecture this page cannot train says so and trains the Transformer', () => {
    useAppStore.setState({ trainArch: 'gpt' });
    render(<I18nProvider lang="en"><TrainLab /></I18nProvider>);
    expect(screen.getByText(/^This link asks for the architecture “gpt”, which this page cannot train/)).toBeTruthy();
    expect(worker.last('init')).toMatchObject({ arch: 'transformer' });
  });
});
