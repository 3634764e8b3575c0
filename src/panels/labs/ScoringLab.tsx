/**
 * Attention scoring functions: one query against a few keys, scored four ways
 * (dot, scaled dot, general/bilinear, additive/Bahdanau) with each formula, the
 * scores and the softmax weights; the vectors typed by hand or taken from a
 * shipped model's trace. Then "why divide by √d", measured over random vectors.
 * Scores come from the model's attentionScores, weights from the core's softmax.
 */
import '../../i18n/parts/labs';
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useT, type TFunction } from '../../i18n';
import { useAppStore, usePresenting } from '../../state';
import { useRoom } from '../../components/useRoom';
import { FigurePicker, LabHead } from './LabHead';
import { LAB_RANGES } from '../../state/slices/labs';
import type { ScoreKind } from '../../model';
import { MatrixEditor } from '../../components/MatrixEditor';
import { LabFormula } from '../../components/LabFormula';
import { LabRadioGroup } from '../../components/LabRadioGroup';
import { LabSlider } from '../../components/LabSlider';
import { LabLineChart } from '../../components/LabLineChart';
import { colorOf, domainOf } from '../../viz/color';
import { readableTextOn } from '../../viz/labs/contrast';
import { lineChartLayout } from '../../viz/labs/chart';
import { formatNumber } from '../../viz/labs/format';
import { ADDITIVE_HIDDEN, CURVE_DIMS, measureSpread, scoreAll, scoringParams, type ScoreRow } from '../../labs/scoring';
import { pow2Steps } from '../../labs/cost';
import { TASK_NAMES, loadModel, type LoadOutcome, type TaskName } from './modelSource';
import { traceVectors } from '../../labs/modelVectors';
import { TASKS } from '../../tasks';
import './labs.css';

const FORMULA: Record<ScoreKind, string> = {
  dot: 'a(q, k) = q^\\top k',
  scaled_dot: 'a(q, k) = \\dfrac{q^\\top k}{\\sqrt{d}}',
  general: 'a(q, k) = q^\\top W k',
  additive: 'a(q, k) = v_a^\\top \\tanh(W_q q + W_k k)',
};

const DEFAULT_VECTORS = [
  [1.0, 0.5, -0.5, 0.2],
  [0.9, 0.4, -0.6, 0.1],
  [-1.0, 0.3, 0.8, -0.2],
  [0.2, -0.9, 0.1, 0.7],
  [2.0, 1.0, -1.0, 0.4],
];

const SQRT_MARGIN = { top: 10, right: 12, bottom: 38, left: 48 };
const SQRT_MARGIN_BIG = { top: 12, right: 14, bottom: 50, left: 84 };
const D_STEPS = pow2Steps(LAB_RANGES.scoringD.min, LAB_RANGES.scoringD.max);
const WEIGHT_DOMAIN = { min: 0, max: 1 };

function ScoreCard({ row, keyLabels, d, extra }: { row: ScoreRow; keyLabels: string[]; d: number; extra?: number[] }) {
  const t = useT();
  const id = useId();
  const scoreDomain = domainOf(row.scores);
  return (
    <section className="score-card" aria-labelledby={id}>
      <h4 id={id}>{t(`labs.scoring.kind.${row.kind}`)}</h4>
      <LabFormula tex={FORMULA[row.kind]} display />
      <p className="hint">{t(`labs.scoring.about.${row.kind}`, { d })}</p>
      {/* many keys (a model's source) scroll sideways; the region is then focusable for the keyboard */}
      <div
        className={keyLabels.length > 5 ? 'score-scroll' : undefined}
        tabIndex={keyLabels.length > 5 ? 0 : undefined}
        role={keyLabels.length > 5 ? 'group' : undefined}
        aria-label={keyLabels.length > 5 ? t(`labs.scoring.kind.${row.kind}`) : undefined}
      >
        <table className="lab-table score-table">
          <thead>
            <tr>
              <td />
              {keyLabels.map((k, j) => (
                <th key={j} scope="col">
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('labs.scoring.score')}</th>
              {row.scores.map((s, j) => {
                const bg = colorOf(s, scoreDomain);
                return (
                  <td key={j} style={{ background: bg, color: readableTextOn(bg) }}>
                    {formatNumber(s)}
                  </td>
                );
              })}
            </tr>
            <tr>
              <th scope="row">{t('labs.scoring.weight')}</th>
              {row.weights.map((w, j) => {
                const bg = colorOf(w, WEIGHT_DOMAIN);
                return (
                  <td key={j} style={{ background: bg, color: readableTextOn(bg) }}>
                    {formatNumber(w)}
                  </td>
                );
              })}
            </tr>
            {extra && (
              <tr>
                <th scope="row">{t('labs.scoring.modelWeight')}</th>
                {extra.map((w, j) => (
                  <td key={j}>{formatNumber(w)}</td>
                ))}
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function keyName(t: TFunction, r: number): string {
  return r === 0 ? 'q' : t('labs.scoring.keyName', { j: r });
}

function HandVectors({ vectors, onValid }: { vectors: number[][]; onValid: (m: number[][]) => void }) {
  const t = useT();
  const [presenting] = usePresenting();
  // larger cells for a projector, not on a phone
  const big = presenting && typeof window !== 'undefined' && window.innerWidth > 700;
  return (
    <MatrixEditor
      label={t('labs.scoring.vectors')}
      initial={vectors}
      onValid={onValid}
      cellName={(r, c) => (r === 1 ? t('labs.scoring.qCell', { c }) : t('labs.scoring.kCell', { j: r - 1, c }))}
      spec={big ? { cellW: 92, cellH: 40, gap: 4, margin: { top: 34, left: 56, right: 4, bottom: 4 } } : { cellW: 62, cellH: 32, gap: 4, margin: { top: 26, left: 44, right: 4, bottom: 4 } }}
      rowHeader={(r) => keyName(t, r)}
      colHeader={(c) => t('labs.scoring.dim', { c: c + 1 })}
      rowClass={(r) => (r === 0 ? 'query-row' : undefined)}
      resize={{
        rows: true,
        cols: true,
        minRows: 2,
        labels: {
          addRow: t('labs.scoring.addKey'),
          removeRow: t('labs.scoring.removeKey'),
          addCol: t('labs.scoring.addDim'),
          removeCol: t('labs.scoring.removeDim'),
        },
      }}
    />
  );
}

function modelProblem(t: TFunction, o: ReturnType<typeof traceVectors>): string | null {
  if (o.ok) return null;
  switch (o.kind) {
    case 'empty':
      return t('labs.scoring.model.empty');
    case 'unknown':
      return t('labs.scoring.model.unknown', { chars: (o.chars ?? []).map((c) => (c === ' ' ? t('labs.scoring.model.space') : `“${c}”`)).join(', ') });
    case 'tooLong':
      return t('labs.scoring.model.tooLong', { max: o.max ?? 0 });
  }
}

function ModelVectors({ seed, aside }: { seed: number; aside: ReactNode }) {
  const t = useT();
  const ids = useId();
  const [task, setTask] = useState<TaskName>('reverse');
  const [load, setLoad] = useState<{ task: TaskName; outcome: LoadOutcome } | null>(null);
  const [source, setSource] = useState<string>(TASKS.reverse.example);
  const [layer, setLayer] = useState(0);
  const [head, setHead] = useState(0);
  const [query, setQuery] = useState(0);
  useEffect(() => {
    let live = true;
    void loadModel(task).then((outcome) => {
      if (live) setLoad({ task, outcome });
    });
    return () => {
      live = false;
    };
  }, [task]);
  const current = load && load.task === task ? load.outcome : null;
  const ready = current && current.ok ? current.bundle : null;
  const traced = useMemo(() => (ready ? traceVectors(ready, source, layer, head, query) : null), [ready, source, layer, head, query]);
  const problem = traced ? modelProblem(t, traced) : null;
  const v = traced && traced.ok ? traced.v : null;
  return (
    <div className="scoring-top">
    <div className="scoring-input model-vectors">
      <div className="lab-controls">
        <div className="lab-field">
          <label htmlFor={`${ids}-task`}>{t('labs.scoring.model.task')}</label>
          <select
            id={`${ids}-task`}
            value={task}
            onChange={(e) => {
              const next = e.target.value as TaskName;
              setTask(next);
              setSource(TASKS[next].example);
              setQuery(0);
            }}
          >
            {TASK_NAMES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        {ready && (
          <>
            <div className="lab-field">
              <label htmlFor={`${ids}-src`}>{t('labs.scoring.model.source')}</label>
              <input id={`${ids}-src`} type="text" value={source} onChange={(e) => setSource(e.target.value)} spellCheck={false} aria-invalid={problem !== null} />
            </div>
            <div className="lab-field">
              <label htmlFor={`${ids}-layer`}>{t('labs.scoring.model.layer')}</label>
              <select id={`${ids}-layer`} value={layer} onChange={(e) => setLayer(Number(e.target.value))}>
                {Array.from({ length: ready.model.config.numEncoderLayers }, (_, i) => (
                  <option key={i} value={i}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </div>
            <div className="lab-field">
              <label htmlFor={`${ids}-head`}>{t('labs.scoring.model.head')}</label>
              <select id={`${ids}-head`} value={head} onChange={(e) => setHead(Number(e.target.value))}>
                {Array.from({ length: ready.model.config.nHead }, (_, i) => (
                  <option key={i} value={i}>
                    {i + 1}
                  </option>
                ))}
              </select>
            </div>
            {v && (
              <div className="lab-field">
                <label htmlFor={`${ids}-query`}>{t('labs.scoring.model.query')}</label>
                <select id={`${ids}-query`} value={Math.min(query, v.tokens.length - 1)} onChange={(e) => setQuery(Number(e.target.value))}>
                  {v.tokens.map((tok, i) => (
                    <option key={i} value={i}>
                      {i}: {tok === ' ' ? '␠' : tok}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </>
        )}
      </div>
      {!current ? (
        <p role="status">{t('labs.scoring.model.loading', { task })}</p>
      ) : !current.ok ? (
        <p className="lab-warning" role="status">
          {current.kind === 'missing'
            ? t('labs.scoring.model.missing', { task, file: `models/${task}.json` })
            : t('labs.scoring.model.invalid', { task, detail: current.detail })}
        </p>
      ) : problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : v ? (
        <p className="hint">{t('labs.scoring.model.from', { layer: layer + 1, head: head + 1, dh: v.dh, key: `enc.${layer}.self_attn.q / .k` })}</p>
      ) : null}
      {aside}
    </div>
    {v && (
      <ScoreCards
        q={v.q}
        keys={v.keys}
        seed={seed}
        keyLabels={v.tokens.map((tok, j) => `${j}:${tok === ' ' ? '␠' : tok}`)}
        modelWeights={v.weights}
      />
    )}
    </div>
  );
}

function ScoreCards(props: { q: number[]; keys: number[][]; seed: number; keyLabels: string[]; modelWeights?: number[] }) {
  const { q, keys, seed } = props;
  const d = q.length;
  const params = useMemo(() => scoringParams(d, seed), [d, seed]);
  const rows = useMemo(() => scoreAll(q, keys, params), [q, keys, params]);
  return (
    <div className={props.keyLabels.length > 5 ? 'score-cards many' : 'score-cards'} data-main-figure="">
      {rows.map((r) => (
        <ScoreCard key={r.kind} row={r} keyLabels={props.keyLabels} d={d} extra={r.kind === 'scaled_dot' ? props.modelWeights : undefined} />
      ))}
    </div>
  );
}

function SqrtD() {
  const t = useT();
  const [presenting] = usePresenting();
  const [roomRef, room] = useRoom({ fit: 'window', fallback: { width: 900, height: 600 } });
  // two charts side by side: in presentation they share the width and take the height below them
  const side = presenting && room.width >= 640;
  const chartW = side ? Math.floor((room.width - 28) / 2) : Math.max(240, Math.min(410, room.width));
  const chartH = side ? Math.max(220, Math.min(680, room.height - 120)) : 220;
  const d = useAppStore((s) => s.scoringD);
  const setNumber = useAppStore((s) => s.setLabNumber);
  const curve = useMemo(() => CURVE_DIMS.map((dim) => measureSpread(dim)), []);
  const now = useMemo(() => measureSpread(d), [d]);
  const spreadLayout = useMemo(
    () =>
      lineChartLayout(
        [
          { id: 'raw', points: curve.map((c) => ({ x: c.d, y: c.spread })) },
          { id: 'scaled', points: curve.map((c) => ({ x: c.d, y: c.spreadScaled })) },
        ],
        {
          width: chartW,
          height: chartH,
          margin: side ? SQRT_MARGIN_BIG : SQRT_MARGIN,
          x: { domain: [2, 512], log: true, base: 2, ticks: [2, 8, 32, 128, 512], format: String },
          y: { domain: [0, Math.max(...curve.map((c) => c.spread), now.spread) * 1.08], tickCount: 5 },
        },
      ),
    [curve, now, chartW, chartH, side],
  );
  const entropyLayout = useMemo(
    () =>
      lineChartLayout(
        [
          { id: 'raw', points: curve.map((c) => ({ x: c.d, y: c.entropy })) },
          { id: 'scaled', points: curve.map((c) => ({ x: c.d, y: c.entropyScaled })) },
        ],
        {
          width: chartW,
          height: chartH,
          margin: side ? SQRT_MARGIN_BIG : SQRT_MARGIN,
          x: { domain: [2, 512], log: true, base: 2, ticks: [2, 8, 32, 128, 512], format: String },
          y: { domain: [0, now.maxEntropy * 1.25], tickCount: 5 },
        },
      ),
    [curve, now, chartW, chartH, side],
  );
  const series = [
    { id: 'raw', label: t('labs.scoring.sqrt.raw'), color: '#c2410c' },
    { id: 'scaled', label: t('labs.scoring.sqrt.scaled'), color: '#1d4ed8', dash: '8 5' },
  ];
  const marker = [{ x: d, label: `d = ${d}`, color: '#6d28d9' }];
  return (
    <section className="sqrt-d" aria-labelledby="sqrt-d-h">
      <h3 id="sqrt-d-h">{t('labs.scoring.sqrt.heading')}</h3>
      <p className="intro">{t('labs.scoring.sqrt.intro')}</p>
      <div className="lab-controls">
        <LabSlider label={t('labs.scoring.sqrt.d')} value={d} steps={D_STEPS} onChange={(v) => setNumber('scoringD', v)} />
      </div>
      <div className="sqrt-grid" ref={roomRef}>
        <div className="sqrt-charts" data-main-figure="">
        <LabLineChart
          title={t('labs.scoring.sqrt.spreadChart')}
          layout={spreadLayout}
          series={series}
          xLabel={t('labs.scoring.sqrt.xAxis')}
          yLabel={t('labs.scoring.sqrt.spreadAxis')}
          markers={marker}
          dots={[
            { x: d, y: now.spread, color: '#c2410c' },
            { x: d, y: now.spreadScaled, color: '#1d4ed8' },
          ]}
        />
        <LabLineChart
          title={t('labs.scoring.sqrt.entropyChart')}
          layout={entropyLayout}
          series={series}
          xLabel={t('labs.scoring.sqrt.xAxis')}
          yLabel={t('labs.scoring.sqrt.entropyAxis')}
          markers={marker}
          hline={{ y: now.maxEntropy, label: t('labs.scoring.sqrt.max', { v: formatNumber(now.maxEntropy) }) }}
          dots={[
            { x: d, y: now.entropy, color: '#c2410c' },
            { x: d, y: now.entropyScaled, color: '#1d4ed8' },
          ]}
        />
        </div>
        <table className="lab-table sqrt-table">
          <caption>{t('labs.scoring.sqrt.table', { d })}</caption>
          <thead>
            <tr>
              <td />
              <th scope="col">{t('labs.scoring.sqrt.raw')}</th>
              <th scope="col">{t('labs.scoring.sqrt.scaled')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('labs.scoring.sqrt.spread')}</th>
              <td>{formatNumber(now.spread)}</td>
              <td>{formatNumber(now.spreadScaled)}</td>
            </tr>
            <tr>
              <th scope="row">{t('labs.scoring.sqrt.entropy')}</th>
              <td>{formatNumber(now.entropy)}</td>
              <td>{formatNumber(now.entropyScaled)}</td>
            </tr>
            <tr>
              <th scope="row">{t('labs.scoring.sqrt.top')}</th>
              <td>{formatNumber(now.topWeight)}</td>
              <td>{formatNumber(now.topWeightScaled)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="hint present-hide">{t('labs.scoring.sqrt.note')}</p>
    </section>
  );
}

export function ScoringLab() {
  const t = useT();
  const [source, setSource] = useState<'hand' | 'model'>('hand');
  const [hand, setHand] = useState(DEFAULT_VECTORS);
  const [seed, setSeed] = useState(7);
  const [presenting] = usePresenting();
  // presentation mode shows one figure big: the four scores, or why √d
  const [focus, setFocus] = useState<'scores' | 'sqrt'>('scores');
  const showTop = !presenting || focus === 'scores';
  const showSqrt = !presenting || focus === 'sqrt';
  const aside = (
    <div className="lab-buttons">
      <button type="button" onClick={() => setSeed((s) => s + 1)}>
        {t('labs.scoring.redraw')}
      </button>
      <span className="hint">{t('labs.scoring.params', { seed, da: ADDITIVE_HIDDEN })}</span>
    </div>
  );
  return (
    <section className="panel lab scoring-lab" aria-labelledby="scoring-lab-h">
      <LabHead id="scoring-lab-h" title={t('labs.scoring.heading')}>
        <FigurePicker
          value={focus}
          onChange={setFocus}
          options={[
            { value: 'scores', label: t('labs.present.scores') },
            { value: 'sqrt', label: t('labs.present.sqrt') },
          ]}
        />
      </LabHead>
      <p className="intro">{t('labs.scoring.intro')}</p>
      {showTop && (
      <>
      <LabRadioGroup
        label={t('labs.scoring.source')}
        value={source}
        onChange={setSource}
        options={[
          { value: 'hand', label: t('labs.scoring.source.hand') },
          { value: 'model', label: t('labs.scoring.source.model') },
        ]}
      />
      {source === 'hand' ? (
        <div className="scoring-top">
          <div className="scoring-input">
            <HandVectors vectors={hand} onValid={setHand} />
            {aside}
          </div>
          <ScoreCards q={hand[0]} keys={hand.slice(1)} seed={seed} keyLabels={hand.slice(1).map((_, j) => keyName(t, j + 1))} />
        </div>
      ) : (
        <ModelVectors seed={seed} aside={aside} />
      )}
      </>
      )}
      {showSqrt && <SqrtD />}
    </section>
  );
}
