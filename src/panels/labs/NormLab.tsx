/**
 * The BatchNorm vs LayerNorm lab: an editable matrix (a batch of samples, or a
 * batch of token sequences), one switch between the two norms, the axis each
 * takes drawn on the matrix ("竖着" columns for BN, "横着" rows for LN), every
 * group's μ and σ beside it, and the output beside the input. γ and β are
 * editable. Every number comes from the core's batchNorm / layerNorm.
 */
import '../../i18n/parts/labs';
import { useId, useMemo, useState, type CSSProperties } from 'react';
import { useT } from '../../i18n';
import { useAppStore, usePresenting } from '../../state';
import { useRoom, type Room } from '../../components/useRoom';
import { LabHead } from './LabHead';
import { NORM_PRESETS, type NormKind, type NormMode, type NormPresetId } from '../../state/slices/labs';
import { MatrixEditor } from '../../components/MatrixEditor';
import { MatrixTable } from '../../components/MatrixTable';
import { MatrixLegend } from '../../components/MatrixLegend';
import { LabRadioGroup } from '../../components/LabRadioGroup';
import { colorOf, domainOf } from '../../viz/color';
import { formatNumber, maxAbs, snapTiny } from '../../viz/labs/format';
import { fitCellWidth, gridLayout, normOverlay, type GridLayout, type GridSpec } from '../../viz/labs/grid';
import { NORM_PRESETS_DATA, evalSettleRatio, resizeVector, runNorm, trainingStep, type NormOutcome, type RunningStats } from '../../labs/normLab';
import './labs.css';

const GAP = 4;
const CELL_H = 34;

/** How big the two matrices are drawn: cells, margins and the type in the cells, from the room they have. */
export interface NormSizing {
  cellW: number;
  cellH: number;
  /** px of the numbers in the cells */
  font: number;
  /** px of the row and column labels (presentation mode), or null for the page's own */
  headFont: number | null;
  left: number;
  /** the room right of the input grid for LayerNorm's per-row statistics */
  lnRight: number;
  top: number;
  /** a phone: smaller margins, LayerNorm's statistics on two lines */
  compact: boolean;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * Sizes from the room: in presentation mode the input and the output side by side fill the
 * width and the window's height below them; otherwise the cells keep their size on a laptop and
 * shrink to the width on a phone. The numbers' type is what fits the longest number in a cell.
 */
export function normSizing(room: Room, presenting: boolean, kind: NormKind, rows: number, cols: number, sequence: boolean, blocks: number, maxChars: number): NormSizing {
  const compact = room.width < 640;
  presenting = presenting && !compact;
  const left = presenting ? (sequence ? 160 : 138) : compact ? (sequence ? 80 : 76) : sequence ? 104 : 96;
  const lnRight = presenting ? 210 : compact ? 84 : 150;
  const rightIn = kind === 'ln' ? lnRight : 8;
  const top = presenting ? 42 : 30;
  let cellW: number, cellH: number;
  if (presenting) {
    const between = 44;
    const avail = room.width - between - 2 * left - rightIn - 8 - 2 * GAP * (cols - 1) - 4;
    // below the grids: the heading, their margins, the legend, γ and β
    const chrome = 40 + top + (kind === 'bn' ? 66 : 30) + 40 + 2 * 48 + (blocks - 1) * 10 + 16;
    cellH = clamp(Math.floor((room.height - chrome) / rows) - GAP, 30, 96);
    cellW = clamp(Math.floor(avail / (2 * cols)), 40, Math.max(cellH * 3, 80));
  } else {
    cellH = CELL_H;
    cellW = fitCellWidth(cols, Math.min(470, room.width - left - rightIn - 4), GAP, 28, 74);
  }
  const font = clamp(Math.min(cellH * 0.6, (cellW - 10) / (Math.max(3, maxChars) * 0.62)), 10, presenting ? 34 : 17);
  const headFont = presenting ? Math.round(clamp(cellH * 0.3, 16, 21)) : null;
  return { cellW, cellH, font: Math.floor(font), headFont, left, lnRight, top, compact };
}

function specFor(kind: NormKind, sequence: boolean, seqLen: number, z: NormSizing): Omit<GridSpec, 'rows' | 'cols'> {
  return {
    cellW: z.cellW,
    cellH: z.cellH,
    gap: GAP,
    margin: { top: z.top, left: z.left, right: kind === 'ln' ? z.lnRight : 8, bottom: kind === 'bn' ? (z.top > 30 ? 64 : 50) : 22 },
    rowBlock: sequence ? seqLen : 0,
    blockGap: sequence ? 10 : 0,
    headerGap: 18,
  };
}

function Overlay({ layout, kind }: { layout: GridLayout; kind: NormKind }) {
  const o = normOverlay(layout, kind === 'bn' ? 'columns' : 'rows');
  return (
    <g className={`norm-overlay norm-overlay-${kind}`}>
      {o.groups.map((g, i) => (
        <rect key={i} x={g.x} y={g.y} width={g.w} height={g.h} rx={6} fill="none" stroke="#c2410c" strokeWidth={2.5} />
      ))}
      <path d={o.arrow.d} fill="none" stroke="#c2410c" strokeWidth={2.5} strokeLinecap="round" />
    </g>
  );
}

function Stats({ layout, kind, outcome }: { layout: GridLayout; kind: NormKind; outcome: NormOutcome }) {
  const t = useT();
  const o = normOverlay(layout, kind === 'bn' ? 'columns' : 'rows');
  return (
    <div className={`norm-stats norm-stats-${kind}`}>
      {o.stats.map((s, i) => {
        const st = outcome.stats[i];
        if (!st) return null;
        return (
          <div key={i} className="norm-stat" style={{ left: s.x, top: s.y, width: kind === 'bn' ? s.w : undefined, height: kind === 'bn' ? undefined : s.h }}>
            <span>
              {t('labs.norm.mean')} {formatNumber(st.mean)}
            </span>{' '}
            <span>
              {t('labs.norm.std')} {formatNumber(st.std)}
            </span>
          </div>
        );
      })}
    </div>
  );
}

interface BodyProps {
  preset: NormPresetId;
  kind: NormKind;
  mode: NormMode;
}

function NormLabBody({ preset, kind, mode }: BodyProps) {
  const t = useT();
  const data = NORM_PRESETS_DATA[preset];
  const sequence = data.layout === 'sequence';
  const seqLen = data.seqLen ?? 0;
  const [values, setValues] = useState(data.values);
  const [gamma, setGamma] = useState(data.gamma);
  const [beta, setBeta] = useState(data.beta);
  const [running, setRunning] = useState<RunningStats>(data.running ?? { mean: [], var: [] });
  const [steps, setSteps] = useState(0);
  const rows = values.length, cols = values[0].length;
  const showModes = preset === 'running' && kind === 'bn';
  const training = !(showModes && mode === 'eval');
  const run = useMemo<RunningStats>(
    () => ({ mean: resizeVector(running.mean, cols, 0), var: resizeVector(running.var, cols, 1) }),
    [running, cols],
  );
  const g = useMemo(() => resizeVector(gamma, cols, 1), [gamma, cols]);
  const b = useMemo(() => resizeVector(beta, cols, 0), [beta, cols]);
  const outcome = useMemo(
    () => runNorm(kind, values, g, b, { training, running: run, seqLen: sequence ? seqLen : undefined, pad: data.pad }),
    [kind, values, g, b, training, run, sequence, seqLen, data.pad],
  );
  const inDomain = useMemo(() => domainOf(values.flat()), [values]);
  const outDomain = useMemo(() => domainOf(outcome.output.flat()), [outcome]);
  const [presenting] = usePresenting();
  const [roomRef, room] = useRoom({ fit: 'window', fallback: { width: 1200, height: 600 } });
  const outScale = maxAbs(outcome.output.flat());
  const maxChars = useMemo(() => {
    let n = 3;
    for (const row of values) for (const v of row) n = Math.max(n, String(v).length);
    for (const row of outcome.output) for (const v of row) n = Math.max(n, formatNumber(snapTiny(v, outScale)).length);
    return n;
  }, [values, outcome, outScale]);
  const sizing = normSizing(room, presenting, kind, rows, cols, sequence, sequence && seqLen > 0 ? rows / seqLen : 1, maxChars);
  const spec = specFor(kind, sequence, seqLen, sizing);
  const outLayout = gridLayout({ ...spec, rows, cols, margin: { ...spec.margin, right: 8, bottom: kind === 'ln' ? 22 : 8 } });
  const isPad = (r: number) => !!data.pad?.[r];
  const rowHeader = (r: number) =>
    sequence ? (
      <>
        {t('labs.norm.token', { s: Math.floor(r / seqLen) + 1, t: (r % seqLen) + 1 })}
        {isPad(r) && <span className="pad-tag"> {t('labs.norm.pad')}</span>}
      </>
    ) : (
      t('labs.norm.sample', { i: r + 1 })
    );
  const colHeader = (c: number) => t('labs.norm.feature', { j: c + 1 });
  const rowClass = (r: number) => (isPad(r) ? 'pad-row' : undefined);
  const onMatrix = (m: number[][]) => {
    setValues(m);
  };
  const degenerate = training && ((kind === 'bn' && rows === 1) || (kind === 'ln' && cols === 1));
  const axisKey = kind === 'bn' ? (sequence ? 'labs.norm.axis.bnSeq' : 'labs.norm.axis.bn') : sequence ? 'labs.norm.axis.lnSeq' : 'labs.norm.axis.ln';
  const vecSpec = { cellW: spec.cellW, cellH: presenting ? Math.min(sizing.cellH, 44) : 30, gap: GAP, margin: { top: 0, left: spec.margin.left, right: 0, bottom: 0 }, headerGap: 18 };
  const figureStyle = { '--cell-font': `${sizing.font}px`, ...(sizing.headFont ? { '--head-font': `${sizing.headFont}px` } : {}) } as CSSProperties;

  return (
    <>
      {showModes && <ModeSwitch />}
      <p className="norm-axis">
        <span className={`axis-swatch axis-${kind}`} aria-hidden="true" /> {t(axisKey)}
      </p>
      <div className={sizing.compact ? 'norm-figures compact' : 'norm-figures'} ref={roomRef} style={figureStyle}>
        <div className="norm-pair" data-main-figure="">
        <section className="norm-figure" aria-labelledby="norm-in-h">
          <h3 id="norm-in-h">
            {t('labs.norm.input')}{' '}
            <span className="count">
              {sequence
                ? t('labs.norm.seqCount', { b: rows / seqLen, t: seqLen, d: cols })
                : t('labs.norm.sampleCount', { n: rows, d: cols })}
            </span>
          </h3>
          <MatrixEditor
            key={`in-${preset}`}
            label={t('labs.norm.input')}
            initial={data.values}
            onValid={onMatrix}
            spec={spec}
            rowHeader={rowHeader}
            colHeader={colHeader}
            rowClass={rowClass}
            cellColor={(r, c) => (r < rows && c < cols ? colorOf(values[r][c], inDomain) : undefined)}
            overlay={(l) => <Overlay layout={l} kind={kind} />}
            beside={(l) => (l.rows === rows && l.cols === cols ? <Stats layout={l} kind={kind} outcome={outcome} /> : null)}
            resize={{ rows: !sequence, cols: true }}
          />
          <MatrixLegend domain={inDomain} label={t('labs.legend')} width={presenting && !sizing.compact ? 280 : 160} />
          <div className="norm-affine">
            <MatrixEditor
              key={`g-${preset}-${cols}`}
              label={t('labs.norm.gamma')}
              initial={[g]}
              onValid={(m) => setGamma(m[0])}
              cellName={(_r, c) => t('labs.norm.gammaCell', { c })}
              rowHeader={() => 'γ'}
              spec={vecSpec}
            />
            <MatrixEditor
              key={`b-${preset}-${cols}`}
              label={t('labs.norm.beta')}
              initial={[b]}
              onValid={(m) => setBeta(m[0])}
              cellName={(_r, c) => t('labs.norm.betaCell', { c })}
              rowHeader={() => 'β'}
              spec={vecSpec}
            />
          </div>
        </section>
        <section className="norm-figure" aria-labelledby="norm-out-h">
          <h3 id="norm-out-h">{t('labs.norm.output')}</h3>
          <MatrixTable
            label={t('labs.norm.output')}
            layout={outLayout}
            text={(r, c) => formatNumber(snapTiny(outcome.output[r][c], outScale))}
            color={(r, c) => colorOf(outcome.output[r][c], outDomain)}
            rowHeader={rowHeader}
            colHeader={colHeader}
            rowClass={rowClass}
            overlay={(l) => <Overlay layout={l} kind={kind} />}
          />
          <MatrixLegend domain={outDomain} label={t('labs.legend')} width={presenting && !sizing.compact ? 280 : 160} />
        </section>
        </div>
        <aside className="norm-side">
          {degenerate && (
            <p className="lab-warning" role="status">
              {t(kind === 'bn' ? 'labs.norm.degenerate.bn' : 'labs.norm.degenerate.ln')}
            </p>
          )}
          <p className="note lab-note" role="note">
            {t(`labs.norm.note.${preset}.${kind}`)}
          </p>
          <p className="hint">{t('labs.norm.statsNote')}</p>
          <p className="hint">{t('labs.norm.affineNote')}</p>
        </aside>
      </div>
      {kind === 'bn' && outcome.cleanStats && <PadTable outcome={outcome} />}
      {showModes && (
        <RunningPanel
          running={run}
          rows={rows}
          steps={steps}
          onStep={() => {
            setRunning(trainingStep(values, run, sequence ? seqLen : undefined));
            setSteps((n) => n + 1);
          }}
          onReset={() => {
            setRunning(data.running ?? { mean: [], var: [] });
            setSteps(0);
          }}
        />
      )}
    </>
  );
}

function ModeSwitch() {
  const t = useT();
  const mode = useAppStore((s) => s.normMode);
  const setMode = useAppStore((s) => s.setNormMode);
  return (
    <LabRadioGroup
      label={t('labs.norm.mode')}
      value={mode}
      onChange={setMode}
      options={[
        { value: 'train', label: t('labs.norm.mode.train') },
        { value: 'eval', label: t('labs.norm.mode.eval') },
      ]}
    />
  );
}

function PadTable({ outcome }: { outcome: NormOutcome }) {
  const t = useT();
  const clean = outcome.cleanStats!;
  return (
    <table className="lab-table pad-table">
      <caption>{t('labs.norm.padTable')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('labs.norm.padTable.feature')}</th>
          <th scope="col">{t('labs.norm.padTable.meanWith')}</th>
          <th scope="col">{t('labs.norm.padTable.meanWithout')}</th>
          <th scope="col">{t('labs.norm.padTable.stdWith')}</th>
          <th scope="col">{t('labs.norm.padTable.stdWithout')}</th>
        </tr>
      </thead>
      <tbody>
        {outcome.stats.map((s, j) => (
          <tr key={j}>
            <th scope="row">{t('labs.norm.feature', { j: j + 1 })}</th>
            <td>{formatNumber(s.mean)}</td>
            <td>{formatNumber(clean[j].mean)}</td>
            <td>{formatNumber(s.std)}</td>
            <td>{formatNumber(clean[j].std)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RunningPanel(props: { running: RunningStats; rows: number; steps: number; onStep: () => void; onReset: () => void }) {
  const t = useT();
  const id = useId();
  return (
    <section className="running-panel" aria-labelledby={id}>
      <h3 id={id}>{t('labs.norm.running.heading')}</h3>
      <table className="lab-table">
        <thead>
          <tr>
            <td />
            {props.running.mean.map((_, j) => (
              <th key={j} scope="col">
                {t('labs.norm.feature', { j: j + 1 })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('labs.norm.running.mean')}</th>
            {props.running.mean.map((v, j) => (
              <td key={j}>{formatNumber(v)}</td>
            ))}
          </tr>
          <tr>
            <th scope="row">{t('labs.norm.running.var')}</th>
            {props.running.var.map((v, j) => (
              <td key={j}>{formatNumber(v)}</td>
            ))}
          </tr>
        </tbody>
      </table>
      <div className="lab-buttons">
        <button type="button" onClick={props.onStep}>
          {t('labs.norm.running.step')}
        </button>
        <button type="button" onClick={props.onReset}>
          {t('labs.norm.running.reset')}
        </button>
        <span role="status">{t('labs.norm.running.steps', { n: props.steps })}</span>
      </div>
      <p className="hint">{t('labs.norm.running.using')}</p>
      {props.rows > 1 && (
        <p className="hint">
          {t('labs.norm.running.settle', {
            n: props.rows,
            factor: formatNumber(props.rows / (props.rows - 1)),
            ratio: formatNumber(evalSettleRatio(props.rows)),
          })}
        </p>
      )}
    </section>
  );
}

export function NormLab() {
  const t = useT();
  const kind = useAppStore((s) => s.normKind);
  const setKind = useAppStore((s) => s.setNormKind);
  const preset = useAppStore((s) => s.normPreset);
  const setPreset = useAppStore((s) => s.setNormPreset);
  const mode = useAppStore((s) => s.normMode);
  const presetId = useId();
  return (
    <section className="panel lab norm-lab" aria-labelledby="norm-lab-h">
      <LabHead id="norm-lab-h" title={t('labs.norm.heading')} />
      <p className="intro">{t('labs.norm.intro')}</p>
      <div className="lab-controls">
        <LabRadioGroup
          label={t('labs.norm.kind')}
          value={kind}
          onChange={setKind}
          options={[
            { value: 'bn', label: t('labs.norm.bn') },
            { value: 'ln', label: t('labs.norm.ln') },
          ]}
        />
        <div className="lab-field">
          <label htmlFor={presetId}>{t('labs.norm.preset')}</label>
          <select id={presetId} value={preset} onChange={(e) => setPreset(e.target.value as NormPresetId)}>
            {NORM_PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`labs.norm.preset.${p}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <NormLabBody key={preset} preset={preset} kind={kind} mode={mode} />
    </section>
  );
}
