/**
 * The fixed context vector: the encoder's state after every input token (rows), the
 * context vector c (1 × H: the last of them), how much each token overwrites the state
 * before it, and the sentence that c keeps its H numbers whatever the input's length.
 */
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { contextVector, encoderStates, overwriteSeries } from '../../labs/rnn';
import { carriedShare, flatRows, meanChange, tokenLabel } from '../../labs/rnn_view';
import { lineChartLayout } from '../../viz/labs/chart';
import { Heatmap } from '../../components/Heatmap';
import { LabLineChart } from '../../components/LabLineChart';
import { Room } from '../../components/Room';
import { num, pct, STATE_DOMAIN, type RnnCtx } from './shared';

export function ContextPart({ ctx }: { ctx: RnnCtx }) {
  const { t } = useI18n();
  const w = ctx.fixed;
  const data = useMemo(() => {
    if (!w) return null;
    const enc = encoderStates(w);
    const c = contextVector(w);
    const over = overwriteSeries(w);
    return { enc, c, over, carried: carriedShare(w), values: flatRows(enc), cValues: Float32Array.from(c) };
  }, [w]);
  if (!w || !data) return ctx.models['rnn-fixed'].status === 'loading' ? <p className="loading">{t('rnn.wait')}</p> : null;
  const H = w.hidden;
  const S = w.srcTokens.length;
  const letters = [...w.source].length;
  const rowLabels = w.srcTokens.map(tokenLabel);
  const colLabels = Array.from({ length: H }, (_, i) => String(i + 1));
  const exportLabels = { svg: t('tour.export.svg'), png: t('tour.export.png') };
  const font = ctx.presenting ? 18 : 13;
  const right = w.output === ctx.task.solve(w.source);
  const keepMean = data.over.reduce((a, p) => a + p.keep, 0) / Math.max(1, data.over.length);

  return (
    <div className="rnn-part rnn-context">
      <Room className="rnn-room rnn-context-figs" fit="window" fallback={{ width: 900, height: 520 }}>
        {(room) => {
          const width = Math.max(260, room.width - 4);
          const cHeight = ctx.presenting ? 130 : 110;
          // every row readable: at least ~20 px a row, more when the window has room
          // (in presentation mode c must stay on the screen below them)
          const encHeight = ctx.presenting
            ? Math.max(240, room.height - cHeight - 225)
            : Math.max(Math.min(S * 22 + 90, 640), room.height - cHeight - 120);
          return (
            <>
              <div className="rnn-scroll">
                <Heatmap
                  values={data.values}
                  rows={S}
                  cols={H}
                  rowLabels={rowLabels}
                  colLabels={colLabels}
                  rowTitle={t('rnn.axis.inputToken')}
                  colTitle={t('rnn.axis.unit')}
                  maxWidth={width}
                  maxHeight={encHeight}
                  maxCell={40}
                  fontSize={font}
                  domain={STATE_DOMAIN}
                  label={t('rnn.context.statesLabel', { s: S, h: H })}
                  caption={t('rnn.context.statesCaption', { s: S, h: H })}
                  describeCell={(r, c, v) => t('rnn.context.stateCell', { j: r + 1, token: rowLabels[r], unit: c + 1, v: num(v, 3) })}
                  legendLabel={t('rnn.legend.state')}
                  exportLabels={exportLabels}
                  fileName="rnn-encoder-states"
                  className="rnn-states-fig"
                />
              </div>
              <div className="rnn-scroll">
                <Heatmap
                  values={data.cValues}
                  rows={1}
                  cols={H}
                  rowLabels={['c']}
                  colLabels={colLabels}
                  colTitle={t('rnn.axis.unit')}
                  maxWidth={width}
                  maxHeight={cHeight}
                  maxCell={40}
                  fontSize={font}
                  domain={STATE_DOMAIN}
                  label={t('rnn.context.cLabel', { h: H })}
                  caption={t('rnn.context.cCaption', { h: H })}
                  describeCell={(_r, c, v) => t('rnn.context.cCell', { unit: c + 1, v: num(v, 3) })}
                  legendLabel={t('rnn.legend.state')}
                  exportLabels={exportLabels}
                  fileName="rnn-context-vector"
                  className="rnn-c-fig"
                />
              </div>
            </>
          );
        }}
      </Room>
      <aside className="rnn-side">
        <p className="rnn-finding rnn-c-size" data-h={H}>{t('rnn.context.size', { h: H, n: letters, s: S })}</p>
        <p className="rnn-output">
          {t('rnn.context.output')}{' '}
          <output className="output-text">{w.output === '' ? '∅' : w.output}</output>{' '}
          <span className={right ? 'rnn-right' : 'rnn-wrong'}>{right ? t('rnn.right') : t('rnn.wrong', { ref: ctx.task.solve(w.source) })}</span>
        </p>
        <OverwriteChart points={data.over} carried={data.carried} labels={rowLabels} presenting={ctx.presenting} />
        <p className="hint">{t('rnn.context.overwrite', { change: pct(meanChange(data.over)), keep: pct(keepMean), first: pct(data.carried[0]) })}</p>
      </aside>
    </div>
  );
}

function OverwriteChart({ points, carried, labels, presenting }: { points: { change: number; keep: number }[]; carried: number[]; labels: string[]; presenting: boolean }) {
  const { t } = useI18n();
  const layout = useMemo(() => {
    const n = points.length;
    const series = [
      { id: 'change', points: points.map((p, i) => ({ x: i + 1, y: p.change })) },
      { id: 'keep', points: points.map((p, i) => ({ x: i + 1, y: p.keep })) },
      { id: 'carried', points: carried.map((v, i) => ({ x: i + 1, y: v })) },
    ];
    const every = Math.max(1, Math.ceil(n / 9));
    return lineChartLayout(series, {
      width: presenting ? 420 : 340,
      height: presenting ? 240 : 200,
      margin: { top: 10, right: 12, bottom: 40, left: 48 },
      x: { domain: [1, Math.max(2, n)], ticks: Array.from({ length: n }, (_, i) => i + 1).filter((v) => (v - 1) % every === 0), format: (v) => labels[v - 1] ?? String(v) },
      y: { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], format: (v) => String(v) },
    });
  }, [points, carried, labels, presenting]);
  return (
    <LabLineChart
      title={t('rnn.context.chartTitle')}
      layout={layout}
      series={[
        { id: 'change', label: t('rnn.context.change'), color: '#c2410c' },
        { id: 'keep', label: t('rnn.context.keep'), color: '#1d4ed8', dash: '6 4' },
        { id: 'carried', label: t('rnn.context.carried'), color: '#15803d', dash: '2 3' },
      ]}
      xLabel={t('rnn.axis.inputToken')}
      yLabel={t('rnn.axis.share')}
      className="rnn-overwrite-chart"
    />
  );
}
