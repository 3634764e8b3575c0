/**
 * A read-only matrix of numbers (a lab's output), laid out by the same
 * `gridLayout` as the editor so the two read side by side. Each cell is an
 * ARIA table cell with its value as text; the colour is the shared viridis.
 */
import type { ReactNode } from 'react';
import type { GridLayout } from '../viz/labs/grid';
import { readableTextOn } from '../viz/labs/contrast';
import { MatrixOverlay, type MatrixOverlayProps } from './MatrixOverlay';

/** `overlay` (SVG over the cells) and `beside` (HTML beside them) are drawn by MatrixOverlay. */
export interface MatrixTableProps extends Pick<MatrixOverlayProps, 'overlay' | 'beside'> {
  label: string;
  layout: GridLayout;
  /** the text of each cell */
  text: (r: number, c: number) => string;
  /** the background of each cell */
  color?: (r: number, c: number) => string | undefined;
  rowHeader?: (r: number) => ReactNode;
  colHeader?: (c: number) => ReactNode;
  rowClass?: (r: number) => string | undefined;
  className?: string;
}

export function MatrixTable(props: MatrixTableProps) {
  const { layout } = props;
  const { rows, cols } = layout;
  return (
    <div className={`matrix-frame ${props.className ?? ''}`} style={{ width: layout.width, height: layout.height }}>
      <div role="table" aria-label={props.label} aria-rowcount={rows} aria-colcount={cols}>
        {props.colHeader && (
          <div role="row" className="matrix-row">
            {props.rowHeader && <span role="columnheader" className="matrix-corner" />}
            {layout.colHeaders.map((h, c) => (
              <div key={c} role="columnheader" className="matrix-colhead" style={{ left: h.x, top: h.y, width: h.w, height: h.h }}>
                {props.colHeader!(c)}
              </div>
            ))}
          </div>
        )}
        {Array.from({ length: rows }, (_, r) => (
          <div key={r} role="row" className={`matrix-row ${props.rowClass?.(r) ?? ''}`}>
            {props.rowHeader && (
              <div
                role="rowheader"
                className="matrix-rowhead"
                style={{ left: layout.rowHeaders[r].x, top: layout.rowHeaders[r].y, width: layout.rowHeaders[r].w, height: layout.rowHeaders[r].h }}
              >
                {props.rowHeader(r)}
              </div>
            )}
            {Array.from({ length: cols }, (_, c) => {
              const cell = layout.cells[r * cols + c];
              const bg = props.color?.(r, c);
              return (
                <div
                  key={c}
                  role="cell"
                  className="matrix-value"
                  style={{ left: cell.x, top: cell.y, width: cell.w, height: cell.h, ...(bg ? { background: bg, color: readableTextOn(bg) } : {}) }}
                >
                  {props.text(r, c)}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <MatrixOverlay layout={layout} overlay={props.overlay} beside={props.beside} />
    </div>
  );
}
