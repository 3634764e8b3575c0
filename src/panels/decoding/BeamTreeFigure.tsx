/**
 * The beam-search tree drawn from its layout (src/viz/beamTree.ts): a token box per node
 * with its log-probability and cumulative score beside it, kept paths solid, pruned ones
 * faded and dashed, finished ones with a double border, the winner's path thick and
 * orange. One element with role `img` named "Beam search tree", described by the list
 * of finished hypotheses (the text alternative) and the keys.
 *
 * Mouse: hovering a node reads it out; clicking puts the cursor on it. Keyboard: the
 * figure is one tab stop; ↑ ↓ move within a step, ← to the parent, → to the best child,
 * Enter opens the node's prefix in the tour. ← → belong to the figure while it has the
 * focus (PageUp / PageDown still grow the tree).
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { FigureFrame } from '../../components/FigureFrame';
import { beamTreeLayout, cursorMove, type TreeLayout, type TreeNodeBox, type TreeNodeIn } from '../../viz/beamTree';
import { standaloneSvg } from '../../viz/export';
import { useT } from '../../i18n';

export interface BeamTreeFigureProps {
  nodes: readonly TreeNodeIn[];
  winnerPath: readonly number[];
  /** numbers of each node by id */
  numbers: (id: number) => { logProb: number; score: number } | undefined;
  /** decoding steps shown (the tree grows with the step controls) */
  step: number;
  /** columns to make room for (the whole tree's depth) */
  steps: number;
  width: number;
  height: number;
  fontSize: number;
  caption: string;
  /** a node in words, for the readout line and the live region */
  describe: (id: number) => string;
  /** the text alternative: the finished hypotheses and their scores */
  textAlt: string;
  fileName: string;
  cursor: number | null;
  onCursor: (id: number) => void;
  /** Enter on a node */
  onOpen?: (id: number) => void;
  /** how the numbers under a node are written (default: log p, then the score); `total` is the score */
  formatNumber?: (v: number, kind: 'step' | 'total') => string;
  /** the keys the figure takes, in words (default: with Enter opening the tour) */
  keysHint?: string;
  /** more under the figure (the open-in-tour button) */
  footer?: React.ReactNode;
  /** the readout line while no node is pointed at or chosen (how to read the numbers) */
  readoutHint?: string;
}

const fmt = (v: number) => (v === -Infinity ? '−∞' : v.toFixed(2).replace('-', '−'));

export function BeamTreeFigure(p: BeamTreeFigureProps) {
  const t = useT();
  const uid = useId().replace(/:/g, '');
  const svgRef = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [announce, setAnnounce] = useState('');
  const pointerFocus = useRef(false);
  const layout: TreeLayout = useMemo(
    () => beamTreeLayout({ nodes: p.nodes, winnerPath: p.winnerPath, width: p.width, height: p.height, fontSize: p.fontSize, steps: p.steps }),
    [p.nodes, p.winnerPath, p.width, p.height, p.fontSize, p.steps],
  );
  const shown = layout.nodes.filter((n) => n.step <= p.step);
  const links = layout.links.filter((l) => l.step <= p.step);
  const complete = p.step >= p.steps;
  const readoutId = hover ?? p.cursor;
  const move = (dir: 'up' | 'down' | 'left' | 'right') => {
    const from = p.cursor ?? shown[0]?.id;
    if (from === undefined) return;
    const to = p.cursor === null ? from : cursorMove(layout, from, dir, p.step);
    p.onCursor(to);
    setAnnounce(p.describe(to));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const dirs: Record<string, 'up' | 'down' | 'left' | 'right'> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };
    const d = dirs[e.key];
    if (d) {
      e.preventDefault();
      move(d);
    } else if (e.key === 'Enter' && p.cursor !== null && p.onOpen) {
      e.preventDefault();
      p.onOpen(p.cursor);
    }
  };
  const getSvg = () => standaloneSvg(svgRef.current ? new XMLSerializer().serializeToString(svgRef.current) : '', layout.width, layout.height, p.caption);
  const legend = (
    <ul className="tree-legend" aria-label={t('decoding.tree.legend')}>
      <li><span className="swatch kept" aria-hidden="true" />{t('decoding.fate.kept')}</li>
      <li><span className="swatch pruned" aria-hidden="true" />{t('decoding.fate.pruned')}</li>
      <li><span className="swatch finished" aria-hidden="true" />{t('decoding.fate.finished')}</li>
      <li><span className="swatch winner" aria-hidden="true" />{t('decoding.fate.winner')}</li>
    </ul>
  );
  const nodeClass = (n: TreeNodeBox) => `node ${n.fate}${n.winner && complete ? ' winner' : ''}${n.id === p.cursor ? ' cursor' : ''}`;
  return (
    <FigureFrame
      caption={p.caption}
      className="beam-tree"
      readout={readoutId !== null ? p.describe(readoutId) : (p.readoutHint ?? null)}
      legend={legend}
      hint={p.keysHint ?? t('decoding.tree.keys')}
      getSvg={getSvg}
      fileName={p.fileName}
      exportLabels={{ svg: t('tour.export.svg'), png: t('tour.export.png') }}
    >
      <div className="tree-scroll">
        <div
          className="tree-box"
          role="img"
          aria-label={t('decoding.tree.label')}
          aria-describedby={`${uid}-alt ${uid}-keys`}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onMouseDown={() => {
            pointerFocus.current = true;
          }}
          onFocus={() => {
            // from the keyboard the cursor starts at the root; a click puts it on the node clicked
            if (!pointerFocus.current && p.cursor === null && shown.length > 0) p.onCursor(shown[0].id);
            pointerFocus.current = false;
          }}
        >
          <svg ref={svgRef} width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} onMouseLeave={() => setHover(null)}>
            <g className="columns" fontSize={layout.numberFont} fill="#374151">
              {layout.columns.map((x, i) => (
                <text key={i} x={x} y={layout.numberFont + 2} textAnchor="middle">{i === 0 ? t('decoding.tree.start') : String(i)}</text>
              ))}
            </g>
            <g className="links" fill="none">
              {links.map((l) => (
                <path key={l.id} d={l.path} className={`link ${l.fate}${l.winner && complete ? ' winner' : ''}`} />
              ))}
            </g>
            <g className="nodes">
              {shown.map((n) => {
                const num = p.numbers(n.id);
                return (
                  <g
                    key={n.id}
                    className={nodeClass(n)}
                    transform={`translate(${n.x},${n.y})`}
                    onMouseEnter={() => setHover(n.id)}
                    onClick={() => p.onCursor(n.id)}
                    data-id={n.id}
                  >
                    {n.fate === 'finished' && <rect x={-n.w / 2 - 3} y={-n.h / 2 - 3} width={n.w + 6} height={n.h + 6} rx={6} className="ring" />}
                    <rect x={-n.w / 2} y={-n.h / 2} width={n.w} height={n.h} rx={4} className="box" />
                    <text textAnchor="middle" dominantBaseline="central" fontSize={layout.fontSize} className="token">{n.label}</text>
                    {layout.numberLines === 2 && num && n.step > 0 && (
                      <text fontSize={layout.numberFont} className="numbers" textAnchor="middle">
                        <tspan x={0} y={n.h / 2 + layout.numberFont}>{p.formatNumber ? p.formatNumber(num.logProb, 'step') : fmt(num.logProb)}</tspan>
                        <tspan x={0} y={n.h / 2 + layout.numberFont * 2.05} className="score">{p.formatNumber ? p.formatNumber(num.score, 'total') : fmt(num.score)}</tspan>
                      </text>
                    )}
                    {layout.numberLines === 1 && num && n.step > 0 && (
                      <text fontSize={layout.numberFont} className="numbers" textAnchor="middle">
                        <tspan x={0} y={n.h / 2 + layout.numberFont} className="score">{p.formatNumber ? p.formatNumber(num.score, 'total') : fmt(num.score)}</tspan>
                      </text>
                    )}
                  </g>
                );
              })}
            </g>
          </svg>
        </div>
      </div>
      <p id={`${uid}-alt`} className="tree-alt">{p.textAlt}</p>
      <span id={`${uid}-keys`} className="visually-hidden">{p.keysHint ?? t('decoding.tree.keys')}</span>
      <span className="visually-hidden" aria-live="polite">{announce}</span>
      {p.footer}
    </FigureFrame>
  );
}
