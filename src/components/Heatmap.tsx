/**
 * A heatmap of a matrix with labelled axes, a legend and hover text. The layout
 * comes from src/viz/heatmap.ts; small grids are drawn as SVG rects, dense ones
 * (more than ~1,000 cells) on a canvas under an SVG overlay for the axes and the
 * hover outline (DESIGN.md rule 8). The figure is an element with role `img`
 * and the accessible name given; hovering a cell shows its value and what it is.
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { colorOf, domainOf, MASKED_COLOR, textColorOn, type ColorDomain } from '../viz/color';
import { cellAt, drawCells, formatCell, heatmapLayout, numbersFit, type HeatmapLayout, type HeatmapSpec } from '../viz/heatmap';
import { heatmapSvg } from '../viz/export';
import { Legend } from './Legend';
import { ExportButtons } from './ExportButtons';

/** The grid's geometry is the layout's own spec (minus its minimum cell); the rest is what the figure shows. */
export interface HeatmapProps extends Omit<HeatmapSpec, 'minCell'> {
  values: ArrayLike<number>;
  /** the accessible name of the figure (role img) */
  label: string;
  /** the caption shown above: the tensor's name and shape */
  caption: string;
  domain?: ColorDomain;
  /** draw numbers in the cells when they fit */
  numbers?: boolean;
  /** cells to mark as masked (hatched) even when their value is finite, e.g. the zeros after softmax */
  masked?: ArrayLike<number | boolean>;
  /** what a cell is, for the hover text */
  describeCell: (row: number, col: number, value: number) => string;
  /** text of the masked entry of the legend, when the grid has masked cells */
  maskedLegend?: string;
  legendLabel: string;
  exportLabels: { svg: string; png: string };
  className?: string;
}

function isMarked(values: ArrayLike<number>, masked: ArrayLike<number | boolean> | undefined, i: number): boolean {
  return !Number.isFinite(values[i]) || (masked !== undefined && !!masked[i]);
}

const Cells = memo(function Cells({ layout, values, domain, numbers, masked, hatchId }: {
  layout: HeatmapLayout; values: ArrayLike<number>; domain: ColorDomain; numbers: boolean;
  masked?: ArrayLike<number | boolean>; hatchId: string;
}) {
  const rects = [];
  const texts = [];
  for (let r = 0; r < layout.rows; r++) {
    for (let c = 0; c < layout.cols; c++) {
      const i = r * layout.cols + c;
      const v = values[i];
      const x = layout.x0 + c * layout.cellW, y = layout.y0 + r * layout.cellH;
      const mark = isMarked(values, masked, i);
      rects.push(
        <rect key={i} className={mark ? 'cell masked' : 'cell'} data-row={r} data-col={c} x={x} y={y} width={layout.cellW} height={layout.cellH} fill={mark ? MASKED_COLOR : colorOf(v, domain)} />,
      );
      if (mark) rects.push(<rect key={`h${i}`} x={x} y={y} width={layout.cellW} height={layout.cellH} fill={`url(#${hatchId})`} />);
      if (numbers) {
        texts.push(
          <text key={i} x={x + layout.cellW / 2} y={y + layout.cellH / 2} fill={mark ? '#111111' : textColorOn(v, domain)}>
            {formatCell(v)}
          </text>,
        );
      }
    }
  }
  return (
    <>
      <g className="cells">{rects}</g>
      {numbers && <g className="numbers" fontSize={layout.numberFont} textAnchor="middle" dominantBaseline="central">{texts}</g>}
    </>
  );
});

function Axes({ layout }: { layout: HeatmapLayout }) {
  return (
    <g className="axes" fontSize={layout.fontSize}>
      {layout.rowTicks.map((t) => (
        <text key={`r${t.index}`} x={layout.x0 - 6} y={t.pos} textAnchor="end" dominantBaseline="central">{t.label}</text>
      ))}
      {layout.colTicks.map((t) =>
        t.rotated ? (
          <text key={`c${t.index}`} transform={`translate(${t.pos},${layout.y0 - 6}) rotate(-90)`} textAnchor="start" dominantBaseline="central">{t.label}</text>
        ) : (
          <text key={`c${t.index}`} x={t.pos} y={layout.y0 - 6} textAnchor="middle">{t.label}</text>
        ),
      )}
      {layout.rowTitle && (
        <text className="axis-title" transform={`translate(${layout.rowTitle.x},${layout.rowTitle.y}) rotate(-90)`} textAnchor="middle">{layout.rowTitle.text}</text>
      )}
      {layout.colTitle && <text className="axis-title" x={layout.colTitle.x} y={layout.colTitle.y} textAnchor="middle">{layout.colTitle.text}</text>}
    </g>
  );
}

/** The 2D context of a canvas, or null where there is none (tests without canvas support). */
function contextOf(canvas: HTMLCanvasElement | null): CanvasRenderingContext2D | null {
  try {
    return canvas?.getContext('2d') ?? null;
  } catch {
    return null;
  }
}

export function Heatmap(props: HeatmapProps) {
  const { values, rows, cols, masked, numbers = false, fontSize } = props;
  const hatchId = useId().replace(/:/g, '') + '-hatch';
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ row: number; col: number } | null>(null);
  const layout = useMemo(
    () => heatmapLayout({
      rows, cols, rowLabels: props.rowLabels, colLabels: props.colLabels, rowTitle: props.rowTitle, colTitle: props.colTitle,
      maxWidth: props.maxWidth, maxHeight: props.maxHeight, fontSize, maxCell: props.maxCell,
    }),
    [rows, cols, props.rowLabels, props.colLabels, props.rowTitle, props.colTitle, props.maxWidth, props.maxHeight, fontSize, props.maxCell],
  );
  const domain = useMemo(() => props.domain ?? domainOf(values), [props.domain, values]);
  const showNumbers = numbers && numbersFit(layout, values);
  const hasMasked = useMemo(() => {
    for (let i = 0; i < values.length; i++) if (isMarked(values, masked, i)) return true;
    return false;
  }, [values, masked]);

  useEffect(() => {
    if (!layout.dense) return;
    const canvas = canvasRef.current;
    const ctx = contextOf(canvas);
    if (!canvas || !ctx) return;
    const dpr = Math.min(globalThis.devicePixelRatio || 1, 3);
    canvas.width = Math.round(layout.width * dpr);
    canvas.height = Math.round(layout.height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawCells(ctx, layout, values, domain, showNumbers, masked);
  }, [layout, values, domain, showNumbers, masked]);

  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const sx = box.width > 0 ? layout.width / box.width : 1;
    const sy = box.height > 0 ? layout.height / box.height : 1;
    const cell = cellAt(layout, (e.clientX - box.left) * sx, (e.clientY - box.top) * sy);
    setHover((h) => (h?.row === cell?.row && h?.col === cell?.col ? h : cell));
  };

  const hoverText = hover ? props.describeCell(hover.row, hover.col, values[hover.row * cols + hover.col]) : null;
  const getSvg = () => heatmapSvg(layout, values, domain, { title: props.caption, numbers: showNumbers, masked });

  return (
    <figure className={`tour-figure heatmap${props.className ? ` ${props.className}` : ''}`}>
      <figcaption>{props.caption}</figcaption>
      <div className="heatmap-frame" role="img" aria-label={props.label} style={{ width: layout.width, height: layout.height }}>
        {layout.dense && <canvas ref={canvasRef} className="heatmap-canvas" style={{ width: layout.width, height: layout.height }} />}
        <svg
          className="heatmap-svg"
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          aria-hidden="true"
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        >
          <defs>
            <pattern id={hatchId} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line x1={0} y1={0} x2={0} y2={6} stroke="#8a8a8a" strokeWidth={1.5} />
            </pattern>
          </defs>
          {!layout.dense && <Cells layout={layout} values={values} domain={domain} numbers={showNumbers} masked={masked} hatchId={hatchId} />}
          <Axes layout={layout} />
          {hover && (
            <rect
              className="hover-outline"
              x={layout.x0 + hover.col * layout.cellW}
              y={layout.y0 + hover.row * layout.cellH}
              width={layout.cellW}
              height={layout.cellH}
              fill="none"
              stroke="#e11d48"
              strokeWidth={2}
            />
          )}
        </svg>
      </div>
      <div className="figure-foot">
        <Legend domain={domain} label={props.legendLabel} maskedLabel={hasMasked ? props.maskedLegend : undefined} maskedColor={MASKED_COLOR} fontSize={Math.max(11, (fontSize ?? 13) - 2)} />
        <ExportButtons getSvg={getSvg} name={props.caption} labels={props.exportLabels} />
      </div>
      <p className="hover-text" aria-live="off">{hoverText ?? '\u00a0'}</p>
    </figure>
  );
}
