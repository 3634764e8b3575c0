/**
 * Additive attention against the Transformer's cross-attention, for the same input: the
 * RNN's alignment matrix (output steps × input positions, the lecture's picture) beside
 * the Transformer's cross-attention (a decoder layer, one head or their mean), and the
 * additive score of the hovered or keyboard-selected cell with its numbers:
 * e_tj = vᵀ tanh(W_q s_{t−1} + W_k h_j) and α_tj = softmax_j(e_t)_j.
 */
import { useCallback, useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { rnnParam } from '../../model';
import { additiveScoreTerms, alignmentMatrix, transformerCrossAttention, type Alignment } from '../../labs/rnn';
import { argmaxCell, distinctFoci, flatRows, largestTerms, tokenLabel } from '../../labs/rnn_view';
import { Heatmap } from '../../components/Heatmap';
import { LabFormula } from '../../components/LabFormula';
import { Room } from '../../components/Room';
import { num, type RnnCtx } from './shared';

type Cell = { row: number; col: number };

const WEIGHT_DOMAIN = { min: 0, max: 1 };

export function AlignPart({ ctx }: { ctx: RnnCtx }) {
  const { t } = useI18n();
  const w = ctx.attention;
  const tb = ctx.transformer;
  const layers = tb?.model.config.numDecoderLayers ?? 1;
  const heads = tb?.model.config.nHead ?? 1;
  const [layer, setLayer] = useState<number | null>(null);
  const [head, setHead] = useState<number | 'mean'>('mean');
  const shownLayer = Math.min(layer ?? layers - 1, layers - 1);
  const align = useMemo(() => (w ? alignmentMatrix(w) : null), [w]);
  const cross = useMemo((): Alignment | { error: string } | null => {
    if (!tb || !w) return null;
    try {
      return transformerCrossAttention(tb, ctx.source, shownLayer, head);
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [tb, w, ctx.source, shownLayer, head]);
  // the grids' values, kept while the cursor moves (the figure redraws only when they change)
  const alignValues = useMemo(() => (align ? flatRows(align.weights) : null), [align]);
  const crossValues = useMemo(() => (cross && !('error' in cross) ? flatRows(cross.weights) : null), [cross]);
  const labels = useMemo(() => (align ? { rows: align.rowLabels.map(tokenLabel), cols: align.colLabels.map(tokenLabel) } : null), [align]);
  const crossLabels = useMemo(() => (cross && !('error' in cross) ? { rows: cross.rowLabels.map(tokenLabel), cols: cross.colLabels.map(tokenLabel) } : null), [cross]);
  const v = useMemo(() => (ctx.attentionBundle ? rnnParam(ctx.attentionBundle.model, 'attention.v.weight') : null), [ctx.attentionBundle]);

  // the cell the formula explains: the one last hovered or under the cursor (it stays when the pointer leaves)
  const [picked, setPicked] = useState<{ key: string; cell: Cell } | null>(null);
  const walkKey = w ? `${w.source}` : '';
  const onShownCell = useCallback((c: Cell | null) => {
    if (c) setPicked({ key: walkKey, cell: c });
  }, [walkKey]);

  if (!w || !align || !v || !alignValues || !labels) return ctx.models['rnn-attention'].status === 'loading' ? <p className="loading">{t('rnn.wait')}</p> : null;
  const cell = picked && picked.key === walkKey && picked.cell.row < align.weights.length && picked.cell.col < align.colLabels.length ? picked.cell : argmaxCell(align, 0);
  const rowLabels = labels.rows;
  const colLabels = labels.cols;
  const exportLabels = { svg: t('tour.export.svg'), png: t('tour.export.png') };
  const font = ctx.presenting ? 18 : 13;
  const crossOk = cross && !('error' in cross) ? cross : null;
  const foci = distinctFoci(align);

  return (
    <div className="rnn-part rnn-align">
      <Room className="rnn-room rnn-align-figs" fit="window" fallback={{ width: 900, height: 520 }}>
        {(room) => {
          const two = room.width >= 720;
          const colW = two ? Math.floor((room.width - 24) / 2) : Math.max(260, room.width - 4);
          // rows of ~20 px at least (the page scrolls), up to the room the window has; in
          // presentation mode the figure, its caption and legend stay within the screen
          const h = ctx.presenting
            ? Math.max(260, Math.min(colW + 60, room.height - 84))
            : Math.max(260, Math.min(colW + 60, Math.max(room.height - 90, align.weights.length * 20 + 130)));
          return (
            <div className={two ? 'rnn-two' : 'rnn-one'}>
              <div className="rnn-scroll">
                <Heatmap
                  values={alignValues}
                  rows={align.weights.length}
                  cols={colLabels.length}
                  rowLabels={rowLabels}
                  colLabels={colLabels}
                  rowTitle={t('rnn.axis.outputStep')}
                  colTitle={t('rnn.axis.inputPosition')}
                  maxWidth={colW}
                  maxHeight={h}
                  fontSize={font}
                  domain={WEIGHT_DOMAIN}
                  label={t('rnn.align.label')}
                  caption={t('rnn.align.caption', { t: align.weights.length, s: colLabels.length })}
                  describeCell={(r, c, val) => t('rnn.align.cell', { out: rowLabels[r], step: r + 1, inp: colLabels[c], pos: c + 1, a: num(val, 3) })}
                  legendLabel={t('rnn.legend.weight')}
                  exportLabels={exportLabels}
                  fileName="rnn-alignment"
                  className="rnn-align-fig"
                  onShownCell={onShownCell}
                />
              </div>
              <div className="rnn-scroll">
                {crossOk && crossValues && crossLabels ? (
                  <Heatmap
                    values={crossValues}
                    rows={crossOk.weights.length}
                    cols={crossOk.colLabels.length}
                    rowLabels={crossLabels.rows}
                    colLabels={crossLabels.cols}
                    rowTitle={t('rnn.axis.outputStep')}
                    colTitle={t('rnn.axis.inputPosition')}
                    maxWidth={colW}
                    maxHeight={h}
                    fontSize={font}
                    domain={WEIGHT_DOMAIN}
                    label={t('rnn.cross.label')}
                    caption={head === 'mean'
                      ? t('rnn.cross.captionMean', { layer: shownLayer + 1, heads })
                      : t('rnn.cross.captionHead', { layer: shownLayer + 1, head: head + 1 })}
                    describeCell={(r, c, val) => t('rnn.align.cell', { out: tokenLabel(crossOk.rowLabels[r]), step: r + 1, inp: tokenLabel(crossOk.colLabels[c]), pos: c + 1, a: num(val, 3) })}
                    legendLabel={t('rnn.legend.weight')}
                    exportLabels={exportLabels}
                    fileName="transformer-cross-attention"
                    className="rnn-cross-fig"
                  />
                ) : cross && 'error' in cross ? (
                  <p className="error" role="alert">{t('rnn.runError', { message: cross.error })}</p>
                ) : (
                  <p className="loading">{t('rnn.wait')}</p>
                )}
              </div>
            </div>
          );
        }}
      </Room>
      <div className="rnn-align-foot">
        <ScoreFormula ctx={ctx} cell={cell} v={v} rowLabels={rowLabels} colLabels={colLabels} />
        <div className="rnn-side rnn-align-side">
          {tb && (
            <div className="rnn-selects">
              <label>
                {t('rnn.cross.layer')}{' '}
                <select value={shownLayer} onChange={(e) => setLayer(Number(e.target.value))}>
                  {Array.from({ length: layers }, (_, i) => <option key={i} value={i}>{i + 1}</option>)}
                </select>
              </label>
              <label>
                {t('rnn.cross.head')}{' '}
                <select value={String(head)} onChange={(e) => setHead(e.target.value === 'mean' ? 'mean' : Number(e.target.value))}>
                  <option value="mean">{t('rnn.cross.mean')}</option>
                  {Array.from({ length: heads }, (_, i) => <option key={i} value={i}>{i + 1}</option>)}
                </select>
              </label>
            </div>
          )}
          <p className="rnn-finding">{t('rnn.align.foci', { t: align.weights.length, n: foci })}</p>
          <p className="hint">{t('rnn.align.hint')}</p>
        </div>
      </div>
    </div>
  );
}

function ScoreFormula({ ctx, cell, v, rowLabels, colLabels }: {
  ctx: RnnCtx; cell: Cell; v: ReturnType<typeof rnnParam>; rowLabels: string[]; colLabels: string[];
}) {
  const { t } = useI18n();
  const w = ctx.attention!;
  const terms = useMemo(() => additiveScoreTerms(w, v, cell.row, cell.col), [w, v, cell.row, cell.col]);
  const big = useMemo(() => largestTerms(terms, 4), [terms]);
  const T = cell.row + 1, J = cell.col + 1;
  const A = terms.v.length;
  const tex = `\\begin{aligned} e_{${T},${J}} &= v^{\\top}\\tanh\\!\\left(W_q\\, s_{${T - 1}} + W_k\\, h_{${J}}\\right) \\\\ &= \\textstyle\\sum_{a=1}^{${A}} v_a \\tanh(q_a + k_a) = ${num(terms.score, 3).replace('−', '-')} \\end{aligned}`;
  const texA = `\\alpha_{${T},${J}} = \\frac{\\exp e_{${T},${J}}}{\\sum_{j} \\exp e_{${T},j}} = ${num(terms.weight, 3)}`;
  return (
    <div className="rnn-formula" aria-live="polite">
      <p className="rnn-formula-head">
        {t('rnn.formula.cell', { step: T, out: rowLabels[cell.row], pos: J, inp: colLabels[cell.col] })}
      </p>
      <LabFormula tex={tex} display />
      <LabFormula tex={texA} display />
      <p className="rnn-formula-numbers" data-score={terms.score} data-weight={terms.weight}>
        {t('rnn.formula.numbers', { e: num(terms.score, 3), a: num(terms.weight, 3), A })}
      </p>
      <table className="rnn-terms">
        <caption>{t('rnn.formula.terms', { k: big.terms.length, A })}</caption>
        <thead>
          <tr>
            <th scope="col">a</th>
            <th scope="col">(W<sub>q</sub> s)<sub>a</sub></th>
            <th scope="col">(W<sub>k</sub> h<sub>j</sub>)<sub>a</sub></th>
            <th scope="col">tanh(…)</th>
            <th scope="col">v<sub>a</sub></th>
            <th scope="col">v<sub>a</sub>·tanh</th>
          </tr>
        </thead>
        <tbody>
          {big.terms.map((x) => (
            <tr key={x.index}>
              <td>{x.index + 1}</td>
              <td>{num(x.query)}</td>
              <td>{num(x.key)}</td>
              <td>{num(x.hidden)}</td>
              <td>{num(x.v)}</td>
              <td>{num(x.product, 3)}</td>
            </tr>
          ))}
          <tr className="rnn-terms-rest">
            <td colSpan={5}>{t('rnn.formula.rest', { n: big.restCount })}</td>
            <td>{num(big.rest, 3)}</td>
          </tr>
          <tr className="rnn-terms-sum">
            <td colSpan={5}>{t('rnn.formula.sum')}</td>
            <td>{num(terms.score, 3)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
