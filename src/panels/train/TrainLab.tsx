/**
 * The training lab (`#view=train`): a Transformer trained from scratch in a Web Worker
 * while the reader watches. Left, what to train and how (architecture when the worker has
 * more than one, task, longest input, size, learning rate, batch size, teacher forcing or
 * scheduled sampling and its schedule, guided attention), the model's size and fixed
 * example, and the trained model: download it, or open it in the tour with one click.
 * Above, Play, Pause, Step, Reset and the progress (a status named "Training progress").
 * Right, one part at a time: the live charts, the attention of the fixed example with a
 * time slider, and what one training step computes.
 *
 * Settings live in the store and the URL hash; the run lives in the worker and the page's
 * session (session.ts), so leaving the page pauses training and coming back finds it. In
 * presentation mode the settings go and the part fills the screen under the title row.
 */
import '../../i18n/parts/train';
import '../../i18n/parts/rnn';
import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { isViewId, useAppStore, usePresenting } from '../../state';
import { MODEL_PAGES, type ModelPageId } from '../../state/slices/models';
import {
  BATCH_SIZES, DEFAULT_ARCH, INPUT_LENGTHS, LR_FACTORS, TRAIN_PARTS, type TrainPart, type TrainSettings,
} from '../../state/slices/train';
import { LAB_TASKS, SIZES, SIZE_PRESETS, labSamplingProbability, type SnapshotView } from '../../labs/train';
import { SAMPLING_SCHEDULES } from '../../train';
import { LAB_ARCHS } from '../../workers/lab_archs';
import { RNN_LAB_SIZES } from '../../labs/train_rnn';
import { download } from '../../viz/export';
import { LabRadioGroup } from '../../components/LabRadioGroup';
import { LabSlider } from '../../components/LabSlider';
import { TabList } from '../../components/TabList';
import { PresentButton } from '../../components/PresentButton';
import { openModelFiles } from '../models/openModel';
import { describeRefusal, type ModelRefusal } from '../models/modelFiles';
import { ProgressPart } from './ProgressPart';
import { AttentionPart } from './AttentionPart';
import { AnatomyPart } from './AnatomyPart';
import { duration, fixed, optionsOf, peakRate, percent } from './options';
import { trainSession, useTrainSession } from './session';
import '../labs/labs.css';
import './train.css';

const PART_KEYS = { progress: 'train.part.progress', attention: 'train.part.attention', step: 'train.part.step' } as const;
const TASK_KEYS = { reverse: 'train.task.reverse', sort: 'train.task.sort' } as const;
const SIZE_KEYS = { tiny: 'train.size.tiny', small: 'train.size.small' } as const;
const SCHEDULE_KEYS = { linear: 'train.schedule.linear', exponential: 'train.schedule.exponential', 'inverse-sigmoid': 'train.schedule.inverse-sigmoid' } as const;
const ARCH_KEYS: Record<string, 'train.arch.transformer' | 'train.arch.rnn-fixed' | 'train.arch.rnn-attention' | 'train.arch.nat'> = {
  transformer: 'train.arch.transformer', 'rnn-fixed': 'train.arch.rnn-fixed', 'rnn-attention': 'train.arch.rnn-attention', nat: 'train.arch.nat',
};
const OPEN_KEYS: Record<ModelPageId, 'train.model.openTour' | 'train.model.openDecoding'> = { tour: 'train.model.openTour', decoding: 'train.model.openDecoding' };

/** The window's height when the page is one column (at most 1000 px wide), else 0. */
function useNarrow(): number {
  const read = () => (typeof window !== 'undefined' && window.innerWidth <= 1000 ? window.innerHeight : 0);
  const [h, setH] = useState(read);
  useEffect(() => {
    const on = () => setH(read());
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return h;
}

export function TrainLab() {
  const { t, lang } = useI18n();
  const ids = useId();
  const s = useAppStore;
  const settings: TrainSettings = {
    trainArch: s((x) => x.trainArch),
    trainTask: s((x) => x.trainTask),
    trainLen: s((x) => x.trainLen),
    trainSize: s((x) => x.trainSize),
    trainLr: s((x) => x.trainLr),
    trainBatch: s((x) => x.trainBatch),
    trainMode: s((x) => x.trainMode),
    trainSchedule: s((x) => x.trainSchedule),
    trainGuided: s((x) => x.trainGuided),
  };
  const part = s((x) => x.trainPart);
  const anatomyView = s((x) => x.trainAnatomy);
  const setTrain = s((x) => x.setTrain);
  const resetPreset = s((x) => x.resetTrainPreset);
  const setPart = s((x) => x.setTrainPart);
  const setAnatomyView = s((x) => x.setTrainAnatomy);
  const [presenting, togglePresenting] = usePresenting();
  const narrow = useNarrow();
  const session = trainSession();
  const st = useTrainSession();

  // the architecture asked for, if the worker has it
  const archs = Object.keys(LAB_ARCHS);
  const archKnown = archs.includes(settings.trainArch);
  const arch = archKnown ? settings.trainArch : DEFAULT_ARCH;
  // the RNNs train with teacher forcing only and have no cross-attention to guide
  const rnnArch = arch === 'rnn-fixed' || arch === 'rnn-attention' ? arch : null;
  const rnnSize = rnnArch ? RNN_LAB_SIZES[rnnArch][settings.trainSize] : null;
  const [view, setView] = useState<SnapshotView>({ crossLayer: 0, selfSide: 'dec', selfLayer: 0 });
  const [anatomyP, setAnatomyP] = useState(0.5);
  const size = SIZES[settings.trainSize];
  // a layer the smaller model does not have falls back to its first
  const viewShown: SnapshotView = {
    crossLayer: Math.min(view.crossLayer, size.numDecoderLayers - 1),
    selfSide: view.selfSide,
    selfLayer: Math.min(view.selfLayer, (view.selfSide === 'enc' ? size.numEncoderLayers : size.numDecoderLayers) - 1),
  };
  const options = { ...optionsOf(rnnArch ? { ...settings, trainMode: 'teacher-forcing', trainGuided: false } : settings, anatomyP), view: viewShown };
  // the session sends only what changed (nothing when nothing did)
  useEffect(() => {
    session.configure(arch, options);
  });
  // leaving the page pauses training (the run stays for when the reader comes back)
  useEffect(() => () => {
    if (session.getState().running) session.pause();
  }, [session]);

  const run = st.run;
  const lastPoint = st.points.length > 0 ? st.points[st.points.length - 1] : null;
  const lastValid = st.validations.length > 0 ? st.validations[st.validations.length - 1] : null;
  const maxSteps = run?.options.maxSteps ?? options.maxSteps;
  const atEnd = st.step >= maxSteps;
  const ready = run !== null;
  const statusText = !ready
    ? t('train.status.starting')
    : t(st.running ? 'train.status.running' : 'train.status.paused', {
      step: st.step,
      loss: lastPoint ? fixed(lastPoint.loss, 3) : '—',
    });
  const peak = peakRate(settings, rnnSize?.hiddenSize);
  const samplingNow = labSamplingProbability(options, st.step);

  // the trained model: download, or open in a page
  const [modelNote, setModelNote] = useState<{ ok: true; text: string } | { ok: false; refusal: ModelRefusal | null; message: string } | null>(null);
  const busy = useRef(false);
  const withModel = async (apply: (m: { name: string; json: string; safetensors: ArrayBuffer }) => void) => {
    if (busy.current) return;
    busy.current = true;
    try {
      apply(await session.requestModel());
    } catch (e) {
      setModelNote({ ok: false, refusal: null, message: e instanceof Error ? e.message : String(e) });
    } finally {
      busy.current = false;
    }
  };
  const onDownload = () =>
    void withModel((m) => {
      download(new Blob([m.safetensors], { type: 'application/octet-stream' }), `${m.name}.safetensors`);
      download(new Blob([m.json], { type: 'application/json' }), `${m.name}.json`);
      setModelNote({ ok: true, text: t('train.model.downloaded', { name: m.name }) });
    });
  const onOpen = (page: ModelPageId) =>
    void withModel((m) => {
      const r = openModelFiles({ name: m.name, json: m.json, safetensors: m.safetensors }, page, 'trained');
      if (!r.ok) setModelNote({ ok: false, refusal: r.refusal, message: '' });
    });
  // the pages that open a model show Transformers only
  const openPages = rnnArch ? [] : MODEL_PAGES.filter((p) => isViewId(p.page));

  // tabs: ← → move between the parts
  const layers = { enc: size.numEncoderLayers, dec: size.numDecoderLayers };
  const taskName = run?.task ?? settings.trainTask;
  const errorText = st.error ? t('train.error', { request: st.error.request, message: st.error.message }) : null;

  return (
    <section className={`panel train-lab${presenting ? ' presenting-panel' : ''}`} aria-labelledby={`${ids}-h`}>
      <div className="train-title-row">
        <h2 id={`${ids}-h`}>{arch === DEFAULT_ARCH ? t('train.heading') : t('train.headingArch', { arch: ARCH_KEYS[arch] ? t(ARCH_KEYS[arch]) : arch })}</h2>
        <div className="train-run" role="group" aria-label={t('train.run.label')}>
          <button type="button" className="train-play" onClick={() => session.play()} disabled={!ready || st.running || atEnd}>
            <span aria-hidden="true">▶ </span>{t('train.run.play')}
          </button>
          <button type="button" onClick={() => session.pause()} disabled={!st.running}>
            {t('train.run.pause')}
          </button>
          <button type="button" onClick={() => session.step(1)} disabled={!ready || st.running || atEnd}>
            {t('train.run.step')}
          </button>
          <button type="button" onClick={() => session.reset()} disabled={!ready}>
            <span aria-hidden="true">↺ </span>{t('train.run.reset')}
          </button>
        </div>
        <p className="train-status" role="status" aria-label={t('train.status.label')} aria-live={st.running ? 'off' : 'polite'}>
          {statusText}
        </p>
        <PresentButton on={presenting} onToggle={togglePresenting} />
      </div>
      {errorText && !atEnd && <p className="train-error" role="alert">{errorText}</p>}
      {atEnd && <p className="note train-done" role="status">{t('train.done', { steps: maxSteps })}</p>}
      {!archKnown && <p className="note" role="status">{t('train.archUnknown', { arch: settings.trainArch, known: archs.join(', ') })}</p>}

      <div className="train-layout">
        <aside className="train-side" aria-label={t('train.side.label')}>
          <div className="train-settings" role="group" aria-label={t('train.settings.label')}>
            {archs.length > 1 && (
              <div className="lab-field">
                <label htmlFor={`${ids}-arch`}>{t('train.arch.label')}</label>
                <select id={`${ids}-arch`} value={arch} onChange={(e) => setTrain({ trainArch: e.target.value })}>
                  {archs.map((a) => <option key={a} value={a}>{ARCH_KEYS[a] ? t(ARCH_KEYS[a]) : a}</option>)}
                </select>
              </div>
            )}
            <div className="lab-field">
              <label htmlFor={`${ids}-task`}>{t('train.task.label')}</label>
              <select id={`${ids}-task`} value={settings.trainTask} onChange={(e) => setTrain({ trainTask: e.target.value as (typeof LAB_TASKS)[number] })}>
                {LAB_TASKS.map((name) => <option key={name} value={name}>{t(TASK_KEYS[name])}</option>)}
              </select>
            </div>
            <LabSlider
              label={t('train.len.label')}
              value={settings.trainLen}
              min={INPUT_LENGTHS.min}
              max={INPUT_LENGTHS.max}
              format={(v) => t('train.len.value', { n: v })}
              onChange={(v) => setTrain({ trainLen: v })}
            />
            <LabRadioGroup
              label={t('train.size.label')}
              value={settings.trainSize}
              options={SIZE_PRESETS.map((p) => ({ value: p, label: rnnArch ? t(p === 'tiny' ? 'rnn.train.tiny' : 'rnn.train.small', { h: RNN_LAB_SIZES[rnnArch][p].hiddenSize }) : t(SIZE_KEYS[p]) }))}
              onChange={(v) => setTrain({ trainSize: v })}
            />
            <LabSlider
              label={t('train.lr.label')}
              value={settings.trainLr}
              steps={LR_FACTORS}
              format={(v) => t('train.lr.value', { f: String(v), peak: peakRate({ ...settings, trainLr: v }, rnnSize?.hiddenSize).rate.toExponential(1), step: peak.step })}
              onChange={(v) => setTrain({ trainLr: v })}
            />
            <LabSlider
              label={t('train.batch.label')}
              value={settings.trainBatch}
              steps={BATCH_SIZES}
              onChange={(v) => setTrain({ trainBatch: v })}
            />
            {rnnArch ? <p className="hint train-rnn-note">{t('rnn.train.tfOnly')}</p> : (<>
            <LabRadioGroup
              label={t('train.mode.label')}
              value={settings.trainMode}
              options={[
                { value: 'teacher-forcing', label: t('train.mode.tf') },
                { value: 'scheduled-sampling', label: t('train.mode.ss') },
              ]}
              onChange={(v) => setTrain({ trainMode: v })}
            />
            {settings.trainMode === 'scheduled-sampling' && (
              <LabRadioGroup
                label={t('train.schedule.label')}
                className="train-schedule"
                value={settings.trainSchedule}
                options={SAMPLING_SCHEDULES.map((v) => ({ value: v, label: t(SCHEDULE_KEYS[v]) }))}
                onChange={(v) => setTrain({ trainSchedule: v })}
              />
            )}
            <p className="hint">{t(settings.trainMode === 'teacher-forcing' ? 'train.mode.tfHint' : 'train.mode.ssHint', { p: samplingNow.toFixed(2), max: String(options.maxSampling), steps: maxSteps })}</p>
            <label className="check train-guided">
              <input type="checkbox" checked={settings.trainGuided} onChange={(e) => setTrain({ trainGuided: e.target.checked })} />{' '}
              {t('train.guided.label', { w: options.guided?.weight ?? 10 })}
            </label>
            <p className="hint">{t(settings.trainTask === 'reverse' ? 'train.guided.hintReverse' : 'train.guided.hintSort')}</p>
            </>)}
            <button type="button" className="small" onClick={resetPreset}>{t('train.preset.reset')}</button>
            <p className="hint">{t('train.restartHint')}</p>
          </div>
          <div className="train-model-box">
            <h3>{t('train.model.heading')}</h3>
            {run ? (
              <>
                <p>{rnnSize ? t(rnnSize.attentionDim > 0 ? 'rnn.train.sizeAttention' : 'rnn.train.sizeFixed', {
                  params: run.parameters.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US'), e: rnnSize.embedDim, h: rnnSize.hiddenSize, a: rnnSize.attentionDim,
                }) : t('train.model.size', {
                  params: run.parameters.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US'), d: size.dModel, h: size.nHead, n: size.numEncoderLayers, m: size.numDecoderLayers,
                })}</p>
                <p>{t('train.model.example', { src: run.example.src, tgt: run.example.tgt })}</p>
                <p>{t('train.model.time', {
                  time: duration(st.elapsedMs),
                  sps: st.speed.length > 0 ? st.speed[st.speed.length - 1].stepsPerSecond.toFixed(1) : '—',
                  em: lastValid ? percent(lastValid.freeRunning.exactMatch) : '—',
                })}</p>
              </>
            ) : (
              <p className="loading">{t('train.status.starting')}</p>
            )}
            <div className="train-model-actions">
              <button type="button" onClick={onDownload} disabled={!ready || st.fetchingModel}>{t('train.model.download')}</button>
              {openPages.map((p) => (
                <button key={p.page} type="button" onClick={() => onOpen(p.page)} disabled={!ready || st.fetchingModel}>{t(OPEN_KEYS[p.page])}</button>
              ))}
            </div>
            {st.fetchingModel && <p className="hint" role="status">{t('train.model.fetching')}</p>}
            {modelNote && (
              <p className={modelNote.ok ? 'hint' : 'train-error'} role={modelNote.ok ? 'status' : 'alert'}>
                {modelNote.ok ? modelNote.text : modelNote.refusal ? t('train.model.refused', { reason: describeRefusal(t, modelNote.refusal) }) : t('train.model.failed', { message: modelNote.message })}
              </p>
            )}
            <p className="hint">{t('train.model.hint')}</p>
          </div>
        </aside>

        <div className="train-main">
          <TabList
            className="train-tabs"
            parts={TRAIN_PARTS}
            current={part}
            onSelect={setPart}
            labelOf={(p: TrainPart) => t(PART_KEYS[p])}
            label={t('train.part.label')}
            idBase={ids}
          />
          <div className="train-part" role="tabpanel" id={`${ids}-panel`} aria-labelledby={`${ids}-tab-${part}`}>
            {part === 'progress' && (
              <>
                <p className="train-note train-why">{t('train.why')}</p>
                <ProgressPart
                  points={st.points}
                  validations={st.validations}
                  speed={st.speed}
                  step={st.step}
                  task={taskName}
                  presenting={presenting}
                />
              </>
            )}
            {part === 'attention' && (
              <AttentionPart snapshots={st.snapshots} view={viewShown} onView={setView} layers={layers} task={taskName} presenting={presenting} narrow={narrow} reported={st.reported} />
            )}
            {part === 'step' && (
              <AnatomyPart
                anatomy={st.anatomy}
                view={anatomyView}
                onView={setAnatomyView}
                probability={anatomyP}
                onProbability={setAnatomyP}
                step={st.step}
                batchSize={settings.trainBatch}
                trainingProbability={samplingNow}
                trainingMode={settings.trainMode}
                reported={st.reported}
                task={taskName}
                presenting={presenting}
                narrow={narrow}
              />
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
