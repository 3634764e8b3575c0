// @vitest-environment jsdom
/**
 * The tour with models opened in the page: the task picker lists them, "Open a model…"
 * (the file picker) and a drop on the page open a .json + .safetensors pair, a pair that
 * does not fit is refused with the problem named while the model in use stays, a link to a
 * model of an earlier visit says that it cannot reopen, and inputs are checked against the
 * opened model's own vocabulary.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nProvider } from '../../../src/i18n';
import { resetAppState, useAppStore } from '../../../src/state';
import { TourPanel } from '../../../src/panels/tour/TourPanel';
import { setModelLoader } from '../../../src/panels/tour/useBundle';
import { writeBundle, type ModelBundle } from '../../../src/io/bundle';
import { loadModelFiles } from '../../../src/io/load';
import { fakeLoader, smallBundle } from '../../tour/helpers';

const bundles = ['reverse', 'sort', 'date', 'zh-numerals'].map((t) => smallBundle(t, 2));

function renderPanel() {
  return render(
    <I18nProvider lang="en">
      <TourPanel />
    </I18nProvider>,
  );
}

async function waitForWalk() {
  await screen.findByRole('navigation', { name: 'Model map' }, { timeout: 3000 });
  await act(async () => undefined);
}

/** A model of digits whose task no built-in task has: its own name and vocabulary. */
function digitsModel(): ModelBundle {
  const b = smallBundle('sort', 5);
  return { ...b, meta: { ...b.meta, task: 'my-digits', example: '2718' } };
}

function filesOf(b: ModelBundle, name: string): File[] {
  const f = writeBundle(b);
  return [new File([f.json], `${name}.json`, { type: 'application/json' }), new File([f.safetensors.slice()], `${name}.safetensors`)];
}

const taskPicker = () => screen.getByRole('combobox', { name: 'Task' }) as HTMLSelectElement;
const fileInput = () => screen.getByLabelText('Model files (.json and .safetensors)') as HTMLInputElement;

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  setModelLoader(fakeLoader(bundles));
  useAppStore.setState({ source: 'abc' });
});
afterEach(() => {
  cleanup();
  resetAppState();
  useAppStore.setState({ userModels: [] });
  vi.restoreAllMocks();
});

describe('the tour and models opened in the page', () => {
  it('"Open a model…" opens a pair from the file picker: the tour walks it, the picker lists it, inputs are checked against its own vocabulary', async () => {
    renderPanel();
    await waitForWalk();
    const open = screen.getByRole('button', { name: 'Open a model…' });
    expect(open.textContent).toBe('Open…');
    fireEvent.change(fileInput(), { target: { files: filesOf(digitsModel(), 'digits') } });
    await screen.findByText('Opened “digits” (digits.json + digits.safetensors).');
    const s = useAppStore.getState();
    expect(s.tourModel).toBe('user-digits');
    expect(s.source).toBe('2718');
    expect(taskPicker().value).toBe('user-digits');
    expect(screen.getByRole('option', { name: 'digits — from files' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Opened in this page' })).toBeTruthy();
    expect(screen.getByText(/^Opened from files · 1–13 characters from 0–9 \(its own vocabulary\)/)).toBeTruthy();
    await waitForWalk();
    // the walk runs on the opened model: its map and the source's tokens
    expect(screen.getByRole('heading', { level: 3, name: 'Tokens' })).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Source' }), { target: { value: '27a' } });
    expect(screen.getByRole('alert').textContent).toMatch(/“a” \(U\+0061\)/);
    // back to a built-in task
    fireEvent.change(taskPicker(), { target: { value: 'sort' } });
    expect(useAppStore.getState()).toMatchObject({ tourModel: null, task: 'sort' });
  });

  it('a pair that does not fit is refused with the problem named, and the model in use stays', async () => {
    renderPanel();
    await waitForWalk();
    const [json, st] = filesOf(bundles[0], 'broken');
    const bytes = new Uint8Array(await st.arrayBuffer());
    fireEvent.change(fileInput(), { target: { files: [json, new File([bytes.slice(0, bytes.length - 10)], 'broken.safetensors')] } });
    const alert = await screen.findByText(/^Not opened \(broken\.json \+ broken\.safetensors\): the \.safetensors file is truncated: .+\. The page keeps “reverse”\.$/);
    expect(alert).toBeTruthy();
    expect(useAppStore.getState()).toMatchObject({ tourModel: null, task: 'reverse', userModels: [] });
    expect(taskPicker().value).toBe('reverse');
    expect(screen.getByRole('navigation', { name: 'Model map' })).toBeTruthy();
    fireEvent.change(fileInput(), { target: { files: [json] } });
    await screen.findByText('Not opened (broken.json): a model is two files, a .json and a .safetensors; 1 were given. The page keeps “reverse”.');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/^Not opened/)).toBeNull();
  });

  it('a pair dropped on the page opens too', async () => {
    const { container } = renderPanel();
    await waitForWalk();
    const section = container.querySelector('section.tour')!;
    const dataTransfer = { files: filesOf(digitsModel(), 'dropped'), types: ['Files'], dropEffect: 'none' };
    fireEvent.dragEnter(section, { dataTransfer });
    expect(screen.getByText('Drop the model’s .json and .safetensors files to open it')).toBeTruthy();
    fireEvent.drop(section, { dataTransfer });
    await screen.findByText('Opened “dropped” (dropped.json + dropped.safetensors).');
    expect(useAppStore.getState().tourModel).toBe('user-dropped');
    expect(screen.queryByText('Drop the model’s .json and .safetensors files to open it')).toBeNull();
  });

  it('lists a model trained in the lab and switches between it and the shipped ones', async () => {
    const f = writeBundle(bundles[1]);
    const r = loadModelFiles(f.json, f.safetensors);
    if (!r.ok) throw new Error(r.message);
    const key = useAppStore.getState().addUserModel({ name: 'sort-lab-tiny-step500', origin: 'trained', bundle: r.bundle, task: r.task, json: f.json });
    renderPanel();
    await waitForWalk();
    fireEvent.change(taskPicker(), { target: { value: key } });
    expect(useAppStore.getState()).toMatchObject({ tourModel: key, view: 'tour', step: 0 });
    expect(screen.getByText(/^Trained in the lab · 1–12 characters from 0–9/)).toBeTruthy();
    fireEvent.change(taskPicker(), { target: { value: 'reverse' } });
    expect(useAppStore.getState().tourModel).toBeNull();
  });

  it('a link to a model opened in an earlier visit says it cannot reopen, and shows the task’s shipped model', async () => {
    useAppStore.setState({ tourModel: 'user-gone' });
    renderPanel();
    await waitForWalk();
    expect(screen.getByText(/This link names “user-gone”, a model opened in the page during an earlier visit\. Models opened in the page are not kept after a reload, so the shipped model of “reverse” is shown/)).toBeTruthy();
    expect(taskPicker().value).toBe('reverse');
    const notice = screen.getByText(/This link names/).closest('.notice')!;
    fireEvent.click(notice.querySelector('button')!);
    await waitFor(() => expect(useAppStore.getState().tourModel).toBeNull());
  });
});
