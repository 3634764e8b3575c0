/**
 * The training lab's live charts: the training loss (every step, and its moving average),
 * validation both ways (token accuracy teacher-forced and free-running, and exact match,
 * which is the same number both ways), accuracy by position at the latest validation (the
 * exposure-bias gap, position by position), and steps per second.
 */
import { useMemo } from 'react';
import { useT } from '../../i18n';
import { movingAverage, niceMax, type XY } from '../../viz/train/series';
import type { StepPoint, ValidationPoint } from '../../workers/train_protocol';
import { TrainChart, type ChartSeries } from './TrainChart';
import { fixed, percent } from './options';
import type { SpeedPoint } from './session';

export const COLORS = { loss: '#1d4ed8', lossRaw: '#9db4e8', tf: '#1d4ed8', fr: '#c2410c', em: '#374151', speed: '#047857', speedNow: '#86c5a8' } as const;

/** Steps of the moving average drawn over the per-step loss. */
export const LOSS_WINDOW = 25;

export interface ProgressData {
  points: readonly StepPoint[];
  validations: readonly ValidationPoint[];
  speed: readonly SpeedPoint[];
  step: number;
  task: string;
  presenting: boolean;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The x axis over steps: from 0 to a round number past the current step. */
function stepDomain(step: number): [number, number] {
  return [0, Math.max(50, niceMax(step * 1.05))];
}

export function ProgressPart(d: ProgressData) {
  const t = useT();
  const fontSize = d.presenting ? 15 : 13;
  const exportLabels = useMemo(() => ({ svg: t('train.export.svg'), png: t('train.export.png') }), [t]);

  const loss = useMemo(() => d.points.map((q): XY => ({ x: q.step, y: q.loss })), [d.points]);
  const lossAvg = useMemo(() => movingAverage(loss, LOSS_WINDOW), [loss]);
  const lossSeries = useMemo((): ChartSeries[] => [
    { id: 'avg', label: t('train.chart.loss.avg', { n: LOSS_WINDOW }), color: COLORS.loss, points: lossAvg, width: 3 },
    { id: 'raw', label: t('train.chart.loss.raw'), color: COLORS.lossRaw, points: loss, width: 1.2 },
  ], [loss, lossAvg, t]);
  const xSteps = useMemo(() => ({ domain: stepDomain(d.step), tickCount: 5, format: String, label: t('train.chart.step') }), [d.step, t]);
  const lossMax = useMemo(() => niceMax(Math.max(0.5, ...loss.slice(0, 400).map((q) => q.y).filter(Number.isFinite), ...loss.slice(-200).map((q) => q.y).filter(Number.isFinite))), [loss]);
  const yLoss = useMemo(() => ({ domain: [0, lossMax] as [number, number], tickCount: 4, label: t('train.chart.loss.y') }), [lossMax, t]);
  const lastLoss = d.points.length > 0 ? d.points[d.points.length - 1] : null;

  const tfTok = useMemo(() => d.validations.map((v): XY => ({ x: v.step, y: v.teacherForced.tokenAccuracy })), [d.validations]);
  const frTok = useMemo(() => d.validations.map((v): XY => ({ x: v.step, y: v.freeRunning.tokenAccuracy })), [d.validations]);
  const em = useMemo(() => d.validations.map((v): XY => ({ x: v.step, y: v.freeRunning.exactMatch })), [d.validations]);
  const validSeries = useMemo((): ChartSeries[] => [
    { id: 'tf', label: t('train.chart.valid.tf'), color: COLORS.tf, points: tfTok, dots: true },
    { id: 'fr', label: t('train.chart.valid.fr'), color: COLORS.fr, points: frTok, dots: true },
    { id: 'em', label: t('train.chart.valid.em'), color: COLORS.em, points: em, dash: '6 4', width: 2 },
  ], [tfTok, frTok, em, t]);
  const yShare = useMemo(() => ({ domain: [0, 1] as [number, number], ticks: [0, 0.25, 0.5, 0.75, 1], format: pct, label: t('train.chart.share') }), [t]);
  const lastValid = d.validations.length > 0 ? d.validations[d.validations.length - 1] : null;

  const byPos = useMemo((): ChartSeries[] => {
    const v = lastValid;
    const tf = v ? v.teacherForced.byPosition.map((y, i): XY => ({ x: i + 1, y })) : [];
    const fr = v ? v.freeRunning.byPosition.map((y, i): XY => ({ x: i + 1, y })) : [];
    return [
      { id: 'tf', label: t('train.chart.valid.tf'), color: COLORS.tf, points: tf, dots: true },
      { id: 'fr', label: t('train.chart.valid.fr'), color: COLORS.fr, points: fr, dots: true },
    ];
  }, [lastValid, t]);
  const positions = lastValid ? lastValid.teacherForced.byPosition.length : 1;
  const xPos = useMemo(() => ({
    domain: [1, Math.max(2, positions)] as [number, number],
    ticks: Array.from({ length: positions }, (_, i) => i + 1),
    format: String,
    label: t('train.chart.position'),
  }), [positions, t]);

  const speed = useMemo(() => d.speed.map((q): XY => ({ x: q.step, y: q.stepsPerSecond })), [d.speed]);
  const speedMean = useMemo(() => d.speed.map((q): XY => ({ x: q.step, y: q.elapsedMs > 0 ? (q.step * 1000) / q.elapsedMs : 0 })), [d.speed]);
  const speedSeries = useMemo((): ChartSeries[] => [
    { id: 'mean', label: t('train.chart.speed.mean'), color: COLORS.speed, points: speedMean, width: 3 },
    { id: 'now', label: t('train.chart.speed.series'), color: COLORS.speedNow, points: speed, width: 1.2 },
  ], [speed, speedMean, t]);
  const speedMax = useMemo(() => niceMax(Math.max(5, ...speed.map((q) => q.y))), [speed]);
  const ySpeed = useMemo(() => ({ domain: [0, speedMax] as [number, number], tickCount: 4, label: t('train.chart.speed.y') }), [speedMax, t]);
  const lastSpeed = d.speed.length > 0 ? d.speed[d.speed.length - 1] : null;

  const describeLoss = (i: number) => {
    const q = d.points[i];
    return q ? t('train.chart.loss.readout', { step: q.step, loss: fixed(q.loss, 3), avg: fixed(lossAvg[i]?.y ?? q.loss, 3), lr: q.lr.toExponential(2), p: fixed(q.samplingProb, 2) }) : '';
  };
  const describeValid = (i: number) => {
    const v = d.validations[i];
    return v ? t('train.chart.valid.readout', {
      step: v.step, s: (v.elapsedMs / 1000).toFixed(1), tf: percent(v.teacherForced.tokenAccuracy), fr: percent(v.freeRunning.tokenAccuracy), em: percent(v.freeRunning.exactMatch), n: v.freeRunning.n,
    }) : '';
  };
  const describePos = (i: number) =>
    lastValid ? t('train.chart.pos.readout', {
      pos: i + 1, tf: percent(lastValid.teacherForced.byPosition[i] ?? 0), fr: percent(lastValid.freeRunning.byPosition[i] ?? 0),
    }) : '';
  const describeSpeed = (i: number) => {
    const q = d.speed[i];
    return q ? t('train.chart.speed.readout', { step: q.step, sps: q.stepsPerSecond.toFixed(1), mean: (speedMean[i]?.y ?? 0).toFixed(1), s: (q.elapsedMs / 1000).toFixed(1) }) : '';
  };

  const gap = lastValid ? lastValid.teacherForced.tokenAccuracy - lastValid.freeRunning.tokenAccuracy : null;

  return (
    <div className="train-progress">
      <div className="train-cell">
        <TrainChart
          caption={t('train.chart.loss.caption')}
          label={lastLoss ? t('train.chart.loss.label', { step: lastLoss.step, loss: fixed(lastLoss.loss, 3) }) : t('train.chart.loss.caption')}
          series={lossSeries}
          x={xSteps}
          y={yLoss}
          describe={describeLoss}
          fileName={`${d.task}-train-loss-step${d.step}`}
          exportLabels={exportLabels}
          fontSize={fontSize}
        />
      </div>
      <div className="train-cell">
        <TrainChart
          caption={t('train.chart.valid.caption')}
          label={lastValid
            ? t('train.chart.valid.label', { step: lastValid.step, s: (lastValid.elapsedMs / 1000).toFixed(1), tf: percent(lastValid.teacherForced.tokenAccuracy), fr: percent(lastValid.freeRunning.tokenAccuracy), em: percent(lastValid.freeRunning.exactMatch) })
            : t('train.chart.valid.caption')}
          series={validSeries}
          x={xSteps}
          y={yShare}
          describe={describeValid}
          fileName={`${d.task}-train-validation-step${d.step}`}
          exportLabels={exportLabels}
          fontSize={fontSize}
        />
      </div>
      <div className="train-cell">
        <TrainChart
          caption={lastValid ? t('train.chart.pos.caption', { step: lastValid.step }) : t('train.chart.pos.captionNone')}
          label={lastValid && gap !== null ? t('train.chart.pos.label', { step: lastValid.step, gap: (gap * 100).toFixed(1) }) : t('train.chart.pos.captionNone')}
          series={byPos}
          x={xPos}
          y={yShare}
          describe={describePos}
          fileName={`${d.task}-train-accuracy-by-position-step${lastValid?.step ?? 0}`}
          exportLabels={exportLabels}
          fontSize={fontSize}
        />
      </div>
      <div className="train-cell">
        <TrainChart
          caption={t('train.chart.speed.caption')}
          label={lastSpeed ? t('train.chart.speed.label', { sps: lastSpeed.stepsPerSecond.toFixed(1) }) : t('train.chart.speed.caption')}
          series={speedSeries}
          x={xSteps}
          y={ySpeed}
          describe={describeSpeed}
          fileName={`${d.task}-train-speed-step${d.step}`}
          exportLabels={exportLabels}
          fontSize={fontSize}
        />
      </div>
    </div>
  );
}
