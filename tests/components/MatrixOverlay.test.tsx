// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { I18nProvider } from '../../src/i18n';
import { MatrixOverlay } from '../../src/components/MatrixOverlay';
import { MatrixEditor } from '../../src/components/MatrixEditor';
import { MatrixTable } from '../../src/components/MatrixTable';
import { gridLayout, type GridLayout } from '../../src/viz/labs/grid';

afterEach(cleanup);

const spec = { cellW: 50, cellH: 30, gap: 4, margin: { top: 20, right: 60, bottom: 10, left: 40 } };
const layout = gridLayout({ ...spec, rows: 2, cols: 3 });

/** An outline around the first cell and a label right of each row, both read from the layout they are given. */
const outline = (l: GridLayout) => <rect data-testid="outline" x={l.cells[0].x} y={l.cells[0].y} width={l.cells[0].w} height={l.cells[0].h} />;
const stats = (l: GridLayout) => (
  <div>
    {l.rowBands.map((b, r) => (
      <span key={r} data-testid="stat" style={{ top: b.y }}>{`row ${r + 1}`}</span>
    ))}
  </div>
);

describe('MatrixOverlay', () => {
  it('draws the overlay in an SVG the size of the grid, hidden from assistive technology, and the HTML beside it', () => {
    const { container } = render(<MatrixOverlay layout={layout} overlay={outline} beside={stats} />);
    const svg = container.querySelector('svg.matrix-overlay')!;
    expect(svg.getAttribute('width')).toBe(String(layout.width));
    expect(svg.getAttribute('height')).toBe(String(layout.height));
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(screen.getByTestId('outline').getAttribute('x')).toBe(String(layout.cells[0].x));
    expect(screen.getAllByTestId('stat').map((e) => e.textContent)).toEqual(['row 1', 'row 2']);
  });

  it('draws nothing when there is neither an overlay nor anything beside', () => {
    const { container } = render(<MatrixOverlay layout={layout} />);
    expect(container.innerHTML).toBe('');
  });

  it('is what the editor and the read-only table both draw over their cells, at the same place', () => {
    const { container } = render(
      <I18nProvider lang="en">
        <MatrixEditor label="In" initial={[[1, 2, 3], [4, 5, 6]]} onValid={() => undefined} spec={spec} overlay={outline} beside={stats} />
        <MatrixTable label="Out" layout={layout} text={(r, c) => String(r * 3 + c)} overlay={outline} beside={stats} />
      </I18nProvider>,
    );
    const svgs = container.querySelectorAll('svg.matrix-overlay');
    expect(svgs).toHaveLength(2);
    expect(svgs[0].outerHTML).toBe(svgs[1].outerHTML);
    expect(screen.getAllByTestId('stat')).toHaveLength(4);
    // the overlay sits inside each grid's frame, after its cells
    for (const svg of svgs) expect(svg.parentElement?.classList.contains('matrix-frame')).toBe(true);
  });
});
