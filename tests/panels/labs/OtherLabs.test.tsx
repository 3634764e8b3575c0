// @vitest-environment jsdom
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { softmax, tensor } from '../../../src/core';
import { attentionScores } from '../../../src/model';
import { resetAppState, useAppStore } from '../../../src/state';
import { CostLab } from '../../../src/panels/labs/CostLab';
import { PosEncLab } from '../../../src/panels/labs/PosEncLab';
import { BertLab } from '../../../src/panels/labs/BertLab';
import { ScoringLab } from '../../../src/panels/labs/ScoringLab';
import { clearModelCache } from '../../../src/panels/labs/modelSource';
import { countDraws, replacementVocab, tokenize } from '../../../src/labs/bert';
import { posEncData, similarityProfile } from '../../../src/labs/posEnc';
import { pow2Steps } from '../../../src/labs/cost';
import { scoringParams } from '../../../src/labs/scoring';
import { formatCount, formatNumber, formatPercent } from '../../../src/viz/labs/format';
import { renderIn, stubCanvas } from './helpers';

beforeAll(stubCanvas);
afterEach(() => {
  cleanup();
  resetAppState();
  clearModelCache();
});

describe('CostLab', () => {
  it('fills Table 1 with T, D, K and r from the sliders, and marks the crossover T = D', () => {
    renderIn(<CostLab />);
    const table = screen.getByRole('table', { name: /Table 1/ });
    // rows found by their text: computing names through KaTeX's MathML is beyond jsdom
    const row = (label: string) => within(table).getAllByRole('row').find((r) => r.querySelector('th')?.textContent === label)!;
    const attention = row('Self-attention');
    expect(attention.textContent).toContain(formatCount(100 * 100 * 512));
    // the fourth row of Table 1: restricted self-attention, r·T·D operations and ⌈T/r⌉ layers apart
    const restricted = row('Self-attention (restricted)');
    expect(restricted.textContent).toContain(formatCount(16 * 100 * 512));
    expect(restricted.querySelectorAll('.cost-value')[2].textContent).toBe('7');
    // the r slider moves over 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, …
    fireEvent.change(screen.getByRole('slider', { name: 'Neighbourhood r' }), { target: { value: String(pow2Steps(1, 8192).indexOf(32)) } });
    expect(useAppStore.getState().costR).toBe(32);
    expect(row('Self-attention (restricted)').textContent).toContain(formatCount(32 * 100 * 512));
    expect(screen.getByRole('img', { name: /Operations per layer against T, for D = 512, K = 3 and r = 32/ }).textContent).toContain('T = D = 512');
    // parallel hardware does not remove the work, and the projections are counted apart
    expect(screen.getByText(/all T²·D multiply–adds of attention are still done/)).toBeTruthy();
    expect(screen.getByText(/4·T·D² more multiply–adds/).textContent).toContain(formatCount(4 * 100 * 512 * 512));
    expect(screen.getByText(/fewer operations than a recurrent layer/)).toBeTruthy();
    const slider = screen.getByRole('slider', { name: 'Sequence length T' });
    fireEvent.change(slider, { target: { value: String(Number((slider as HTMLInputElement).max)) } });
    expect(useAppStore.getState().costT).toBe(8192);
    expect(row('Recurrent').textContent).toContain('8,192');
    expect(screen.getByText(/more operations than a recurrent layer/)).toBeTruthy();
  });

  it('reads in Chinese', () => {
    renderIn(<CostLab />, 'zh');
    expect(screen.getByRole('heading', { level: 2, name: '注意力的计算量' })).toBeTruthy();
    expect(screen.getByRole('slider', { name: '序列长度 T' })).toBeTruthy();
    expect(screen.getAllByText('自注意力').length).toBeGreaterThan(0);
  });
});

describe('PosEncLab', () => {
  it('shows the encoding, the waves and the similarity for the chosen length and d_model', () => {
    renderIn(<PosEncLab />);
    expect(screen.getByRole('heading', { name: 'The encoding, 50 positions × 64 dimensions' })).toBeTruthy();
    fireEvent.change(screen.getByRole('slider', { name: 'd_model' }), { target: { value: '16' } });
    expect(useAppStore.getState().peDModel).toBe(16);
    expect(screen.getByRole('heading', { name: 'The encoding, 50 positions × 16 dimensions' })).toBeTruthy();
    expect(screen.getByText(/D\/2 = 8.00/)).toBeTruthy();
    // what the similarity does is read from the numbers, not asserted: at d 16 it dips at distance 3, then rises
    const { similarity } = posEncData(50, 16);
    const dip = similarityProfile(similarity).firstDip!;
    expect(dip.distance).toBe(3);
    expect(screen.getByText(/does not simply fall off with distance/).textContent).toContain(`falls to ${formatNumber(dip.value)} at distance 3, then rises again`);
    expect(screen.getByRole('img', { name: 'A few dimensions as waves' })).toBeTruthy();
  });

  it('reads out a cell of the heatmap by keyboard', () => {
    renderIn(<PosEncLab />);
    const map = screen.getByRole('group', { name: 'The encoding, 50 positions × 64 dimensions' });
    fireEvent.keyDown(map, { key: 'ArrowRight' });
    fireEvent.keyDown(map, { key: 'ArrowRight' });
    fireEvent.keyDown(map, { key: 'ArrowDown' });
    // PE[1, 1] = cos(1)
    expect(screen.getByText(`position 1, dimension 1: ${formatNumber(Math.fround(Math.cos(1)))}`)).toBeTruthy();
  });

  it('says when the similarity turns negative (d 8 over 128 positions)', () => {
    useAppStore.setState({ peDModel: 8, peLength: 128 });
    renderIn(<PosEncLab />);
    const low = similarityProfile(posEncData(128, 8).similarity).lowest;
    expect(low.value).toBeLessThan(0);
    expect(screen.getByText(/It even turns negative/).textContent).toContain(`${formatNumber(low.value)} at distance ${low.distance}`);
  });

  it('reads in Chinese', () => {
    renderIn(<PosEncLab />, 'zh');
    expect(screen.getByRole('heading', { level: 2, name: '位置编码' })).toBeTruthy();
    expect(screen.getByText(/并不是随距离单调变小/)).toBeTruthy();
  });
});

describe('BertLab', () => {
  it('draws with BERT’s rule, counts 10,000 draws, and explains the 10% random and 10% unchanged', () => {
    renderIn(<BertLab />);
    const tokens = within(screen.getByRole('list', { name: 'What the model sees in this draw' })).getAllByRole('listitem');
    expect(tokens).toHaveLength(14);
    const chosen = tokens.filter((t) => /chosen,/.test(t.textContent ?? ''));
    expect(chosen).toHaveLength(2);
    const counts = countDraws(tokenize('the cat sat on the mat because it was tired and wanted to sleep'), 10_000);
    const table = screen.getByRole('table', { name: /Over 10,000 draws/ });
    expect(within(table).getByRole('row', { name: /\[MASK\]/ }).textContent).toContain(formatCount(counts.mask));
    expect(within(table).getByRole('row', { name: /\[MASK\]/ }).textContent).toContain('80.0%');
    expect(screen.getByText(/The 10% random tokens make any token possibly wrong/)).toBeTruthy();
    expect(screen.getByText(/Leaving 10% of the chosen tokens unchanged/)).toBeTruthy();
  });

  it('says why a random replacement so often hits the original: the lab’s small vocabulary, not BERT’s 30,522 WordPieces', () => {
    renderIn(<BertLab />);
    const toks = tokenize('the cat sat on the mat because it was tired and wanted to sleep');
    const V = replacementVocab(toks).length;
    const counts = countDraws(toks, 10_000);
    const note = screen.getByText(/drew the original token back by chance/).textContent ?? '';
    expect(note).toContain(`Of ${formatCount(counts.random)} random replacements, ${formatCount(counts.randomHitOriginal)} (${formatPercent(counts.randomHitOriginal / counts.random)})`);
    expect(note).toContain(`from ${V} words`);
    expect(note).toContain(`1/${V} ≈ ${formatPercent(1 / V)}`);
    expect(note).toContain('1/30,522 ≈ 0.003%');
    expect(screen.getByText(/BERT’s tokens are WordPieces, not words/)).toBeTruthy();
  });

  it('chooses 4 of 30 tokens, as BERT’s Python rounding does', () => {
    renderIn(<BertLab />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Sentence' }), { target: { value: Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ') } });
    expect(screen.getByRole('table', { name: /4 of 30 positions chosen each time/ })).toBeTruthy();
  });

  it('the Draw button moves to the next numbered draw, kept in the store', () => {
    renderIn(<BertLab />);
    fireEvent.click(screen.getByRole('button', { name: 'Draw' }));
    expect(useAppStore.getState().bertDraw).toBe(2);
    expect(screen.getByText(/Draw number 2/)).toBeTruthy();
  });

  it('an empty sentence is named and the last sentence stays', () => {
    renderIn(<BertLab />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Sentence' }), { target: { value: '   ' } });
    expect(screen.getByRole('alert').textContent).toMatch(/empty/);
    expect(within(screen.getByRole('list', { name: 'What the model sees in this draw' })).getAllByRole('listitem')).toHaveLength(14);
  });

  it('takes a Chinese sentence character by character, in Chinese', () => {
    renderIn(<BertLab />, 'zh');
    expect(screen.getByRole('heading', { level: 2, name: 'BERT 的掩码语言模型（MLM）' })).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: '句子' }), { target: { value: '我爱机器学习' } });
    expect(within(screen.getByRole('list', { name: '这次抽取后模型看到的输入' })).getAllByRole('listitem')).toHaveLength(6);
    expect(screen.getByRole('button', { name: '抽一次' })).toBeTruthy();
  });
});

describe('ScoringLab', () => {
  it('scores q against the keys four ways, with the model’s attentionScores and the core’s softmax', () => {
    renderIn(<ScoringLab />);
    expect(screen.getByRole('textbox', { name: 'q 1' })).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: 'k2 3' }), { target: { value: '1.5' } });
    const q = [1, 0.5, -0.5, 0.2];
    const k = [[0.9, 0.4, -0.6, 0.1], [-1, 0.3, 1.5, -0.2], [0.2, -0.9, 0.1, 0.7], [2, 1, -1, 0.4]];
    for (const [kind, name] of [['dot', 'Dot product'], ['scaled_dot', 'Scaled dot product'], ['general', 'General (bilinear)'], ['additive', 'Additive (Bahdanau)']] as const) {
      const s = attentionScores(kind, tensor([1, 4], q), tensor([4, 4], k.flat()), scoringParams(4, 7));
      const w = softmax(s);
      const card = within(screen.getByRole('region', { name }));
      expect(card.getByRole('row', { name: /^score/ }).textContent).toBe('score' + Array.from(s.data, formatNumber).join(''));
      expect(card.getByRole('row', { name: /^softmax/ }).textContent).toBe('softmax' + Array.from(w.data, formatNumber).join(''));
    }
  });

  it('a new draw of the parameters changes the general score but not the dot product', () => {
    renderIn(<ScoringLab />);
    const dot = () => within(screen.getByRole('region', { name: 'Dot product' })).getByRole('row', { name: /^score/ }).textContent;
    const general = () => within(screen.getByRole('region', { name: 'General (bilinear)' })).getByRole('row', { name: /^score/ }).textContent;
    const [d0, g0] = [dot(), general()];
    fireEvent.click(screen.getByRole('button', { name: /Draw new W/ }));
    expect(dot()).toBe(d0);
    expect(general()).not.toBe(g0);
  });

  it('the √d slider changes d, and the measured spread grows without scaling', () => {
    renderIn(<ScoringLab />);
    const table = () => screen.getByRole('table', { name: /Measured at d =/ });
    expect(table().textContent).toMatch(/Measured at d = 64/);
    const slider = screen.getByRole('slider', { name: 'Dimension d' }) as HTMLInputElement;
    fireEvent.change(slider, { target: { value: slider.max } });
    expect(useAppStore.getState().scoringD).toBe(512);
    const row = within(table()).getByRole('row', { name: /standard deviation of the scores/ });
    const [raw, scaled] = within(row).getAllByRole('cell').map((c) => Number(c.textContent));
    expect(raw).toBeGreaterThan(15);
    expect(scaled).toBeLessThan(1.3);
  });

  it('says so clearly when a trained model is not there', async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async () => new Response('nope', { status: 404 })) as typeof fetch;
    try {
      renderIn(<ScoringLab />);
      fireEvent.click(screen.getByRole('radio', { name: 'From a trained model' }));
      await waitFor(() => expect(screen.getByText(/The trained “reverse” model is not part of this build/)).toBeTruthy());
      expect(screen.queryByRole('region', { name: 'Dot product' })).toBeNull();
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
