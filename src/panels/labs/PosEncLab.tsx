/**
 * Positional encoding: the sinusoidal matrix as a heatmap (positions down,
 * dimensions across), a few dimensions drawn as waves, and the dot product of
 * every position's encoding with every other's: largest on the diagonal, a
 * function of the distance only, and rippling rather than simply falling off
 * (what it does at this length and d_model is read from the numbers). Length
 * and d_model are sliders.
 */
import '../../i18n/parts/labs';
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { useAppStore, usePresenting } from '../../state';
import { useRoom } from '../../components/useRoom';
import { FigurePicker, LabHead } from './LabHead';
import { LAB_RANGES } from '../../state/slices/labs';
import { LabSlider } from '../../components/LabSlider';
import { LabLineChart, type SeriesStyle } from '../../components/LabLineChart';
import { LabFormula } from '../../components/LabFormula';
import { MatrixHeatmap } from '../../components/MatrixHeatmap';
import { MatrixLegend } from '../../components/MatrixLegend';
import { domainOf } from '../../viz/color';
import { lineChartLayout, yExtent } from '../../viz/labs/chart';
import { heatmapLayout } from '../../viz/labs/heatmap';
import { formatNumber } from '../../viz/labs/format';
import { column, posEncData, similarityProfile, similarityRow, waveDims, wavelength } from '../../labs/posEnc';
import './labs.css';

const WAVE_COLORS = ['#c2410c', '#1d4ed8', '#047857', '#6d28d9'];
const WAVE_DASH = [undefined, '7 4', '2 3', '10 3 2 3'];

const CHART_MARGIN = { top: 10, right: 10, bottom: 38, left: 46 };
const CHART_MARGIN_BIG = { top: 12, right: 14, bottom: 50, left: 84 };

type PeFigure = 'matrix' | 'waves' | 'sim' | 'row';

/** The width of one column of the lab's grid (the CSS grid's auto-fit columns of at least 27rem). */
function columnWidth(width: number): number {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 18;
  const min = 27 * rem, gap = 2 * rem;
  const n = Math.max(1, Math.floor((width + gap) / (min + gap)));
  return Math.floor((width - gap * (n - 1)) / n);
}

export function PosEncLab() {
  const { t, lang } = useI18n();
  const L = useAppStore((s) => s.peLength);
  const D = useAppStore((s) => s.peDModel);
  const setNumber = useAppStore((s) => s.setLabNumber);
  const [pos, setPos] = useState(10);
  const at = Math.min(pos, L - 1);
  const [presenting] = usePresenting();
  // presentation mode shows one of the four figures big
  const [focus, setFocus] = useState<PeFigure>('matrix');
  const shows = (f: PeFigure) => !presenting || focus === f;
  const [roomRef, room] = useRoom({ fit: 'window', fallback: { width: 1200, height: 600 } });
  const big = presenting && room.width >= 640;
  // in presentation the figure in focus has the whole room below the controls; otherwise each has its column
  const colW = big ? room.width : typeof document === 'undefined' ? 520 : Math.min(room.width, columnWidth(room.width));
  const hm = big ? { top: 44, right: 8, bottom: 6, left: 56 } : { top: 34, right: 8, bottom: 6, left: 40 };
  const mapH = big ? Math.max(240, room.height - 150) : 250;
  const chartH = big ? Math.max(240, room.height - 120) : 200;
  const chartM = big ? CHART_MARGIN_BIG : CHART_MARGIN;
  const chartW = Math.max(240, big ? colW : Math.min(640, colW));
  const { pe, similarity } = useMemo(() => posEncData(L, D), [L, D]);
  const peDomain = { min: -1, max: 1 };
  const simDomain = useMemo(() => domainOf(similarity.data), [similarity]);
  const peLayout = heatmapLayout({ rows: L, cols: D, maxWidth: Math.max(D, Math.min(big ? 4000 : 560, colW - hm.left - hm.right - 4)), maxHeight: mapH, margin: hm });
  const simSide = Math.max(L, Math.min(colW - hm.left - hm.right - 4, big ? mapH : 320));
  const simLayout = heatmapLayout({ rows: L, cols: L, maxWidth: simSide, maxHeight: simSide, margin: hm });
  const dims = waveDims(D);
  const waves = useMemo(() => {
    const series = dims.map((d) => ({ id: `dim${d}`, points: column(pe, d) }));
    return lineChartLayout(series, {
      width: chartW,
      height: chartH,
      margin: chartM,
      x: { domain: [0, Math.max(1, L - 1)], tickCount: 8 },
      y: { domain: [-1.1, 1.1], ticks: [-1, -0.5, 0, 0.5, 1] },
    });
  }, [pe, dims, L, chartW, chartH, chartM]);
  const waveStyles: SeriesStyle[] = dims.map((d, i) => ({
    id: `dim${d}`,
    label: t(d % 2 === 0 ? 'labs.pe.waveSin' : 'labs.pe.waveCos', { i: d, len: formatNumber(wavelength(d, D)) }),
    color: WAVE_COLORS[i],
    dash: WAVE_DASH[i],
  }));
  const simRow = useMemo(() => similarityRow(similarity, at), [similarity, at]);
  const profile = useMemo(() => similarityProfile(similarity), [similarity]);
  const simChart = useMemo(
    () =>
      lineChartLayout([{ id: 'sim', points: simRow }], {
        width: chartW,
        height: big ? chartH - 50 : chartH,
        margin: chartM,
        x: { domain: [0, Math.max(1, L - 1)], tickCount: 8 },
        y: { domain: yExtent([{ id: 'sim', points: simRow }], { pad: 0.08 }), tickCount: 5 },
      }),
    [simRow, L, chartW, chartH, chartM, big],
  );
  return (
    <section className="panel lab posenc-lab" aria-labelledby="pe-lab-h">
      <LabHead id="pe-lab-h" title={t('labs.pe.heading')}>
        <FigurePicker
          value={focus}
          onChange={setFocus}
          options={[
            { value: 'matrix', label: t('labs.present.peMatrix') },
            { value: 'waves', label: t('labs.present.peWaves') },
            { value: 'sim', label: t('labs.present.peSim') },
            { value: 'row', label: t('labs.present.peRow') },
          ]}
        />
      </LabHead>
      <div className="intro">
        {t('labs.pe.intro')}{' '}
        <LabFormula display tex={'PE_{(p,\\,2i)} = \\sin\\!\\left(p / 10000^{2i/D}\\right),\\; PE_{(p,\\,2i+1)} = \\cos\\!\\left(p / 10000^{2i/D}\\right)'} />
      </div>
      <div className="lab-controls">
        <LabSlider label={t('labs.pe.length')} value={L} min={LAB_RANGES.peLength.min} max={LAB_RANGES.peLength.max} onChange={(v) => setNumber('peLength', v)} />
        <LabSlider label={t('labs.pe.dModel')} value={D} min={LAB_RANGES.peDModel.min} max={LAB_RANGES.peDModel.max} step={2} onChange={(v) => setNumber('peDModel', v)} />
      </div>
      <div className="pe-grid" ref={roomRef}>
        {shows('matrix') && (
        <section aria-labelledby="pe-matrix-h" data-main-figure="">
          <h3 id="pe-matrix-h">{t('labs.pe.matrix', { L, D })}</h3>
          <MatrixHeatmap
            title={t('labs.pe.matrix', { L, D })}
            rows={L}
            cols={D}
            values={pe.data}
            domain={peDomain}
            layout={peLayout}
            xLabel={t('labs.pe.dimAxis')}
            yLabel={t('labs.pe.posAxis')}
            readout={(r, c, v) => t('labs.pe.readout', { p: r, i: c, v: formatNumber(v) })}
            idle={t('labs.heatmap.idle')}
          />
          <MatrixLegend domain={peDomain} label={t('labs.legend')} width={big ? 280 : 160} />
        </section>
        )}
        {shows('waves') && (
        <section aria-labelledby="pe-waves-h" data-main-figure={presenting ? '' : undefined}>
          <h3 id="pe-waves-h">{t('labs.pe.waves')}</h3>
          <LabLineChart title={t('labs.pe.waves')} layout={waves} series={waveStyles} xLabel={t('labs.pe.posAxis')} yLabel={t('labs.pe.value')} />
          <p className="hint present-hide">{t('labs.pe.wavesNote')}</p>
        </section>
        )}
        {shows('sim') && (
        <section aria-labelledby="pe-sim-h" data-main-figure={presenting ? '' : undefined}>
          <h3 id="pe-sim-h">{t('labs.pe.similarity')}</h3>
          <MatrixHeatmap
            title={t('labs.pe.similarity')}
            rows={L}
            cols={L}
            values={similarity.data}
            domain={simDomain}
            layout={simLayout}
            xLabel={t('labs.pe.posAxis')}
            yLabel={t('labs.pe.posAxis')}
            readout={(r, c, v) => t('labs.pe.simReadout', { a: r, b: c, v: formatNumber(v) })}
            idle={t('labs.heatmap.idle')}
          />
          <MatrixLegend domain={simDomain} label={t('labs.legend')} width={big ? 280 : 160} />
        </section>
        )}
        {shows('row') && (
        <section aria-labelledby="pe-row-h" data-main-figure={presenting ? '' : undefined}>
          <h3 id="pe-row-h">{t('labs.pe.row', { p: at })}</h3>
          <LabSlider label={t('labs.pe.position')} value={at} min={0} max={L - 1} onChange={setPos} />
          <LabLineChart
            title={t('labs.pe.row', { p: at })}
            layout={simChart}
            series={[{ id: 'sim', label: t('labs.pe.rowSeries', { p: at }), color: '#1d4ed8' }]}
            xLabel={t('labs.pe.posAxis')}
            yLabel={t('labs.pe.dot')}
            markers={[{ x: at, label: t('labs.pe.here', { p: at }), color: '#c2410c' }]}
          />
          <p className="hint present-hide">
            {[
              t('labs.pe.simNote', { D: formatNumber(D / 2) }),
              profile.firstDip
                ? t('labs.pe.simNote.dip', { k: profile.firstDip.distance, v: formatNumber(profile.firstDip.value) })
                : t('labs.pe.simNote.falls', { L, k: profile.lowest.distance, v: formatNumber(profile.lowest.value) }),
              profile.lowest.value < 0
                ? t('labs.pe.simNote.negative', { k: profile.lowest.distance, v: formatNumber(profile.lowest.value) })
                : profile.firstDip
                  ? t('labs.pe.simNote.positive', { L, k: profile.lowest.distance, v: formatNumber(profile.lowest.value) })
                  : '',
            ]
              .filter((x) => x !== '')
              .join(lang === 'zh' ? '' : ' ')}
          </p>
        </section>
        )}
      </div>
    </section>
  );
}
