/**
 * A dense heatmap (hundreds to thousands of cells): cells painted on a canvas,
 * axes and labels in SVG, laid out by `heatmapLayout`. Hovering or moving a
 * cursor with the arrow keys (when focused) reads out one cell's value.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { colorOf, type ColorDomain } from '../viz/color';
import { heatmapCellAt, type HeatmapLayout } from '../viz/labs/heatmap';
import { titleReadsHorizontally } from '../viz/labs/axis';

export interface MatrixHeatmapProps {
  title: string;
  rows: number;
  cols: number;
  /** row-major values, rows × cols */
  values: ArrayLike<number>;
  domain: ColorDomain;
  layout: HeatmapLayout;
  xLabel: string;
  yLabel: string;
  /** the text read out for one cell */
  readout: (r: number, c: number, v: number) => string;
  /** the readout when no cell is chosen */
  idle: string;
}

export function MatrixHeatmap(props: MatrixHeatmapProps) {
  const id = useId();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const { layout: l, rows, cols, values, domain } = props;
  const [cursor, setCursor] = useState<{ r: number; c: number } | null>(null);
  const active = cursor && cursor.r < rows && cursor.c < cols ? cursor : null;

  useEffect(() => {
    const el = canvas.current;
    if (!el || typeof el.getContext !== 'function') return;
    let ctx: CanvasRenderingContext2D | null;
    try {
      ctx = el.getContext('2d');
    } catch {
      ctx = null;
    }
    if (!ctx) return;
    ctx.clearRect(0, 0, el.width, el.height);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        ctx.fillStyle = colorOf(values[r * cols + c], domain);
        ctx.fillRect(c * l.cellW, r * l.cellH, l.cellW, l.cellH);
      }
    }
  }, [values, rows, cols, domain, l.cellW, l.cellH]);

  const onMove = (e: MouseEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    setCursor(heatmapCellAt(l, e.clientX - box.left, e.clientY - box.top, rows, cols));
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = active ?? { r: 0, c: 0 };
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    if (!active) {
      setCursor(at);
      return;
    }
    setCursor({ r: Math.min(rows - 1, Math.max(0, at.r + m[0])), c: Math.min(cols - 1, Math.max(0, at.c + m[1])) });
  };

  const text = active ? props.readout(active.r, active.c, values[active.r * cols + active.c]) : props.idle;
  return (
    <figure className="matrix-heatmap">
      <div
        className="heatmap-frame"
        style={{ width: l.width, height: l.height }}
        role="group"
        aria-label={props.title}
        aria-describedby={`${id}-read`}
        tabIndex={0}
        onMouseMove={onMove}
        onMouseLeave={() => setCursor(null)}
        onKeyDown={onKey}
        onBlur={() => setCursor(null)}
      >
        <canvas
          ref={canvas}
          width={l.plot.w}
          height={l.plot.h}
          style={{ left: l.plot.x, top: l.plot.y, width: l.plot.w, height: l.plot.h }}
          aria-hidden="true"
        />
        <svg width={l.width} height={l.height} aria-hidden="true" focusable="false">
          <rect x={l.plot.x - 0.5} y={l.plot.y - 0.5} width={l.plot.w + 1} height={l.plot.h + 1} fill="none" stroke="#6b7280" />
          {l.rowTicks.map((t) => (
            <text key={`r${t.index}`} x={l.plot.x - 5} y={t.pos} textAnchor="end" dominantBaseline="middle" className="tick">
              {t.label}
            </text>
          ))}
          {l.colTicks.map((t) => (
            <text key={`c${t.index}`} x={t.pos} y={l.plot.y - 6} textAnchor="middle" className="tick">
              {t.label}
            </text>
          ))}
          {active && (
            <rect
              x={l.plot.x + active.c * l.cellW - 1}
              y={l.plot.y + active.r * l.cellH - 1}
              width={l.cellW + 2}
              height={l.cellH + 2}
              fill="none"
              stroke="#e11d48"
              strokeWidth={2}
            />
          )}
          <text x={l.plot.x + l.plot.w / 2} y={12} textAnchor="middle" className="axis-label">
            {props.xLabel}
          </text>
          {titleReadsHorizontally(props.yLabel) ? (
            // a Chinese title is set horizontally, in the corner above the row labels
            <text x={l.plot.x - 5} y={l.plot.y - 6} textAnchor="end" className="axis-label">
              {props.yLabel}
            </text>
          ) : (
            <text transform={`translate(12, ${l.plot.y + l.plot.h / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
              {props.yLabel}
            </text>
          )}
        </svg>
      </div>
      <figcaption id={`${id}-read`} className="heatmap-readout" aria-live="polite">
        {text}
      </figcaption>
    </figure>
  );
}
