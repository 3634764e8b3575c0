// @vitest-environment jsdom
/**
 * The labs take the room they have: the sizing functions (pure, checked here without a
 * layout engine) and presentation mode's title row and figure picker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { resetAppState, useAppStore } from '../../../src/state';
import { normSizing } from '../../../src/panels/labs/NormLab';
import { tokenFont } from '../../../src/panels/labs/BertLab';
import { PosEncLab } from '../../../src/panels/labs/PosEncLab';
import { ScoringLab } from '../../../src/panels/labs/ScoringLab';
import { CostLab } from '../../../src/panels/labs/CostLab';
import { renderIn, stubCanvas } from './helpers';

afterEach(() => {
  cleanup();
  resetAppState();
});

describe('normSizing', () => {
  it('keeps the laptop size of the cells out of presentation mode', () => {
    const z = normSizing({ width: 1200, height: 500 }, false, 'bn', 5, 4, false, 1, 5);
    expect(z.cellH).toBe(34);
    expect(z.cellW).toBe(74);
    expect(z.compact).toBe(false);
  });

  it('in presentation mode grows the cells so that input and output fill the width, and the type with them', () => {
    const small = normSizing({ width: 1240, height: 560 }, true, 'bn', 5, 4, false, 1, 6);
    const large = normSizing({ width: 1880, height: 920 }, true, 'bn', 5, 4, false, 1, 6);
    // two grids of four columns, their row labels, the gap between them: the width is used
    const used = 2 * (small.left + 4 * small.cellW + 3 * 4) + 8 + 8 + 44;
    expect(used).toBeGreaterThan(0.9 * 1240);
    expect(used).toBeLessThanOrEqual(1240);
    expect(large.cellW).toBeGreaterThan(small.cellW);
    expect(large.cellH).toBeGreaterThan(small.cellH);
    expect(large.font).toBeGreaterThan(small.font);
  });

  it('on a phone shrinks the cells to the width and the numbers still fit them', () => {
    const z = normSizing({ width: 370, height: 800 }, false, 'ln', 5, 4, false, 1, 6);
    expect(z.compact).toBe(true);
    expect(z.left + 4 * z.cellW + 3 * 4 + z.lnRight).toBeLessThanOrEqual(370);
    // six characters of monospace at 0.62 em each, in the cell's width
    expect(6 * 0.62 * z.font).toBeLessThanOrEqual(z.cellW - 10);
  });
});

describe('tokenFont', () => {
  const tokens = 'the cat sat on the mat because it was tired and wanted to sleep'.split(' ');
  it('is the page’s own size out of presentation mode or on a phone', () => {
    expect(tokenFont(tokens, { width: 1240, height: 600 }, false)).toBeNull();
    expect(tokenFont(tokens, { width: 370, height: 800 }, true)).toBeNull();
  });
  it('grows with the screen in presentation mode, between 20 and 64 px', () => {
    const a = tokenFont(tokens, { width: 1240, height: 550 }, true)!;
    const b = tokenFont(tokens, { width: 1880, height: 900 }, true)!;
    expect(a).toBeGreaterThanOrEqual(20);
    expect(b).toBeGreaterThan(a);
    expect(b).toBeLessThanOrEqual(64);
  });
});

describe('presentation mode in the labs', () => {
  it('every lab has the presentation toggle in its title row; it turns presentation mode on', () => {
    renderIn(<CostLab />);
    const button = screen.getByRole('button', { name: 'Presentation mode' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(useAppStore.getState().presenting).toBe(true);
    expect(screen.getByRole('button', { name: 'Leave presentation mode' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('the positional-encoding lab shows one figure, picked in the title row, while presenting', () => {
    stubCanvas();
    renderIn(<PosEncLab />);
    expect(screen.queryByRole('radiogroup', { name: 'Figure' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'A few dimensions as waves' })).toBeTruthy();
    act(() => useAppStore.getState().setPresenting(true));
    const picker = screen.getByRole('radiogroup', { name: 'Figure' });
    expect(screen.queryByRole('heading', { name: 'A few dimensions as waves' })).toBeNull();
    fireEvent.click(within(picker).getByRole('radio', { name: 'Waves' }));
    expect(screen.getByRole('heading', { name: 'A few dimensions as waves' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'The encoding, 50 positions × 64 dimensions' })).toBeNull();
    // leaving presentation mode (Esc is the page's key, tested with App and in Playwright) brings
    // every figure back
    fireEvent.click(screen.getByRole('button', { name: 'Leave presentation mode' }));
    expect(useAppStore.getState().presenting).toBe(false);
    expect(screen.getByRole('heading', { name: 'The encoding, 50 positions × 64 dimensions' })).toBeTruthy();
  });

  it('the scoring lab presents the four scores or why √d, in Chinese too', () => {
    renderIn(<ScoringLab />, 'zh');
    act(() => useAppStore.getState().setPresenting(true));
    const picker = screen.getByRole('radiogroup', { name: '图' });
    expect(screen.getByRole('region', { name: /^缩放点积/ })).toBeTruthy();
    fireEvent.click(within(picker).getByRole('radio', { name: '为什么除以 √d' }));
    expect(screen.queryByRole('region', { name: /^缩放点积/ })).toBeNull();
    expect(screen.getByRole('button', { name: '退出演示模式' })).toBeTruthy();
  });
});
