/**
 * The cost of attention: per layer, self-attention does O(T²·D) work, a
 * recurrent layer O(T·D²), a convolution O(K·T·D²), restricted self-attention
 * O(r·T·D). Sliders for T, D, K and r, the four costs against T on log–log axes
 * with the crossover T = D marked, and Table 1 of "Attention Is All You Need"
 * beside it with these sizes filled in.
 */
import '../../i18n/parts/labs';
import { useMemo } from 'react';
import { useT } from '../../i18n';
import { useAppStore, usePresenting } from '../../state';
import { useRoom } from '../../components/useRoom';
import { LabHead } from './LabHead';
import { LAB_RANGES } from '../../state/slices/labs';
import { LabSlider } from '../../components/LabSlider';
import { LabLineChart, type SeriesStyle } from '../../components/LabLineChart';
import { LabFormula } from '../../components/LabFormula';
import { lineChartLayout, yExtent } from '../../viz/labs/chart';
import { formatCount, formatOps } from '../../viz/labs/format';
import { LAYER_KINDS, costCurves, crossoverConvolution, crossoverRecurrent, layerCosts, pow2Steps, projectionOps, type LayerKind } from '../../labs/cost';
import './labs.css';

const T_STEPS = pow2Steps(LAB_RANGES.costT.min, LAB_RANGES.costT.max);
const D_STEPS = pow2Steps(8, LAB_RANGES.costD.max);
const R_STEPS = pow2Steps(LAB_RANGES.costR.min, LAB_RANGES.costR.max);
const T_MAX = LAB_RANGES.costT.max;
const MARGIN = { top: 14, right: 16, bottom: 40, left: 64 };
const MARGIN_BIG = { top: 16, right: 20, bottom: 50, left: 108 };
/** In presentation, the table stays beside the chart when the screen is at least this wide. */
const TABLE_BESIDE = 1500;
const TABLE_W = 680;

const COLORS: Record<LayerKind, string> = { attention: '#c2410c', recurrent: '#1d4ed8', convolution: '#047857', restricted: '#7c3aed' };
const DASH: Record<LayerKind, string | undefined> = { attention: undefined, recurrent: '8 5', convolution: '2 4', restricted: '12 4 2 4' };
const TEX: Record<LayerKind, { ops: string; seq: string; path: string }> = {
  attention: { ops: 'O(T^2 \\cdot D)', seq: 'O(1)', path: 'O(1)' },
  recurrent: { ops: 'O(T \\cdot D^2)', seq: 'O(T)', path: 'O(T)' },
  convolution: { ops: 'O(K \\cdot T \\cdot D^2)', seq: 'O(1)', path: 'O(\\log_K T)' },
  restricted: { ops: 'O(r \\cdot T \\cdot D)', seq: 'O(1)', path: 'O(T / r)' },
};

export function CostLab() {
  const t = useT();
  const T = useAppStore((s) => s.costT);
  const D = useAppStore((s) => s.costD);
  const K = useAppStore((s) => s.costK);
  const r = useAppStore((s) => s.costR);
  const setNumber = useAppStore((s) => s.setLabNumber);
  const costs = layerCosts({ T, D, K, r });
  const byKind = Object.fromEntries(costs.map((c) => [c.kind, c])) as Record<LayerKind, (typeof costs)[number]>;
  const curves = useMemo(() => costCurves({ D, K, r }, T_MAX), [D, K, r]);
  const [presenting] = usePresenting();
  const [roomRef, room] = useRoom({ fit: 'window', fallback: { width: 1200, height: 600 } });
  // presentation: the chart takes the room (the table beside it on a wide screen, else below);
  // otherwise its column of the page, on a phone the width
  const big = presenting && room.width >= 640;
  const beside = big && room.width >= TABLE_BESIDE;
  const colW = big ? (beside ? room.width - TABLE_W - 36 : room.width) : room.width >= 900 ? Math.floor((room.width - 36) / 2) : room.width;
  const chartW = Math.max(260, big ? colW : Math.min(760, colW));
  const chartH = big ? Math.max(300, Math.min(1000, room.height - 70)) : Math.min(340, Math.round(chartW * 0.62));
  const margin = big ? MARGIN_BIG : MARGIN;
  const layout = useMemo(() => {
    const series = curves.map((c) => ({ id: c.kind, points: c.points }));
    const [lo, hi] = yExtent(series, { log: true, pad: 0.2 });
    return lineChartLayout(series, {
      width: chartW,
      height: chartH,
      margin,
      x: { domain: [1, T_MAX], log: true, ticks: [1, 4, 16, 64, 256, 1024, 4096], format: String },
      y: { domain: [Math.max(1, lo), hi], log: true, format: (v) => formatOps(v) },
    });
  }, [curves, chartW, chartH, margin]);
  const series: SeriesStyle[] = LAYER_KINDS.map((k) => ({
    id: k,
    label: t(`labs.cost.layer.${k}`),
    color: COLORS[k],
    dash: DASH[k],
  }));
  const cross = crossoverRecurrent(D);
  const crossConv = crossoverConvolution(D, K);
  const att = byKind.attention.ops, rnn = byKind.recurrent.ops;
  const verdict =
    att < rnn
      ? t('labs.cost.cheaper', { ratio: formatRatio(rnn / att) })
      : att > rnn
        ? t('labs.cost.dearer', { ratio: formatRatio(att / rnn) })
        : t('labs.cost.equal');
  return (
    <section className="panel lab cost-lab" aria-labelledby="cost-lab-h">
      <LabHead id="cost-lab-h" title={t('labs.cost.heading')} />
      <p className="intro">{t('labs.cost.intro')}</p>
      <div className="lab-controls">
        <LabSlider label={t('labs.cost.T')} value={T} steps={T_STEPS} onChange={(v) => setNumber('costT', v)} />
        <LabSlider label={t('labs.cost.D')} value={D} steps={D_STEPS} onChange={(v) => setNumber('costD', v)} />
        <LabSlider label={t('labs.cost.K')} value={K} min={LAB_RANGES.costK.min} max={9} onChange={(v) => setNumber('costK', v)} />
        <LabSlider label={t('labs.cost.r')} value={r} steps={R_STEPS} onChange={(v) => setNumber('costR', v)} />
      </div>
      <div className={beside ? 'lab-grid-2 cost-grid beside' : 'lab-grid-2 cost-grid'} ref={roomRef}>
        <div className="cost-chart" data-main-figure="">
          <LabLineChart
            title={t('labs.cost.chart', { D, K, r })}
            layout={layout}
            series={series}
            xLabel={t('labs.cost.xAxis')}
            yLabel={t('labs.cost.yAxis')}
            markers={[
              { x: cross, label: t('labs.cost.crossover', { D: cross }), color: '#111827' },
              { x: T, label: t('labs.cost.current', { T }), color: '#6d28d9' },
            ]}
            dots={costs.map((c) => ({ x: T, y: c.ops, color: COLORS[c.kind] }))}
          />
        </div>
        <div>
          <table className="lab-table cost-table">
            <caption>{t('labs.cost.table', { T, D, K, r })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('labs.cost.col.layer')}</th>
                <th scope="col">{t('labs.cost.col.ops')}</th>
                <th scope="col">{t('labs.cost.col.seq')}</th>
                <th scope="col">{t('labs.cost.col.path')}</th>
              </tr>
            </thead>
            <tbody>
              {costs.map((c) => (
                <tr key={c.kind}>
                  <th scope="row">
                    <span className="legend-swatch" style={{ background: COLORS[c.kind] }} aria-hidden="true" />
                    {t(`labs.cost.layer.${c.kind}`)}
                  </th>
                  <td>
                    <LabFormula tex={TEX[c.kind].ops} />
                    <div className="cost-value">{formatCount(c.ops)}</div>
                  </td>
                  <td>
                    <LabFormula tex={TEX[c.kind].seq} />
                    <div className="cost-value">{formatCount(c.sequential)}</div>
                  </td>
                  <td>
                    <LabFormula tex={TEX[c.kind].path} />
                    <div className="cost-value">{formatCount(c.pathLength)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="cost-verdict" role="status">
            {verdict}
          </p>
          <ul className="cost-points present-hide">
            <li>{t('labs.cost.point.crossover', { D, crossConv: formatCount(crossConv), K })}</li>
            <li>{t('labs.cost.point.parallel')}</li>
            <li>{t('labs.cost.point.path')}</li>
            <li>{t('labs.cost.point.projections', { T, D, proj: formatCount(projectionOps(T, D)), att: formatCount(att) })}</li>
          </ul>
          <p className="hint present-hide">{t('labs.cost.source')}</p>
        </div>
      </div>
    </section>
  );
}

function formatRatio(r: number): string {
  return r >= 100 ? formatCount(r) : r >= 10 ? r.toFixed(0) : r.toFixed(1);
}
