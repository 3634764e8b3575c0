// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nProvider } from '../../src/i18n';
import { resetAppState, useAppStore } from '../../src/state';
import { TracePanel } from '../../src/panels/TracePanel';
import { setModelLoader } from '../../src/panels/tour/useBundle';
import { getTask } from '../../src/tasks';
import { runTour, type TourRun } from '../../src/tour';
import { statsOf } from '../../src/labs/explorer';
import { formatNumber } from '../../src/viz/labs/format';
import { fakeLoader, smallBundle } from '../tour/helpers';

const bundles = ['reverse', 'sort', 'date', 'zh-numerals'].map((t) => smallBundle(t, 2));

function renderPanel(lang: 'en' | 'zh' = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <TracePanel />
    </I18nProvider>,
  );
}

/** The run the panel shows: the tour's own, on the same bundle and source. */
function tourRun(source: string): TourRun {
  const out = runTour(getTask('reverse'), bundles[0], source);
  if (!out.ok) throw new Error('expected a run');
  return out.run;
}

/**
 * The list of tensors once the model has loaded. The load resolves outside act(), so the
 * effects of that render (the store subscriptions) are flushed before the test goes on.
 */
async function list(name = 'Tensors') {
  const nav = await screen.findByRole('navigation', { name }, { timeout: 10_000 });
  await act(async () => undefined);
  return nav;
}
const entryButton = (key: string) => screen.getByRole('button', { name: new RegExp(`^${key.replace(/\./g, '\\.')} \\[`) });
const detail = () => screen.getByRole('region', { name: /^enc\.|^dec\.|^logits|^probs/ });

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null); // jsdom has no 2D canvas
  setModelLoader(fakeLoader(bundles));
  useAppStore.setState({ source: 'abc' });
});
afterEach(() => {
  cleanup(); // unmount before the store changes, so no update lands outside act()
  resetAppState();
  vi.restoreAllMocks();
});

// a run and its first render take a few hundred ms alone, seconds on a busy machine
describe('the trace explorer', { timeout: 30_000 }, () => {
  it('lists every entry of the encoder’s pass of the tour’s run, with its shape, under headings numbered from 1', async () => {
    renderPanel();
    const nav = await list();
    const run = tourRun('abc');
    for (const key of run.result.encoderTrace!.keys()) {
      const shape = `[${run.result.encoderTrace!.get(key).shape.join(',')}]`;
      expect(within(nav).getByRole('button', { name: `${key} ${shape}` })).toBeTruthy();
    }
    expect(within(nav).getByRole('button', { name: 'enc.0.self_attn.weights [1,2,4,4]' })).toBeTruthy();
    expect(within(nav).getByRole('heading', { name: 'Encoder layer 1' })).toBeTruthy();
    expect(within(nav).getByRole('heading', { name: 'Encoder layer 2' })).toBeTruthy();
    expect(within(nav).queryByRole('heading', { name: 'Encoder layer 0' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe(`${run.result.encoderTrace!.size} of ${run.result.encoderTrace!.size} tensors`);
    // the model the page loaded, not a random one: the output shown is the tour run's own
    expect(screen.getByText(`Output “${run.output}”`)).toBeTruthy();
  });

  it('draws the chosen entry as a heatmap of one head, with its min, max and mean', async () => {
    renderPanel();
    await list();
    const run = tourRun('abc');
    const w = run.result.encoderTrace!.get('enc.0.self_attn.weights');
    expect(detail().querySelector('h3')?.textContent).toContain('enc.0.self_attn.weights');
    expect(screen.getByRole('img', { name: /enc\.0\.self_attn\.weights\[0,0,:,:\] \[4,4\]/ })).toBeTruthy();
    const table = screen.getByRole('table', { name: /Values/ });
    // one column for the whole tensor (2 heads × 4 × 4), one for the slice drawn (head 1: 4 × 4)
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['whole tensor (32)', 'slice drawn (16)']);
    const s = statsOf(w.data);
    const head0 = statsOf(w.data.subarray(0, 16));
    const cells = (name: string) => within(within(table).getByRole('row', { name: new RegExp(`^${name}`) })).getAllByRole('cell').map((c) => c.textContent);
    expect(cells('min')).toEqual([formatNumber(s.min!), formatNumber(head0.min!)]);
    expect(cells('max')).toEqual([formatNumber(s.max!), formatNumber(head0.max!)]);
    expect(cells('mean')).toEqual([formatNumber(s.mean!), formatNumber(head0.mean!)]);
    // attention weights have no masked entries, so there is no −∞ row
    expect(within(table).queryByRole('row', { name: /−∞/ })).toBeNull();
  });

  it('the slice picker draws another head, or other axes', async () => {
    renderPanel();
    await list();
    fireEvent.change(screen.getByRole('combobox', { name: 'H · head' }), { target: { value: '1' } });
    expect(screen.getByText('Drawn: enc.0.self_attn.weights[0,1,:,:]')).toBeTruthy();
    expect(screen.getByRole('img', { name: /\[0,1,:,:\]/ })).toBeTruthy();
    // heads across the columns, query positions down the rows, for one key position
    fireEvent.change(screen.getByRole('combobox', { name: 'Columns' }), { target: { value: '1' } });
    expect(screen.getByText('Drawn: enc.0.self_attn.weights[0,:,:,0]')).toBeTruthy();
    const pos = screen.getByRole('combobox', { name: 'S · source position' });
    expect(within(pos).getByRole('option', { name: '2 · c' })).toBeTruthy();
    fireEvent.change(pos, { target: { value: '2' } });
    expect(screen.getByText('Drawn: enc.0.self_attn.weights[0,:,:,2]')).toBeTruthy();
    // asking for the rows what the columns show swaps the two
    fireEvent.change(screen.getByRole('combobox', { name: 'Rows' }), { target: { value: '1' } });
    expect((screen.getByRole('combobox', { name: 'Columns' }) as HTMLSelectElement).value).toBe('2');
    expect(screen.getByText('Drawn: enc.0.self_attn.weights[0,:,:,2]')).toBeTruthy();
    expect(screen.getByRole('img', { name: /\[0,:,:,2\] \[2,4\]/ })).toBeTruthy();
  });

  it('the filter keeps the entries whose name has every word typed', async () => {
    renderPanel();
    const nav = await list();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter by name' }), { target: { value: 'ffn hidden' } });
    expect(within(nav).getAllByRole('button').map((b) => b.textContent)).toEqual(['enc.0.ffn.hidden [1,4,32]', 'enc.1.ffn.hidden [1,4,32]']);
    expect(screen.getByRole('status').textContent).toMatch(/^2 of \d+ tensors$/);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter by name' }), { target: { value: 'zzz' } });
    expect(within(nav).queryAllByRole('button')).toEqual([]);
    expect(screen.getByText('No tensor of this part of the run has “zzz” in its name.')).toBeTruthy();
  });

  it('each decoding step is a part of the run of its own, its decoder input one token longer each step', async () => {
    renderPanel();
    await list();
    const run = tourRun('abc');
    const part = screen.getByRole('combobox', { name: 'Part of the run' });
    expect(within(part).getAllByRole('option')).toHaveLength(1 + run.tokens.length);
    expect(within(part).getByRole('option', { name: `Decoding step 2 → “${run.tgtTokens[1]}”` })).toBeTruthy();
    fireEvent.change(part, { target: { value: '2' } });
    expect(useAppStore.getState().explorerPass).toBe(2);
    fireEvent.click(entryButton('dec.1.cross_attn.weights'));
    expect(useAppStore.getState().explorerKey).toBe('dec.1.cross_attn.weights');
    expect(screen.getByRole('button', { name: 'dec.1.cross_attn.weights [1,2,2,4]' }).getAttribute('aria-current')).toBe('true');
    expect(screen.getByText(/decoding step 2 · Shape \[1,2,2,4\], axes \[B,H,T,S\]/)).toBeTruthy();
    // another decoding step keeps the entry: T grows by one
    fireEvent.change(part, { target: { value: '3' } });
    expect(screen.getByText(/decoding step 3 · Shape \[1,2,3,4\]/)).toBeTruthy();
     // the causal mask's −∞ are counted apart, never averaged: T(T−1)/2 per head
    fireEvent.click(entryButton('dec.0.self_attn.masked'));
    const table = screen.getByRole('table', { name: /Values/ });
    const masked = within(table).getByRole('row', { name: /^−∞ \(masked\)/ });
    expect(within(masked).getAllByRole('cell').map((c) => c.textContent)).toEqual(['6', '3']);
    const mean = within(within(table).getByRole('row', { name: /^mean/ })).getAllByRole('cell');
    expect(mean.every((c) => c.textContent !== 'NaN' && c.textContent !== '—')).toBe(true);
  });

  it('links an entry to the tour step that draws it (its layer’s step): the view, the step and the head are set', async () => {
    renderPanel();
    await list();
    const run = tourRun('abc');
    fireEvent.click(entryButton('enc.1.self_attn.weights'));
    fireEvent.change(screen.getByRole('combobox', { name: 'H · head' }), { target: { value: '1' } });
    const index = run.walk.findIndex((s) => s.id === 'enc.1.softmax');
    const link = screen.getByRole('link', { name: `Open in the tour: step ${index + 1}, “Softmax: attention weights”` });
    // the link is a real link: steps and heads counted from 1 in it, as on the page
    expect(link.getAttribute('href')).toMatch(new RegExp(`step=${index + 1}(&|$)`));
    expect(link.getAttribute('href')).toMatch(/head=2(&|$)/);
    expect(link.getAttribute('href')).not.toMatch(/view=trace/);
    fireEvent.click(link);
    expect(useAppStore.getState()).toMatchObject({ view: 'tour', step: index, head: 1 });
    expect(run.walk[index].layer).toBe(1);
  });

  it('a decoder entry links to its own decoding step and decoder layer', async () => {
    useAppStore.setState({ explorerPass: 2, explorerKey: 'dec.1.cross_attn.weights' });
    renderPanel();
    await list();
    const run = tourRun('abc');
    // decoding step 2 is dec.1 in the step ids (counted from 0), decoder layer 2 is .1
    const index = run.walk.findIndex((s) => s.id === 'dec.1.1.cross');
    expect(index).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('link', { name: `Open in the tour: step ${index + 1}, “Cross-attention: weights”` }));
    expect(useAppStore.getState()).toMatchObject({ view: 'tour', step: index });
  });

  it('an entry that no step draws says so instead of linking', async () => {
    renderPanel();
    await list();
    fireEvent.click(entryButton('enc.0.self_attn.masked'));
    expect(screen.queryByRole('link', { name: /Open in the tour/ })).toBeNull();
    expect(screen.getByText('No step of the tour draws this tensor.')).toBeTruthy();
  });

  it('the memory says that its final LayerNorm is nn.Transformer’s, not the paper’s', async () => {
    renderPanel();
    await list();
    fireEvent.click(entryButton('enc.memory'));
    expect(screen.getByText(/PyTorch nn\.Transformer’s.*post-LN stack has none/)).toBeTruthy();
  });

  it('an invalid source marks its bad characters, names them, and shows no tensors', async () => {
    renderPanel();
    await list();
    fireEvent.change(screen.getByRole('textbox', { name: 'Source' }), { target: { value: 'ab!c' } });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Character 3 “!”');
    expect(alert.querySelector('mark')?.textContent).toBe('!');
    expect(screen.getByRole('textbox', { name: 'Source' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('navigation', { name: 'Tensors' })).toBeNull();
  });

  it('the longest source runs, and one character more is refused with the limit', async () => {
    renderPanel();
    await list();
    const max = getTask('reverse').maxSrcLen;
    fireEvent.change(screen.getByRole('textbox', { name: 'Source' }), { target: { value: 'a'.repeat(max) } });
    expect(await screen.findByRole('button', { name: `enc.embed [1,${max + 1},16]` }, { timeout: 10_000 })).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Source' }), { target: { value: 'a'.repeat(max + 1) } });
    expect(screen.getByRole('alert').textContent).toMatch(new RegExp(`at most ${max}`));
    expect(screen.queryByRole('navigation', { name: 'Tensors' })).toBeNull();
  });

  it('in Chinese the controls, headings and links are translated, the keys are not', async () => {
    renderPanel('zh');
    const nav = await list('张量');
    expect(within(nav).getByRole('heading', { name: '编码器第 1 层' })).toBeTruthy();
    expect(within(nav).getByRole('button', { name: 'enc.0.self_attn.weights [1,2,4,4]' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: '运行的哪一部分' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: '按名称筛选' })).toBeTruthy();
    expect(screen.getByRole('link', { name: /^在逐步演示中打开：第 \d+ 步，“Softmax：注意力权重”$/ })).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: '源序列' }), { target: { value: 'a#' } });
    expect(screen.getByRole('alert').textContent).toContain('不在此模型的词表中');
  });
});
