/**
 * The forward-pass tour: pick a task, type a source, and walk through every
 * step of the encoder and of greedy decoding, token by token, until EOS.
 * The run (encode + greedy decode with the full trace) is computed once per
 * input; a step only chooses which trace entries to show, so stepping is cheap.
 * Keys: ← → step, Home / End jump, p presentation mode (Esc leaves it).
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { useAppStore, useSetSource, useSource, type Figure } from '../../state';
import { TASK_NAMES, getTask, isTaskName, type TaskName } from '../../tasks';
import { inputProblems, outputAt, runTour, stepForLayer, type RunOutcome, type TourStep } from '../../tour';
import { StepControls } from '../../components/StepControls';
import { StepList, type StepListGroup } from '../../components/StepList';
import { Formula } from '../../components/Formula';
import { StepView } from './StepView';
import { markedSegments, problemLines, say, stepParams } from './text';
import { useBundle } from './useBundle';
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

/**
 * The width of an element and the height left below its top in the window,
 * followed as either changes (a callback ref, so it follows the element's life).
 */
function useRoom(fallback: { width: number; height: number }): [(el: HTMLElement | null) => void, { width: number; height: number }] {
  const [room, setRoom] = useState(fallback);
  const ref = useCallback((el: HTMLElement | null) => {
    if (!el) return;
    const measure = () => {
      const box = el.getBoundingClientRect();
      const top = box.top + window.scrollY;
      const width = Math.floor(box.width);
      const height = Math.floor(window.innerHeight - top);
      if (width > 0) setRoom((r) => (r.width === width && r.height === height ? r : { width, height }));
    };
    measure();
    window.addEventListener('resize', measure);
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    ro?.observe(el);
    return () => {
      window.removeEventListener('resize', measure);
      ro?.disconnect();
    };
  }, []);
  return [ref, room];
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

function setFullscreen(on: boolean): void {
  try {
    if (on && !document.fullscreenElement && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => undefined);
    } else if (!on && document.fullscreenElement && document.exitFullscreen) {
      document.exitFullscreen().catch(() => undefined);
    }
  } catch {
    // fullscreen is a nicety: presentation mode works without it
  }
}

export function TourPanel() {
  const { t, lang } = useI18n();
  const ids = useId();
  const task = useAppStore((s) => s.task);
  const step = useAppStore((s) => s.step);
  const layer = useAppStore((s) => s.layer);
  const head = useAppStore((s) => s.head);
  const figure = useAppStore((s) => s.figure);
  const presenting = useAppStore((s) => s.presenting);
  const showNumbers = useAppStore((s) => s.showNumbers);
  const setTask = useAppStore((s) => s.setTask);
  const setStep = useAppStore((s) => s.setStep);
  const setLayer = useAppStore((s) => s.setLayer);
  const setHead = useAppStore((s) => s.setHead);
  const setFigure = useAppStore((s) => s.setFigure);
  const setPresenting = useAppStore((s) => s.setPresenting);
  const setShowNumbers = useAppStore((s) => s.setShowNumbers);
  const source = useSource();
  const setSource = useSetSource();
  const taskObj = getTask(task);
  const model = useBundle(task);
  const bundle = model.status === 'ready' ? model.bundle : null;

  // validation is immediate; the model runs on the settled text
  const problems = useMemo(() => inputProblems(taskObj, bundle, source), [taskObj, bundle, source]);
  const settled = useDebounced(source, DEBOUNCE_MS);
  const outcome = useMemo((): RunOutcome | null => (bundle ? runTour(taskObj, bundle, settled) : null), [taskObj, bundle, settled]);
  const run = outcome?.ok && problems.length === 0 ? outcome.run : null;
  const walk = run?.walk ?? null;
  const total = walk?.length ?? 0;
  const index = walk ? Math.min(step, total - 1) : 0;
  const current: TourStep | undefined = walk?.[index];
  const cfg = bundle?.model.config;
  const decLayers = cfg?.numDecoderLayers ?? 1;
  const encLayers = cfg?.numEncoderLayers ?? 1;
  const heads = cfg?.nHead ?? 1;
  const decoderLayer = Math.min(layer, Math.max(decLayers - 1, 0));
  const headShown = Math.min(head, heads - 1);

  // A link that names a step, layer or head the walk does not have starts from the beginning, with a notice.
  // A walk that got shorter because the input changed keeps its last step, silently.
  const [badLink, setBadLink] = useState(false);
  const checkedRun = useRef<typeof run>(null);
  useEffect(() => {
    if (!run || !walk || !cfg) return;
    const fresh = checkedRun.current === null;
    const sameRun = checkedRun.current === run;
    checkedRun.current = run;
    const maxLayer = Math.max(cfg.numEncoderLayers, cfg.numDecoderLayers) - 1;
    const out = step >= walk.length || layer > maxLayer || head >= cfg.nHead;
    if (!out) return;
    if (fresh || sameRun) {
      setStep(0, 0);
      setHead(0);
      setBadLink(true);
    } else {
      setStep(Math.min(step, walk.length - 1));
    }
  }, [run, walk, cfg, step, layer, head, setStep, setHead]);

  const goTo = useCallback(
    (i: number) => {
      if (!walk || walk.length === 0) return;
      const j = Math.max(0, Math.min(i, walk.length - 1));
      if (j === Math.min(useAppStore.getState().step, walk.length - 1)) return;
      performance.mark('tour-step-start');
      setStep(j, walk[j].layer);
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

  const togglePresenting = useCallback(() => {
    const on = !useAppStore.getState().presenting;
    setPresenting(on);
    setFullscreen(on);
  }, [setPresenting]);

  useEffect(() => {
    document.documentElement.classList.toggle('presenting', presenting);
    return () => document.documentElement.classList.remove('presenting');
  }, [presenting]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      switch (e.key) {
        case 'ArrowRight':
          goTo(index + 1);
          break;
        case 'ArrowLeft':
          goTo(index - 1);
          break;
        case 'Home':
          goTo(0);
          break;
        case 'End':
          goTo(total - 1);
          break;
        case 'p':
        case 'P':
          togglePresenting();
          break;
        case 'Escape':
          if (useAppStore.getState().presenting) togglePresenting();
          return;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [goTo, index, total, togglePresenting]);

  const groups = useMemo((): StepListGroup[] => {
    if (!walk) return [];
    const out: StepListGroup[] = [];
    walk.forEach((s, i) => {
      const g = s.group;
      const id = g.kind === 'encLayer' ? `enc${g.layer}` : g.kind === 'decStep' ? `dec${g.step}` : g.kind;
      const label =
        g.kind === 'input' ? say(lang, 'tour.group.input')
          : g.kind === 'encLayer' ? say(lang, 'tour.group.encLayer', { layer: g.layer })
            : g.kind === 'encOutput' ? say(lang, 'tour.group.encOutput')
              : say(lang, 'tour.group.decStep', { t: g.step + 1 });
      let group = out[out.length - 1];
      if (!group || group.id !== id) {
        group = { id, label, items: [] };
        out.push(group);
      }
      group.items.push({ index: i, label: say(lang, s.titleKey) });
    });
    return out;
  }, [walk, lang]);

  const [figuresRef, room] = useRoom({ width: 640, height: 420 });
  const figureWidth = Math.max(260, room.width - 4);
  // room for the figure itself: what is left of the window below it, less its caption, legend and hover line
  const figureHeight = Math.max(presenting ? 300 : 240, Math.min(room.height - 96, presenting ? 620 : 520));

  const onLayer = (l: number) => {
    if (walk && current?.layer !== undefined) {
      const j = stepForLayer(walk, index, l);
      performance.mark('tour-step-start');
      setStep(j, l);
    } else {
      setLayer(l);
    }
  };
  const onOpenHead = (l: number, h: number) => {
    setHead(h);
    onLayer(l);
    setFigure('heatmap');
  };

  const output = run ? outputAt(run, current) : null;
  const inputId = `${ids}-src`;
  const taskId = `${ids}-task`;
  const problemId = `${ids}-problems`;
  const hintId = `${ids}-hint`;
  const lines = problemLines(t, problems);
  const layerCount = current?.decStep !== undefined ? decLayers : encLayers;
  const layerValue = current?.layer ?? decoderLayer;
  const isAttentionWeights = current && (current.kind === 'softmax' || current.kind === 'decWeights' || current.kind === 'cross');
  const showsHead = current && ['qkv', 'scores', 'scaled', 'softmax', 'weighted', 'decMasked', 'decWeights', 'cross'].includes(current.kind);
  const showsNumbers = current && !['tokens', 'logits', 'probs', 'append', 'stop'].includes(current.kind) && !(isAttentionWeights && figure !== 'heatmap');
  const showsLayer = current && (current.layer !== undefined || ['decMasked', 'decWeights', 'cross', 'decFfn'].includes(current.kind));

  let stepText = '';
  if (run && current) {
    const params = stepParams(run, current, decoderLayer, headShown);
    params.act = cfg?.activation === 'gelu' ? 'GELU' : 'ReLU';
    params.maxLen = run.tokens.length;
    stepText = current.kind === 'stop' && run.result.stop === 'max_len' ? say(lang, 'tour.stop.maxLen', params) : say(lang, current.textKey, params);
  }

  return (
    <section className={presenting ? 'panel tour presenting-panel' : 'panel tour'} aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`} className="tour-heading">{t('tour.heading')}</h2>
      {badLink && (
        <div className="notice tour-notice" role="status">
          <span>{t('tour.notice.badStep')}</span>
          <button type="button" onClick={() => setBadLink(false)}>{t('tour.notice.dismiss')}</button>
        </div>
      )}
      <div className="tour-input">
        <div className="field task-field">
          <label htmlFor={taskId}>{t('tour.task.label')}</label>
          <select
            id={taskId}
            value={task}
            onChange={(e) => {
              if (isTaskName(e.target.value)) setTask(e.target.value);
            }}
          >
            {TASK_NAMES.map((name: TaskName) => (
              <option key={name} value={name}>{`${name} — ${say(lang, `tour.task.${name}`)}`}</option>
            ))}
          </select>
        </div>
        <div className="field source-field-tour">
          <label htmlFor={inputId}>{t('tour.source.label')}</label>
          <input
            id={inputId}
            type="text"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            aria-invalid={problems.length > 0}
            aria-describedby={problems.length > 0 ? `${problemId} ${hintId}` : hintId}
          />
        </div>
        <div className="field output-field">
          <span className="output-label" id={`${ids}-out`}>{t('tour.output.label')}</span>
          <output className="output-text" aria-labelledby={`${ids}-out`} data-done={output?.done ? 'true' : 'false'}>{output?.text ?? ''}</output>
          {output && output.text === '' && <span className="output-empty">{t('tour.output.empty')}</span>}
        </div>
        <button type="button" className="present-button" aria-pressed={presenting} onClick={togglePresenting} aria-keyshortcuts="p">
          {t('tour.present')}
        </button>
        <p id={hintId} className="hint tour-hint">{say(lang, `tour.hint.${task}`)}</p>
        {problems.length > 0 && (
          <div id={problemId} className="problems" role="alert">
            {problems.some((p) => p.kind === 'unknownChar') && (
              <p className="marked-source">
                <span>{t('tour.problem.marked')} </span>
                <code>
                  {markedSegments(source.slice(0, 200), problems.filter((p) => p.kind !== 'unknownChar' || p.offset < 200)).map((seg, i) =>
                    seg.bad ? <mark key={i}>{seg.text}</mark> : <span key={i}>{seg.text}</span>,
                  )}
                </code>
              </p>
            )}
            <ul>
              {lines.map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          </div>
        )}
      </div>

      {model.status === 'loading' && <p className="loading">{t('tour.loading', { task })}</p>}
      {model.status === 'error' && <p className="error" role="alert">{t('tour.loadError', { task, message: model.error })}</p>}
      {outcome && !outcome.ok && 'error' in outcome && <p className="error" role="alert">{t('tour.runError', { message: outcome.error })}</p>}
      {bundle && problems.length > 0 && <p className="hint">{t('tour.waiting')}</p>}

      {presenting && (
        <button type="button" className="present-exit" onClick={togglePresenting} aria-keyshortcuts="p Escape">
          {t('tour.presentOff')}
        </button>
      )}
      <div className="tour-body">
        {walk && <StepList groups={groups} current={index} onSelect={goTo} label={t('tour.steps.label')} />}
        <div className="tour-main">
          {run && current && (
            <>
              <div className="step-head">
                <h3 className="step-title">{say(lang, current.titleKey)}</h3>
                <StepControls
                  index={index}
                  total={total}
                  onPrev={() => goTo(index - 1)}
                  onNext={() => goTo(index + 1)}
                  labels={{ prev: t('tour.prev'), next: t('tour.next'), position: t('tour.position', { n: index + 1, total }) }}
                />
              </div>
              <div className="step-body">
                <div className="step-explain">
                  <p className="step-text">{stepText}</p>
                  <Formula tex={current.formula} label={say(lang, current.titleKey)} />
                  <p className="hint keys-hint">{t('tour.keysHint')}</p>
                  <div className="figure-controls" role="group" aria-label={t('tour.controls.label')}>
                    {showsLayer && (
                      <label>
                        {t('tour.layer.label')}{' '}
                        <select value={layerValue} onChange={(e) => onLayer(Number(e.target.value))}>
                          {Array.from({ length: layerCount }, (_, l) => (
                            <option key={l} value={l}>{l}</option>
                          ))}
                        </select>
                      </label>
                    )}
                    {showsHead && (
                      <label>
                        {t('tour.head.label')}{' '}
                        <select value={headShown} onChange={(e) => setHead(Number(e.target.value))}>
                          {Array.from({ length: heads }, (_, h) => (
                            <option key={h} value={h}>{h}</option>
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
                        <input type="checkbox" checked={showNumbers} onChange={(e) => setShowNumbers(e.target.checked)} /> {t('tour.numbers')}
                      </label>
                    )}
                  </div>
                </div>
                <div className="step-figures">
                  <div className="figure-area" ref={figuresRef}>
                    <StepView
                      run={run}
                      step={current}
                      decoderLayer={decoderLayer}
                      head={headShown}
                      figure={isAttentionWeights ? figure : 'heatmap'}
                      numbers={showNumbers}
                      width={figureWidth}
                      height={figureHeight}
                      presenting={presenting}
                      onOpenHead={onOpenHead}
                      numDecoderLayers={decLayers}
                      numEncoderLayers={encLayers}
                    />
                  </div>
                </div>
              </div>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
