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
  await screen.findByRole('navigation', { name: 'Model map' }, { timeout: 3000 });
  // let the effects of that render run (key listeners, the check of the link)
  await act(async () => undefined);
}

/** Lets the source settle (the model runs 120 ms after the last keystroke) and the effects run. */
async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 250));
  });
}

/** Opens the list of every step and picks the n-th step whose label matches. */
function pickStep(name: RegExp, n = 0) {
  if (!screen.queryByRole('listbox', { name: 'Steps of the walk' })) fireEvent.click(screen.getByRole('button', { name: 'All steps' }));
  const list = screen.getByRole('listbox', { name: 'Steps of the walk' });
  fireEvent.click(within(list).getAllByRole('option', { name })[n]);
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

  it('Next step, the arrow keys, PageDown / PageUp (clickers), Home and End move through the walk', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.click(next());
    expect(screen.getByRole('heading', { level: 3, name: 'Embedding × √d' })).toBeTruthy();
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(screen.getByRole('heading', { level: 3, name: 'Positional encoding' })).toBeTruthy();
    fireEvent.keyDown(window, { key: 'ArrowLeft' });
    expect(useAppStore.getState().step).toBe(1);
    fireEvent.keyDown(window, { key: 'PageDown' });
    expect(useAppStore.getState().step).toBe(2);
    fireEvent.keyDown(window, { key: 'PageUp' });
    expect(useAppStore.getState().step).toBe(1);
    fireEvent.keyDown(window, { key: 'End' });
    expect(screen.getByRole('heading', { level: 3, name: 'Stop' })).toBeTruthy();
    expect((next() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(window, { key: 'Home' });
    expect(useAppStore.getState().step).toBe(0);
  });

  it('arrow keys typed in the source box move the caret, not the walk; a select does not capture them', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.keyDown(source(), { key: 'ArrowRight' });
    expect(useAppStore.getState().step).toBe(0);
    const task = screen.getByRole('combobox', { name: 'Task' });
    expect(fireEvent.keyDown(task, { key: 'ArrowRight' })).toBe(false);
    expect(useAppStore.getState().step).toBe(1);
    expect(useAppStore.getState().task).toBe('reverse');
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

  it('a step in the step list opens that step, and an attention heatmap names its kind, layer and head, counted from 1', async () => {
    renderPanel();
    await waitForWalk();
    pickStep(/Softmax: attention weights/, 1);
    expect(screen.getByText('Encoder layer 2 of 2')).toBeTruthy();
    expect(screen.getByRole('img', { name: /encoder self-attention, layer 2, head 1/ })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Head' }), { target: { value: '1' } });
    expect(screen.getByRole('img', { name: /encoder self-attention, layer 2, head 2/ })).toBeTruthy();
    expect(screen.getAllByRole('option', { name: /^Head \d$/ }).map((o) => o.textContent)).toEqual(['Head 1', 'Head 2']);
    fireEvent.change(screen.getByRole('combobox', { name: 'Layer' }), { target: { value: '0' } });
    expect(screen.getByRole('img', { name: /encoder self-attention, layer 1, head 2/ })).toBeTruthy();
    expect(useAppStore.getState().step).toBe(3 + 3);
  });

  it('every decoder layer is walked: masked self-attention, cross-attention with the memory, each layer its own steps', async () => {
    renderPanel();
    await waitForWalk();
    pickStep(/L1 · Masked self-attention: the mask/);
    expect(screen.getByText('Decoding step 1 · decoder layer 1 of 2')).toBeTruthy();
    expect(screen.getByRole('img', { name: /decoder self-attention, layer 1, head 1/ })).toBeTruthy();
    // the first decoding step: a 1×1 self-attention, and the page says why nothing is masked
    expect(screen.getByText(/nothing to mask/)).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Layer' }), { target: { value: '1' } });
    expect(screen.getByText('Decoding step 1 · decoder layer 2 of 2')).toBeTruthy();
    expect(screen.getByRole('img', { name: /decoder self-attention, layer 2, head 1/ })).toBeTruthy();
    pickStep(/L2 · Cross-attention: Q from the decoder/);
    expect(screen.getAllByRole('img').length).toBe(3);
    expect(screen.getByText(/dec\.1\.cross_attn\.k \[1,2,4,8\]/)).toBeTruthy();
    pickStep(/L2 · Cross-attention: weights/);
    expect(screen.getByRole('img', { name: /cross-attention, layer 2, head 1/ })).toBeTruthy();
    // each row names the decoder input and the token that position goes on to predict
    const run = runTour(getTask('reverse'), bundles[0], 'abc');
    if (!run.ok) throw new Error('expected a run');
    const first = run.run.tgtTokens[0] === '<eos>' ? 'EOS' : run.run.tgtTokens[0];
    expect(screen.getByText(`BOS → ${first}`)).toBeTruthy();
    pickStep(/L2 · Cross-attention: weighted sum/);
    pickStep(/Final LayerNorm of the decoder/);
    expect(screen.getByText(/nn\.Transformer ends the decoder stack with one more LayerNorm/)).toBeTruthy();
  });

  it('the attention view switches between heatmap, lines and all layers and heads; a tile opens its head', async () => {
    renderPanel();
    await waitForWalk();
    pickStep(/Softmax: attention weights/);
    fireEvent.click(screen.getByRole('button', { name: 'Lines' }));
    expect(screen.getByText(/Hover a token to see only its lines/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'All layers and heads' }));
    fireEvent.click(screen.getByRole('button', { name: /Open layer 2, head 2/ }));
    expect(useAppStore.getState()).toMatchObject({ head: 1, figure: 'heatmap' });
    expect(screen.getByRole('img', { name: /encoder self-attention, layer 2, head 2/ })).toBeTruthy();
  });

  it('the model map names every block by its place, marks the current one, and a click goes to its first step', async () => {
    renderPanel();
    await waitForWalk();
    const map = screen.getByRole('navigation', { name: 'Model map' });
    expect(within(map).getByRole('button', { name: 'Encoder layer 1: Self-attention' })).toBeTruthy();
    expect(within(map).getAllByRole('button', { name: /^Decoder layer 2: Cross-attention/ }).length).toBe(1);
    expect(within(map).getByRole('button', { current: 'step' }).getAttribute('aria-label')).toMatch(/^Source tokens: a b c EOS/);
    fireEvent.click(within(map).getByRole('button', { name: 'Encoder layer 2: Feed-forward' }));
    expect(screen.getByRole('heading', { level: 3, name: 'Feed-forward network' })).toBeTruthy();
    expect(screen.getByText('Encoder layer 2 of 2')).toBeTruthy();
    expect(within(map).getByRole('button', { current: 'step' }).getAttribute('aria-label')).toMatch(/^Encoder layer 2: Feed-forward/);
    // a decoder block opens its step in the decoding step being looked at
    fireEvent.click(screen.getByRole('button', { name: 'Next token' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next token' }));
    fireEvent.click(within(map).getByRole('button', { name: /^Decoder layer 1: Cross-attention/ }));
    expect(screen.getByText('Decoding step 2 · decoder layer 1 of 2')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 3, name: 'Cross-attention: Q from the decoder, K and V from the memory' })).toBeTruthy();
  });

  it('characters outside the vocabulary are marked and named, and nothing is run', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.change(source(), { target: { value: 'ab!c' } });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Character 3 “!” (U+0021) is not in this model’s vocabulary');
    expect(within(alert).getByText('!', { selector: 'mark' })).toBeTruthy();
    expect(source().getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('heading', { level: 3 })).toBeNull();
  });

  it('an input longer than the model allows is refused with the limit named; a paste longer than it is cut, and says so', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.change(source(), { target: { value: 'a'.repeat(13) } });
    expect(screen.getByRole('alert').textContent).toContain('Too long: 13 characters, this model takes at most 12');
    fireEvent.change(source(), { target: { value: '' } });
    fireEvent.paste(source(), { clipboardData: { getData: () => 'abcdefghijklmnopqrst' } });
    expect((source() as HTMLInputElement).value).toBe('abcdefghijkl');
    expect(screen.getByText('The pasted text was cut to 12 characters, the longest input this model takes.')).toBeTruthy();
  });

  it('input in the other case is folded to the vocabulary’s, and the page says it folded', async () => {
    useAppStore.setState({ task: 'date', source: 'nov 22, 2026' });
    renderPanel();
    await waitForWalk();
    fireEvent.change(source(), { target: { value: 'NOV 22, 2026' } });
    expect((source() as HTMLInputElement).value).toBe('nov 22, 2026');
    expect(screen.getByText(/was written in lower case: “nov 22, 2026”/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
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

  it('another task loads its model and puts its example in the source box, from the first step', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.click(next());
    fireEvent.change(screen.getByRole('combobox', { name: 'Task' }), { target: { value: 'zh-numerals' } });
    expect((source() as HTMLInputElement).value).toBe('10010000');
    await screen.findByRole('heading', { level: 3, name: 'Tokens' });
    expect(useAppStore.getState()).toMatchObject({ task: 'zh-numerals', step: 0 });
  });

  it('changing the source keeps the kind of step when the new walk has it, and otherwise goes back to step 1', async () => {
    renderPanel();
    await waitForWalk();
    pickStep(/Softmax: attention weights/, 1);
    const at = useAppStore.getState().step;
    fireEvent.change(source(), { target: { value: 'abcdefgh' } });
    await settle();
    expect(screen.getByText(/\[1,2,9,9\]/)).toBeTruthy();
    expect(useAppStore.getState().step).toBe(at);
    // a decoding step the new output does not reach
    fireEvent.keyDown(window, { key: 'End' });
    const last = useAppStore.getState().step;
    fireEvent.change(source(), { target: { value: 'a' } });
    await settle();
    const now = useAppStore.getState().step;
    const shorter = runTour(getTask('reverse'), bundles[0], 'a');
    if (!shorter.ok) throw new Error('expected a run');
    const lastRun = runTour(getTask('reverse'), bundles[0], 'abcdefgh');
    if (!lastRun.ok) throw new Error('expected a run');
    const kept = shorter.run.walk.findIndex((w) => w.id === lastRun.run.walk[last].id);
    expect(now).toBe(kept >= 0 ? kept : 0);
  });

  it('a link to a step beyond the walk falls back to the start with a notice that names it', async () => {
    useAppStore.setState({ step: 9998 });
    renderPanel();
    await waitForWalk();
    expect(screen.getByRole('status', { name: '' }).textContent).toMatch(/named step 9999, but this walk has \d+ steps/);
    expect(useAppStore.getState().step).toBe(0);
  });

  it('a link to a head the model does not have drops only the head', async () => {
    useAppStore.setState({ step: 6, head: 5 });
    renderPanel();
    await waitForWalk();
    expect(screen.getByRole('status', { name: '' }).textContent).toContain('named head 6, but this model has 2 heads');
    expect(useAppStore.getState()).toMatchObject({ step: 6, head: 0 });
    expect(screen.getByRole('heading', { level: 3, name: 'Softmax: attention weights' })).toBeTruthy();
  });

  it('the Numbers in cells control says when the numbers do not fit', async () => {
    renderPanel();
    await waitForWalk();
    pickStep(/Embedding × √d/);
    // jsdom measures nothing, so the figure has its fallback room: 16 dimensions fit, numbers at that size may not
    const box = screen.getByRole('checkbox', { name: 'Numbers in cells' });
    const note = screen.queryByText(/too small for numbers/);
    if (note) expect(box.getAttribute('aria-describedby')).toBe(note.id);
    fireEvent.click(box);
    expect(screen.queryByText(/too small for numbers/)).toBeNull();
  });

  it('the presentation button turns presentation mode on and leaves it from the step’s title row', async () => {
    renderPanel();
    await waitForWalk();
    fireEvent.click(screen.getByRole('button', { name: 'Presentation mode' }));
    expect(useAppStore.getState().presenting).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Leave presentation mode' }));
    expect(useAppStore.getState().presenting).toBe(false);
  });
});

describe('the tour in the app', () => {
  it('is the first page, and switching language keeps the step', async () => {
    render(<App />);
    await waitForWalk();
    act(() => useAppStore.getState().setStep(6));
    expect(screen.getByRole('heading', { level: 3, name: 'Softmax: attention weights' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh' } });
    expect(screen.getByRole('heading', { level: 3, name: 'Softmax：注意力权重' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: '源序列' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /下一步/ })).toBeTruthy();
    expect(screen.getByRole('img', { name: /编码器自注意力，第 1 层，第 1 个头/ })).toBeTruthy();
    expect(useAppStore.getState().step).toBe(6);
  });

  it('p turns presentation mode on and off on any page, and Esc leaves it; the header is hidden meanwhile', async () => {
    render(<App />);
    await waitForWalk();
    fireEvent.keyDown(window, { key: 'p' });
    expect(useAppStore.getState().presenting).toBe(true);
    expect(document.documentElement.classList.contains('presenting')).toBe(true);
    expect(screen.queryByRole('banner')).toBeNull();
    expect(screen.getByRole('button', { name: 'Leave presentation mode' })).toBeTruthy();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(document.documentElement.classList.contains('presenting')).toBe(false);
    act(() => useAppStore.getState().setView('norm'));
    fireEvent.keyDown(window, { key: 'p' });
    expect(useAppStore.getState().presenting).toBe(true);
    fireEvent.keyDown(window, { key: 'p' });
    expect(useAppStore.getState().presenting).toBe(false);
  });

  it('the first Tab reaches a skip link that takes the focus to Next step', async () => {
    render(<App />);
    await waitForWalk();
    const skip = screen.getByRole('link', { name: 'Skip to the step controls' });
    fireEvent.click(skip);
    expect(document.activeElement).toBe(next());
  });
});
