// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Heatmap, type HeatmapProps } from '../../src/components/Heatmap';
import { cellRect, heatmapLayout, longestNumber } from '../../src/viz/heatmap';
import { MASKED_COLOR } from '../../src/viz/color';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const tokens = ['<bos>', 'a', 'b'];

function props(over: Partial<HeatmapProps> = {}): HeatmapProps {
  return {
    values: [0.9, 0.05, 0.05, 0.2, 0.7, 0.1, 0.3, 0.3, 0.4],
    rows: 3,
    cols: 3,
    rowLabels: tokens,
    colLabels: tokens,
    rowTitle: 'query',
    colTitle: 'key',
    label: 'encoder self-attention, layer 1, head 2: Attention weights',
    caption: 'enc.1.self_attn.weights [1,4,3,3]',
    maxWidth: 400,
    maxHeight: 300,
    numbers: true,
    describeCell: (r, c, v) => `query ${tokens[r]} → key ${tokens[c]}: ${v.toFixed(2)}`,
    legendLabel: 'Colour scale',
    maskedLegend: 'masked',
    exportLabels: { svg: 'Export SVG', png: 'Export PNG' },
    ...over,
  };
}

describe('Heatmap', () => {
  it('is an image named after the kind, layer and head, with a caption naming the tensor and its shape', () => {
    render(<Heatmap {...props()} />);
    expect(screen.getByRole('img', { name: /encoder self-attention, layer 1, head 2/ })).toBeTruthy();
    expect(screen.getByText('enc.1.self_attn.weights [1,4,3,3]')).toBeTruthy();
  });

  it('draws one cell per value, in the one colour scale, with numbers when they fit', () => {
    const { container } = render(<Heatmap {...props()} />);
    const cells = container.querySelectorAll('rect.cell');
    expect(cells.length).toBe(9);
    expect(cells[0].getAttribute('fill')).not.toBe(cells[1].getAttribute('fill'));
    expect(container.querySelector('.numbers')?.textContent).toContain('0.90');
  });

  it('labels both axes with the tokens and titles them', () => {
    const { container } = render(<Heatmap {...props()} />);
    const axis = container.querySelector('.axes')!;
    const texts = [...axis.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts.filter((x) => x === '<bos>').length).toBe(2);
    expect(texts).toContain('query');
    expect(texts).toContain('key');
  });

  it('hovering a cell says its value and what it is', () => {
    const { container } = render(<Heatmap {...props()} />);
    const svg = container.querySelector('svg.heatmap-svg')!;
    const l = heatmapLayout({ rows: 3, cols: 3, rowLabels: tokens, colLabels: tokens, rowTitle: 'query', colTitle: 'key', maxWidth: 400, maxHeight: 300, numberChars: longestNumber(props().values) });
    const r = cellRect(l, 1, 2);
    fireEvent.mouseMove(svg, { clientX: r.x + 2, clientY: r.y + 2 });
    expect(screen.getByText('query a → key b: 0.10')).toBeTruthy();
    expect(container.querySelector('.hover-outline')).not.toBeNull();
    fireEvent.mouseLeave(svg);
    expect(screen.queryByText('query a → key b: 0.10')).toBeNull();
  });

  it('without room the numbers are left out, and the figure says so to whoever asked for them', () => {
    const fit = vi.fn();
    const { container, rerender } = render(<Heatmap {...props({ maxWidth: 90, maxHeight: 90, onNumbersFit: fit })} />);
    expect(container.querySelector('.numbers')).toBeNull();
    expect(fit).toHaveBeenLastCalledWith(expect.any(String), false);
    rerender(<Heatmap {...props({ onNumbersFit: fit })} />);
    expect(container.querySelector('.numbers')).not.toBeNull();
    expect(fit).toHaveBeenLastCalledWith(expect.any(String), true);
  });

  it('tells which cell is shown, under the keyboard cursor or the mouse, and when none is', () => {
    const onShownCell = vi.fn();
    const { container } = render(<Heatmap {...props({ onShownCell })} />);
    expect(onShownCell).toHaveBeenLastCalledWith(null);
    const grid = screen.getByRole('img');
    grid.focus();
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(onShownCell).toHaveBeenLastCalledWith({ row: 0, col: 0 });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'End' });
    expect(onShownCell).toHaveBeenLastCalledWith({ row: 1, col: 2 });
    fireEvent.keyDown(grid, { key: 'Escape' });
    expect(onShownCell).toHaveBeenLastCalledWith(null);
    expect(container.querySelector('.cursor-outline')).toBeNull();
  });

  it('can be read without a mouse: it takes the focus, the arrow keys move a cell cursor, and the cell is announced', () => {
    const { container } = render(<Heatmap {...props()} />);
    const grid = screen.getByRole('img');
    expect(grid.tabIndex).toBe(0);
    grid.focus();
    // fireEvent returns false when the event was cancelled (preventDefault)
    const notCancelled = fireEvent.keyDown(grid, { key: 'ArrowDown' });
    // the arrows belong to the cursor while the figure has the focus (the walk does not step);
    // the first key puts the cursor on the first cell
    expect(notCancelled).toBe(false);
    expect(container.querySelector('[aria-live="polite"]')!.textContent).toBe('Row 1 of 3, column 1 of 3: query <bos> → key <bos>: 0.90');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(screen.getByText('query a → key b: 0.10')).toBeTruthy();
    expect(container.querySelector('.cursor-outline')).not.toBeNull();
    const live = container.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).toBe('Row 2 of 3, column 3 of 3: query a → key b: 0.10');
    // the cursor stops at the edges
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    expect(live.textContent).toContain('column 3 of 3');
    fireEvent.keyDown(grid, { key: 'Home' });
    expect(live.textContent).toContain('column 1 of 3');
    fireEvent.keyDown(grid, { key: 'Escape' });
    expect(container.querySelector('.cursor-outline')).toBeNull();
  });

  it('a dense grid goes on a canvas under an SVG overlay that still has the axes', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null); // jsdom has no 2D canvas
    const rows = 12, cols = 128;
    const { container } = render(
      <Heatmap {...props({ values: new Float32Array(rows * cols), rows, cols, rowLabels: Array(rows).fill('x'), colLabels: Array.from({ length: cols }, (_, i) => String(i)), maxWidth: 900 })} />,
    );
    expect(container.querySelector('canvas.heatmap-canvas')).not.toBeNull();
    expect(container.querySelectorAll('rect.cell').length).toBe(0);
    expect(container.querySelector('.axes')?.textContent).toContain('0');
  });

  it('has export buttons beside it', () => {
    render(<Heatmap {...props()} />);
    expect(screen.getByRole('button', { name: 'Export SVG' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export PNG' })).toBeTruthy();
  });
});

describe('the mask view (a heatmap of masked scores)', () => {
  const masked = [1.2, -Infinity, -Infinity, 0.4, -0.3, -Infinity, 0.5, -1.5, 1.1];

  it('marks exactly the −∞ cells above the diagonal, writes −∞ in them and adds the mask to the legend', () => {
    const { container } = render(<Heatmap {...props({ values: masked, label: 'decoder self-attention, layer 0, head 0' })} />);
    const hatched = [...container.querySelectorAll('rect.cell.masked')].map((r) => [Number(r.getAttribute('data-row')), Number(r.getAttribute('data-col'))]);
    expect(hatched).toEqual([[0, 1], [0, 2], [1, 2]]);
    expect([...container.querySelectorAll('.numbers text')].filter((t) => t.textContent === '−∞').length).toBe(3);
    expect(screen.getByText('masked')).toBeTruthy();
  });

  it('after softmax the same cells are zeros and are still marked as masked', () => {
    const weights = [1, 0, 0, 0.67, 0.33, 0, 0.2, 0.1, 0.7];
    const { container } = render(<Heatmap {...props({ values: weights, masked: masked.map((v) => v === -Infinity) })} />);
    const hatched = [...container.querySelectorAll('rect.cell.masked')];
    expect(hatched.length).toBe(3);
    expect(hatched.every((r) => r.getAttribute('fill') === MASKED_COLOR)).toBe(true);
    expect([...container.querySelectorAll('.numbers text')].filter((t) => t.textContent === '0.00').length).toBe(3);
    expect(screen.getByText('masked')).toBeTruthy();
  });

  it('a map without masked cells shows no mask entry in its legend', () => {
    render(<Heatmap {...props()} />);
    expect(screen.queryByText('masked')).toBeNull();
  });
});
