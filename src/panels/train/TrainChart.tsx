/**
 * A live line chart of the training lab: axes and paths from `lineChartLayout`
 * (src/viz/labs/chart.ts), series thinned to about one point per pixel, inside the shared
 * FigureFrame (caption, readout, legend, SVG / PNG export). The plot takes the room the
 * frame leaves (measured), so caption and legend are never cut off. The chart is an image
 * with a name that says its latest values; it takes the focus, and ← → (Home, End) move a
 * cursor from point to point of its first series, whose values are read out and announced,
 * as the pointer does on hover.
 */
import { memo, useId, useMemo, useRef, useState, type RefObject } from 'react';
import { useT } from '../../i18n';
import { FigureFrame } from '../../components/FigureFrame';
import { Room } from '../../components/Room';
import { lineChartLayout, type AxisSpec } from '../../viz/labs/chart';
import { titleReadsHorizontally } from '../../viz/labs/axis';
import { standaloneSvg } from '../../viz/export';
import { nearestIndex, thin, type XY } from '../../viz/train/series';

export interface ChartSeries {
  id: string;
  label: string;
  color: string;
  points: readonly XY[];
  dash?: string;
  width?: number;
  /** dots on the points (a few points, e.g. validations) */
  dots?: boolean;
}

type Axis = AxisSpec & { label: string };

export interface TrainChartProps {
  caption: string;
  /** the accessible name: what the chart shows and its latest values */
  label: string;
  series: ChartSeries[];
  x: Axis;
  y: Axis;
  /** the readout of the cursor's point (an index into the first series) */
  describe: (index: number) => string;
  fileName: string;
  exportLabels: { svg: string; png: string };
  fontSize?: number;
  className?: string;
}

const MARGIN = { top: 10, right: 14, bottom: 42, left: 56 };

interface PlotProps {
  room: { width: number; height: number };
  series: ChartSeries[];
  x: Axis;
  y: Axis;
  fontSize: number;
  shown: number | null;
  cursorOn: boolean;
  onHover: (i: number | null) => void;
  svgRef: RefObject<SVGSVGElement | null>;
}

const Plot = memo(function Plot({ room, series, x, y, fontSize, shown, cursorOn, onHover, svgRef }: PlotProps) {
  const width = Math.max(220, Math.floor(room.width));
  const height = Math.max(120, Math.floor(room.height));
  const grow = Math.max(0, fontSize - 13) * 2;
  // a Chinese title of the vertical axis is set flat above the plot (never on its side)
  const flatTitle = titleReadsHorizontally(y.label);
  // its baseline sits clear of the top tick's label (centred on the plot's top edge)
  const titleLift = Math.ceil(fontSize / 2) + 6;
  const top = flatTitle ? MARGIN.top + fontSize + titleLift : MARGIN.top;
  const maxPoints = Math.max(50, Math.floor(width - MARGIN.left - MARGIN.right));
  const layout = useMemo(
    () => lineChartLayout(series.map((s) => ({ id: s.id, points: thin(s.points, maxPoints) })), {
      width, height, margin: { ...MARGIN, top, left: MARGIN.left + grow, bottom: MARGIN.bottom + grow }, x, y,
    }),
    [series, width, height, maxPoints, x, y, grow, top],
  );
  const first = series[0]?.points ?? [];
  const { plot } = layout;
  const [x0, x1] = x.domain;
  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    if (first.length === 0) return;
    const box = e.currentTarget.getBoundingClientRect();
    const px = (e.clientX - box.left) * (box.width > 0 ? width / box.width : 1);
    onHover(nearestIndex(first, x0 + ((px - plot.x) / plot.w) * (x1 - x0)));
  };
  const at = shown !== null ? first[shown] : undefined;
  return (
    <svg
      ref={svgRef}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      aria-hidden="true"
      focusable="false"
      fontSize={fontSize}
      onMouseMove={onMove}
      onMouseLeave={() => onHover(null)}
    >
      <rect x={plot.x} y={plot.y} width={plot.w} height={plot.h} fill="#fbfcfe" stroke="#9aa5b4" />
      {layout.yTicks.map((tk) => (
        <g key={`y${tk.value}`}>
          <line x1={plot.x} x2={plot.x + plot.w} y1={tk.pos} y2={tk.pos} stroke="#e3e8ef" />
          <text x={plot.x - 6} y={tk.pos} textAnchor="end" dominantBaseline="middle" fill="#374151">{tk.label}</text>
        </g>
      ))}
      {layout.xTicks.map((tk) => (
        <g key={`x${tk.value}`}>
          <line x1={tk.pos} x2={tk.pos} y1={plot.y} y2={plot.y + plot.h} stroke="#e3e8ef" />
          <text x={tk.pos} y={plot.y + plot.h + fontSize + 3} textAnchor="middle" fill="#374151">{tk.label}</text>
        </g>
      ))}
      {layout.paths.map((path, i) => {
        const s = series[i];
        return <path key={path.id} d={path.d} fill="none" stroke={s.color} strokeWidth={s.width ?? 2.5} strokeDasharray={s.dash} strokeLinejoin="round" />;
      })}
      {series.map((s) =>
        s.dots && s.points.length <= 80 ? (
          <g key={`d${s.id}`} fill={s.color}>
            {s.points.map((q, i) => <circle key={i} cx={layout.xOf(q.x)} cy={layout.yOf(q.y)} r={3} />)}
          </g>
        ) : null,
      )}
      {at && (
        <g>
          <line x1={layout.xOf(at.x)} x2={layout.xOf(at.x)} y1={plot.y} y2={plot.y + plot.h} stroke="#e11d48" strokeWidth={cursorOn ? 2 : 1.5} />
          {series.map((s) => {
            const q = s.points[nearestIndex(s.points, at.x)];
            return q ? <circle key={s.id} cx={layout.xOf(q.x)} cy={layout.yOf(q.y)} r={4.5} fill={s.color} stroke="#fff" strokeWidth={1.5} /> : null;
          })}
        </g>
      )}
      <text x={plot.x + plot.w / 2} y={height - 6} textAnchor="middle" fill="#111827" fontWeight={600}>{x.label}</text>
      {flatTitle ? (
        <text x={4} y={plot.y - titleLift} textAnchor="start" fill="#111827" fontWeight={600}>{`${y.label} ↑`}</text>
      ) : (
        <text transform={`translate(${fontSize}, ${plot.y + plot.h / 2}) rotate(-90)`} textAnchor="middle" fill="#111827" fontWeight={600}>{y.label}</text>
      )}
    </svg>
  );
});

export const TrainChart = memo(function TrainChart(p: TrainChartProps) {
  const t = useT();
  const uid = useId();
  const svgRef = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [announce, setAnnounce] = useState('');
  const fontSize = p.fontSize ?? 13;
  const n = p.series[0]?.points.length ?? 0;
  const cur = cursor !== null && cursor < n ? cursor : null;
  const shown = cur ?? (hover !== null && hover < n ? hover : null);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (n === 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Escape') {
      if (cur === null) return;
      e.preventDefault();
      e.stopPropagation();
      setCursor(null);
      return;
    }
    const at = cur ?? n - 1;
    const next = e.key === 'ArrowLeft' ? Math.max(0, at - 1) : e.key === 'ArrowRight' ? Math.min(n - 1, at + 1)
      : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : null;
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    const i = cur === null ? n - 1 : next;
    setCursor(i);
    setAnnounce(p.describe(i));
  };
  const getSvg = () => {
    const svg = svgRef.current;
    if (!svg) return standaloneSvg('', 320, 200, p.caption);
    return standaloneSvg(new XMLSerializer().serializeToString(svg), Number(svg.getAttribute('width')), Number(svg.getAttribute('height')), p.caption);
  };

  return (
    <FigureFrame
      caption={p.caption}
      readout={shown !== null ? p.describe(shown) : null}
      className={`train-chart${p.className ? ` ${p.className}` : ''}`}
      legend={p.series.length < 2 ? undefined : (
        <ul className="train-legend" aria-label={t('train.chart.legend')}>
          {p.series.map((s) => (
            <li key={s.id}>
              <svg width={26} height={10} aria-hidden="true" focusable="false">
                <line x1={0} x2={26} y1={5} y2={5} stroke={s.color} strokeWidth={3} strokeDasharray={s.dash} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      )}
      getSvg={getSvg}
      fileName={p.fileName}
      exportLabels={p.exportLabels}
    >
      <Room className="train-chart-room" fallback={{ width: 420, height: 200 }}>
        {(room) => (
          <div
            className="train-chart-frame"
            role="img"
            aria-label={p.label}
            aria-describedby={`${uid}-keys`}
            tabIndex={0}
            onKeyDown={onKeyDown}
            onBlur={() => setCursor(null)}
          >
            <Plot room={room} series={p.series} x={p.x} y={p.y} fontSize={fontSize} shown={shown} cursorOn={cur !== null} onHover={setHover} svgRef={svgRef} />
          </div>
        )}
      </Room>
      <span id={`${uid}-keys`} className="visually-hidden">{t('train.chart.keys')}</span>
      <span className="visually-hidden" aria-live="polite">{announce}</span>
    </FigureFrame>
  );
});
