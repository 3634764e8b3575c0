/**
 * Draws a line chart whose layout (`lineChartLayout` in src/viz/labs) is already
 * computed: axes with ticks, one path per series, dashed vertical markers and
 * dots. The chart is an image with a name; the numbers it shows are also written
 * out as text by the lab beside it.
 */
import { useId } from 'react';
import type { ChartLayout } from '../viz/labs/chart';
import { titleReadsHorizontally } from '../viz/labs/axis';

export interface SeriesStyle {
  id: string;
  label: string;
  color: string;
  dash?: string;
  width?: number;
}

export interface ChartMarker {
  x: number;
  label: string;
  color?: string;
}

export interface ChartDot {
  x: number;
  y: number;
  color: string;
}

export function LabLineChart(props: {
  title: string;
  layout: ChartLayout;
  series: SeriesStyle[];
  xLabel: string;
  yLabel: string;
  markers?: ChartMarker[];
  dots?: ChartDot[];
  /** a horizontal reference line (e.g. the largest possible entropy) */
  hline?: { y: number; label: string };
  className?: string;
}) {
  const id = useId();
  const { layout: l } = props;
  const { plot } = l;
  const styles = new Map(props.series.map((s) => [s.id, s]));
  // a Chinese title of the vertical axis is set horizontally, above the axis
  const flatY = titleReadsHorizontally(props.yLabel);
  return (
    <figure className={`lab-chart ${props.className ?? ''}`}>
      {flatY && (
        <div className="axis-label axis-title-flat" aria-hidden="true">
          {props.yLabel}
        </div>
      )}
      <svg width={l.width} height={l.height} role="img" aria-labelledby={`${id}-t`} focusable="false">
        <title id={`${id}-t`}>{props.title}</title>
        <rect x={plot.x} y={plot.y} width={plot.w} height={plot.h} fill="#fbfcfe" stroke="#9aa5b4" />
        {l.yTicks.map((t) => (
          <g key={`y${t.value}`}>
            <line x1={plot.x} x2={plot.x + plot.w} y1={t.pos} y2={t.pos} stroke="#e3e8ef" />
            <text x={plot.x - 6} y={t.pos} textAnchor="end" dominantBaseline="middle" className="tick">
              {t.label}
            </text>
          </g>
        ))}
        {l.xTicks.map((t) => (
          <g key={`x${t.value}`}>
            <line x1={t.pos} x2={t.pos} y1={plot.y} y2={plot.y + plot.h} stroke="#e3e8ef" />
            <text x={t.pos} y={plot.y + plot.h + 16} textAnchor="middle" className="tick">
              {t.label}
            </text>
          </g>
        ))}
        {props.hline && (
          <g>
            <line x1={plot.x} x2={plot.x + plot.w} y1={l.yOf(props.hline.y)} y2={l.yOf(props.hline.y)} stroke="#6b7280" strokeDasharray="2 3" />
            <text x={plot.x + 4} y={l.yOf(props.hline.y) + 14} textAnchor="start" className="marker-label">
              {props.hline.label}
            </text>
          </g>
        )}
        {props.markers?.map((m, i) => (
          <g key={`m${i}`}>
            <line x1={l.xOf(m.x)} x2={l.xOf(m.x)} y1={plot.y} y2={plot.y + plot.h} stroke={m.color ?? '#374151'} strokeDasharray="5 4" strokeWidth={1.5} />
            <text x={l.xOf(m.x) + 4} y={plot.y + 14 + i * 16} className="marker-label" fill={m.color ?? '#374151'}>
              {m.label}
            </text>
          </g>
        ))}
        {l.paths.map((p) => {
          const s = styles.get(p.id);
          return <path key={p.id} d={p.d} fill="none" stroke={s?.color ?? '#111'} strokeWidth={s?.width ?? 2.5} strokeDasharray={s?.dash} />;
        })}
        {props.dots?.map((d, i) => (
          <circle key={`d${i}`} cx={l.xOf(d.x)} cy={l.yOf(d.y)} r={4.5} fill={d.color} stroke="#fff" strokeWidth={1.5} />
        ))}
        <text x={plot.x + plot.w / 2} y={l.height - 4} textAnchor="middle" className="axis-label">
          {props.xLabel}
        </text>
        {!flatY && (
          <text transform={`translate(14, ${plot.y + plot.h / 2}) rotate(-90)`} textAnchor="middle" className="axis-label">
            {props.yLabel}
          </text>
        )}
      </svg>
      <figcaption className="chart-legend">
        {props.series.map((s) => (
          <span key={s.id} className="legend-item">
            <svg width={28} height={10} aria-hidden="true" focusable="false">
              <line x1={0} x2={28} y1={5} y2={5} stroke={s.color} strokeWidth={3} strokeDasharray={s.dash} />
            </svg>
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
