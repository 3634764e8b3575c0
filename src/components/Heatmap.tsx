/**
 * A heatmap of a matrix with labelled axes, a legend and a readout. The layout
 * comes from src/viz/heatmap.ts, sized from the room it is given; small grids are
 * drawn as SVG rects, dense ones (more than ~300 cells) on a canvas under an SVG
 * overlay for the axes and the cursor outline (DESIGN.md rule 8).
 *
 * The grid is an element with role `img` and the accessible name given. It can be
 * read without a mouse: it takes the focus, the arrow keys move a cell cursor
 * (Home / End: first and last column), and the cell's value is drawn as on hover and
 * announced (aria-live). Hovering a cell shows the same text.
 */
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useT } from '../i18n';
import { colorOf, domainOf, MASKED_COLOR, textColorOn, type ColorDomain } from '../viz/color';
import { cellAt, drawCells, formatCell, heatmapLayout, longestNumber, numbersFit, type HeatmapLayout, type HeatmapSpec } from '../viz/heatmap';
import { heatmapSvg } from '../viz/export';
import { Legend } from './Legend';
import { FigureFrame } from './FigureFrame';

/** The grid's geometry is the layout's own spec (minus its minimum cell); the rest is what the figure shows. */
export interface HeatmapProps extends Omit<HeatmapSpec, 'minCell' | 'numberChars'> {
  values: ArrayLike<number>;
  /** the accessible name of the figure (role img) */
  label: string;
  /** the caption shown above (and written into exports): tensor, shape, layer, head */
  caption: string;
  domain?: ColorDomain;
  /** draw numbers in the cells when they fit */
  numbers?: boolean;
  /**
   * told whether the numbers asked for fit in the cells (so a control can say when they do
   * not), under the figure's own id; `null` when the figure goes away or numbers are off
   */
  onNumbersFit?: (id: string, fit: boolean | null) => void;
  /** cells to mark as masked (hatched) even when their value is finite, e.g. the zeros after softmax */
  masked?: ArrayLike<number | boolean>;
  /** what a cell is, for the readout */
  describeCell: (row: number, col: number, value: number) => string;
  /** text of the masked entry of the legend, when the grid has masked cells */
  maskedLegend?: string;
  legendLabel: string;
  /** legend size (px): bar width and tick labels */
  legendWidth?: number;
  legendFont?: number;
  exportLabels: { svg: string; png: string };
  /** the export file name without extension */
  fileName?: string;
  className?: string;
  /** told which cell is hovered or under the keyboard cursor (null: none), e.g. to explain it beside the figure */
  onShownCell?: (cell: { row: number; col: number } | null) => void;
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
        <text key={`r${t.index}`} x={layout.x0 - 6} y={t.pos} fontSize={layout.rowFontSize} textAnchor="end" dominantBaseline="central">{t.label}</text>
      ))}
      {layout.colTicks.map((t) =>
        t.rotated ? (
          <text key={`c${t.index}`} transform={`translate(${t.pos},${layout.y0 - 6}) rotate(-90)`} textAnchor="start" dominantBaseline="central">{t.label}</text>
        ) : (
          <text key={`c${t.index}`} x={t.pos} y={layout.y0 - 6} textAnchor="middle">{t.label}</text>
        ),
      )}
      {layout.rowTitle && (layout.rowTitle.horizontal ? (
        <text className="axis-title" x={layout.rowTitle.x} y={layout.rowTitle.y} textAnchor="start">{layout.rowTitle.text}</text>
      ) : (
        <text className="axis-title" transform={`translate(${layout.rowTitle.x},${layout.rowTitle.y}) rotate(-90)`} textAnchor="middle">{layout.rowTitle.text}</text>
      ))}
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

type Cell = { row: number; col: number };

function focusVisible(el: Element): boolean {
  try {
    return el.matches(':focus-visible');
  } catch {
    return false;
  }
}

/** The cell an arrow key moves a cursor to (clamped to the grid), or null for other keys. */
export function moveCursor(cell: Cell, key: string, rows: number, cols: number): Cell | null {
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(cell.row - 1, rows), col: cell.col };
    case 'ArrowDown':
      return { row: clamp(cell.row + 1, rows), col: cell.col };
    case 'ArrowLeft':
      return { row: cell.row, col: clamp(cell.col - 1, cols) };
    case 'ArrowRight':
      return { row: cell.row, col: clamp(cell.col + 1, cols) };
    case 'Home':
      return { row: cell.row, col: 0 };
    case 'End':
      return { row: cell.row, col: cols - 1 };
    default:
      return null;
  }
}

export function Heatmap(props: HeatmapProps) {
  const t = useT();
  const { values, rows, cols, masked, numbers = false, fontSize, onNumbersFit } = props;
  const uid = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const hatchId = `${uid}-hatch`;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<Cell | null>(null);
  const [cursor, setCursor] = useState<Cell | null>(null);
  const [announce, setAnnounce] = useState('');
  const numberChars = useMemo(() => (numbers ? longestNumber(values) : undefined), [numbers, values]);
  const layout = useMemo(
    () => heatmapLayout({
      rows, cols, rowLabels: props.rowLabels, colLabels: props.colLabels, rowTitle: props.rowTitle, colTitle: props.colTitle,
      maxWidth: props.maxWidth, maxHeight: props.maxHeight, fontSize, maxCell: props.maxCell, numberChars, maxNumberFont: props.maxNumberFont,
    }),
    [rows, cols, props.rowLabels, props.colLabels, props.rowTitle, props.colTitle, props.maxWidth, props.maxHeight, fontSize, props.maxCell, numberChars, props.maxNumberFont],
  );
  const domain = useMemo(() => props.domain ?? domainOf(values), [props.domain, values]);
  const fit = numbersFit(layout, values);
  const showNumbers = numbers && fit;
  const hasMasked = useMemo(() => {
    for (let i = 0; i < values.length; i++) if (isMarked(values, masked, i)) return true;
    return false;
  }, [values, masked]);

  useEffect(() => {
    if (!onNumbersFit) return;
    onNumbersFit(uid, numbers ? fit : null);
    return () => onNumbersFit(uid, null);
  }, [uid, numbers, fit, onNumbersFit]);

  // a new matrix of another size puts the cursor back inside it
  const cur = cursor && cursor.row < rows && cursor.col < cols ? cursor : null;

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

  const describe = (c: Cell) => props.describeCell(c.row, c.col, values[c.row * cols + c.col]);
  const moveTo = (c: Cell) => {
    setCursor(c);
    setAnnounce(t('ui.figure.cell', { row: c.row + 1, rows, col: c.col + 1, cols, text: describe(c) }));
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Escape' && cur) {
      e.preventDefault();
      e.stopPropagation();
      setCursor(null);
      return;
    }
    const next = moveCursor(cur ?? { row: 0, col: 0 }, e.key, rows, cols);
    if (!next) return;
    // the arrows belong to the cursor while the figure has the focus: they do not step the walk
    e.preventDefault();
    e.stopPropagation();
    moveTo(cur ? next : { row: 0, col: 0 });
  };

  const shown = cur ?? hover;
  const readout = shown ? describe(shown) : null;
  const onShownCell = props.onShownCell;
  const shownRow = shown?.row ?? -1, shownCol = shown?.col ?? -1;
  useEffect(() => {
    onShownCell?.(shownRow >= 0 ? { row: shownRow, col: shownCol } : null);
  }, [onShownCell, shownRow, shownCol]);
  const getSvg = () => heatmapSvg(layout, values, domain, { title: props.caption, numbers: showNumbers, masked });
  const legendFont = props.legendFont ?? Math.max(11, (fontSize ?? 13) - 2);

  return (
    <FigureFrame
      caption={props.caption}
      readout={readout}
      className={`heatmap${props.className ? ` ${props.className}` : ''}`}
      legend={<Legend domain={domain} label={props.legendLabel} maskedLabel={hasMasked ? props.maskedLegend : undefined} maskedColor={MASKED_COLOR} fontSize={legendFont} width={props.legendWidth ?? Math.round(Math.max(100, Math.min(280, layout.width * 0.45)))} />}
      getSvg={getSvg}
      fileName={props.fileName}
      exportLabels={props.exportLabels}
    >
      <div
        className="heatmap-frame"
        role="img"
        aria-label={props.label}
        aria-describedby={`${uid}-keys`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          // a keyboard focus shows the cursor at once; a click leaves the mouse in charge
          if (!cur && focusVisible(e.currentTarget)) moveTo({ row: 0, col: 0 });
        }}
        onBlur={() => setCursor(null)}
        style={{ width: layout.width, height: layout.height }}
      >
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
          {shown && (
            <rect
              className={cur ? 'cursor-outline' : 'hover-outline'}
              x={layout.x0 + shown.col * layout.cellW}
              y={layout.y0 + shown.row * layout.cellH}
              width={layout.cellW}
              height={layout.cellH}
              fill="none"
              stroke="#e11d48"
              strokeWidth={cur ? 3 : 2}
            />
          )}
        </svg>
      </div>
      <span id={`${uid}-keys`} className="visually-hidden">{t('ui.figure.cursorHint')}</span>
      <span className="visually-hidden" aria-live="polite">{announce}</span>
    </FigureFrame>
  );
}
