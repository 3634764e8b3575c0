/**
 * Attention as lines (after BertViz's head view): query tokens on the left, key
 * tokens on the right, a line per pair whose opacity is the weight. Hovering or
 * focusing a token (each is a tab stop) keeps only its lines. Layout from src/viz/lines.ts.
 */
import { useMemo, useRef, useState } from 'react';
import { isolate, lineOpacity, linesLayout } from '../viz/lines';
import { standaloneSvg } from '../viz/export';
import { FigureFrame } from './FigureFrame';

export interface LinesViewProps {
  left: readonly string[];
  right: readonly string[];
  weights: ArrayLike<number>;
  width: number;
  label: string;
  caption: string;
  leftTitle: string;
  rightTitle: string;
  hint: string;
  exportLabels: { svg: string; png: string };
  /** the export file name without extension */
  fileName?: string;
  /** the accessible name of a token: which side and which token, and that it isolates its lines */
  tokenLabel?: (side: 'left' | 'right', index: number, token: string) => string;
  /** colour of the lines */
  color?: string;
  fontSize?: number;
}

export function LinesView(p: LinesViewProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [focus, setFocus] = useState<{ side: 'left' | 'right'; index: number } | null>(null);
  const layout = useMemo(
    () => linesLayout({ left: p.left, right: p.right, weights: p.weights, width: p.width, fontSize: p.fontSize }),
    [p.left, p.right, p.weights, p.width, p.fontSize],
  );
  const top = 24;
  const shown = useMemo(() => isolate(layout.lines, focus), [layout, focus]);
  const color = p.color ?? '#1d4ed8';
  const getSvg = () => {
    const el = svgRef.current;
    const markup = el ? new XMLSerializer().serializeToString(el) : '';
    return standaloneSvg(markup, layout.width, layout.height + top, p.caption);
  };
  const token = (b: (typeof layout.left)[number]) => {
    const active = focus?.side === b.side && focus.index === b.index;
    return (
      <text
        key={`${b.side}${b.index}`}
        className={active ? 'token active' : 'token'}
        x={b.textX}
        y={b.y}
        textAnchor={b.side === 'left' ? 'end' : 'start'}
        dominantBaseline="central"
        fontSize={layout.fontSize}
        tabIndex={0}
        role="button"
        aria-pressed={active}
        aria-label={p.tokenLabel ? p.tokenLabel(b.side, b.index, b.label) : b.label}
        onMouseEnter={() => setFocus({ side: b.side, index: b.index })}
        onMouseLeave={() => setFocus(null)}
        onFocus={() => setFocus({ side: b.side, index: b.index })}
        onBlur={() => setFocus(null)}
      >
        {b.label}
      </text>
    );
  };
  return (
    <FigureFrame caption={p.caption} className="lines-view" hint={p.hint} getSvg={getSvg} fileName={p.fileName} exportLabels={p.exportLabels}>
      <div role="group" aria-label={p.label}>
        <svg ref={svgRef} width={layout.width} height={layout.height + top} viewBox={`0 0 ${layout.width} ${layout.height + top}`}>
          <g fontSize={13} fill="#374151" fontWeight={600}>
            <text x={layout.left[0]?.x ?? 0} y={14} textAnchor="end">{p.leftTitle}</text>
            <text x={layout.right[0]?.x ?? layout.width} y={14} textAnchor="start">{p.rightTitle}</text>
          </g>
          <g transform={`translate(0,${top})`}>
            <g className="lines" fill="none" stroke={color}>
              {shown.map((l) => (
                <path key={`${l.from}-${l.to}`} d={l.path} strokeWidth={2} strokeOpacity={lineOpacity(l.weight)} data-weight={l.weight.toFixed(3)} />
              ))}
            </g>
            <g className="tokens" fill="#111827">
              {layout.left.map(token)}
              {layout.right.map(token)}
            </g>
          </g>
        </svg>
      </div>
    </FigureFrame>
  );
}
