// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { MatrixEditor } from '../../../src/components/MatrixEditor';
import { parseCell } from '../../../src/components/MatrixCell';
import { renderIn } from './helpers';

afterEach(cleanup);

const spec = { cellW: 60, cellH: 30, gap: 4, margin: { top: 20, right: 0, bottom: 0, left: 40 } };

function setup(initial = [[1, 2, 3], [4, 5, 6]], resize = { rows: true, cols: true }) {
  const onValid = vi.fn();
  renderIn(<MatrixEditor label="Input" initial={initial} onValid={onValid} spec={spec} resize={resize} />);
  return onValid;
}

const cell = (r: number, c: number) => screen.getByRole('textbox', { name: `Cell ${r},${c}` }) as HTMLInputElement;

describe('MatrixEditor', () => {
  it('names every cell "Cell r,c" (1-based) and shows the values', () => {
    setup();
    expect(cell(1, 1).value).toBe('1');
    expect(cell(2, 3).value).toBe('6');
    expect(screen.getAllByRole('textbox')).toHaveLength(6);
    expect(screen.getByRole('group', { name: 'Input' })).toBeTruthy();
  });

  it('reports each complete, valid matrix', () => {
    const onValid = setup();
    fireEvent.change(cell(1, 2), { target: { value: '-2.5e1' } });
    expect(onValid).toHaveBeenLastCalledWith([[1, -25, 3], [4, 5, 6]]);
  });

  it('marks a cell that is not a number, names it in a message, and keeps the last valid matrix', () => {
    const onValid = setup();
    fireEvent.change(cell(2, 3), { target: { value: 'abc' } });
    expect(onValid).not.toHaveBeenCalled();
    expect(cell(2, 3).getAttribute('aria-invalid')).toBe('true');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Cell 2,3: “abc” is not a number.');
    expect(alert.textContent).toContain('last valid');
    expect(cell(2, 3).getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(cell(2, 3).getAttribute('aria-describedby')!)!.textContent).toContain('Cell 2,3');
    fireEvent.change(cell(2, 3), { target: { value: '7' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onValid).toHaveBeenLastCalledWith([[1, 2, 3], [4, 5, 7]]);
  });

  it('refuses values beyond ±1e6 and empty cells', () => {
    const onValid = setup();
    fireEvent.change(cell(1, 1), { target: { value: '2e6' } });
    expect(screen.getByRole('alert').textContent).toContain('Cell 1,1: “2e6” is beyond ±1,000,000.');
    fireEvent.change(cell(1, 1), { target: { value: '' } });
    expect(screen.getByRole('alert').textContent).toContain('Cell 1,1 is empty');
    expect(onValid).not.toHaveBeenCalled();
  });

  it('adds and removes rows and columns within 1 to 16, and not while a cell is invalid', () => {
    const onValid = setup([[1]]);
    const removeRow = screen.getByRole('button', { name: 'Remove row' }) as HTMLButtonElement;
    expect(removeRow.disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Add column' }));
    expect(onValid).toHaveBeenLastCalledWith([[1, 0]]);
    for (let i = 0; i < 20; i++) fireEvent.click(screen.getByRole('button', { name: 'Add row' }));
    expect(onValid).toHaveBeenLastCalledWith(Array.from({ length: 16 }, (_, r) => (r === 0 ? [1, 0] : [0, 0])));
    expect((screen.getByRole('button', { name: 'Add row' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(cell(1, 1), { target: { value: 'x' } });
    expect((screen.getByRole('button', { name: 'Remove row' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('moves between cells with the arrow keys and Enter', () => {
    setup();
    cell(1, 1).focus();
    fireEvent.keyDown(cell(1, 1), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(cell(2, 1));
    // the caret is at the end of the selected text after focus: right moves on
    cell(2, 1).setSelectionRange(1, 1);
    fireEvent.keyDown(cell(2, 1), { key: 'ArrowRight' });
    expect(document.activeElement).toBe(cell(2, 2));
    fireEvent.keyDown(cell(2, 2), { key: 'ArrowUp' });
    expect(document.activeElement).toBe(cell(1, 2));
    cell(1, 2).setSelectionRange(0, 0);
    fireEvent.keyDown(cell(1, 2), { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(cell(1, 1));
    fireEvent.keyDown(cell(1, 1), { key: 'Enter' });
    expect(document.activeElement).toBe(cell(2, 1));
    // at the edge nothing moves
    fireEvent.keyDown(cell(2, 1), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(cell(2, 1));
  });

  it('speaks Chinese: cells are 单元格 r,c and messages are translated', () => {
    const onValid = vi.fn();
    renderIn(<MatrixEditor label="输入" initial={[[1]]} onValid={onValid} spec={spec} />, 'zh');
    const c = screen.getByRole('textbox', { name: '单元格 1,1' });
    fireEvent.change(c, { target: { value: '一' } });
    expect(screen.getByRole('alert').textContent).toContain('单元格 1,1：“一” 不是数字。');
  });
});

describe('parseCell', () => {
  it('reads decimals, exponents, the Unicode minus and full-width digits', () => {
    expect(parseCell(' -1.5 ')).toEqual({ ok: true, value: -1.5 });
    expect(parseCell('.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseCell('2E3')).toEqual({ ok: true, value: 2000 });
    expect(parseCell('\u22123')).toEqual({ ok: true, value: -3 });
    expect(parseCell('\uFF0D\uFF11\uFF0E\uFF15')).toEqual({ ok: true, value: -1.5 });
    expect(parseCell('-0')).toEqual({ ok: true, value: 0 });
  });

  it('refuses words, NaN, Infinity, hex, several numbers and values beyond ±1e6', () => {
    for (const s of ['abc', 'NaN', 'Infinity', '0x10', '1 2', '1,5', '--1', 'e5']) expect(parseCell(s)).toMatchObject({ ok: false, problem: 'notNumber' });
    expect(parseCell('1000001')).toMatchObject({ ok: false, problem: 'tooLarge' });
    expect(parseCell('1e400')).toMatchObject({ ok: false, problem: 'tooLarge' });
    expect(parseCell('1e6')).toEqual({ ok: true, value: 1e6 });
    expect(parseCell('   ')).toMatchObject({ ok: false, problem: 'empty' });
  });
});
