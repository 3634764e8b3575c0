/**
 * Accuracy against input length, measured: the three models' exact match (or per-token
 * accuracy) at every input length 1 … 24 on held-out inputs, as stored in their .json by
 * `npm run eval -- --by-length`, with their parameter counts in the legend; beside it the
 * lecture's three complaints about the fixed context vector c, each next to the number
 * that measures it (computed, whatever it says).
 */
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { useAppStore } from '../../state';
import { RNN_METRICS, type RnnMetric } from '../../state/slices/rnn';
import { alignmentMatrix, lengthSeries, overwriteSeries, type LengthSeries } from '../../labs/rnn';
import { carriedShare, distinctFoci, lengthChartSeries, lengthFacts, meanChange, type LengthFacts } from '../../labs/rnn_view';
import { lineChartLayout } from '../../viz/labs/chart';
import { LabLineChart } from '../../components/LabLineChart';
import { LabRadioGroup } from '../../components/LabRadioGroup';
import { Room } from '../../components/Room';
import type { PageArch } from './useRnnModels';
import { ARCH_COLORS, ARCH_DASH, pct, type RnnCtx } from './shared';

const ORDER: PageArch[] = ['rnn-fixed', 'rnn-attention', 'transformer'];
const ARCH_KEYS = { 'rnn-fixed': 'rnn.arch.rnn-fixed', 'rnn-attention': 'rnn.arch.rnn-attention', transformer: 'rnn.arch.transformer' } as const;

export function LengthPart({ ctx }: { ctx: RnnCtx }) {
  const { t, lang } = useI18n();
  const metric = useAppStore((s) => s.rnnMetric);
  const setMetric = useAppStore((s) => s.setRnnMetric);
  const ready = ORDER.every((a) => ctx.models[a].status === 'ready');
  const series = useMemo((): LengthSeries[] | { error: string } | null => {
    if (!ready) return null;
    try {
      return lengthSeries(ORDER.map((arch) => {
        const m = ctx.models[arch];
        if (m.status !== 'ready') throw new Error(`${arch} is not loaded`);
        return { arch, meta: m.lab.bundle.meta };
      }));
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [ready, ctx.models]);
  if (!series) return <p className="loading">{t('rnn.wait')}</p>;
  if ('error' in series) return <p className="error" role="alert">{t('rnn.runError', { message: series.error })}</p>;
  const facts = lengthFacts(series);
  const nf = (n: number) => n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
  const legend = series.map((s) => ({
    id: s.arch,
    label: t('rnn.length.legend', { model: t(ARCH_KEYS[s.arch as PageArch]), params: nf(s.parameters) }),
    color: ARCH_COLORS[s.arch as PageArch],
    dash: ARCH_DASH[s.arch as PageArch],
    width: 3,
  }));

  return (
    <div className="rnn-part rnn-length">
      <div className="rnn-length-main">
        <LabRadioGroup<RnnMetric>
          label={t('rnn.length.metric')}
          value={metric}
          options={RNN_METRICS.map((m) => ({ value: m, label: t(m === 'exact' ? 'rnn.length.exact' : 'rnn.length.token') }))}
          onChange={setMetric}
          className="rnn-metric"
        />
        <Room className="rnn-room rnn-chart-room" fit="window" fallback={{ width: 700, height: 440 }}>
          {(room) => <LengthChart series={series} metric={metric} legend={legend} width={room.width} height={room.height} presenting={ctx.presenting} />}
        </Room>
      </div>
      <Complaints ctx={ctx} facts={facts} />
    </div>
  );
}

function LengthChart({ series, metric, legend, width, height, presenting }: {
  series: LengthSeries[]; metric: RnnMetric; legend: { id: string; label: string; color: string; dash?: string; width: number }[];
  width: number; height: number; presenting: boolean;
}) {
  const { t } = useI18n();
  const w = Math.max(280, Math.min(width - 4, presenting ? 1800 : 900));
  // on a projector the chart takes the whole height it has
  const h = presenting ? Math.max(220, height - 92) : Math.max(220, Math.min(height - 90, Math.round(w * 0.62)));
  const layout = useMemo(() => {
    const data = lengthChartSeries(series, metric);
    const maxLen = Math.max(...series.flatMap((s) => s.points.map((p) => p.length)));
    return lineChartLayout(data, {
      width: w,
      height: h,
      margin: { top: 12, right: 18, bottom: 44, left: 58 },
      x: { domain: [1, maxLen], ticks: Array.from({ length: maxLen }, (_, i) => i + 1).filter((v) => v === 1 || v % 4 === 0 || v === maxLen), format: String },
      y: { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1], format: (v) => `${Math.round(v * 100)}%` },
    });
  }, [series, metric, w, h]);
  return (
    <LabLineChart
      title={t(metric === 'exact' ? 'rnn.length.titleExact' : 'rnn.length.titleToken')}
      layout={layout}
      series={legend}
      xLabel={t('rnn.length.x')}
      yLabel={t(metric === 'exact' ? 'rnn.length.exact' : 'rnn.length.token')}
      hline={{ y: 0.5, label: '50%' }}
      className={`rnn-length-chart${presenting ? ' presenting' : ''}`}
    />
  );
}

function Complaints({ ctx, facts }: { ctx: RnnCtx; facts: LengthFacts[] }) {
  const { t, lang } = useI18n();
  const f = Object.fromEntries(facts.map((x) => [x.arch, x])) as Record<PageArch, LengthFacts>;
  const fixed = f['rnn-fixed'], attn = f['rnn-attention'], tr = f.transformer;
  const below = (x: LengthFacts) => (x.firstBelowHalf === null ? t('rnn.length.neverBelow', { max: x.maxLength }) : t('rnn.length.belowAt', { n: x.firstBelowHalf }));
  // measured on the reader's input
  const carried = ctx.fixed ? carriedShare(ctx.fixed) : null;
  const middle = carried ? Math.floor((carried.length - 1) / 2) : 0;
  const foci = ctx.attention ? distinctFoci(alignmentMatrix(ctx.attention)) : null;
  const change = ctx.fixed ? meanChange(overwriteSeries(ctx.fixed)) : null;
  return (
    <aside className="rnn-side rnn-complaints" aria-label={t('rnn.complaints.label')}>
      <h3>{t('rnn.complaints.heading')}</h3>
      <ol>
        <li>
          <p className="rnn-complaint">{t('rnn.complaints.one')}</p>
          <p className="rnn-measure">
            {t('rnn.complaints.oneMeasure', {
              fixed: below(fixed), attn: below(attn), tr: below(tr),
              fixedMax: pct(fixed.exactMatchAtMax), attnMax: pct(attn.exactMatchAtMax), trMax: pct(tr.exactMatchAtMax), max: fixed.maxLength,
              last90: fixed.lastAbove90 ?? 0,
            })}
          </p>
        </li>
        <li>
          <p className="rnn-complaint">{t('rnn.complaints.two')}</p>
          <p className="rnn-measure">
            {t('rnn.complaints.twoMeasure', { tokFixed: pct(fixed.tokenAccuracyAtMax), tokAttn: pct(attn.tokenAccuracyAtMax), max: fixed.maxLength })}
            {foci !== null && ctx.attention && `${lang === 'zh' ? '' : ' '}${t('rnn.complaints.twoInput', { t: ctx.attention.tokens.length, n: foci, h: ctx.fixed?.hidden ?? 0 })}`}
          </p>
        </li>
        <li>
          <p className="rnn-complaint">{t('rnn.complaints.three')}</p>
          <p className="rnn-measure">
            {carried && change !== null && ctx.fixed
              ? t('rnn.complaints.threeMeasure', {
                first: pct(carried[0]), middle: pct(carried[middle]), m: middle + 1, token: ctx.fixed.srcTokens[middle], change: pct(change),
              })
              : t('rnn.complaints.threeNone')}
          </p>
        </li>
      </ol>
      <p className="hint">{t('rnn.length.source')}</p>
    </aside>
  );
}
