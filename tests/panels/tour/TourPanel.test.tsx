// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nProvider } from '../../../src/i18n';
import { resetAppState, useAppStore } from '../../../src/state';
import { TourPanel } from '../../../src/panels/tour/TourPanel';
import { setModelLoader } from '../../../src/panels/tour/useBundle';
import { App } from '../../../src/app/App';
import { getTask } from '../../../src/tasks';
import { runTour } from '../../../src/tour';
import { fakeLoader, smallBundle } from '../../tour/helpers';

const bundles = ['reverse', 'sort', 'date', 'zh-numerals'].map((t) => smallBundle(t, 2));

function renderPanel() {
  return render(
    <I18nProvider lang="en">
      <TourPanel />
    </I18nProvider>,
  );
}

const source = () => screen.getByRole('textbox', { name: 'Source' });
const next = () => screen.getByRole('button', { name: /Next step/ });
const output = () => screen.getByRole('status', { name: 'Output' });

async function waitForWalk() {
  await screen.findByRole('navigation', { name: 'Steps of the walk' }, { timeout: 3000 });
}

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null); // jsdom has no 2D canvas
  setModelLoader(fakeLoader(bundles));
  useAppStore.setState({ source: 'abc' });
});
afterEach(() => {
  cleanup();
  resetAppState();
  vi.restoreAllMocks();
});

describe('the tour panel', () => {
  it('has a Task combobox, a Source textbox and, once the model is loaded, the walk at its first step', async () => {
    renderPanel();
    expect(screen.getByRole('combobox', { name: 'Task' })).toBeTruthy();
    expect((source() as HTMLInputElement).value).toBe('abc');
    await waitForWalk();
    expect(screen.getByRole('heading', { level: 3, name: 'Tokens' })).toBeTruthy();
    expect(screen.getByText('Step 1 of', { exact: false })).toBeTruthy();
    expect((screen.getByRole('button', { name: /Previous step/ }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('Next step, the arrow keys, Home and End move through the walk', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.click(next());
    expect(screen.getByRole('heading', { level: 3, name: 'Embedding × √d' })).toBeTruthy();
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(screen.getByRole('heading', { level: 3, name: 'Positional encoding' })).toBeTruthy();
    fireEvent.keyDown(window, { key: 'ArrowLeft' });
    expect(useAppStore.getState().step).toBe(1);
    fireEvent.keyDown(window, { key: 'End' });
    expect(screen.getByRole('heading', { level: 3, name: 'Stop' })).toBeTruthy();
    expect((next() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(window, { key: 'Home' });
    expect(useAppStore.getState().step).toBe(0);
  });

  it('arrow keys typed in the source box move the caret, not the walk', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.keyDown(source(), { key: 'ArrowRight' });
    expect(useAppStore.getState().step).toBe(0);
  });

  it('at the end the output shown is the greedy decoding of the input, and the text says why it stopped', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.keyDown(window, { key: 'End' });
    const expected = runTour(getTask('reverse'), bundles[0], 'abc');
    if (!expected.ok) throw new Error('expected a run');
    expect(output().textContent).toBe(expected.run.output);
    const why = expected.run.result.stop === 'eos' ? /end-of-sequence token <eos>/ : /maximum length/;
    expect(screen.getByText(why)).toBeTruthy();
  });

  it('a step in the step list opens that step, and an attention heatmap names its kind, layer and head', async () => {
    renderPanel();
    await waitForWalk();
    const list = screen.getByRole('navigation', { name: 'Steps of the walk' });
    fireEvent.click(within(list).getAllByRole('button', { name: /Softmax: attention weights/ })[1]);
    expect(useAppStore.getState().layer).toBe(1);
    expect(screen.getByRole('img', { name: /encoder self-attention, layer 1, head 0/ })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Head' }), { target: { value: '1' } });
    expect(screen.getByRole('img', { name: /encoder self-attention, layer 1, head 1/ })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Layer' }), { target: { value: '0' } });
    expect(screen.getByRole('img', { name: /encoder self-attention, layer 0, head 1/ })).toBeTruthy();
  });

  it('decoder steps show the masked self-attention and the cross-attention of the chosen layer', async () => {
    renderPanel();
    await waitForWalk();
    const list = screen.getByRole('navigation', { name: 'Steps of the walk' });
    fireEvent.click(within(list).getAllByRole('button', { name: /Masked self-attention: the mask/ })[0]);
    expect(screen.getByRole('img', { name: /decoder self-attention, layer 0, head 0/ })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Layer' }), { target: { value: '1' } });
    expect(screen.getByRole('img', { name: /decoder self-attention, layer 1, head 0/ })).toBeTruthy();
    fireEvent.click(within(list).getAllByRole('button', { name: /Cross-attention/ })[0]);
    expect(screen.getByRole('img', { name: /cross-attention, layer 1, head 0/ })).toBeTruthy();
    expect(screen.getByText(/queries come from the decoder, the keys and values from the encoder memory/)).toBeTruthy();
  });

  it('the attention view switches between heatmap, lines and all layers and heads; a tile opens its head', async () => {
    renderPanel();
    await waitForWalk();
    const list = screen.getByRole('navigation', { name: 'Steps of the walk' });
    fireEvent.click(within(list).getAllByRole('button', { name: /Softmax: attention weights/ })[0]);
    fireEvent.click(screen.getByRole('button', { name: 'Lines' }));
    expect(screen.getByText(/Hover a token to see only its lines/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'All layers and heads' }));
    fireEvent.click(screen.getByRole('button', { name: /Open layer 1, head 1/ }));
    expect(useAppStore.getState()).toMatchObject({ layer: 1, head: 1, figure: 'heatmap' });
    expect(screen.getByRole('img', { name: /encoder self-attention, layer 1, head 1/ })).toBeTruthy();
  });

  it('characters outside the vocabulary are marked and named, and nothing is run', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.change(source(), { target: { value: 'ab!c' } });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Character 3 “!” (U+0021) is not in this model’s vocabulary');
    expect(within(alert).getByText('!', { selector: 'mark' })).toBeTruthy();
    expect(source().getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('navigation', { name: 'Steps of the walk' })).toBeNull();
  });

  it('an input longer than the model allows is refused with the limit named', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.change(source(), { target: { value: 'a'.repeat(13) } });
    expect(screen.getByRole('alert').textContent).toContain('Too long: 13 characters, this model takes at most 12');
  });

  it('nothing crashes on any text: empty, emoji, markup, very long', async () => {
    renderPanel();
    await waitForWalk();
    for (const text of ['', '😀👍🏽', '<script>alert(1)</script>', 'x'.repeat(1000), '\u0000\u200b', 'e\u0301']) {
      fireEvent.change(source(), { target: { value: text } });
      expect(screen.getByRole('alert').textContent!.length).toBeGreaterThan(0);
    }
    expect(document.querySelector('script')).toBeNull();
    fireEvent.change(source(), { target: { value: 'xyz' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('another task loads its model and puts its example in the source box', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.change(screen.getByRole('combobox', { name: 'Task' }), { target: { value: 'zh-numerals' } });
    expect((source() as HTMLInputElement).value).toBe('10010000');
    await screen.findByRole('navigation', { name: 'Steps of the walk' });
    expect(useAppStore.getState().task).toBe('zh-numerals');
  });

  it('a link to a step beyond the walk falls back to the start with a short notice', async () => {
    useAppStore.setState({ step: 9998 });
    renderPanel();
    await waitForWalk();
    expect(screen.getByRole('status', { name: '' }).textContent).toContain('starts from the beginning');
    expect(useAppStore.getState().step).toBe(0);
  });

  it('p turns presentation mode on and off', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.keyDown(window, { key: 'p' });
    expect(useAppStore.getState().presenting).toBe(true);
    expect(document.documentElement.classList.contains('presenting')).toBe(true);
    expect(screen.getByRole('button', { name: 'Leave presentation mode' })).toBeTruthy();
    fireEvent.keyDown(window, { key: 'p' });
    expect(document.documentElement.classList.contains('presenting')).toBe(false);
  });
});

describe('the tour in the app', () => {
  it('is the first page, and switching language keeps the step', async () => {
    render(<App />);
    await waitForWalk();
    act(() => useAppStore.getState().setStep(6, 0));
    expect(screen.getByRole('heading', { level: 3, name: 'Softmax: attention weights' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh' } });
    expect(screen.getByRole('heading', { level: 3, name: 'Softmax：注意力权重' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: '源序列' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /下一步/ })).toBeTruthy();
    expect(screen.getByRole('img', { name: /编码器自注意力，第 0 层，第 0 个头/ })).toBeTruthy();
    expect(useAppStore.getState().step).toBe(6);
  });
});
