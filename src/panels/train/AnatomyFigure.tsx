/**
 * The lecture's loss figure for one example, live: a row per decoder position with its
 * input token (marked when it is the model's own prediction), its target, the predicted
 * distribution over the vocabulary as bars beside the target distribution drawn as
 * outlines on the same slots, and the position's cross-entropy as a bar with its value and
 * whether the argmax is the target. Layout from src/viz/train/anatomy.ts; the drawing takes
 * the room the frame leaves under its caption and over its legend (measured).
 *
 * An image with a name; it takes the focus, and the arrow keys move a cursor over positions
 * (↑ ↓) and tokens (← →), read out and announced, as the pointer does on hover.
 */
import { memo, useId, useMemo, useRef, useState, type RefObject } from 'react';
import { useT } from '../../i18n';
import { FigureFrame } from '../../components/FigureFrame';
import { Room } from '../../components/Room';
import type { StepAnatomy } from '../../labs/train';
import { anatomyCellAt, anatomyLayout } from '../../viz/train/anatomy';
import { standaloneSvg } from '../../viz/export';
import { fixed, showToken } from './options';

export const ANATOMY_COLORS = { prob: '#3b528b', target: '#b45309', ce: '#c2410c', sampled: '#fde68a', sampledLine: '#b45309', right: '#047857', wrong: '#b91c1c' } as const;

export interface AnatomyFigureProps {
  anatomy: StepAnatomy;
  caption: string;
  fileName: string;
  fontSize?: number;
}

type Cell = { row: number; col: number };

interface DrawingProps {
  a: StepAnatomy;
  vocab: string[];
  room: { width: number; height: number };
  fontSize: number;
  shown: Cell | null;
  cursorOn: boolean;
  onHover: (c: Cell | null) => void;
  svgRef: RefObject<SVGSVGElement | null>;
  labels: { input: string; target: string; ce: string };
}

const Drawing = memo(function Drawing({ a, vocab, room, fontSize, shown, cursorOn, onHover, svgRef, labels }: DrawingProps) {
  const T = a.positions.length;
  const width = Math.max(300, Math.floor(room.width) - 2), height = Math.max(150, Math.floor(room.height) - 2);
  const ceMax = Math.max(...a.positions.map((p) => p.crossEntropy), Math.log(Math.max(2, vocab.length)));
  const keep = useMemo(() => [...new Set(a.positions.map((p) => p.target))].sort((x, y) => x - y), [a.positions]);
  const l = useMemo(() => anatomyLayout({ rows: T, vocab, width, height, ceMax, fontSize, keep }), [T, vocab, width, height, ceMax, fontSize, keep]);
  const f = l.fontSize;
  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const sx = box.width > 0 ? l.width / box.width : 1, sy = box.height > 0 ? l.height / box.height : 1;
    onHover(anatomyCellAt(l, (e.clientX - box.left) * sx, (e.clientY - box.top) * sy, T));
  };
  return (
    <svg ref={svgRef} width={l.width} height={l.height} viewBox={`0 0 ${l.width} ${l.height}`} aria-hidden="true" focusable="false" fontSize={f} onMouseMove={onMove} onMouseLeave={() => onHover(null)}>
      <g className="anatomy-head" fill="#111827">
        <text x={l.cols.input} y={l.headerH - 6} textAnchor="middle" fontWeight={600}>{labels.input}</text>
        <text x={l.cols.target} y={l.headerH - 6} textAnchor="middle" fontWeight={600}>{labels.target}</text>
        {l.colTicks.map((c) =>
          c.rotated ? (
            <text key={c.index} transform={`translate(${c.pos},${l.headerH - 5}) rotate(-90)`} fontSize={l.tickFont} dominantBaseline="central">{c.label}</text>
          ) : (
            <text key={c.index} x={c.pos} y={l.headerH - 6} fontSize={l.tickFont} textAnchor="middle">{c.label}</text>
          ),
        )}
        <text x={l.ceX} y={l.headerH - 6} fontWeight={600}>{labels.ce}</text>
      </g>
      {a.positions.map((p, r) => {
        const top = l.rowTop + r * l.rowH;
        const base = top + l.rowH - 4;
        const mid = top + l.rowH / 2;
        const chipH = Math.min(l.rowH - 8, f * 1.9);
        return (
          <g key={r}>
            {r % 2 === 1 && <rect x={0} y={top} width={l.width} height={l.rowH} fill="#f3f5f9" />}
            <line x1={l.plotX} x2={l.plotX + l.plotW} y1={base} y2={base} stroke="#9aa5b4" />
            <text x={l.cols.pos} y={mid} dominantBaseline="central" textAnchor="middle" fill="#374151">{r + 1}</text>
            <rect x={l.cols.input - l.chipW / 2} y={mid - chipH / 2} width={l.chipW} height={chipH} rx={4}
              fill={p.sampled ? ANATOMY_COLORS.sampled : '#eef2ff'} stroke={p.sampled ? ANATOMY_COLORS.sampledLine : '#6b7280'} strokeWidth={p.sampled ? 2 : 1} />
            <text x={l.cols.input} y={mid} dominantBaseline="central" textAnchor="middle" fontWeight={600}>{vocab[p.input] ?? '?'}</text>
            <text x={l.cols.arrow} y={mid} dominantBaseline="central" textAnchor="middle" fill="#6b7280">→</text>
            <rect x={l.cols.target - l.chipW / 2} y={mid - chipH / 2} width={l.chipW} height={chipH} rx={4} fill="#fff7ed" stroke={ANATOMY_COLORS.target} />
            <text x={l.cols.target} y={mid} dominantBaseline="central" textAnchor="middle" fontWeight={600}>{vocab[p.target] ?? '?'}</text>
            {Array.from(p.probs, (q, c) => {
              const x = l.plotX + c * l.slot + (l.slot - l.barW) / 2;
              const h = q * l.barMax;
              const th = p.targetDist[c] * l.barMax;
              return (
                <g key={c}>
                  {h >= 0.3 && <rect x={x} y={base - h} width={l.barW} height={h} fill={ANATOMY_COLORS.prob} />}
                  {th >= 0.6 && <rect x={x - 1} y={base - th} width={l.barW + 2} height={th} fill="none" stroke={ANATOMY_COLORS.target} strokeWidth={2} />}
                </g>
              );
            })}
            <rect x={l.ceX} y={mid - Math.min(8, l.rowH / 4)} width={l.ceScale(p.crossEntropy)} height={Math.min(16, l.rowH / 2)} fill={ANATOMY_COLORS.ce} />
            <text x={l.valueX} y={mid} dominantBaseline="central" fill="#111827">{fixed(p.crossEntropy, 2)}</text>
            <text x={l.verdictX} y={mid} dominantBaseline="central" fontWeight={700} fill={p.correct ? ANATOMY_COLORS.right : ANATOMY_COLORS.wrong}>
              {p.correct ? '✓' : `✗ ${vocab[p.predicted] ?? '?'}`}
            </text>
          </g>
        );
      })}
      <g fill="#374151" fontSize={f - 2}>
        {l.ceTicks.map((tk) => (
          <text key={tk.value} x={tk.x} y={l.rowTop + T * l.rowH + f} textAnchor="middle">{tk.label}</text>
        ))}
      </g>
      {shown && (
        <rect
          x={shown.col >= 0 ? l.plotX + shown.col * l.slot : 1}
          y={l.rowTop + shown.row * l.rowH + 1}
          width={shown.col >= 0 ? l.slot : l.width - 2}
          height={l.rowH - 2}
          fill="none"
          stroke="#e11d48"
          strokeWidth={cursorOn ? 3 : 2}
        />
      )}
    </svg>
  );
});

export function AnatomyFigure({ anatomy: a, caption, fileName, fontSize = 13 }: AnatomyFigureProps) {
  const t = useT();
  const uid = useId();
  const svgRef = useRef<SVGSVGElement>(null);
  const vocab = useMemo(() => a.vocab.map(showToken), [a.vocab]);
  const T = a.positions.length;
  const [hover, setHover] = useState<Cell | null>(null);
  const [cursor, setCursor] = useState<Cell | null>(null);
  const [announce, setAnnounce] = useState('');
  const cur = cursor && cursor.row < T ? cursor : null;
  const shown = cur ?? (hover && hover.row < T ? hover : null);
  const labels = useMemo(() => ({ input: t('train.step.col.input'), target: t('train.step.col.target'), ce: t('train.step.col.ce') }), [t]);

  const describe = (row: number, col: number): string => {
    const p = a.positions[row];
    const base = t('train.step.readout', {
      t: row + 1,
      input: vocab[p.input] ?? '?',
      target: vocab[p.target] ?? '?',
      p: fixed(p.probs[p.target], 3),
      ce: fixed(p.crossEntropy, 3),
      predicted: vocab[p.predicted] ?? '?',
      verdict: t(p.correct ? 'train.step.right' : 'train.step.wrong'),
    });
    const own = p.sampled ? ` ${t('train.step.readoutSampled', { truth: vocab[p.truthInput] ?? '?' })}` : '';
    if (col < 0 || col >= vocab.length) return base + own;
    return `${base}${own} ${t('train.step.readoutToken', { token: vocab[col], p: fixed(p.probs[col], 3), q: fixed(p.targetDist[col], 3) })}`;
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || T === 0) return;
    if (e.key === 'Escape') {
      if (!cur) return;
      e.preventDefault();
      e.stopPropagation();
      setCursor(null);
      return;
    }
    const at = cur ?? { row: 0, col: a.positions[0].target };
    const V = vocab.length;
    const next: Cell | null = e.key === 'ArrowUp' ? { row: Math.max(0, at.row - 1), col: at.col }
      : e.key === 'ArrowDown' ? { row: Math.min(T - 1, at.row + 1), col: at.col }
        : e.key === 'ArrowLeft' ? { row: at.row, col: Math.max(0, at.col - 1) }
          : e.key === 'ArrowRight' ? { row: at.row, col: Math.min(V - 1, at.col + 1) }
            : e.key === 'Home' ? { row: at.row, col: 0 }
              : e.key === 'End' ? { row: at.row, col: V - 1 } : null;
    if (!next) return;
    e.preventDefault();
    e.stopPropagation();
    const c = cur ? next : at;
    setCursor(c);
    setAnnounce(describe(c.row, c.col));
  };
  const getSvg = () => {
    const svg = svgRef.current;
    if (!svg) return standaloneSvg('', 320, 200, caption);
    return standaloneSvg(new XMLSerializer().serializeToString(svg), Number(svg.getAttribute('width')), Number(svg.getAttribute('height')), caption);
  };

  return (
    <FigureFrame
      caption={caption}
      readout={shown ? describe(shown.row, shown.col) : null}
      className="train-anatomy-figure"
      legend={
        <ul className="train-legend" aria-label={t('train.chart.legend')}>
          <li><span className="swatch" style={{ background: ANATOMY_COLORS.prob }} aria-hidden="true" />{t('train.step.legend.prob')}</li>
          <li><span className="swatch outline" style={{ borderColor: ANATOMY_COLORS.target }} aria-hidden="true" />{t(a.labelSmoothing > 0 ? 'train.step.legend.smoothed' : 'train.step.legend.onehot', { eps: String(a.labelSmoothing) })}</li>
          <li><span className="swatch" style={{ background: ANATOMY_COLORS.ce }} aria-hidden="true" />{t('train.step.legend.ce')}</li>
          {a.positions.some((p) => p.sampled) && (
            <li><span className="swatch" style={{ background: ANATOMY_COLORS.sampled, borderColor: ANATOMY_COLORS.sampledLine }} aria-hidden="true" />{t('train.step.legend.sampled')}</li>
          )}
        </ul>
      }
      getSvg={getSvg}
      fileName={fileName}
      exportLabels={{ svg: t('train.export.svg'), png: t('train.export.png') }}
    >
      <Room className="train-chart-room train-anatomy-room" fallback={{ width: 640, height: 300 }}>
        {(room) => (
          <div
            className="train-anatomy-frame"
            role="img"
            aria-label={t('train.step.figureLabel', { n: T, loss: fixed(a.loss, 3) })}
            aria-describedby={`${uid}-keys`}
            tabIndex={0}
            onKeyDown={onKeyDown}
            onBlur={() => setCursor(null)}
          >
            <Drawing a={a} vocab={vocab} room={room} fontSize={fontSize} shown={shown} cursorOn={cur !== null} onHover={setHover} svgRef={svgRef} labels={labels} />
          </div>
        )}
      </Room>
      <span id={`${uid}-keys`} className="visually-hidden">{t('train.step.keys')}</span>
      <span className="visually-hidden" aria-live="polite">{announce}</span>
    </FigureFrame>
  );
}
