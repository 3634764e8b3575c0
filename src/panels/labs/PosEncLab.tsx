/**
 * Positional encoding: the sinusoidal matrix as a heatmap (positions down,
 * dimensions across), a few dimensions drawn as waves, and the dot product of
 * every position's encoding with every other's: largest on the diagonal, a
 * function of the distance only, and rippling rather than simply falling off
 * (what it does at this length and d_model is read from the numbers). Length
 * and d_model are sliders.
 */
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { useAppStore } from '../../state';
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

export function PosEncLab() {
  const { t, lang } = useI18n();
  const L = useAppStore((s) => s.peLength);
  const D = useAppStore((s) => s.peDModel);
  const setNumber = useAppStore((s) => s.setLabNumber);
  const [pos, setPos] = useState(10);
  const at = Math.min(pos, L - 1);
  const { pe, similarity } = useMemo(() => posEncData(L, D), [L, D]);
  const peDomain = { min: -1, max: 1 };
  const simDomain = useMemo(() => domainOf(similarity.data), [similarity]);
  const peLayout = heatmapLayout({ rows: L, cols: D, maxWidth: 380, maxHeight: 250, margin: { top: 34, right: 8, bottom: 6, left: 40 } });
  const simLayout = heatmapLayout({ rows: L, cols: L, maxWidth: 250, maxHeight: 250, margin: { top: 34, right: 8, bottom: 6, left: 40 } });
  const dims = waveDims(D);
  const waves = useMemo(() => {
    const series = dims.map((d) => ({ id: `dim${d}`, points: column(pe, d) }));
    return lineChartLayout(series, {
      width: 440,
      height: 200,
      margin: { top: 10, right: 10, bottom: 38, left: 46 },
      x: { domain: [0, Math.max(1, L - 1)], tickCount: 8 },
      y: { domain: [-1.1, 1.1], ticks: [-1, -0.5, 0, 0.5, 1] },
    });
  }, [pe, dims, L]);
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
        width: 440,
        height: 200,
        margin: { top: 10, right: 10, bottom: 38, left: 46 },
        x: { domain: [0, Math.max(1, L - 1)], tickCount: 8 },
        y: { domain: yExtent([{ id: 'sim', points: simRow }], { pad: 0.08 }), tickCount: 5 },
      }),
    [simRow, L],
  );
  return (
    <section className="panel lab posenc-lab" aria-labelledby="pe-lab-h">
      <h2 id="pe-lab-h">{t('labs.pe.heading')}</h2>
      <div className="intro">
        {t('labs.pe.intro')}{' '}
        <LabFormula display tex={'PE_{(p,\\,2i)} = \\sin\\!\\left(p / 10000^{2i/D}\\right),\\; PE_{(p,\\,2i+1)} = \\cos\\!\\left(p / 10000^{2i/D}\\right)'} />
      </div>
      <div className="lab-controls">
        <LabSlider label={t('labs.pe.length')} value={L} min={LAB_RANGES.peLength.min} max={LAB_RANGES.peLength.max} onChange={(v) => setNumber('peLength', v)} />
        <LabSlider label={t('labs.pe.dModel')} value={D} min={LAB_RANGES.peDModel.min} max={LAB_RANGES.peDModel.max} step={2} onChange={(v) => setNumber('peDModel', v)} />
      </div>
      <div className="pe-grid">
        <section aria-labelledby="pe-matrix-h">
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
          <MatrixLegend domain={peDomain} label={t('labs.legend')} />
        </section>
        <section aria-labelledby="pe-waves-h">
          <h3 id="pe-waves-h">{t('labs.pe.waves')}</h3>
          <LabLineChart title={t('labs.pe.waves')} layout={waves} series={waveStyles} xLabel={t('labs.pe.posAxis')} yLabel={t('labs.pe.value')} />
          <p className="hint">{t('labs.pe.wavesNote')}</p>
        </section>
        <section aria-labelledby="pe-sim-h">
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
          <MatrixLegend domain={simDomain} label={t('labs.legend')} />
        </section>
        <section aria-labelledby="pe-row-h">
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
          <p className="hint">
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
      </div>
    </section>
  );
}
