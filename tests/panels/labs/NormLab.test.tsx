// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { batchNorm, layerNorm, tensor } from '../../../src/core';
import { resetAppState, useAppStore } from '../../../src/state';
import { NormLab } from '../../../src/panels/labs/NormLab';
import { NORM_EPS, NORM_PRESETS_DATA } from '../../../src/labs/normLab';
import { formatNumber, maxAbs, snapTiny } from '../../../src/viz/labs/format';
import { renderIn } from './helpers';

afterEach(() => {
  cleanup();
  resetAppState();
});

const cell = (r: number, c: number) => screen.getByRole('textbox', { name: `Cell ${r},${c}` }) as HTMLInputElement;

function outputTexts(): string[] {
  return within(screen.getByRole('table', { name: 'Output' })).getAllByRole('cell').map((c) => c.textContent ?? '');
}

function expected(values: ArrayLike<number>): string[] {
  const scale = maxAbs(values);
  return Array.from(values, (v) => formatNumber(snapTiny(v, scale)));
}

describe('NormLab', () => {
  it('has a Normalization radio group with BatchNorm and LayerNorm, and cells named Cell r,c', () => {
    renderIn(<NormLab />);
    const group = screen.getByRole('radiogroup', { name: 'Normalization' });
    const bn = within(group).getByRole('radio', { name: 'BatchNorm' }) as HTMLInputElement;
    const ln = within(group).getByRole('radio', { name: 'LayerNorm' }) as HTMLInputElement;
    expect(bn.checked).toBe(true);
    expect(ln.checked).toBe(false);
    expect(cell(1, 1).value).toBe('23');
    expect(cell(5, 4).value).toBe('1');
  });

  it('shows the output of the core’s batchNorm and, after the toggle, of its layerNorm', () => {
    renderIn(<NormLab />);
    const p = NORM_PRESETS_DATA.scales;
    const x = tensor([5, 4], p.values.flat());
    const bn = batchNorm(x, tensor([4], p.gamma), tensor([4], p.beta), null, { training: true, eps: NORM_EPS });
    expect(outputTexts()).toEqual(expected(bn.y.data));
    expect(screen.getByText(/BatchNorm groups each column \(竖着/)).toBeTruthy();
    expect(screen.getAllByText(`μ ${formatNumber(bn.mean.data[1])}`).length).toBeGreaterThan(0);

    fireEvent.click(screen.getByRole('radio', { name: 'LayerNorm' }));
    expect(useAppStore.getState().normKind).toBe('ln');
    const ln = layerNorm(x, tensor([4], p.gamma), tensor([4], p.beta), NORM_EPS);
    expect(outputTexts()).toEqual(expected(ln.data));
    expect(screen.getByText(/LayerNorm groups each row \(横着/)).toBeTruthy();
  });

  it('recomputes when a cell or γ changes, and keeps the last valid output while a cell is bad', () => {
    renderIn(<NormLab />);
    fireEvent.change(cell(1, 1), { target: { value: '60' } });
    const before = outputTexts();
    const values = NORM_PRESETS_DATA.scales.values.map((r) => [...r]);
    values[0][0] = 60;
    const bn = batchNorm(tensor([5, 4], values.flat()), null, null, null, { training: true, eps: NORM_EPS });
    expect(before).toEqual(expected(bn.y.data));

    fireEvent.change(cell(2, 3), { target: { value: 'abc' } });
    expect(screen.getByRole('alert').textContent).toContain('Cell 2,3: “abc” is not a number.');
    expect(outputTexts()).toEqual(before);
    expect(outputTexts().some((t) => /NaN/.test(t))).toBe(false);

    fireEvent.change(cell(2, 3), { target: { value: '0.02' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'γ 2' }), { target: { value: '2' } });
    const scaled = batchNorm(tensor([5, 4], values.flat()), tensor([4], [1, 2, 1, 1]), null, null, { training: true, eps: NORM_EPS });
    expect(outputTexts()).toEqual(expected(scaled.y.data));
  });

  it('says that a batch of one degenerates under BatchNorm, and every output is β', () => {
    useAppStore.setState({ normPreset: 'single' });
    renderIn(<NormLab />);
    expect(screen.getByText('Batch of one: every BatchNorm output is β.')).toBeTruthy();
    expect(outputTexts()).toEqual(['0', '0', '0', '0']);
    fireEvent.change(screen.getByRole('textbox', { name: 'β 3' }), { target: { value: '1.5' } });
    expect(outputTexts()).toEqual(['0', '0', '1.50', '0']);
    fireEvent.click(screen.getByRole('radio', { name: 'LayerNorm' }));
    expect(screen.queryByText('Batch of one: every BatchNorm output is β.')).toBeNull();
  });

  it('with padding, compares BatchNorm’s statistics with and without the pad rows', () => {
    useAppStore.setState({ normPreset: 'padding' });
    renderIn(<NormLab />);
    expect(screen.getAllByText('pad')).toHaveLength(4); // two pad rows, in the input and the output
    const table = screen.getByRole('table', { name: /with and without the pad positions/ });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    fireEvent.click(screen.getByRole('radio', { name: 'LayerNorm' }));
    expect(screen.queryByRole('table', { name: /with and without the pad positions/ })).toBeNull();
  });

  it('in the running-statistics preset, eval mode uses running statistics that training steps update', () => {
    useAppStore.setState({ normPreset: 'running' });
    renderIn(<NormLab />);
    const mode = screen.getByRole('radiogroup', { name: 'BatchNorm mode' });
    fireEvent.click(within(mode).getByRole('radio', { name: /Eval/ }));
    expect(useAppStore.getState().normMode).toBe('eval');
    const p = NORM_PRESETS_DATA.running;
    // fresh running statistics (mean 0, variance 1): eval is nearly the identity
    const ref = batchNorm(tensor([4, 3], p.values.flat()), null, null, { runningMean: tensor([3], [0, 0, 0]), runningVar: tensor([3], [1, 1, 1]) }, { training: false, eps: NORM_EPS });
    expect(outputTexts()).toEqual(expected(ref.y.data));
    fireEvent.click(screen.getByRole('button', { name: 'Take a training step' }));
    expect(screen.getByText('Training steps taken: 1')).toBeTruthy();
    const running = within(screen.getByRole('region', { name: 'Running statistics' }));
    expect(running.getByText('0.650')).toBeTruthy(); // 0.1 × mean 6.5 of feature 1
    fireEvent.click(screen.getByRole('button', { name: 'Reset running statistics' }));
    expect(screen.getByText('Training steps taken: 0')).toBeTruthy();
  });

  it('explains that eval settles at √((n−1)/n) of training, with this batch’s n', () => {
    useAppStore.setState({ normPreset: 'running' });
    renderIn(<NormLab />);
    const note = within(screen.getByRole('region', { name: 'Running statistics' })).getByText(/Why eval never equals training/).textContent ?? '';
    expect(note).toContain('n/(n − 1) = 1.33 times larger');
    expect(note).toContain('n = 4 rows');
    expect(note).toContain(`√((n − 1)/n) = ${formatNumber(Math.sqrt(3 / 4))} of the training outputs`);
    expect(screen.queryByText(/approach/)).toBeNull();
  });

  it('reads in Chinese with the lectures’ terms', () => {
    renderIn(<NormLab />, 'zh');
    expect(screen.getByRole('radiogroup', { name: '归一化方式' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'BatchNorm（批归一化）' })).toBeTruthy();
    expect(screen.getByText(/BatchNorm 按列分组（竖着）/)).toBeTruthy();
    expect(screen.getByRole('textbox', { name: '单元格 1,1' })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'LayerNorm（层归一化）' }));
    expect(screen.getByText(/LayerNorm 按行分组（横着）/)).toBeTruthy();
  });
});
