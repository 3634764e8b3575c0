// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nProvider, type Lang } from '../../../src/i18n';
import { resetAppState, useAppStore } from '../../../src/state';
import { DecodingLab } from '../../../src/panels/decoding/DecodingLab';
import { setModelLoader } from '../../../src/panels/tour/useBundle';
import { setNatFetch } from '../../../src/panels/decoding/useNatBundle';
import { diskFetch, diskLoader } from './helpers';

function renderLab(lang: Lang = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <DecodingLab />
    </I18nProvider>,
  );
}

const tree = () => screen.findByRole('img', { name: 'Beam search tree' }, { timeout: 5000 });

beforeEach(() => {
  setModelLoader(diskLoader());
  setNatFetch(diskFetch);
});
afterEach(() => {
  cleanup();
  resetAppState();
});

describe('the decoding lab', () => {
  it('has the controls named as the lecture names them, and opens on an input greedy gets wrong', async () => {
    renderLab();
    for (const name of ['Beam width', 'Length penalty', 'Top-k', 'Top-p', 'Seed']) expect(screen.getByRole('spinbutton', { name })).toBeTruthy();
    expect(screen.getByRole('slider', { name: 'Temperature' })).toBeTruthy();
    expect(screen.getByRole('radiogroup', { name: 'Strategy' })).toBeTruthy();
    await tree();
    expect((screen.getByRole('textbox', { name: 'Source' }) as HTMLInputElement).value).toBe('jccmapfwunki');
    expect(screen.getByText(/beam search of width 4 fixes 4 of them and breaks 0 right ones/)).toBeTruthy();
    expect(screen.getByText(/greedy writes “iknuwfpamccjj”: 13 tokens, the length limit, and never EOS \(log p = −0\.987/)).toBeTruthy();
    expect(screen.getByText(/The greedy output is the more probable one/)).toBeTruthy();
  });

  it('draws the beam tree as an image named Beam search tree, described by the finished hypotheses and their scores', async () => {
    const { container } = renderLab();
    const img = await tree();
    const alt = document.getElementById(img.getAttribute('aria-describedby')!.split(' ')[0])!;
    expect(alt.textContent).toMatch(/^Finished hypotheses, best first: “iknuwfpamccj”, score −2\.667/);
    // fates: kept, pruned and finished nodes, and the winner's path from the start to EOS
    expect(container.querySelectorAll('.beam-tree .node.pruned').length).toBeGreaterThan(0);
    expect(container.querySelectorAll('.beam-tree .node.finished').length).toBeGreaterThan(0);
    const winners = container.querySelectorAll('.beam-tree .node.winner');
    expect(winners).toHaveLength(14); // BOS + 12 letters + EOS
    expect(winners[winners.length - 1].querySelector('.token')!.textContent).toBe('EOS');
  });

  it('grows step by step with the step controls and the arrow keys', async () => {
    const { container } = renderLab();
    await tree();
    const nodes = () => container.querySelectorAll('.beam-tree .node').length;
    const full = nodes();
    expect(screen.getByText('Step 13 of 13')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Previous step/ }));
    expect(screen.getByText('Step 12 of 13')).toBeTruthy();
    expect(nodes()).toBeLessThan(full);
    fireEvent.keyDown(window, { key: 'Home' });
    expect(screen.getByText('Step 0 of 13')).toBeTruthy();
    expect(nodes()).toBe(1);
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(screen.getByText('Step 1 of 13')).toBeTruthy();
    expect(container.querySelectorAll('.beam-tree .node.winner')).toHaveLength(0); // no result before the search ends
    expect(useAppStore.getState().treeStep).toBe(1);
  });

  it('reads a node by keyboard and opens its prefix in the tour with Enter', async () => {
    renderLab();
    const img = await tree();
    act(() => img.focus());
    expect(screen.getByText('The start (BOS): score 0.')).toBeTruthy();
    fireEvent.keyDown(img, { key: 'ArrowRight' });
    fireEvent.keyDown(img, { key: 'ArrowRight' });
    const readout = document.querySelector('.beam-tree .hover-text')!.textContent!;
    expect(readout).toMatch(/^Step 2: “ik” — token k, log p = −0\.\d{3} \(p = 0\.\d{3}\), score Σ = −0\.\d{3}, rank 1, kept\.$/);
    expect(screen.getByRole('button', { name: 'Open “ik” in the tour' })).toBeTruthy();
    fireEvent.keyDown(img, { key: 'Enter' });
    expect(useAppStore.getState()).toMatchObject({ view: 'tour', task: 'reverse', source: 'jccmapfwunki', forced: 'ik' });
    expect(useAppStore.getState().step).toBeGreaterThan(0);
  });

  it('clamps a value typed out of range and says so', async () => {
    renderLab();
    await tree();
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Beam width' }), { target: { value: '9' } });
    expect(screen.getByText('Beam width 9 is outside 1–8: using 8.')).toBeTruthy();
    expect(useAppStore.getState().width).toBe(8);
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Top-k' }), { target: { value: '500' } });
    expect(screen.getByText(/^Top-k 500 is outside 0–\d+: using \d+\.$/)).toBeTruthy();
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Top-p' }), { target: { value: '0.01' } });
    expect(useAppStore.getState().topP).toBe(0.05);
  });

  it('greedy draws a tree of width 1 and says what the test set measured', async () => {
    renderLab();
    await tree();
    fireEvent.click(screen.getByRole('radio', { name: 'Greedy' }));
    expect(screen.getByText(/greedy gets 5 wrong \(exact match 99\.5%\)/)).toBeTruthy();
    const img = await tree();
    expect(document.getElementById(img.getAttribute('aria-describedby')!.split(' ')[0])!.textContent).toMatch(/No hypothesis finished/);
  });

  it('the lecture’s toy: greedy takes A, beam search finds B then B, and the probabilities can be edited', async () => {
    useAppStore.setState({ decPart: 'toy' });
    renderLab();
    expect(screen.getByText(/Greedy takes A first \(P = 0\.60\) and ends with AA: 0\.60 × 0\.55 = 0\.330\. Beam search with k = 4 keeps B as well.*BB = 0\.40 × 0\.90 = 0\.360/)).toBeTruthy();
    const img = screen.getByRole('img', { name: 'Beam search tree' });
    expect(document.getElementById(img.getAttribute('aria-describedby')!.split(' ')[0])!.textContent).toMatch(/“BB”, score −1\.022; “AA”, score −1\.109/);
    fireEvent.change(screen.getByRole('spinbutton', { name: 'P(A | A)' }), { target: { value: '0.95' } });
    expect(screen.getByText(/Here greedy already finds the most probable output, AA \(P = 0\.570\)/)).toBeTruthy();
    fireEvent.change(screen.getByRole('spinbutton', { name: 'P(A | B)' }), { target: { value: '1.5' } });
    expect(screen.getByText('A probability must be in 0–1: 1.5 became 1.')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Every output and its probability' });
    expect(within(table).getAllByRole('row')).toHaveLength(5);
  });

  it('the next-token bars redraw with the temperature at once', async () => {
    useAppStore.setState({ decPart: 'bars' });
    renderLab();
    await screen.findByRole('img', { name: 'Next-token distribution' }, { timeout: 5000 });
    expect(screen.getByText(/Most probable next token: i, p = 0\.\d{3}; at τ = 1\.00: 0\.\d{3}\. Sampling draws among 27 of 27 tokens/)).toBeTruthy();
    fireEvent.change(screen.getByRole('slider', { name: 'Temperature' }), { target: { value: '2' } });
    expect(screen.getByText(/at τ = 2\.00/)).toBeTruthy();
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Top-k' }), { target: { value: '3' } });
    expect(screen.getByText(/Sampling draws among 3 of 27 tokens/)).toBeTruthy();
    expect(document.querySelectorAll('.dist-bars .band.topK')).toHaveLength(1);
    fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(screen.getByText('Step 2 of 13')).toBeTruthy();
  });

  it('side by side: greedy, beam search and the samples with counts, log-probabilities and BLEU', async () => {
    useAppStore.setState({ decPart: 'side', samples: 8 });
    renderLab();
    const table = await screen.findByRole('table', { name: /Source “jccmapfwunki” \(reference iknuwfpamccj\) · 8 samples/ }, { timeout: 5000 });
    await screen.findByText(/Sample i is drawn with seed 1 \+ i \(seeds 1–8\)/, undefined, { timeout: 5000 });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByRole('rowheader').textContent).toMatch(/^Greedy/);
    expect(rows[0].textContent).toContain('iknuwfpamccjj');
    expect(rows[0].textContent).toContain('−0.987');
    expect(rows[1].textContent).toContain('100.0');
    const counts = rows.slice(2).map((r) => Number(/(\d+) \/ 8/.exec(r.textContent ?? '')![1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(8);
    expect(screen.getByText(/is not the best by the metric/)).toBeTruthy();
  });

  it('error propagation: a forced wrong token, the free-running continuation and teacher forcing', async () => {
    useAppStore.setState({ decPart: 'error' });
    renderLab();
    const table = await screen.findByRole('table', { name: /the reference, free running after the forced token, and teacher forcing/ }, { timeout: 5000 });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => r.querySelector('th')!.textContent)).toEqual(['Position', 'Reference', 'Free running', 'Teacher forcing']);
    expect(rows[2].textContent).toContain('(forced)');
    fireEvent.change(screen.getByRole('textbox', { name: 'Forced token' }), { target: { value: 'z' } });
    expect(screen.getByText(/With z forced at step 1 \(the truth is i\)/)).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'Forced token' }), { target: { value: '3' } });
    expect(screen.getByRole('alert').textContent).toBe('“3” is not one token of the output vocabulary: the most probable wrong token is used instead.');
    expect(screen.getByRole('table', { name: /teacher forcing/ })).toBeTruthy(); // never blank
  });

  it('AT against NAT on date-multi: passes, output, and the stored mixed-output rates', async () => {
    useAppStore.setState({ decPart: 'nat' });
    renderLab();
    const table = await screen.findByRole('table', { name: /Source “23 aug 2062”/ }, { timeout: 8000 });
    const rows = within(table).getAllByRole('row');
    expect(rows[1].textContent).toMatch(/AT \(Transformer\)11.*2062-08-23yesISO form/);
    expect(rows[2].textContent).toMatch(/NAT1.*23608\.8062nomixed/);
    const multi = screen.getByRole('table', { name: /Multi-modality, measured on 1,000 test inputs/ });
    expect(within(multi).getAllByRole('row')[2].textContent).toContain('381 (38.1%)');
    expect(screen.getByText(/The NAT mixes them in 381 of 1,000 \(38\.1%\)/)).toBeTruthy();
  });

  it('speaks Chinese with the lecture’s terms', async () => {
    renderLab('zh');
    expect(await screen.findByRole('img', { name: '束搜索树' }, { timeout: 5000 })).toBeTruthy();
    for (const name of ['束宽', '长度惩罚', 'Top-k', 'Top-p', '随机种子']) expect(screen.getByRole('spinbutton', { name })).toBeTruthy();
    expect(screen.getByRole('slider', { name: '温度' })).toBeTruthy();
    expect(screen.getByRole('radiogroup', { name: '解码策略' })).toBeTruthy();
  });
});
