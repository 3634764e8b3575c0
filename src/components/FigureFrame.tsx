/**
 * The frame every figure shares: its caption (tensor, shape, layer, head), a readout
 * line kept in view just under the caption (what the hovered or keyboard-selected part
 * is), the figure itself, and a footer with its legend, a hint and the SVG / PNG
 * export buttons. Generic: what to show comes in as props.
 */
import type { ReactNode } from 'react';
import { ExportButtons } from './ExportButtons';

export interface FigureFrameProps {
  caption: string;
  /** hover / cursor text; null keeps the line's height so that nothing jumps */
  readout?: string | null;
  children: ReactNode;
  legend?: ReactNode;
  hint?: string;
  /** the figure as a standalone SVG document, for the exports */
  getSvg?: () => string;
  /** the export file name without extension (ASCII) */
  fileName?: string;
  exportLabels?: { svg: string; png: string };
  className?: string;
}

export function FigureFrame({ caption, readout, children, legend, hint, getSvg, fileName, exportLabels, className }: FigureFrameProps) {
  return (
    <figure className={`tour-figure${className ? ` ${className}` : ''}`}>
      <figcaption>{caption}</figcaption>
      {readout !== undefined && (
        <p className="hover-text" aria-live="off">{readout ?? '\u00a0'}</p>
      )}
      {children}
      {(legend || hint || getSvg) && (
        <div className="figure-foot">
          {legend}
          {hint && <p className="hint">{hint}</p>}
          {getSvg && exportLabels && <ExportButtons getSvg={getSvg} name={fileName ?? caption} labels={exportLabels} />}
        </div>
      )}
    </figure>
  );
}
