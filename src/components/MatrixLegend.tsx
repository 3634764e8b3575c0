/** The colour key of a matrix: the shared viridis scale from its domain's minimum to its maximum. */
import { useId } from 'react';
import { colorOf, type ColorDomain } from '../viz/color';
import { formatNumber } from '../viz/labs/format';

export function MatrixLegend({ domain, label, width = 160 }: { domain: ColorDomain; label: string; width?: number }) {
  const id = useId().replace(/:/g, '');
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  return (
    <div className="matrix-legend" role="img" aria-label={`${label}: ${formatNumber(domain.min)} … ${formatNumber(domain.max)}`}>
      <span className="legend-label" aria-hidden="true">
        {label}
      </span>
      <span className="legend-end" aria-hidden="true">
        {formatNumber(domain.min)}
      </span>
      <svg width={width} height={14} aria-hidden="true" focusable="false">
        <defs>
          <linearGradient id={`g${id}`}>
            {stops.map((s) => (
              <stop key={s} offset={s} stopColor={colorOf(domain.min + s * (domain.max - domain.min), domain)} />
            ))}
          </linearGradient>
        </defs>
        <rect x={0} y={0} width={width} height={14} fill={`url(#g${id})`} stroke="#6b7280" />
      </svg>
      <span className="legend-end" aria-hidden="true">
        {formatNumber(domain.max)}
      </span>
    </div>
  );
}
