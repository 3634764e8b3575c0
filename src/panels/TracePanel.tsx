/**
 * "All tensors": the trace explorer of the tour's own run. The task and source
 * are the tour's (store fields `task` and `source`), the model is the shipped
 * one (the tour's loader), and the run is the tour's `runTour`, so every
 * number here is one the tour shows. For the encoder's pass and each decoding
 * step: every named trace entry with its shape, a filter by name, and for the
 * chosen entry a heatmap of a 2-D slice (two axes drawn, an index picked on the
 * others), min / max / mean, and a link to the tour step that draws it.
 * Listing, slicing, statistics and the step lookup are src/labs/explorer.ts;
 * this panel only draws.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useI18n, type Lang, type TFunction } from '../i18n';
import { DEFAULT_EXPLORER_KEY, formatHash, useAppStore, usePresenting, useSetSource, useSource } from '../state';
import { TASK_NAMES, getTask, isTaskName, type TaskName } from '../tasks';
import { inputProblems, prefixTokens, runTour, shapeText, type RunOutcome, type TourRun } from '../tour';
import {
  ENCODER_PASS, axesOf, defaultSlice, entriesOf, filterEntries, fitSlice, groupEntries, headAxis, passCount, sliceOf, sliceText,
  statsOf, stepShowing, traceOfPass, withAxis, type AxisLetter, type EntryGroup, type ExplorerEntry, type SliceSpec, type ValueStats,
} from '../labs/explorer';
import { Heatmap } from '../components/Heatmap';
import { SourceField } from '../components/SourceField';
import { useRoom } from '../components/useRoom';
import { formatCell } from '../viz/heatmap';
import { formatNumber } from '../viz/labs/format';
import { useBundle } from './tour/useBundle';
import { LabHead } from './labs/LabHead';
import { markedSegments, problemLines, say, tensorLabelKey } from './tour/text';
import './trace.css';

/** Source text settles this long before the model runs on it (as in the tour). */
const DEBOUNCE_MS = 120;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

/** Short labels for the special tokens and the space, so that they fit along an axis. */
const SHORT: Record<string, string> = { '<pad>': 'PAD', '<bos>': 'BOS', '<eos>': 'EOS', ' ': '␣' };
const short = (tok: string) => SHORT[tok] ?? tok;

/** The tokens along a position or vocabulary axis of a pass, or null for other axes. */
function tokensOf(run: TourRun, pass: number, letter: AxisLetter): readonly string[] | null {
  if (letter === 'S') return run.srcTokens;
  if (letter === 'T') return pass === ENCODER_PASS ? null : prefixTokens(run, pass - 1);
  if (letter === 'V') return run.tgtVocab;
  return null;
}

function axisName(t: TFunction, letter: AxisLetter | undefined, axis: number): string {
  return letter ? t(`trace.axis.${letter}`) : t('trace.axis.other', { i: axis + 1 });
}

/** Tick labels along an axis: tokens for positions and the vocabulary, counted from 1 for heads and batch items, from 0 for dimensions. */
function tickLabels(run: TourRun, pass: number, letter: AxisLetter | undefined, n: number): string[] {
  const toks = letter ? tokensOf(run, pass, letter) : null;
  if (toks) return Array.from({ length: n }, (_, i) => short(toks[i] ?? String(i)));
  const from1 = letter === 'H' || letter === 'B';
  return Array.from({ length: n }, (_, i) => String(from1 ? i + 1 : i));
}

/** The text of index i on an axis, for the pickers and the hover text. */
function indexText(t: TFunction, run: TourRun, pass: number, letter: AxisLetter | undefined, i: number): string {
  if (letter === 'H') return t('trace.index.head', { h: i + 1 });
  if (letter === 'B') return t('trace.index.batch', { b: i + 1 });
  const toks = letter ? tokensOf(run, pass, letter) : null;
  return toks ? `${i} · ${short(toks[i] ?? '')}` : String(i);
}

function cellText(t: TFunction, run: TourRun, pass: number, letter: AxisLetter | undefined, axis: number, i: number): string {
  const name = axisName(t, letter, axis);
  const toks = letter ? tokensOf(run, pass, letter) : null;
  if (toks) return t('trace.cell.token', { name, i, token: toks[i] ?? '' });
  return t('trace.cell.plain', { name, i: letter === 'H' || letter === 'B' ? i + 1 : i });
}

function groupHeading(t: TFunction, g: EntryGroup): string {
  switch (g.kind) {
    case 'embedding':
      return t('trace.group.embedding');
    case 'encLayer':
      return t('trace.group.encLayer', { layer: (g.layer ?? 0) + 1 });
    case 'encOutput':
      return t('trace.group.encOutput');
    case 'decLayer':
      return t('trace.group.decLayer', { layer: (g.layer ?? 0) + 1 });
    case 'output':
      return t('trace.group.output');
  }
}

const GLOSSARY = [
  ['embed', 'glossary.embed'],
  ['pos', 'glossary.pos'],
  ['self_attn', 'glossary.self_attn'],
  ['cross_attn', 'glossary.cross_attn'],
  ['scores', 'glossary.scores'],
  ['masked', 'glossary.masked'],
  ['weights', 'glossary.weights'],
  ['head_out', 'glossary.head_out'],
  ['residual', 'glossary.residual'],
  ['norm', 'glossary.norm'],
  ['ffn', 'glossary.ffn'],
  ['memory', 'glossary.memory'],
] as const;

function Glossary() {
  const { t } = useI18n();
  const id = useId();
  return (
    <aside className="glossary" aria-labelledby={id}>
      <h3 id={id}>{t('glossary.heading')}</h3>
      <dl>
        {GLOSSARY.map(([term, key]) => (
          <div key={term}>
            <dt>
              <code>{term}</code>
            </dt>
            <dd>{t(key)}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}

function StatsTable({ whole, slice }: { whole: ValueStats; slice: ValueStats }) {
  const { t } = useI18n();
  const num = (v: number | null) => (v === null ? '—' : formatNumber(v));
  const rows: [string, (s: ValueStats) => string][] = [
    [t('trace.stats.min'), (s) => num(s.min)],
    [t('trace.stats.max'), (s) => num(s.max)],
    [t('trace.stats.mean'), (s) => num(s.mean)],
  ];
  if (whole.negInf > 0) rows.push([t('trace.stats.masked'), (s) => String(s.negInf)]);
  return (
    <table className="explorer-stats">
      <caption>{t('trace.stats.caption')}</caption>
      <thead>
        <tr>
          <td />
          <th scope="col">{t('trace.stats.whole', { n: whole.count })}</th>
          <th scope="col">{t('trace.stats.slice', { n: slice.count })}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, cell]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{cell(whole)}</td>
            <td>{cell(slice)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface DetailProps {
  run: TourRun;
  pass: number;
  entry: ExplorerEntry;
}

/** The chosen entry: its shape and axes, the slice picker, statistics, the heatmap and the link to the tour. */
function EntryDetail({ run, pass, entry }: DetailProps) {
  const { t, lang } = useI18n();
  const ids = useId();
  const [figureRef, room] = useRoom({ fit: 'window', fallback: { width: 520, height: 420 } });
  const [presenting] = usePresenting();
  // the heatmap says when the numbers it is asked for do not fit in its cells
  const [numbersFit, setNumbersFit] = useState(true);
  const onNumbersFit = useCallback((_id: string, fit: boolean | null) => setNumbersFit(fit !== false), []);
  const tourHead = useAppStore((s) => s.head);
  const setStep = useAppStore((s) => s.setStep);
  const setHead = useAppStore((s) => s.setHead);
  const setView = useAppStore((s) => s.setView);
  const tensor = traceOfPass(run, pass)?.get(entry.key);
  const shape = entry.shape;
  const rank = shape.length;
  const axes = axesOf(entry.key, rank);
  const hAxis = headAxis(axes);
  // the head the tour shows is the first one drawn here, so that both views start alike
  const [picked, setPicked] = useState<SliceSpec>(() => {
    const d = defaultSlice(shape);
    if (hAxis >= 0) d.index[hAxis] = Math.min(tourHead, shape[hAxis] - 1);
    return d;
  });
  const spec = fitSlice(picked, shape);
  const whole = useMemo(() => (tensor ? statsOf(tensor.data) : null), [tensor]);
  const slice = tensor ? sliceOf(tensor, spec) : null; // a copy of at most a few thousand values
  if (!tensor || !slice || !whole) return null;

  const letter = (a: number) => axes?.[a];
  const expr = sliceText(entry.key, spec, rank);
  const what = say(lang, tensorLabelKey(entry.key));
  const where = pass === ENCODER_PASS ? t('trace.detail.encoder') : t('trace.detail.decoder', { t: pass });
  const axesText = axes ? axes.join(',') : shape.map((_, a) => axisName(t, undefined, a)).join(',');
  const rowLetter = spec.rowAxis >= 0 ? letter(spec.rowAxis) : undefined;
  const colLetter = letter(spec.colAxis);
  const link = stepShowing(run.walk, pass, entry.key);
  const headIndex = hAxis >= 0 ? spec.index[hAxis] : undefined;
  const linkHash = link
    ? formatHash({ ...useAppStore.getState(), view: 'tour', step: link.step, ...(headIndex !== undefined ? { head: headIndex } : {}) })
    : '';
  const finalNorm = entry.key === 'enc.memory' || entry.key === 'dec.output';

  const axisOptions = shape.map((_, a) => (
    <option key={a} value={a}>
      {t('trace.axis.option', { letter: letter(a) ?? String(a), name: axisName(t, letter(a), a) })}
    </option>
  ));

  return (
    <section className="explorer-detail" aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>
        <code>{entry.key}</code> <span className="explorer-what">{what}</span>
      </h3>
      <p className="explorer-where">
        {where} · {t('trace.detail.shape', { shape: shapeText(shape), axes: axesText })}
      </p>
      {finalNorm && <p className="note">{t('trace.finalNorm')}</p>}
      <div className="explorer-figure-row">
        <div className="explorer-figure" ref={figureRef}>
          <div className="explorer-heatmap" data-main-figure="">
          <Heatmap
            key={`${entry.key}-${pass}-${expr}`}
            values={slice.values}
            rows={slice.rows}
            cols={slice.cols}
            rowLabels={tickLabels(run, pass, rowLetter, slice.rows)}
            colLabels={tickLabels(run, pass, colLetter, slice.cols)}
            rowTitle={spec.rowAxis >= 0 ? axisName(t, rowLetter, spec.rowAxis) : undefined}
            colTitle={axisName(t, colLetter, spec.colAxis)}
            label={`${what} (${expr} ${shapeText([slice.rows, slice.cols])}, ${where})`}
            caption={`${what} · ${expr} · ${where}`}
            maxWidth={Math.max(200, room.width)}
            maxHeight={presenting ? Math.max(300, room.height - 110) : Math.max(320, Math.min(room.height - 100, 620))}
            maxCell={presenting ? 120 : 64}
            maxNumberFont={presenting ? 24 : undefined}
            numbers
            onNumbersFit={onNumbersFit}
            fontSize={presenting ? 17 : 13}
            legendFont={presenting ? 15 : undefined}
            describeCell={(r, c, v) =>
              t('trace.cell', {
                row: spec.rowAxis >= 0 ? cellText(t, run, pass, rowLetter, spec.rowAxis, r) : '',
                col: cellText(t, run, pass, colLetter, spec.colAxis, c),
                value: formatCell(v),
              })
            }
            legendLabel={t('tour.legend.label')}
            maskedLegend={t('tour.legend.masked')}
            exportLabels={{ svg: t('tour.export.svg'), png: t('tour.export.png') }}
          />
          </div>
          {!numbersFit && <p className="numbers-note">{t('ui.figure.tooSmall')}</p>}
        </div>
        <div className="explorer-facts">
          {rank >= 3 && (
            <fieldset className="slice-picker">
              <legend>{t('trace.slice.label')}</legend>
              <p className="hint">{t('trace.slice.hint')}</p>
              <label>
                {t('trace.slice.rows')}{' '}
                <select value={spec.rowAxis} onChange={(e) => setPicked(withAxis(spec, 'row', Number(e.target.value)))}>
                  {axisOptions}
                </select>
              </label>
              <label>
                {t('trace.slice.cols')}{' '}
                <select value={spec.colAxis} onChange={(e) => setPicked(withAxis(spec, 'col', Number(e.target.value)))}>
                  {axisOptions}
                </select>
              </label>
              {shape.map((n, a) =>
                a === spec.rowAxis || a === spec.colAxis ? null : (
                  <label key={a}>
                    {`${letter(a) ?? a} · ${axisName(t, letter(a), a)}`}{' '}
                    <select
                      value={spec.index[a]}
                      onChange={(e) => setPicked({ ...spec, index: spec.index.map((v, k) => (k === a ? Number(e.target.value) : v)) })}
                    >
                      {Array.from({ length: n }, (_, i) => (
                        <option key={i} value={i}>
                          {indexText(t, run, pass, letter(a), i)}
                        </option>
                      ))}
                    </select>
                  </label>
                ),
              )}
            </fieldset>
          )}
          <p className="explorer-expr">{t('trace.slice.shown', { expr })}</p>
          <StatsTable whole={whole} slice={statsOf(slice.values)} />
          <p className="explorer-link">
            {link ? (
              <a
                href={linkHash || '#view=tour'}
                onClick={(e) => {
                  e.preventDefault();
                  setStep(link.step);
                  if (headIndex !== undefined) setHead(headIndex);
                  setView('tour');
                }}
              >
                {t('trace.link', { n: link.step + 1, title: say(lang, run.walk[link.step].titleKey) })}
              </a>
            ) : (
              <span className="hint">{t('trace.link.none')}</span>
            )}
          </p>
        </div>
      </div>
    </section>
  );
}

function passLabel(lang: Lang, run: TourRun, pass: number): string {
  if (pass === ENCODER_PASS) return say(lang, 'trace.pass.encoder');
  const tok = run.tgtTokens[pass - 1] ?? '';
  return say(lang, 'trace.pass.decoder', { t: pass, token: tok });
}

/** The explorer of one run: the part of the run, the filter, the list of entries and the chosen one. */
function Explorer({ run }: { run: TourRun }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const storedPass = useAppStore((s) => s.explorerPass);
  const storedKey = useAppStore((s) => s.explorerKey);
  const setPass = useAppStore((s) => s.setExplorerPass);
  const setKey = useAppStore((s) => s.setExplorerKey);
  const [filter, setFilter] = useState('');
  const passes = passCount(run);
  // a link may name a decoding step this run does not have: the encoder is shown instead
  const pass = storedPass < passes ? storedPass : ENCODER_PASS;
  const entries = useMemo(() => entriesOf(run, pass), [run, pass]);
  const shown = useMemo(() => filterEntries(entries, filter), [entries, filter]);
  const groups = useMemo(() => groupEntries(shown), [shown]);
  const chosen = entries.find((e) => e.key === storedKey) ?? entries.find((e) => e.key === DEFAULT_EXPLORER_KEY) ?? entries[0];
  const c = run.result.encoderTrace;
  const D = c?.has('enc.embed') ? c.get('enc.embed').shape[2] : 0;
  const F = c?.has('enc.0.ffn.hidden') ? c.get('enc.0.ffn.hidden').shape[2] : 0;
  const dims = { B: 1, H: run.heads, S: run.srcIds.length, D, Dh: run.heads > 0 ? D / run.heads : 0, F, V: run.tgtVocab.length };

  return (
    <>
      <div className="explorer">
        <div className="explorer-list">
          <div className="field">
            <label htmlFor={`${ids}-pass`}>{t('trace.pass.label')}</label>
            <select id={`${ids}-pass`} value={pass} onChange={(e) => setPass(Number(e.target.value))}>
              {Array.from({ length: passes }, (_, p) => (
                <option key={p} value={p}>
                  {passLabel(lang, run, p)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-filter`}>{t('trace.filter.label')}</label>
            <input
              id={`${ids}-filter`}
              type="search"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              aria-describedby={`${ids}-filter-hint ${ids}-count`}
            />
          </div>
          <p id={`${ids}-filter-hint`} className="hint">
            {t('trace.filter.hint')}
          </p>
          <p id={`${ids}-count`} className="explorer-count" role="status">
            {t('trace.filter.count', { shown: shown.length, total: entries.length })}
          </p>
          {shown.length === 0 && <p className="hint">{t('trace.filter.none', { query: filter.trim() })}</p>}
          <nav className="explorer-entries" aria-label={t('trace.list.label')}>
            {groups.map((g) => (
              <section key={g.id} aria-labelledby={`${ids}-${g.id}`}>
                <h3 id={`${ids}-${g.id}`}>{groupHeading(t, g.group)}</h3>
                <ul>
                  {g.entries.map((e) => (
                    <li key={e.key}>
                      <button type="button" aria-current={e.key === chosen?.key ? 'true' : undefined} onClick={() => setKey(e.key)}>
                        <code className="name">{e.key}</code> <code className="shape">{shapeText(e.shape)}</code>
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </nav>
        </div>
        <div className="explorer-main">{chosen && <EntryDetail key={chosen.key} run={run} pass={pass} entry={chosen} />}</div>
      </div>
      <div className="explorer-reference">
        <p className="dims">{t('trace.dims', dims)}</p>
        <Glossary />
      </div>
    </>
  );
}

export function TracePanel() {
  const { t, lang } = useI18n();
  const ids = useId();
  const task = useAppStore((s) => s.task);
  const setTask = useAppStore((s) => s.setTask);
  const source = useSource();
  const setSource = useSetSource();
  const taskObj = getTask(task);
  const model = useBundle(task);
  const bundle = model.status === 'ready' ? model.bundle : null;
  const problems = useMemo(() => inputProblems(taskObj, bundle, source), [taskObj, bundle, source]);
  const settled = useDebounced(source, DEBOUNCE_MS);
  const outcome = useMemo((): RunOutcome | null => (bundle ? runTour(taskObj, bundle, settled) : null), [taskObj, bundle, settled]);
  const run = outcome?.ok && problems.length === 0 ? outcome.run : null;
  const lines = problemLines(t, problems);

  return (
    <section className="panel trace-panel" aria-labelledby={`${ids}-h`}>
      <LabHead id={`${ids}-h`} title={t('trace.heading')} />
      <p className="intro">{t('trace.intro')}</p>
      <div className="explorer-input">
        <div className="field">
          <label htmlFor={`${ids}-task`}>{t('tour.task.label')}</label>
          <select
            id={`${ids}-task`}
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
        <SourceField
          label={t('tour.source.label')}
          value={source}
          onChange={setSource}
          hint={say(lang, `tour.hint.${task}`)}
          problems={lines}
          marked={markedSegments(source.slice(0, 200), problems.filter((p) => p.kind !== 'unknownChar' || p.offset < 200))}
          markedLabel={t('tour.problem.marked')}
        />
        {run && (
          <p className="explorer-output">
            <strong>{t('trace.output', { output: run.output })}</strong>{' · '}
            <span className="hint">{t(run.result.stop === 'eos' ? 'trace.stop.eos' : 'trace.stop.maxLen', { n: run.tokens.length })}</span>
          </p>
        )}
      </div>
      {model.status === 'loading' && <p className="loading">{t('tour.loading', { task })}</p>}
      {model.status === 'error' && (
        <p className="error" role="alert">
          {t('tour.loadError', { task, message: model.error })}
        </p>
      )}
      {outcome && !outcome.ok && 'error' in outcome && (
        <p className="error" role="alert">
          {t('tour.runError', { message: outcome.error })}
        </p>
      )}
      {bundle && problems.length > 0 && <p className="hint">{t('tour.waiting')}</p>}
      {run && <Explorer run={run} />}
    </section>
  );
}
