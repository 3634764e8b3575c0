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
import { countDraws, tokenize } from '../../../src/labs/bert';
import { scoringParams } from '../../../src/labs/scoring';
import { formatCount, formatNumber } from '../../../src/viz/labs/format';
import { renderIn, stubCanvas } from './helpers';

beforeAll(stubCanvas);
afterEach(() => {
  cleanup();
  resetAppState();
  clearModelCache();
});

describe('CostLab', () => {
  it('fills Table 1 with T, D and K from the sliders, and marks the crossover T = D', () => {
    renderIn(<CostLab />);
    const table = screen.getByRole('table', { name: /Table 1/ });
    // rows found by their text: computing names through KaTeX's MathML is beyond jsdom
    const row = (label: string) => within(table).getAllByRole('row').find((r) => r.querySelector('th')?.textContent === label)!;
    const attention = row('Self-attention');
    expect(attention.textContent).toContain(formatCount(100 * 100 * 512));
    expect(screen.getByRole('img', { name: /Operations per layer against T, for D = 512 and K = 3/ }).textContent).toContain('T = D = 512');
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

  it('reads in Chinese', () => {
    renderIn(<PosEncLab />, 'zh');
    expect(screen.getByRole('heading', { level: 2, name: '位置编码' })).toBeTruthy();
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
    expect(screen.getByRole('heading', { level: 2, name: 'BERT 的遮罩语言模型（MLM）' })).toBeTruthy();
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
    const row = within(table()).getByRole('row', { name: /spread of the scores/ });
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
