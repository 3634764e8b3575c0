/**
 * What one training step computes, for the fixed example, at the current step (the
 * lectures' loss figure, live): the decoder input (<bos> + the truth, or with scheduled
 * sampling some of the model's own predictions), the causal mask, at every position the
 * predicted distribution beside the target distribution, each position's cross-entropy,
 * and their mean — this example's loss; the chart plots the same mean over a batch.
 */
import { useMemo } from 'react';
import { useT } from '../../i18n';
import { Heatmap } from '../../components/Heatmap';
import { LabRadioGroup } from '../../components/LabRadioGroup';
import { LabSlider } from '../../components/LabSlider';
import { Room } from '../../components/Room';
import type { StepAnatomy } from '../../labs/train';
import type { AnatomyView } from '../../state/slices/train';
import type { AnatomyPair } from '../../workers/train_protocol';
import { AnatomyFigure } from './AnatomyFigure';
import { fixed, showToken } from './options';

export const ANATOMY_PROBABILITIES = [0.25, 0.5, 0.75, 1] as const;

export interface AnatomyPartProps {
  anatomy: AnatomyPair | null;
  view: AnatomyView;
  onView: (v: AnatomyView) => void;
  probability: number;
  onProbability: (p: number) => void;
  step: number;
  batchSize: number;
  /** the scheduled-sampling probability training uses now (0 under teacher forcing) */
  trainingProbability: number;
  /** how training feeds the decoder now */
  trainingMode: 'teacher-forcing' | 'scheduled-sampling';
  task: string;
  presenting: boolean;
  narrow: number;
  /** the worker has reported on this model: no anatomy then means its architecture has none */
  reported: boolean;
}

export function AnatomyPart(p: AnatomyPartProps) {
  const t = useT();
  const a: StepAnatomy | null = p.anatomy ? (p.view === 'scheduled-sampling' ? p.anatomy.scheduledSampling : p.anatomy.teacherForcing) : null;
  const T = a?.positions.length ?? 0;
  const mask = useMemo(() => {
    if (!a) return null;
    const n = a.causalMask.length;
    const masked = new Uint8Array(n * n), values = new Float32Array(n * n);
    a.causalMask.forEach((row, r) => row.forEach((m, c) => {
      masked[r * n + c] = m ? 1 : 0;
      values[r * n + c] = m ? 0 : 1;
    }));
    return { n, masked, values };
  }, [a]);
  const fontSize = p.presenting ? 16 : 13;
  const exportLabels = useMemo(() => ({ svg: t('train.export.svg'), png: t('train.export.png') }), [t]);
  if (!a || !mask) return <p className="hint">{t(p.reported ? 'train.step.noneArch' : 'train.step.none')}</p>;

  const inputTokens = a.positions.map((q) => showToken(a.vocab[q.input] ?? '?'));
  const nSampled = a.positions.filter((q) => q.sampled).length;
  const ces = a.positions.map((q) => fixed(q.crossEntropy, 2));
  const sum = ces.length > 6 ? `${ces.slice(0, 3).join(' + ')} + … + ${ces[ces.length - 1]}` : ces.join(' + ');
  const figHeight = (room: { height: number }) => (p.narrow ? Math.max(280, Math.min(560, Math.round(p.narrow * 0.6))) : room.height);

  return (
    <div className="train-anatomy">
      <div className="train-part-controls">
        <LabRadioGroup<AnatomyView>
          label={t('train.step.switch')}
          value={p.view}
          options={[
            { value: 'teacher-forcing', label: t('train.mode.tf') },
            { value: 'scheduled-sampling', label: t('train.mode.ss') },
          ]}
          onChange={p.onView}
        />
        {p.view === 'scheduled-sampling' && (
          <LabSlider
            label={t('train.step.probability')}
            value={p.probability}
            steps={ANATOMY_PROBABILITIES}
            format={(v) => v.toFixed(2)}
            onChange={p.onProbability}
          />
        )}
      </div>
      <p className="train-note">
        {p.view === 'teacher-forcing'
          ? t('train.step.tfNote', { T })
          : t(p.trainingMode === 'scheduled-sampling' ? 'train.step.ssNote' : 'train.step.ssNoteTf', { p: p.probability.toFixed(2), k: nSampled, T: T - 1, now: p.trainingProbability.toFixed(2) })}
      </p>
      <div className="train-anatomy-figures">
        <Room className="train-cell train-mask-cell" fallback={{ width: 240, height: 300 }}>
          {(room) => (
            <Heatmap
              values={mask.values}
              rows={mask.n}
              cols={mask.n}
              rowLabels={inputTokens}
              colLabels={inputTokens}
              rowTitle={t('train.step.maskRows')}
              colTitle={t('train.step.maskCols')}
              maxWidth={room.width - 4}
              maxHeight={p.narrow ? 260 : Math.min(room.width + 40, figHeight(room) - 90)}
              fontSize={fontSize}
              masked={mask.masked}
              domain={{ min: 0, max: 1 }}
              label={t('train.step.maskLabel', { T: mask.n })}
              caption={t('train.step.maskCaption', { T: mask.n })}
              describeCell={(r, c) => t(c > r ? 'train.step.maskNo' : 'train.step.maskYes', { r: r + 1, c: c + 1 })}
              legendLabel={t('train.step.maskLegend')}
              maskedLegend={t('train.step.maskMasked')}
              exportLabels={exportLabels}
              fileName={`${p.task}-train-step${p.step}-causal-mask`}
              legendWidth={70}
            />
          )}
        </Room>
        <div className="train-cell train-dist-cell">
          <AnatomyFigure
            anatomy={a}
            caption={t(p.view === 'teacher-forcing' ? 'train.step.caption.tf' : 'train.step.caption.ss', { step: p.step, src: a.srcTokens.map(showToken).join(' '), tgt: a.example.tgt })}
            fileName={`${p.task}-train-step${p.step}-loss-${p.view === 'teacher-forcing' ? 'tf' : 'ss'}`}
            fontSize={fontSize}
          />
        </div>
      </div>
      <p className="train-loss-line">
        <span className="train-formula">{t('train.step.mean', { sum, T, loss: fixed(a.loss, 3) })}</span>{' '}
        <span className="train-batch-note">{t('train.step.batchNote', { B: p.batchSize, eps: String(a.labelSmoothing) })}</span>
      </p>
    </div>
  );
}
