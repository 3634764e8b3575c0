/**
 * A bar chart of a distribution over the vocabulary: one bar per token, the
 * chosen token marked and labelled with its probability. An `img` with the
 * accessible name given; hovering a bar shows its token and value.
 */
import { useMemo, useRef, useState } from 'react';
import { barsLayout } from '../viz/bars';

import { standaloneSvg } from '../viz/export';
import { FigureFrame } from './FigureFrame';

export interface BarChartProps {
  labels: readonly string[];
  values: ArrayLike<number>;
  highlight: number;
  width: number;
  height: number;
  domain?: [number, number];
  label: string;
  caption: string;
  /** text above the chosen bar */
  chosenText: string;
  describeBar: (index: number, value: number) => string;
  exportLabels: { svg: string; png: string };
  /** the export file name without extension */
  fileName?: string;
  /** label size, px (presentation mode asks for more) */
  fontSize?: number;
}

export function BarChart(p: BarChartProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const layout = useMemo(
    () => barsLayout({ labels: p.labels, values: p.values, width: p.width, height: p.height, highlight: p.highlight, domain: p.domain, fontSize: p.fontSize }),
    [p.labels, p.values, p.width, p.height, p.highlight, p.domain, p.fontSize],
  );
  const chosen = layout.bars[p.highlight];
  // half the width of the chosen bar's label (CJK characters are about twice as wide), to keep it inside the plot
  let labelHalf = 4;
  for (const c of p.chosenText) labelHalf += /[\u2e80-\u9fff\uff00-\uffef]/.test(c) ? 6.5 : 4;
  const getSvg = () => standaloneSvg(svgRef.current ? new XMLSerializer().serializeToString(svgRef.current) : '', layout.width, layout.height, p.caption);
  return (
    <FigureFrame
      caption={p.caption}
      className="bars"
      readout={hover !== null ? p.describeBar(hover, p.values[hover]) : null}
      getSvg={getSvg}
      fileName={p.fileName}
      exportLabels={p.exportLabels}
    >
      <div role="img" aria-label={p.label}>
        <svg ref={svgRef} width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} onMouseLeave={() => setHover(null)}>
          <g className="y-axis" fontSize={Math.max(11, (p.fontSize ?? 13) - 2)} fill="#374151">
            {layout.yTicks.map((t) => (
              <g key={t.value}>
                <line x1={layout.x0 - 4} x2={layout.width - 8} y1={t.y} y2={t.y} stroke="#e5e7eb" />
                <text x={layout.x0 - 8} y={t.y} textAnchor="end" dominantBaseline="central">{t.label}</text>
              </g>
            ))}
          </g>
          <line x1={layout.x0} x2={layout.width - 8} y1={layout.y0} y2={layout.y0} stroke="#111827" />
          <g className="bars">
            {layout.bars.map((b) => (
              <rect
                key={b.index}
                className={b.highlight ? 'bar chosen' : 'bar'}
                x={b.x}
                y={b.y}
                width={b.w}
                height={Math.max(b.h, 0.5)}
                fill={b.highlight ? '#b45309' : '#3b528b'}
                onMouseEnter={() => setHover(b.index)}
              />
            ))}
          </g>
          <g className="labels" fontSize={layout.fontSize} fill="#111827">
            {layout.bars.map((b) =>
              b.labelRotated ? (
                <text key={b.index} transform={`translate(${b.x + b.w / 2},${layout.labelY}) rotate(-90)`} textAnchor="end" dominantBaseline="central" fontWeight={b.highlight ? 700 : 400}>{b.label}</text>
              ) : (
                <text key={b.index} x={b.x + b.w / 2} y={layout.labelY} textAnchor="middle" dominantBaseline="hanging" fontWeight={b.highlight ? 700 : 400}>{b.label}</text>
              ),
            )}
          </g>
          {chosen && (
            <text className="chosen-label" x={Math.min(Math.max(chosen.x + chosen.w / 2, layout.x0 + labelHalf), layout.width - labelHalf)} y={Math.max(chosen.y - 6, 14)} textAnchor="middle" fontSize={p.fontSize ?? 13} fontWeight={700} fill="#b45309">
              {p.chosenText}
            </text>
          )}
        </svg>
      </div>
    </FigureFrame>
  );
}

