/**
 * The colour legend of a figure: the viridis bar across the figure's value
 * domain with round ticks, and a hatched swatch for masked cells when there are any.
 */
import { useId, useMemo } from 'react';
import type { ColorDomain } from '../viz/color';
import { legendLayout } from '../viz/legend';
import { textWidth } from '../viz/heatmap';

export interface LegendProps {
  domain: ColorDomain;
  /** the legend's name (for assistive technology) */
  label: string;
  /** shown beside a hatched swatch when the figure has masked cells */
  maskedLabel?: string;
  maskedColor?: string;
  width?: number;
  /** tick label size, px */
  fontSize?: number;
}

export function Legend({ domain, label, maskedLabel, maskedColor = '#d9d9d9', width = 200, fontSize = 11 }: LegendProps) {
  const id = useId().replace(/:/g, '');
  const lg = useMemo(() => legendLayout(domain, width, Math.round(fontSize * 1.05), 5, fontSize), [domain, width, fontSize]);
  // room at both ends for the end labels, centred on the bar's ends
  const pad = Math.ceil(Math.max(8, ...lg.ticks.map((t) => textWidth(t.label, fontSize) / 2 + 2)));
  return (
    <div className="legend" role="group" aria-label={label}>
      <svg width={lg.width + 2 * pad} height={lg.barHeight + fontSize + 9} aria-hidden="true">
        <defs>
          <linearGradient id={`${id}-g`}>
            {lg.stops.map((s) => (
              <stop key={s.offset} offset={`${s.offset * 100}%`} stopColor={s.color} />
            ))}
          </linearGradient>
        </defs>
        <g transform={`translate(${pad},0)`}>
          <rect width={lg.width} height={lg.barHeight} fill={`url(#${id}-g)`} stroke="#6b7280" strokeWidth={0.5} />
          {lg.ticks.map((t) => (
            <g key={t.value} transform={`translate(${t.x},0)`}>
              <line y1={lg.barHeight} y2={lg.barHeight + 4} stroke="#111827" />
              <text y={lg.barHeight + fontSize + 5} fontSize={fontSize} textAnchor="middle" fill="#111827">{t.label}</text>
            </g>
          ))}
        </g>
      </svg>
      <span className="legend-range">{`${lg.ticks[0]?.label ?? ''} … ${lg.ticks[lg.ticks.length - 1]?.label ?? ''}`}</span>
      {maskedLabel && (
        <span className="legend-masked">
          <svg width={16} height={16} aria-hidden="true">
            <defs>
              <pattern id={`${id}-h`} width={5} height={5} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width={5} height={5} fill={maskedColor} />
                <line x1={0} y1={0} x2={0} y2={5} stroke="#6b6b6b" strokeWidth={1.5} />
              </pattern>
            </defs>
            <rect width={16} height={16} fill={`url(#${id}-h)`} stroke="#6b7280" />
          </svg>
          {maskedLabel}
        </span>
      )}
    </div>
  );
}
