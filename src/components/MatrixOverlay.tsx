/**
 * What is drawn over and beside a matrix grid (the editable MatrixEditor and the
 * read-only MatrixTable share it): an SVG layer over the cells for outlines and
 * arrows, which never takes the pointer and is hidden from assistive technology
 * (the cells carry the values), and HTML placed beside the cells (statistics),
 * both positioned from the same `gridLayout` as the cells, so they line up.
 * Render it inside the grid's positioned frame, after the cells.
 */
import type { ReactNode } from 'react';
import type { GridLayout } from '../viz/labs/grid';

export interface MatrixOverlayProps {
  layout: GridLayout;
  /** SVG drawn over the cells (outlines, arrows) */
  overlay?: (layout: GridLayout) => ReactNode;
  /** HTML placed beside the cells (e.g. statistics), positioned from the layout */
  beside?: (layout: GridLayout) => ReactNode;
}

export function MatrixOverlay({ layout, overlay, beside }: MatrixOverlayProps) {
  return (
    <>
      {overlay && (
        <svg className="matrix-overlay" width={layout.width} height={layout.height} aria-hidden="true" focusable="false">
          {overlay(layout)}
        </svg>
      )}
      {beside?.(layout)}
    </>
  );
}
