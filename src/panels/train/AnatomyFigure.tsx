/**
 * The lecture's loss figure for one example, live: a row per decoder position with its
 * input token (marked when it is the model's own prediction), its target, the predicted
 * distribution over the vocabulary as bars beside the target distribution drawn as
 * outlines on the same slots, and the position's cross-entropy as a bar with its value and
 * whether the argmax is the target. Layout from src/viz/train/anatomy.ts.
 *
 * An image with a name; it takes the focus, and the arrow keys move a cursor over positions
 * (↑ ↓) and tokens (← →), read out and announced, as the pointer does on hover.
 */
import { useId, useMemo, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { FigureFrame } from '../../components/FigureFrame';
import type { StepAnatomy } from '../../labs/train';
import { anatomyCellAt, anatomyLayout } from '../../viz/train/anatomy';
import { standaloneSvg } from '../../viz/export';
import { fixed, showToken } from './options';

export const ANATOMY_COLORS = { prob: '#3b528b', target: '#b45309', ce: '#c2410c', sampled: '#fde68a', sampledLine: '#b45309', right: '#047857', wrong: '#b91c1c' } as const;

export interface AnatomyFigureProps {
  anatomy: StepAnatomy;
  width: number;
  height: number;
  caption: string;
  fileName: string;
  fontSize?: number;
}

export function AnatomyFigure({ anatomy: a, width, height, caption, fileName, fontSize = 13 }: AnatomyFigureProps) {
  const t = useT();
  const uid = useId();
  const svgRef = useRef<SVGSVGElement>(null);
  const vocab = useMemo(() => a.vocab.map(showToken), [a.vocab]);
  const T = a.positions.length;
  const ceMax = Math.max(...a.positions.map((p) => p.crossEntropy), Math.log(Math.max(2, vocab.length)));
  const l = useMemo(() => anatomyLayout({ rows: T, vocab, width, height, ceMax, fontSize }), [T, vocab, width, height, ceMax, fontSize]);
  const [hover, setHover] = useState<{ row: number; col: number } | null>(null);
  const [cursor, setCursor] = useState<{ row: number; col: number } | null>(null);
  const [announce, setAnnounce] = useState('');
  const cur = cursor && cursor.row < T ? cursor : null;
  const shown = cur ?? (hover && hover.row < T ? hover : null);

  const describe = (row: number, col: number): string => {
    const p = a.positions[row];
    const base = t('train.step.readout', {
      t: row + 1,
      input: showToken(a.vocab[p.input] ?? '?'),
      target: showToken(a.vocab[p.target] ?? '?'),
      p: fixed(p.probs[p.target], 3),
      ce: fixed(p.crossEntropy, 3),
      predicted: showToken(a.vocab[p.predicted] ?? '?'),
      verdict: t(p.correct ? 'train.step.right' : 'train.step.wrong'),
    });
    const own = p.sampled ? ` ${t('train.step.readoutSampled', { truth: showToken(a.vocab[p.truthInput] ?? '?') })}` : '';
    if (col < 0 || col >= vocab.length) return base + own;
    return `${base}${own} ${t('train.step.readoutToken', { token: vocab[col], p: fixed(p.probs[col], 3), q: fixed(p.targetDist[col], 3) })}`;
  };
  const moveTo = (c: { row: number; col: number }) => {
    setCursor(c);
    setAnnounce(describe(c.row, c.col));
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const at = cur ?? { row: 0, col: a.positions[0]?.target ?? 0 };
    const V = vocab.length;
    let next: { row: number; col: number } | null = null;
    if (e.key === 'ArrowUp') next = { row: Math.max(0, at.row - 1), col: at.col };
    else if (e.key === 'ArrowDown') next = { row: Math.min(T - 1, at.row + 1), col: at.col };
    else if (e.key === 'ArrowLeft') next = { row: at.row, col: Math.max(0, at.col - 1) };
    else if (e.key === 'ArrowRight') next = { row: at.row, col: Math.min(V - 1, at.col + 1) };
    else if (e.key === 'Home') next = { row: at.row, col: 0 };
    else if (e.key === 'End') next = { row: at.row, col: V - 1 };
    else if (e.key === 'Escape' && cur) {
      e.preventDefault();
      e.stopPropagation();
      setCursor(null);
      return;
    }
    if (!next) return;
    e.preventDefault();
    e.stopPropagation();
    moveTo(cur ? next : at);
  };
  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const sx = box.width > 0 ? l.width / box.width : 1, sy = box.height > 0 ? l.height / box.height : 1;
    setHover(anatomyCellAt(l, (e.clientX - box.left) * sx, (e.clientY - box.top) * sy, T));
  };
  const getSvg = () => standaloneSvg(svgRef.current ? new XMLSerializer().serializeToString(svgRef.current) : '', l.width, l.height, caption);
  const f = l.fontSize;

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
      <div
        className="train-anatomy-frame"
        role="img"
        aria-label={t('train.step.figureLabel', { n: T, loss: fixed(a.loss, 3) })}
        aria-describedby={`${uid}-keys`}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onBlur={() => setCursor(null)}
        style={{ width: l.width, height: l.height }}
      >
        <svg ref={svgRef} width={l.width} height={l.height} viewBox={`0 0 ${l.width} ${l.height}`} aria-hidden="true" focusable="false" fontSize={f} onMouseMove={onMove} onMouseLeave={() => setHover(null)}>
          <g className="anatomy-head" fill="#111827">
            <text x={l.cols.input} y={l.headerH - 6} textAnchor="middle" fontWeight={600}>{t('train.step.col.input')}</text>
            <text x={l.cols.target} y={l.headerH - 6} textAnchor="middle" fontWeight={600}>{t('train.step.col.target')}</text>
            {l.colTicks.map((c) =>
              c.rotated ? (
                <text key={c.index} transform={`translate(${c.pos},${l.headerH - 5}) rotate(-90)`} fontSize={f - 1} dominantBaseline="central">{c.label}</text>
              ) : (
                <text key={c.index} x={c.pos} y={l.headerH - 6} fontSize={f - 1} textAnchor="middle">{c.label}</text>
              ),
            )}
            <text x={l.ceX} y={l.headerH - 6} fontWeight={600}>{t('train.step.col.ce')}</text>
          </g>
          {a.positions.map((p, r) => {
            const top = l.rowTop + r * l.rowH;
            const base = top + l.rowH - 4;
            const mid = top + l.rowH / 2;
            const chipH = Math.min(l.rowH - 8, f * 1.9);
            return (
              <g key={r}>
                <line x1={l.plotX} x2={l.plotX + l.plotW} y1={base} y2={base} stroke="#9aa5b4" />
                {r % 2 === 1 && <rect x={0} y={top} width={l.width} height={l.rowH} fill="#f3f5f9" opacity={0.6} />}
                <text x={l.cols.pos} y={mid} dominantBaseline="central" textAnchor="middle" fill="#374151">{r + 1}</text>
                <rect x={l.cols.input - l.chipW / 2} y={mid - chipH / 2} width={l.chipW} height={chipH} rx={4}
                  fill={p.sampled ? ANATOMY_COLORS.sampled : '#eef2ff'} stroke={p.sampled ? ANATOMY_COLORS.sampledLine : '#6b7280'} strokeWidth={p.sampled ? 2 : 1} />
                <text x={l.cols.input} y={mid} dominantBaseline="central" textAnchor="middle" fontWeight={600}>{showToken(a.vocab[p.input] ?? '?')}</text>
                <text x={l.cols.arrow} y={mid} dominantBaseline="central" textAnchor="middle" fill="#6b7280">→</text>
                <rect x={l.cols.target - l.chipW / 2} y={mid - chipH / 2} width={l.chipW} height={chipH} rx={4} fill="#fff7ed" stroke={ANATOMY_COLORS.target} />
                <text x={l.cols.target} y={mid} dominantBaseline="central" textAnchor="middle" fontWeight={600}>{showToken(a.vocab[p.target] ?? '?')}</text>
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
                <text x={l.ceX + l.ceScale(p.crossEntropy) + 4} y={mid} dominantBaseline="central" fill="#111827">{fixed(p.crossEntropy, 2)}</text>
                <text x={l.ceX + l.ceW - 2} y={mid} dominantBaseline="central" textAnchor="end" fontWeight={700} fill={p.correct ? ANATOMY_COLORS.right : ANATOMY_COLORS.wrong}>
                  {p.correct ? '✓' : `✗ ${showToken(a.vocab[p.predicted] ?? '?')}`}
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
              strokeWidth={cur ? 3 : 2}
            />
          )}
        </svg>
      </div>
      <span id={`${uid}-keys`} className="visually-hidden">{t('train.step.keys')}</span>
      <span className="visually-hidden" aria-live="polite">{announce}</span>
    </FigureFrame>
  );
}
