/**
 * The RNN lab (`#view=rnn`, "From RNN to attention", issue 11): the lectures' story of why
 * attention was needed, measured on three models trained on the same task (reverse-long):
 * an RNN encoder–decoder whose decoder sees the input only through one fixed context
 * vector c, an RNN with Bahdanau's additive attention, and the Transformer.
 *
 * Above, the input the models run on; below, one part at a time: c and the encoder's
 * states, the alignment beside the Transformer's cross-attention (with the additive
 * score of a hovered cell), accuracy against input length, and a step-through of the
 * RNN decoder to <eos>. Every number comes from src/labs (rnn.ts, rnn_view.ts) on the
 * shipped models; this file only lays it out. In presentation mode the input and the
 * tabs go and the part's figure fills the screen under the title.
 */
import '../../i18n/parts/rnn';
import { useId, useMemo } from 'react';
import { useI18n } from '../../i18n';
import { useAppStore, usePresenting } from '../../state';
import { RNN_PARTS, type RnnPart } from '../../state/slices/rnn';
import { getTask } from '../../tasks';
import { RNN_LAB_TASK, rnnInputProblems, runRnnWalk } from '../../labs/rnn';
import type { RnnModelBundle } from '../../io/rnn_bundle';
import type { ModelBundle } from '../../io/bundle';
import { TabList } from '../../components/TabList';
import { PresentButton } from '../../components/PresentButton';
import { SourceField } from '../../components/SourceField';
import { markedSegments, problemLines } from '../tour/text';
import { useRnnModels, type LabModelState, type PageArch } from './useRnnModels';
import { ContextPart } from './ContextPart';
import { AlignPart } from './AlignPart';
import { LengthPart } from './LengthPart';
import { StepPart } from './StepPart';
import type { RnnCtx } from './shared';
import '../labs/labs.css';
import './rnn.css';

/** The page's example: 21 letters, long enough for the fixed context to lose some of it. */
export const RNN_EXAMPLE = 'attentionisallyouneed';

const PART_KEYS = { context: 'rnn.part.context', align: 'rnn.part.align', length: 'rnn.part.length', step: 'rnn.part.step' } as const;
const ARCH_KEYS = { 'rnn-fixed': 'rnn.arch.rnn-fixed', 'rnn-attention': 'rnn.arch.rnn-attention', transformer: 'rnn.arch.transformer' } as const;

function rnnOf(s: LabModelState): RnnModelBundle | null {
  return s.status === 'ready' && s.lab.arch !== 'transformer' ? s.lab.bundle : null;
}

function transformerOf(s: LabModelState): ModelBundle | null {
  return s.status === 'ready' && s.lab.arch === 'transformer' ? s.lab.bundle : null;
}

export function RnnLab() {
  const { t } = useI18n();
  const ids = useId();
  const s = useAppStore;
  const rnnSource = s((x) => x.rnnSource);
  const part = s((x) => x.rnnPart);
  const setSource = s((x) => x.setRnnSource);
  const setPart = s((x) => x.setRnnPart);
  const [presenting, togglePresenting] = usePresenting();
  const models = useRnnModels();

  const task = getTask(RNN_LAB_TASK);
  const source = rnnSource === '' ? RNN_EXAMPLE : rnnSource;
  const fixedB = rnnOf(models['rnn-fixed']);
  const attnB = rnnOf(models['rnn-attention']);
  const transB = transformerOf(models.transformer);
  // every model of the page takes the same inputs; the fixed one (or any loaded) says what is wrong
  const anyRnn = fixedB ?? attnB;
  const problems = useMemo(() => (anyRnn ? rnnInputProblems(task, anyRnn.model, anyRnn.meta.srcEos, source) : []), [task, anyRnn, source]);
  const fixedWalk = useMemo(() => (fixedB && problems.length === 0 ? runRnnWalk(fixedB, source) : null), [fixedB, problems, source]);
  const attnWalk = useMemo(() => (attnB && problems.length === 0 ? runRnnWalk(attnB, source) : null), [attnB, problems, source]);

  const ctx: RnnCtx = {
    source, presenting, task,
    fixed: fixedWalk?.ok ? fixedWalk.walk : null,
    attention: attnWalk?.ok ? attnWalk.walk : null,
    fixedBundle: fixedB, attentionBundle: attnB, transformer: transB, models,
  };
  const walkError = [fixedWalk, attnWalk].map((w) => (w && !w.ok && 'error' in w ? w.error : null)).find((e) => e !== null) ?? null;

  const lines = problemLines(t, problems);
  const loading = (Object.keys(models) as PageArch[]).filter((a) => models[a].status === 'loading');
  const failed = (Object.keys(models) as PageArch[]).flatMap((a) => {
    const m = models[a];
    return m.status === 'error' ? [{ arch: a, error: m.error }] : [];
  });

  // tabs: ← → move between the parts while a tab has the focus
  return (
    <section className={`panel lab rnn-lab${presenting ? ' presenting-panel' : ''}`} aria-labelledby={`${ids}-h`}>
      <div className="rnn-title-row">
        <h2 id={`${ids}-h`}>{t('rnn.heading')}</h2>
        <PresentButton on={presenting} onToggle={togglePresenting} />
      </div>
      <p className="intro rnn-intro">{t('rnn.intro')}</p>
      <div className="rnn-controls">
        <SourceField
          layout="row"
          label={t('rnn.source')}
          value={rnnSource === '' ? RNN_EXAMPLE : rnnSource}
          onChange={setSource}
          hint={t('rnn.sourceHint', { max: 24 })}
          problems={lines}
          marked={markedSegments(source, problems)}
          markedLabel={t('rnn.marked')}
          className="rnn-source"
        />
        {rnnSource !== '' && rnnSource !== RNN_EXAMPLE && (
          <button type="button" className="small rnn-example" onClick={() => setSource('')}>{t('rnn.example', { example: RNN_EXAMPLE })}</button>
        )}
      </div>
      {loading.length > 0 && <p className="loading" role="status">{t('rnn.loading', { models: loading.map((a) => t(ARCH_KEYS[a])).join(' · ') })}</p>}
      {failed.map((f) => (
        <p key={f.arch} className="error" role="alert">{t('rnn.loadError', { model: t(ARCH_KEYS[f.arch]), message: f.error })}</p>
      ))}
      {walkError && <p className="error" role="alert">{t('rnn.runError', { message: walkError })}</p>}
      <TabList
        className="rnn-tabs"
        parts={RNN_PARTS}
        current={part}
        onSelect={setPart}
        labelOf={(p: RnnPart) => t(PART_KEYS[p])}
        label={t('rnn.parts')}
        idBase={ids}
      />
      <div className="rnn-part-box" role="tabpanel" id={`${ids}-panel`} aria-labelledby={`${ids}-tab-${part}`}>
        {problems.length > 0 && part !== 'length' && <p className="hint">{t('rnn.waiting')}</p>}
        {part === 'context' && <ContextPart ctx={ctx} />}
        {part === 'align' && <AlignPart ctx={ctx} />}
        {part === 'length' && <LengthPart ctx={ctx} />}
        {part === 'step' && <StepPart ctx={ctx} />}
      </div>
    </section>
  );
}
