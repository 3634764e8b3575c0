/**
 * The decoding lab (`#view=decoding`): how the output is chosen, on the shipped models or
 * on a model opened in the page (trained in the training lab, or a .json + .safetensors pair
 * picked with "Open a model…" or dropped on the page; src/state/slices/models.ts).
 * Left, what to decode and how (task, source, Strategy, Beam width, Length penalty,
 * Temperature, Top-k, Top-p, Seed, samples) and the chosen strategy's output; right,
 * one part at a time: the beam-search tree, the lecture's toy, the next-token
 * distribution, side by side, error propagation, AT against NAT.
 *
 * Every number comes from src/labs (decoding.ts, decoding_view.ts) on the real models;
 * this file only lays it out. Settings live in the store and the URL hash; a value
 * typed out of range is clamped with a note. In presentation mode the controls go and
 * the part's figure fills the screen under the title.
 */
import '../../i18n/parts/decoding';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { useAppStore, usePresenting } from '../../state';
import { DECODING_PARTS, STRATEGIES, type DecodingPart, type Strategy } from '../../state/slices/decoding';
import { TASK_NAMES, isTaskName, type TaskName } from '../../tasks';
import { inputProblems } from '../../tour';
import { SETTING_RANGES, clampSetting, storedDecoding, type ClampNote, type DecodingSetting } from '../../labs/decoding';
import { labExample, referencesOrNull, strategyOutput } from '../../labs/decoding_view';
import { PresentButton } from '../../components/PresentButton';
import { LabRadioGroup } from '../../components/LabRadioGroup';
import { LabSlider } from '../../components/LabSlider';
import { problemLines } from '../tour/text';
import { usePageModel } from '../models/usePageModel';
import { ModelDropOverlay, ModelOpenButton, ModelOpenMessage, useModelDrop, useModelOpening } from '../models/ModelOpener';
import { charRanges } from '../models/openModel';
import { NumberField } from './fields';
import { BarsPart, ErrorPart, NatPart, SidePart, ToyPart, TreePart } from './parts';
import { fmtLogProb, timed, type LabContext } from './shared';
import './decoding.css';

const PART_KEYS = {
  tree: 'decoding.part.tree',
  toy: 'decoding.part.toy',
  bars: 'decoding.part.bars',
  side: 'decoding.part.side',
  error: 'decoding.part.error',
  nat: 'decoding.part.nat',
} as const;

const STRATEGY_KEYS = { greedy: 'decoding.strategy.greedy', beam: 'decoding.strategy.beam', sample: 'decoding.strategy.sample' } as const;

export function DecodingLab() {
  const { t } = useI18n();
  const ids = useId();
  const s = useAppStore;
  const decTask = s((x) => x.decTask);
  const decSource = s((x) => x.decSource);
  const part = s((x) => x.decPart);
  const strategy = s((x) => x.strategy);
  const width = s((x) => x.width);
  const alpha = s((x) => x.alpha);
  const temperature = s((x) => x.temperature);
  const topK = s((x) => x.topK);
  const topP = s((x) => x.topP);
  const seed = s((x) => x.seed);
  const samples = s((x) => x.samples);
  const setDecTask = s((x) => x.setDecTask);
  const setDecSource = s((x) => x.setDecSource);
  const setDecPart = s((x) => x.setDecPart);
  const setStrategy = s((x) => x.setStrategy);
  const setSetting = s((x) => x.setSetting);
  const [presenting, togglePresenting] = usePresenting();
  // the task's shipped model, or a model opened in the page (trained in the lab, or from files)
  const choice = usePageModel('decoding', decTask);
  const userModels = s((x) => x.userModels);
  const openUserModel = s((x) => x.openUserModel);
  const clearPageModel = s((x) => x.clearPageModel);
  const opening = useModelOpening('decoding', choice.name);
  const drop = useModelDrop(opening);

  const task = choice.task;
  const model = choice.state;
  const bundle = model.status === 'ready' ? model.bundle : null;
  const stored = useMemo(() => (bundle ? storedDecoding(bundle.meta) : null), [bundle]);
  const example = labExample(task, stored);
  const source = decSource === '' ? example : decSource;
  const problems = useMemo(() => inputProblems(task, bundle, source), [task, bundle, source]);
  const V = bundle?.model.config.tgtVocab ?? SETTING_RANGES.topK.max;

  // notes of values brought into range, by setting (shown until the value is changed again)
  const [notes, setNotes] = useState<Partial<Record<DecodingSetting, ClampNote>>>({});
  const onSetting = useCallback(
    (key: DecodingSetting, typed: number) => {
      const c = clampSetting(key, typed, key === 'topK' ? V : undefined);
      setSetting(key, c.value);
      setNotes((n) => ({ ...n, [key]: c.note ?? undefined }));
    },
    [setSetting, V],
  );
  // top-k from a link may exceed this model's vocabulary: brought into range with a note
  useEffect(() => {
    if (!bundle || topK <= V) return;
    // the vocabulary arrives with the model (fetched): only then can top-k be checked
    // eslint-disable-next-line react-hooks/set-state-in-effect
    onSetting('topK', topK);
  }, [bundle, topK, V, onSetting]);

  const settings = useMemo(() => ({ width, alpha, temperature, topK: Math.min(topK, V), topP, seed, samples }), [width, alpha, temperature, topK, V, topP, seed, samples]);
  const ready = bundle !== null && problems.length === 0;
  const output = useMemo(
    () => (ready ? timed('decoding-output', () => strategyOutput(bundle.model, task, source, bundle.meta.srcEos, strategy, settings)) : null),
    [ready, bundle, task, source, strategy, settings],
  );

  // the right outputs, or null when the page has no ground truth for the model's task (a model trained elsewhere)
  const refs = useMemo(() => (ready ? referencesOrNull(task, source) : null), [ready, task, source]);
  const ctx: LabContext | null = ready
    ? { bundle, task, source, settings, strategy, stored, presenting, output: output!, refs, user: choice.user, modelName: choice.name }
    : null;

  const settingLabel = (k: DecodingSetting): string =>
    t(k === 'width' ? 'decoding.setting.width' : k === 'alpha' ? 'decoding.setting.alpha' : k === 'temperature' ? 'decoding.setting.temperature'
      : k === 'topK' ? 'decoding.setting.topK' : k === 'topP' ? 'decoding.setting.topP' : k === 'seed' ? 'decoding.setting.seed' : 'decoding.setting.samples');
  const noteList = (Object.values(notes).filter(Boolean) as ClampNote[]).map((n) =>
    t('decoding.note.clamped', { setting: settingLabel(n.setting), given: String(n.given), used: String(n.used), min: String(n.min), max: String(n.max) }),
  );
  const notesId = `${ids}-notes`;
  const lines = problemLines(t, problems);
  const strategyText = strategy === 'greedy' ? t('decoding.output.greedy')
    : strategy === 'beam' ? t('decoding.output.beam', { k: width, alpha: String(alpha) })
      : t('decoding.output.sample', { tau: String(temperature), seed });
  const outputText = output ? task.tgtVocab.decode(output.tokens) : '';
  const right = refs !== null && refs.includes(outputText);
  const taskOption = (name: TaskName) => <option key={name} value={name}>{`${name} — ${t(`tour.task.${name}`)}`}</option>;

  return (
    <section className={`panel lab decoding-lab${presenting ? ' presenting-panel' : ''}`} aria-labelledby={`${ids}-h`} {...drop.props}>
      <div className="dec-title-row">
        <h2 id={`${ids}-h`}>{t('decoding.heading')}</h2>
        <PresentButton on={presenting} onToggle={togglePresenting} />
      </div>
      <p className="intro dec-intro">{t('decoding.intro')}</p>
      {choice.stale && (
        <div className="notice dec-notice" role="status">
          <span>{t('models.stale', { key: choice.stale, task: decTask })}</span>
          <button type="button" onClick={() => clearPageModel('decoding')}>{t('tour.notice.dismiss')}</button>
        </div>
      )}
      <div className="dec-layout">
        <div className="dec-controls" role="group" aria-label={t('decoding.controls')}>
          <div className="dec-field dec-task-field">
            <div className="dec-task-row">
              <label htmlFor={`${ids}-task`}>{t('decoding.task')}</label>
              <ModelOpenButton opening={opening} compact />
            </div>
            <select
              id={`${ids}-task`}
              value={choice.user?.key ?? decTask}
              onChange={(e) => {
                const v = e.target.value;
                if (isTaskName(v)) {
                  clearPageModel('decoding');
                  setDecTask(v);
                } else openUserModel(v, 'decoding');
              }}
            >
              {userModels.length > 0 ? (
                <optgroup label={t('models.group.builtin')}>{TASK_NAMES.map(taskOption)}</optgroup>
              ) : (
                TASK_NAMES.map(taskOption)
              )}
              {userModels.length > 0 && (
                <optgroup label={t('models.group.user')}>
                  {userModels.map((m) => (
                    <option key={m.key} value={m.key}>{t(m.origin === 'trained' ? 'models.option.trained' : 'models.option.files', { name: m.name })}</option>
                  ))}
                </optgroup>
              )}
            </select>
          </div>
          <ModelOpenMessage opening={opening} />
          <div className="dec-field dec-source">
            <label htmlFor={`${ids}-src`}>{t('decoding.source')}</label>
            <input
              id={`${ids}-src`}
              type="text"
              value={source}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              aria-invalid={problems.length > 0}
              aria-describedby={problems.length > 0 ? `${ids}-problems` : undefined}
              onChange={(e) => setDecSource(e.target.value)}
            />
            {choice.user && (
              <span className="hint dec-field-hint">
                {t('decoding.userHint', { name: choice.user.name, max: task.maxSrcLen, chars: charRanges(task.srcVocab.chars) })}
              </span>
            )}
          </div>
          {problems.length > 0 && (
            <ul id={`${ids}-problems`} className="problems dec-problems" role="alert">
              {lines.map((l, i) => <li key={i}>{l}</li>)}
            </ul>
          )}
          {stored && stored.examples.length > 0 && (
            <div className="dec-examples">
              <span>{t('decoding.examples')}</span>
              {stored.examples.map((e) => (
                <button key={e.input} type="button" className="small" aria-pressed={source === e.input} onClick={() => setDecSource(e.input)}>{e.input}</button>
              ))}
            </div>
          )}
          <LabRadioGroup<Strategy>
            label={t('decoding.setting.strategy')}
            value={strategy}
            options={STRATEGIES.map((v) => ({ value: v, label: t(STRATEGY_KEYS[v]) }))}
            onChange={setStrategy}
            className="dec-strategy"
          />
          <fieldset className="dec-group">
            <legend>{t('decoding.group.beam')}</legend>
            <NumberField label={settingLabel('width')} value={width} min={1} max={8} step={1} onValue={(v) => onSetting('width', v)} describedBy={notes.width ? notesId : undefined} />
            <NumberField label={settingLabel('alpha')} value={alpha} min={0} max={2} step={0.1} onValue={(v) => onSetting('alpha', v)} describedBy={notes.alpha ? notesId : undefined} />
          </fieldset>
          <fieldset className="dec-group">
            <legend>{t('decoding.group.sample')}</legend>
            <LabSlider
              label={settingLabel('temperature')}
              value={temperature}
              min={SETTING_RANGES.temperature.min}
              max={SETTING_RANGES.temperature.max}
              step={0.05}
              format={(v) => v.toFixed(2)}
              onChange={(v) => onSetting('temperature', Math.round(v * 100) / 100)}
            />
            <NumberField label={settingLabel('topK')} value={Math.min(topK, V)} min={0} max={V} step={1} hint={t('decoding.off0')} onValue={(v) => onSetting('topK', v)} describedBy={notes.topK ? notesId : undefined} />
            <NumberField label={settingLabel('topP')} value={topP} min={0.05} max={1} step={0.05} hint={t('decoding.off1')} onValue={(v) => onSetting('topP', v)} describedBy={notes.topP ? notesId : undefined} />
            <NumberField label={settingLabel('seed')} value={seed} min={0} max={SETTING_RANGES.seed.max} step={1} onValue={(v) => onSetting('seed', v)} describedBy={notes.seed ? notesId : undefined} />
            <NumberField label={settingLabel('samples')} value={samples} min={1} max={50} step={1} onValue={(v) => onSetting('samples', v)} describedBy={notes.samples ? notesId : undefined} />
          </fieldset>
          {noteList.length > 0 && (
            <ul id={notesId} className="note dec-notes" role="status">
              {noteList.map((n, i) => <li key={i}>{n}</li>)}
            </ul>
          )}
          {output && (
            <p className="dec-output" aria-live="polite">
              <span className="dec-output-label">{strategyText}</span>{' '}
              <output className="output-text">{outputText === '' ? '∅' : outputText}</output>{' '}
              <span className="dec-output-meta">
                {t('decoding.output.meta', { lp: fmtLogProb(output.score) })}
                {' · '}
                {refs === null ? t('decoding.noTruth', { name: choice.name }) : right ? t('decoding.right') : t('decoding.wrong', { ref: refs.join(t('decoding.or')) })}
                {!output.finished && ` · ${t('decoding.unfinished')}`}
              </span>
            </p>
          )}
        </div>
        <div className="dec-part">
          <div className="segmented dec-parts" role="group" aria-label={t('decoding.parts')}>
            {DECODING_PARTS.map((p: DecodingPart) => (
              <button key={p} type="button" aria-pressed={part === p} onClick={() => setDecPart(p)}>{t(PART_KEYS[p])}</button>
            ))}
          </div>
          {model.status === 'loading' && <p className="loading">{t('tour.loading', { task: choice.name })}</p>}
          {model.status === 'error' && <p className="error" role="alert">{t('tour.loadError', { task: choice.name, message: model.error })}</p>}
          {bundle && problems.length > 0 && part !== 'toy' && part !== 'nat' && <p className="hint">{t('decoding.waiting')}</p>}
          {part === 'toy' && <ToyPart width={strategy === 'greedy' ? 1 : width} presenting={presenting} />}
          {part === 'nat' && <NatPart presenting={presenting} userModel={choice.user?.name ?? null} />}
          {ctx && part === 'tree' && <TreePart ctx={ctx} />}
          {ctx && part === 'bars' && <BarsPart ctx={ctx} />}
          {ctx && part === 'side' && <SidePart ctx={ctx} />}
          {ctx && part === 'error' && <ErrorPart ctx={ctx} />}
        </div>
      </div>
      <ModelDropOverlay over={drop.over} />
    </section>
  );
}
