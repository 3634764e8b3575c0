/**
 * The forward-pass tour: pick a task, type a source, and walk through every step of
 * the encoder and of greedy decoding — every decoder layer at every decoding step —
 * until EOS. The run (encode + greedy decode with the full trace) is computed once per
 * input; a step only chooses which trace entries to show, so stepping is cheap.
 *
 * Layout: the map of the whole model on the left, the step (title, controls, text,
 * formula, figure) beside it; the figure is sized from the room it has. The list of
 * every step opens from the step's header. In presentation mode the map shrinks to a
 * strip and the figure fills the screen under the title.
 * Keys: ← → or PageUp / PageDown step (clickers), Home / End jump, p presentation mode
 * (Esc leaves it); the figure and the map take the arrow keys while they have the focus.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useI18n, type TFunction } from '../../i18n';
import { useAppStore, usePresenting, useSetSource, useSource, type Figure } from '../../state';
import { TASK_NAMES, describeChar, isTaskName, type Task, type TaskName } from '../../tasks';
import {
  blocksOfStep, firstStepOfBlock, foldCase, indexOfStep, inputProblems, mapBlocks, outputAt, runTour, stepForLayer, tokenStart,
  type MapBlock, type RunOutcome, type TourRun, type TourStep,
} from '../../tour';
import { StepControls } from '../../components/StepControls';
import { StepList, type StepListGroup } from '../../components/StepList';
import { Formula } from '../../components/Formula';
import { ModelMap, type ModelMapBlock } from '../../components/ModelMap';
import { PresentButton } from '../../components/PresentButton';
import { useRoom } from '../../components/useRoom';
import { useStepKeys } from '../../components/useStepKeys';
import { SourceField } from '../../components/SourceField';
import { StepView } from './StepView';
import { markedSegments, problemLines, say, stepContext, stepParams } from './text';
import { usePageModel } from '../models/usePageModel';
import { ModelDropOverlay, ModelOpenButton, ModelOpenMessage, useModelDrop, useModelOpening } from '../models/ModelOpener';
import { charRanges } from '../models/openModel';
import './tour.css';

/** Source text settles this long before the model runs on it. */
const DEBOUNCE_MS = 120;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

const ATTENTION_WEIGHTS = new Set(['softmax', 'decWeights', 'cross']);
const SHOWS_HEAD = new Set(['qkv', 'scores', 'scaled', 'softmax', 'weighted', 'decMasked', 'decWeights', 'decWeighted', 'crossQkv', 'cross', 'crossWeighted']);
const NO_NUMBERS = new Set(['tokens', 'logits', 'probs', 'append', 'stop']);
const ADD_NORM = new Set(['addnorm1', 'addnorm2', 'decAddNorm1', 'decAddNorm2', 'decAddNorm3']);

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

/** The decoding steps whose text says that their token was forced. */
const FORCED_KINDS = new Set(['probs', 'append', 'stop']);

function argmaxOf(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** A forced prefix typed as text → target ids, or why it cannot be used (in the page's words). */
function readForced(task: Task, max: number, text: string): { ids: number[] } | { reason: (t: TFunction) => string } {
  const problems = task.tgtVocab.validate(text);
  const bad = problems.find((p) => p.kind === 'unknownChar');
  if (bad && bad.kind === 'unknownChar') return { reason: (t) => t('tour.forced.badChar', { index: bad.index + 1, char: describeChar(bad.char) }) };
  const ids = task.tgtVocab.encode(text);
  if (ids.length > max) return { reason: (t) => t('tour.forced.tooLong', { length: ids.length, max }) };
  return { ids };
}

/** Notes about the input: it was cut to the model's limit, or folded to the vocabulary's case. */
type InputNote = { kind: 'cut'; max: number } | { kind: 'folded'; text: string } | null;

export function TourPanel() {
  const { t, lang } = useI18n();
  const ids = useId();
  const task = useAppStore((s) => s.task);
  const step = useAppStore((s) => s.step);
  const head = useAppStore((s) => s.head);
  const figure = useAppStore((s) => s.figure);
  const showNumbers = useAppStore((s) => s.showNumbers);
  const setTask = useAppStore((s) => s.setTask);
  const setStep = useAppStore((s) => s.setStep);
  const setHead = useAppStore((s) => s.setHead);
  const setFigure = useAppStore((s) => s.setFigure);
  const setShowNumbers = useAppStore((s) => s.setShowNumbers);
  const forcedText = useAppStore((s) => s.forced);
  const setForced = useAppStore((s) => s.setForced);
  const [presenting, togglePresenting] = usePresenting();
  const source = useSource();
  const setSource = useSetSource();
  // the task's shipped model, or a model opened in the page (trained in the lab, or from files)
  const choice = usePageModel('tour', task);
  const userModels = useAppStore((s) => s.userModels);
  const openUserModel = useAppStore((s) => s.openUserModel);
  const clearPageModel = useAppStore((s) => s.clearPageModel);
  const taskObj = choice.task;
  const model = choice.state;
  const opening = useModelOpening('tour', choice.name);
  const drop = useModelDrop(opening);
  const bundle = model.status === 'ready' ? model.bundle : null;
  const [note, setNote] = useState<InputNote>(null);

  // validation is immediate; the model runs on the settled text
  const problems = useMemo(() => inputProblems(taskObj, bundle, source), [taskObj, bundle, source]);
  const settled = useDebounced(source, DEBOUNCE_MS);
  // a forced prefix (opened from the decoding lab's beam tree), read against the output vocabulary
  const forced = useMemo(() => (bundle && forcedText !== '' ? readForced(taskObj, bundle.model.config.maxLen - 1, forcedText) : null), [taskObj, bundle, forcedText]);
  const forcedIds = forced && 'ids' in forced ? forced.ids : undefined;
  const outcome = useMemo((): RunOutcome | null => (bundle ? runTour(taskObj, bundle, settled, { forced: forcedIds }) : null), [taskObj, bundle, settled, forcedIds]);
  const run = outcome?.ok && problems.length === 0 ? outcome.run : null;
  const walk = run?.walk ?? null;
  const total = walk?.length ?? 0;
  const index = walk ? Math.min(step, total - 1) : 0;
  const current: TourStep | undefined = walk?.[index];
  const cfg = bundle?.model.config;
  const layers = { N: cfg?.numEncoderLayers ?? 1, M: cfg?.numDecoderLayers ?? 1 };
  const heads = cfg?.nHead ?? 1;
  const headShown = Math.min(head, heads - 1);
  const maxChars = bundle ? Math.min(taskObj.maxSrcLen, bundle.model.config.maxLen - (bundle.meta.srcEos ? 1 : 0)) : taskObj.maxSrcLen;

  // A link that names a step or head the run does not have: the step falls back to the
  // start, a head alone to head 1 — each with a notice; the address bar follows the store.
  const [badLink, setBadLink] = useState<{ step?: number; total?: number; head?: number } | null>(null);
  const seenRun = useRef<TourRun | null>(null);
  const lastStepId = useRef<string | null>(null);
  useEffect(() => {
    if (current) lastStepId.current = current.id;
  }, [current]);
  useEffect(() => {
    if (!run || !walk || !cfg) return;
    const before = seenRun.current;
    seenRun.current = run;
    if (before === run) return;
    if (before === null) {
      const bad: { step?: number; total?: number; head?: number } = {};
      if (step >= walk.length) {
        bad.step = step + 1;
        bad.total = walk.length;
        setStep(0);
      }
      if (head >= cfg.nHead) {
        bad.head = head + 1;
        setHead(0);
      }
      // the run arrives with the model (fetched): only then can the link be checked against it
      // eslint-disable-next-line react-hooks/set-state-in-effect
      if (bad.step !== undefined || bad.head !== undefined) setBadLink(bad);
      return;
    }
    // another source of the same task keeps the kind of step when the new walk has it, else starts over
    if (before.task === run.task) {
      const j = lastStepId.current ? indexOfStep(walk, lastStepId.current) : -1;
      setStep(j >= 0 ? j : 0);
    }
    if (head >= cfg.nHead) setHead(0);
  }, [run, walk, cfg, step, head, setStep, setHead]);

  // a source from a link in the other case is folded once the model's vocabulary is known
  useEffect(() => {
    if (!bundle) return;
    const f = foldCase(bundle.meta.srcVocab, useAppStore.getState().source);
    if (f.folded) {
      setSource(f.text);
      // the vocabulary arrives with the model (fetched): only then can a linked source be folded
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setNote({ kind: 'folded', text: f.text });
    }
  }, [bundle, setSource]);

  const goTo = useCallback(
    (i: number) => {
      if (!walk || walk.length === 0) return;
      const j = Math.max(0, Math.min(i, walk.length - 1));
      if (j === Math.min(useAppStore.getState().step, walk.length - 1)) return;
      performance.mark('tour-step-start');
      setStep(j);
    },
    [walk, setStep],
  );

  // measure "click to paint" of a step: from the mark in goTo to the next frame
  useEffect(() => {
    if (performance.getEntriesByName('tour-step-start', 'mark').length === 0) return;
    const id = requestAnimationFrame(() => {
      setTimeout(() => {
        try {
          performance.measure('tour-step', 'tour-step-start');
          performance.clearMarks('tour-step-start');
        } catch {
          // the mark was already used
        }
      }, 0);
    });
    return () => cancelAnimationFrame(id);
  }, [index]);

  useStepKeys({ prev: () => goTo(index - 1), next: () => goTo(index + 1), first: () => goTo(0), last: () => goTo(total - 1) }, walk !== null);

  const groups = useMemo((): StepListGroup[] => {
    if (!walk) return [];
    const out: StepListGroup[] = [];
    walk.forEach((s, i) => {
      const g = s.group;
      const id = g.kind === 'encLayer' ? `enc${g.layer}` : g.kind === 'decStep' ? `dec${g.step}` : g.kind;
      const label =
        g.kind === 'input' ? say(lang, 'tour.group.input')
          : g.kind === 'encLayer' ? say(lang, 'tour.group.encLayer', { layer: g.layer + 1 })
            : g.kind === 'encOutput' ? say(lang, 'tour.group.encOutput')
              : say(lang, 'tour.group.decStep', { t: g.step + 1 });
      let group = out[out.length - 1];
      if (!group || group.id !== id) {
        group = { id, label, items: [] };
        out.push(group);
      }
      const title = say(lang, s.titleKey);
      group.items.push({ index: i, label: s.decStep !== undefined && s.layer !== undefined ? say(lang, 'tour.steps.decItem', { layer: s.layer + 1, title }) : title });
    });
    return out;
  }, [walk, lang]);

  // the map: blocks from the model's config, names in the page's language, tokens so far on the decoder side
  const blocks = useMemo(() => (cfg ? mapBlocks(cfg) : []), [cfg]);
  const output = run ? outputAt(run, current) : null;
  const mapItems = useMemo((): ModelMapBlock[] => {
    if (!run) return [];
    const decStep = current?.decStep ?? 0;
    const prefix = run.result.steps[decStep]?.prefix ?? [];
    const show = (id: number) => {
      const s = run.tgtVocab[id] ?? '?';
      return s === '<bos>' ? 'BOS' : s === '<eos>' ? 'EOS' : s === ' ' ? '␣' : s;
    };
    const chosen = current && current.decStep !== undefined && (current.kind === 'append' || current.kind === 'stop') ? show(run.tokens[current.decStep]) : '?';
    return blocks.map((b: MapBlock) => {
      const text = say(lang, `tour.map.block.${b.part}`);
      const name = b.layer !== undefined
        ? say(lang, b.side === 'enc' ? 'tour.map.name.enc' : 'tour.map.name.dec', { layer: b.layer + 1, block: text })
        : text;
      const detail = b.part === 'srcTokens' ? run.srcTokens.map((s) => (s === '<eos>' ? 'EOS' : s === ' ' ? '␣' : s)).join(' ')
        : b.part === 'decInput' ? prefix.map(show).join(' ')
          : b.part === 'next' ? chosen
            : undefined;
      return {
        id: b.id, side: b.side, part: b.part, text, name: detail ? `${name}: ${detail}` : name, ...(detail ? { detail } : {}),
        ...(b.layer !== undefined ? { layer: b.layer } : {}),
        ...(b.part === 'memory' ? { role: 'memory' as const } : b.part === 'crossAttn' ? { role: 'cross' as const } : {}),
      };
    });
  }, [blocks, run, current, lang]);
  const currentBlocks = useMemo(() => blocksOfStep(blocks, current), [blocks, current]);
  const onBlock = (id: string) => {
    const b = blocks.find((x) => x.id === id);
    if (!b || !walk) return;
    const j = firstStepOfBlock(walk, b, current?.decStep);
    if (j >= 0) goTo(j);
  };

  // room for the figure and for the map, measured
  const [figuresRef, room] = useRoom({ fallback: { width: 700, height: 460 } });
  // in one column (a narrow window, a phone) the page flows: each figure gets a share of the
  // window's height and the figure area grows with them (its own height would be circular)
  const narrow = useNarrow();
  const [mapRef, mapRoom] = useRoom({ fallback: { width: 300, height: 520 } });

  // whether the numbers asked for fit in every figure of the step: each figure reports; the
  // panel re-renders only when the answer for the whole step changes
  const fits = useRef(new Map<string, boolean>());
  const [someTooSmall, setSomeTooSmall] = useState(false);
  const onNumbersFit = useCallback((id: string, fit: boolean | null) => {
    if (fit === null) fits.current.delete(id);
    else fits.current.set(id, fit);
    const any = [...fits.current.values()].some((v) => !v);
    setSomeTooSmall((was) => (was === any ? was : any));
  }, []);
  const numbersTooSmall = showNumbers && someTooSmall;

  // the list of every step opens over the page (fixed, so that no scrolling box clips it), under its button
  const [listAt, setListAt] = useState<{ left: number; top: number; maxHeight: number } | null>(null);
  const listOpen = listAt !== null;
  const setListOpen = (open: boolean | ((o: boolean) => boolean)) => {
    const on = typeof open === 'function' ? open(listOpen) : open;
    const r = listButton.current?.getBoundingClientRect();
    if (!on || !r) return setListAt(null);
    const width = Math.min(384, window.innerWidth - 16);
    setListAt({
      left: Math.max(8, Math.min(r.left, window.innerWidth - width - 8)),
      top: r.bottom + 6,
      maxHeight: Math.max(160, window.innerHeight - r.bottom - 24),
    });
  };
  const listButton = useRef<HTMLButtonElement>(null);

  const onLayer = (l: number) => {
    if (walk) goTo(stepForLayer(walk, index, l));
  };
  const onOpenHead = (l: number, h: number) => {
    setHead(h);
    onLayer(l);
    setFigure('heatmap');
  };

  const onSourceChange = (value: string) => {
    if (bundle) {
      const f = foldCase(bundle.meta.srcVocab, value);
      if (f.folded) {
        setSource(f.text);
        setNote({ kind: 'folded', text: f.text });
        return;
      }
    }
    setSource(value);
    setNote((n) => (n?.kind === 'cut' && [...value].length <= maxChars ? n : null));
  };
  const onPaste = (e: React.ClipboardEvent<HTMLInputElement>) => {
    const pasted = e.clipboardData.getData('text');
    const el = e.currentTarget;
    const start = el.selectionStart ?? el.value.length, end = el.selectionEnd ?? el.value.length;
    const text = el.value.slice(0, start) + pasted.replace(/[\r\n]+/g, ' ') + el.value.slice(end);
    if ([...text].length <= maxChars) return;
    e.preventDefault();
    const cut = [...text].slice(0, maxChars).join('');
    const f = bundle ? foldCase(bundle.meta.srcVocab, cut) : { text: cut, folded: false };
    setSource(f.text);
    setNote({ kind: 'cut', max: maxChars });
  };

  const taskId = `${ids}-task`;
  const numbersId = `${ids}-numbers`;
  const lines = problemLines(t, problems);
  const layerCount = current?.decStep !== undefined ? layers.M : layers.N;
  const isAttentionWeights = current !== undefined && ATTENTION_WEIGHTS.has(current.kind);
  const showsHead = current !== undefined && SHOWS_HEAD.has(current.kind);
  const showsNumbers = current !== undefined && !NO_NUMBERS.has(current.kind) && !(isAttentionWeights && figure !== 'heatmap');
  const showsLayer = current?.layer !== undefined;
  const prevToken = walk ? tokenStart(walk, index, -1) : -1;
  const nextToken = walk ? tokenStart(walk, index, 1) : -1;

  let stepText = '';
  if (run && current) {
    const params = stepParams(run, current, headShown, layers);
    params.act = cfg?.activation === 'gelu' ? 'GELU' : 'ReLU';
    stepText = current.kind === 'stop' && run.result.stop === 'max_len' ? say(lang, 'tour.stop.maxLen', params) : say(lang, current.textKey, params);
    if ((current.kind === 'decMasked' || current.kind === 'decWeights') && params.T === 1) stepText += ` ${say(lang, 'tour.step.firstMask')}`;
    if (run.normFirst && ADD_NORM.has(current.kind)) stepText += ` ${say(lang, 'tour.step.preLn')}`;
    const decoded = current.decStep !== undefined ? run.result.steps[current.decStep] : undefined;
    if (decoded?.forced && FORCED_KINDS.has(current.kind)) {
      const own = argmaxOf(decoded.probs);
      stepText += ` ${say(lang, 'tour.forced.step', { own: run.tgtVocab[own] ?? '?', p: decoded.probs[own].toFixed(3) })}`;
    }
  }
  const context = current ? stepContext(lang, current, layers) : '';
  const noteText = note?.kind === 'cut' ? t('tour.note.cut', { max: note.max }) : note?.kind === 'folded' ? t('tour.note.folded', { text: note.text }) : null;

  return (
    <section className={presenting ? 'panel tour presenting-panel' : 'panel tour'} aria-labelledby={`${ids}-h`} {...drop.props}>
      <h2 id={`${ids}-h`} className="tour-heading">{t('tour.heading')}</h2>
      {badLink && (
        <div className="notice tour-notice" role="status">
          <span>
            {badLink.step !== undefined && t('tour.notice.badStepN', { step: badLink.step, total: badLink.total ?? 0 })}
            {badLink.step !== undefined && badLink.head !== undefined && ' '}
            {badLink.head !== undefined && t('tour.notice.badHead', { head: badLink.head, H: heads })}
          </span>
          <button type="button" onClick={() => setBadLink(null)}>{t('tour.notice.dismiss')}</button>
        </div>
      )}
      {forced && (
        <div className="notice tour-notice tour-forced" role="status">
          <span>
            {'ids' in forced
              ? t('tour.forced.note', { prefix: forcedText, n: forced.ids.length })
              : t('tour.forced.refused', { prefix: forcedText, reason: forced.reason(t) })}
          </span>
          <button type="button" onClick={() => setForced('')}>{t('tour.forced.clear')}</button>
        </div>
      )}
      {choice.stale && (
        <div className="notice tour-notice" role="status">
          <span>{t('models.stale', { key: choice.stale, task })}</span>
          <button type="button" onClick={() => clearPageModel('tour')}>{t('tour.notice.dismiss')}</button>
        </div>
      )}
      <div className="tour-input">
        <div className="field task-field">
          <label htmlFor={taskId}>{t('tour.task.label')}</label>
          <select
            id={taskId}
            value={choice.user?.key ?? task}
            onChange={(e) => {
              const v = e.target.value;
              setNote(null);
              if (isTaskName(v)) {
                clearPageModel('tour');
                setTask(v);
              } else openUserModel(v, 'tour');
            }}
          >
            {userModels.length > 0 ? (
              <optgroup label={t('models.group.builtin')}>
                {TASK_NAMES.map((name: TaskName) => (
                  <option key={name} value={name}>{`${name} — ${say(lang, `tour.task.${name}`)}`}</option>
                ))}
              </optgroup>
            ) : (
              TASK_NAMES.map((name: TaskName) => (
                <option key={name} value={name}>{`${name} — ${say(lang, `tour.task.${name}`)}`}</option>
              ))
            )}
            {userModels.length > 0 && (
              <optgroup label={t('models.group.user')}>
                {userModels.map((m) => (
                  <option key={m.key} value={m.key}>{t(m.origin === 'trained' ? 'models.option.trained' : 'models.option.files', { name: m.name })}</option>
                ))}
              </optgroup>
            )}
          </select>
          <ModelOpenButton opening={opening} compact />
        </div>
        <SourceField
          layout="row"
          lineClassName="field source-field-tour"
          hintClassName="tour-hint"
          noteClassName="tour-note"
          label={t('tour.source.label')}
          value={source}
          onChange={onSourceChange}
          onPaste={onPaste}
          hint={choice.user
            ? t(choice.user.origin === 'trained' ? 'models.hint.trained' : 'models.hint.files', {
              max: taskObj.maxSrcLen, chars: charRanges(taskObj.srcVocab.chars),
            })
            : say(lang, `tour.hint.${task}`)}
          note={noteText}
          problems={lines}
          marked={markedSegments(source.slice(0, 200), problems.filter((p) => p.kind !== 'unknownChar' || p.offset < 200))}
          markedLabel={t('tour.problem.marked')}
        />
        <div className="field output-field">
          <span className="output-label" id={`${ids}-out`}>{t('tour.output.label')}</span>
          <output className="output-text" aria-labelledby={`${ids}-out`} data-done={output?.done ? 'true' : 'false'}>{output?.text ?? ''}</output>
          {output && output.text === '' && <span className="output-empty">{t('tour.output.empty')}</span>}
        </div>
        <ModelOpenMessage opening={opening} />
      </div>

      {model.status === 'loading' && <p className="loading">{t('tour.loading', { task: choice.name })}</p>}
      {model.status === 'error' && <p className="error" role="alert">{t('tour.loadError', { task: choice.name, message: model.error })}</p>}
      {outcome && !outcome.ok && 'error' in outcome && <p className="error" role="alert">{t('tour.runError', { message: outcome.error })}</p>}
      {bundle && problems.length > 0 && <p className="hint">{t('tour.waiting')}</p>}

      <div className="tour-layout">
        <div className="tour-main">
          {run && current && (
            <>
              <div className="step-head">
                <div className="step-titles">
                  {context && <p className="step-context">{context}</p>}
                  <h3 className={say(lang, current.titleKey).length > 32 ? 'step-title long' : 'step-title'}>{say(lang, current.titleKey)}</h3>
                </div>
                <StepControls
                  index={index}
                  total={total}
                  onPrev={() => goTo(index - 1)}
                  onNext={() => goTo(index + 1)}
                  labels={{ prev: t('tour.prev'), next: t('tour.next'), position: t('tour.position', { n: index + 1, total }) }}
                  extra={<PresentButton on={presenting} onToggle={togglePresenting} />}
                />
              </div>
              <div className="step-body">
                <div className="step-explain">
                  <div className="step-nav-tools">
                    <button type="button" className="step-button small" onClick={() => goTo(prevToken)} disabled={prevToken < 0}>
                      <span aria-hidden="true">⇤</span> {t('tour.prevToken')}
                    </button>
                    <button type="button" className="step-button small" onClick={() => goTo(nextToken)} disabled={nextToken < 0}>
                      {t('tour.nextToken')} <span aria-hidden="true">⇥</span>
                    </button>
                    <span className="list-anchor">
                      <button
                        ref={listButton}
                        type="button"
                        className="step-button small list-button"
                        aria-expanded={listOpen}
                        aria-controls={`${ids}-list`}
                        onClick={() => setListOpen((o) => !o)}
                      >
                        <span aria-hidden="true" className="list-icon">☰</span> <span className="step-button-text">{t('tour.steps.open')}</span>
                      </button>
                      {listOpen && (
                        <div
                          className="step-list-popover"
                          id={`${ids}-list`}
                          style={listAt ? { left: listAt.left, top: listAt.top, maxHeight: listAt.maxHeight } : undefined}
                          onKeyDown={(e) => {
                            if (e.key === 'Escape') {
                              e.preventDefault();
                              e.stopPropagation();
                              setListOpen(false);
                              listButton.current?.focus();
                            }
                          }}
                        >
                          <StepList
                            groups={groups}
                            current={index}
                            onSelect={(i) => {
                              goTo(i);
                              setListOpen(false);
                              listButton.current?.focus();
                            }}
                            label={t('tour.steps.label')}
                            autoFocus
                          />
                        </div>
                      )}
                    </span>
                  </div>
                  <p className="step-text">{stepText}</p>
                  <Formula tex={current.formula} label={say(lang, current.titleKey)} />
                  <div className="figure-controls" role="group" aria-label={t('tour.controls.label')}>
                    {showsLayer && (
                      <label>
                        {t('tour.layer.label')}{' '}
                        <select value={current.layer} onChange={(e) => onLayer(Number(e.target.value))}>
                          {Array.from({ length: layerCount }, (_, l) => (
                            <option key={l} value={l}>{t('tour.layerOption', { n: l + 1 })}</option>
                          ))}
                        </select>
                      </label>
                    )}
                    {showsHead && (
                      <label>
                        {t('tour.head.label')}{' '}
                        <select value={headShown} onChange={(e) => setHead(Number(e.target.value))}>
                          {Array.from({ length: heads }, (_, h) => (
                            <option key={h} value={h}>{t('tour.headOption', { n: h + 1 })}</option>
                          ))}
                        </select>
                      </label>
                    )}
                    {isAttentionWeights && (
                      <div className="segmented" role="group" aria-label={t('tour.figure.label')}>
                        {(['heatmap', 'lines', 'overview'] as Figure[]).map((f) => (
                          <button key={f} type="button" aria-pressed={figure === f} onClick={() => setFigure(f)}>
                            {t(f === 'heatmap' ? 'tour.figure.heatmap' : f === 'lines' ? 'tour.figure.lines' : 'tour.figure.overview')}
                          </button>
                        ))}
                      </div>
                    )}
                    {showsNumbers && (
                      <label className="check">
                        <input
                          type="checkbox"
                          checked={showNumbers}
                          onChange={(e) => setShowNumbers(e.target.checked)}
                          aria-describedby={numbersTooSmall ? numbersId : undefined}
                        />{' '}
                        {t('tour.numbers')}
                      </label>
                    )}
                    {showsNumbers && numbersTooSmall && <p id={numbersId} className="numbers-note">{t('tour.numbersTooSmall')}</p>}
                  </div>
                  <p className="hint keys-hint">{t('tour.keysHint')}</p>
                </div>
                <div className="figure-area" ref={figuresRef}>
                  <StepView
                    run={run}
                    step={current}
                    index={index}
                    head={headShown}
                    figure={isAttentionWeights ? figure : 'heatmap'}
                    numbers={showNumbers}
                    onNumbersFit={onNumbersFit}
                    width={Math.max(240, room.width - 4)}
                    height={narrow ? Math.max(260, Math.min(620, Math.round(narrow * 0.72))) : Math.max(presenting ? 320 : 260, room.height - 4)}
                    presenting={presenting}
                    onOpenHead={onOpenHead}
                    numDecoderLayers={layers.M}
                    numEncoderLayers={layers.N}
                  />
                </div>
              </div>
            </>
          )}
        </div>
        {run && (
          <div className="map-area" ref={mapRef}>
            <ModelMap
              blocks={mapItems}
              current={currentBlocks}
              onSelect={onBlock}
              width={Math.max(presenting ? 400 : 200, mapRoom.width)}
              height={presenting ? 30 : Math.max(300, mapRoom.height - 26)}
              variant={presenting ? 'strip' : 'column'}
              label={t('tour.map.label')}
              titles={{ enc: t('tour.map.encoder'), dec: t('tour.map.decoder') }}
              groupLabel={(key) => {
                const [side, layer] = key.split('.');
                if (layer !== undefined) return t(side === 'enc' ? 'tour.map.group.enc' : 'tour.map.group.dec', { layer: Number(layer) + 1 });
                return t(key === 'input' ? 'tour.map.group.input' : key === 'memory' ? 'tour.map.group.memory' : key === 'decInput' ? 'tour.map.group.decInput' : 'tour.map.group.output');
              }}
              frameLabel={(_, layer) => t('tour.map.frame', { layer: layer + 1 })}
              currentSuffix={t('tour.map.current')}
              hint={t('tour.map.hint')}
            />
          </div>
        )}
      </div>
      <ModelDropOverlay over={drop.over} />
    </section>
  );
}
