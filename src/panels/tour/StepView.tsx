/**
 * The figures of one step of the tour: it picks the step's trace entries out of
 * the run (never computing attention) and hands them to the generic figures:
 * heatmaps, the causal-mask view, the lines view, the layers × heads overview,
 * token strips and the vocabulary bar chart. Every figure is sized from the room
 * the panel measured (`width` × `height`), and named for export
 * `<task>-<step>-<tensor>-L<layer>-H<head>` (layers, heads and steps from 1).
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useI18n, type TFunction } from '../../i18n';
import type { Figure } from '../../state';
import { formatCell } from '../../viz/heatmap';
import {
  entryOf, headOf, lastRowOf, maskOf, matrixOf, prefixTokens, shapeText, traceOf,
  type AttentionKind, type TourRun, type TourStep,
} from '../../tour';
import type { TraceKey } from '../../model';
import { Heatmap } from '../../components/Heatmap';
import { LinesView } from '../../components/LinesView';
import { SmallMultiples } from '../../components/SmallMultiples';
import { BarChart } from '../../components/BarChart';
import { FigureFrame } from '../../components/FigureFrame';
import { figureFileName, tokensSvg } from '../../viz/export';
import { kindName, say, tensorLabelKey } from './text';

export interface StepViewProps {
  run: TourRun;
  step: TourStep;
  /** the step's index in the walk (for file names) */
  index: number;
  head: number;
  figure: Figure;
  numbers: boolean;
  onNumbersFit?: (id: string, fit: boolean | null) => void;
  width: number;
  height: number;
  presenting: boolean;
  onOpenHead: (layer: number, head: number) => void;
  numDecoderLayers: number;
  numEncoderLayers: number;
}

const dims = (n: number) => Array.from({ length: n }, (_, i) => String(i));

/** Short axis labels for the special tokens, so that labels fit across a cell. */
const SHORT: Record<string, string> = { '<pad>': 'PAD', '<bos>': 'BOS', '<eos>': 'EOS', ' ': '␣' };
const axisLabels = (tokens: readonly string[]) => tokens.map((tok) => SHORT[tok] ?? tok);
/** A space is shown as ␣, so that it can be seen. */
const visible = (tokens: readonly string[]) => tokens.map((tok) => (tok === ' ' ? '␣' : tok));

/** What a figure needs besides its data: caption, readout, legend, export words. */
const CHROME = 92;
const PROBABILITY = { min: 0, max: 1 };

function useCommon(t: TFunction) {
  return useMemo(
    () => ({
      exportLabels: { svg: t('tour.export.svg'), png: t('tour.export.png') },
      legendLabel: t('tour.legend.label'),
      maskedLegend: t('tour.legend.masked'),
    }),
    [t],
  );
}

/**
 * A token strip. With `fit` (the tokens step alone on the screen in presentation mode) its
 * cards grow to fill the room: the row is measured once on one line at the page's size, and
 * the list's font size (every size of a card is in em) becomes the largest factor at which the
 * cards fit the room's width in one, two or three rows and three quarters of its height — at
 * most 2.6×.
 */
function TokenStrip({ tokens, ids, label, highlightLast, fileName, fit }: { tokens: readonly string[]; ids?: readonly number[]; label: string; highlightLast?: boolean; fileName: string; fit?: { width: number; height: number } }) {
  const { t, lang } = useI18n();
  const listRef = useRef<HTMLOListElement>(null);
  const [scale, setScale] = useState(1);
  const fitW = fit?.width ?? 0, fitH = fit?.height ?? 0;
  const shown = visible(tokens).join('\u0000');
  useLayoutEffect(() => {
    const ol = listRef.current;
    if (!fitW || !ol) {
      setScale(1);
      return;
    }
    ol.style.fontSize = '1rem';
    ol.style.flexWrap = 'nowrap';
    const w = ol.scrollWidth, h = ol.scrollHeight;
    ol.style.fontSize = '';
    ol.style.flexWrap = '';
    if (!(w > 0 && h > 0)) {
      setScale(1);
      return;
    }
    // one, two or three rows (cards differ in width, so a wrapped row is given 10% slack)
    let best = 1;
    for (let rows = 1; rows <= 3; rows++) {
      const byWidth = ((0.97 * fitW) / w) * rows * (rows > 1 ? 0.9 : 1);
      const byHeight = (0.75 * fitH) / (rows * h * 1.1);
      best = Math.max(best, Math.min(2.6, byWidth, byHeight));
    }
    setScale(best);
  }, [fitW, fitH, shown, lang]);
  return (
    <FigureFrame
      caption={label}
      className={fit ? 'token-strip scaled' : 'token-strip'}
      getSvg={() => tokensSvg(visible(tokens), ids, label, highlightLast)}
      fileName={fileName}
      exportLabels={{ svg: t('tour.export.svg'), png: t('tour.export.png') }}
    >
      <ol className="tokens" ref={listRef} style={fit ? { fontSize: `${scale.toFixed(3)}rem` } : undefined}>
        {visible(tokens).map((tok, i) => (
          <li key={i} className={highlightLast && i === tokens.length - 1 ? 'token new' : 'token'}>
            <span className="tok">{tok}</span>
            {ids && <span className="id"><span className="tag">{t('tour.tokens.id')}</span> {ids[i]}</span>}
            <span className="pos"><span className="tag">{t('tour.tokens.pos')}</span> {i}</span>
          </li>
        ))}
      </ol>
    </FigureFrame>
  );
}

export function StepView(p: StepViewProps) {
  const { t, lang } = useI18n();
  const common = useCommon(t);
  const { run, step } = p;
  const keys = step.traceKeys;
  const layerShown = (step.layer ?? 0) + 1;
  const headShown = p.head + 1;
  const fontSize = p.presenting ? 17 : 13;
  const maxCell = p.presenting ? 120 : 72;
  const maxNumberFont = p.presenting ? 24 : 16;
  const trace = traceOf(run, step);
  const decStep = step.decStep ?? 0;
  const prefix = step.decStep !== undefined ? prefixTokens(run, decStep) : [];
  const fileName = (key: string, o: { layer?: boolean; head?: boolean; view?: string } = {}) =>
    figureFileName({
      task: run.task, step: p.index + 1, tensor: key,
      ...(o.layer && step.layer !== undefined ? { layer: layerShown } : {}),
      ...(o.head ? { head: headShown } : {}),
      ...(o.view ? { view: o.view } : {}),
    });
  const layerHead = t('tour.figure.layerHead', { layer: layerShown, head: headShown });
  const layerOnly = t('tour.figure.layerOnly', { layer: layerShown });

  /** The rows of a decoder figure: the decoder input; for cross-attention also the token each position predicts. */
  const crossRows = () => prefix.map((tok, i) => t('tour.cross.row', { input: SHORT[tok] ?? tok, next: SHORT[run.tgtTokens[i]] ?? run.tgtTokens[i] ?? '?' }));

  /** A heatmap of a [B,R,C] or [R,C] entry (rows: tokens, columns: dimensions). */
  const vectorMap = (key: TraceKey, rowLabels: readonly string[], maxHeight: number, maxWidth = p.width) => {
    const tensor = entryOf(run, step, key);
    if (!tensor) return null;
    const m = matrixOf(tensor);
    const what = say(lang, tensorLabelKey(key));
    const shape = `${key} ${shapeText(tensor.shape)}`;
    const where = step.layer !== undefined ? ` · ${layerOnly}` : '';
    return (
      <Heatmap
        key={key}
        values={m.values}
        rows={m.rows}
        cols={m.cols}
        rowLabels={axisLabels(rowLabels)}
        colLabels={dims(m.cols)}
        rowTitle={t('tour.axis.position')}
        colTitle={t('tour.axis.dimension')}
        label={`${what} (${shape})${where}`}
        caption={`${what} · ${shape}${where}`}
        maxWidth={maxWidth}
        maxHeight={maxHeight}
        numbers={p.numbers}
        onNumbersFit={p.onNumbersFit}
        fontSize={fontSize}
        maxCell={maxCell}
        maxNumberFont={maxNumberFont}
        describeCell={(r, c, v) => t('tour.hover.vector', { row: rowLabels[r] ?? String(r), i: r, j: c, value: formatCell(v) })}
        fileName={fileName(key, { layer: true })}
        {...common}
      />
    );
  };

  /** One head of a [B,H,R,C] entry; attention kinds get the kind, layer and head in their name. */
  const headMap = (
    key: TraceKey, rowLabels: readonly string[], colLabels: readonly string[] | null, maxHeight: number,
    opts: { kind?: AttentionKind; maskFrom?: TraceKey; maxWidth?: number; probability?: boolean; rowTitle?: string } = {},
  ) => {
    const tensor = entryOf(run, step, key);
    if (!tensor) return null;
    const m = headOf(tensor, Math.min(p.head, tensor.shape[1] - 1));
    const what = say(lang, tensorLabelKey(key));
    const shape = `${key} ${shapeText(tensor.shape)}`;
    const label = opts.kind
      ? `${t('tour.figure.attention', { kind: kindName(t, opts.kind), layer: layerShown, head: headShown, what })} (${shape})`
      : `${what}, ${layerHead} (${shape})`;
    const maskTensor = opts.maskFrom ? entryOf(run, step, opts.maskFrom) : null;
    const masked = maskTensor ? maskOf(headOf(maskTensor, Math.min(p.head, maskTensor.shape[1] - 1)).values) : undefined;
    const cols = colLabels ?? dims(m.cols);
    return (
      <Heatmap
        key={`${key}-${p.head}`}
        values={m.values}
        rows={m.rows}
        cols={m.cols}
        rowLabels={axisLabels(rowLabels)}
        colLabels={axisLabels(cols)}
        rowTitle={opts.rowTitle ?? t(opts.kind === 'cross' ? 'tour.axis.queryDec' : opts.kind ? 'tour.axis.query' : 'tour.axis.position')}
        colTitle={t(opts.kind === 'cross' ? 'tour.axis.keySrc' : opts.kind ? 'tour.axis.key' : 'tour.axis.dimension')}
        label={label}
        caption={`${opts.kind ? `${kindName(t, opts.kind)} · ` : ''}${what} · ${shape} · ${layerHead}`}
        maxWidth={opts.maxWidth ?? p.width}
        maxHeight={maxHeight}
        numbers={p.numbers}
        onNumbersFit={p.onNumbersFit}
        fontSize={fontSize}
        maxCell={maxCell}
        maxNumberFont={maxNumberFont}
        masked={masked}
        domain={opts.probability ? PROBABILITY : undefined}
        describeCell={(r, c, v) => {
          if (!opts.kind) return t('tour.hover.vector', { row: rowLabels[r] ?? String(r), i: r, j: c, value: formatCell(v) });
          const params = { row: rowLabels[r] ?? String(r), col: cols[c] ?? String(c), i: r, j: c, value: formatCell(v) };
          return v === -Infinity || masked?.[r * m.cols + c] ? `${t('tour.hover.masked', params)} (${formatCell(v)})` : t('tour.hover.attention', params);
        }}
        fileName={fileName(key, { layer: true, head: true })}
        {...common}
      />
    );
  };

  /** The attention figure of a weights step: heatmap, lines or all layers × heads. */
  const attentionFigure = (key: TraceKey, kind: AttentionKind, maskFrom?: TraceKey) => {
    const rows = kind === 'enc-self' ? run.srcTokens : kind === 'cross' ? crossRows() : prefix;
    const cols = kind === 'dec-self' ? prefix : run.srcTokens;
    const tensor = entryOf(run, step, key);
    if (!tensor) return null;
    if (p.figure === 'lines') {
      const m = headOf(tensor, Math.min(p.head, tensor.shape[1] - 1));
      const what = say(lang, tensorLabelKey(key));
      const shape = `${key} ${shapeText(tensor.shape)}`;
      const left = visible(kind === 'cross' ? rows : axisLabels(rows));
      const right = visible(axisLabels(cols));
      return (
        <LinesView
          key={`lines-${key}-${p.head}`}
          left={left}
          right={right}
          weights={m.values}
          width={Math.min(p.width, p.presenting ? 900 : 640)}
          fontSize={p.presenting ? 20 : 15}
          label={`${t('tour.figure.attention', { kind: kindName(t, kind), layer: layerShown, head: headShown, what })} (${shape})`}
          caption={`${kindName(t, kind)} · ${what} · ${shape} · ${layerHead}`}
          leftTitle={t('tour.lines.left')}
          rightTitle={t('tour.lines.right')}
          hint={t('tour.lines.hint')}
          tokenLabel={(side, i, token) => `${side === 'left' ? t('tour.lines.left') : t('tour.lines.right')} ${t('tour.lines.token', { token, i })}`}
          exportLabels={common.exportLabels}
          fileName={fileName(key, { layer: true, head: true, view: 'lines' })}
        />
      );
    }
    if (p.figure === 'overview') {
      const layers = kind === 'enc-self' ? p.numEncoderLayers : p.numDecoderLayers;
      const field = kind === 'cross' ? 'cross_attn' : 'self_attn';
      const side = kind === 'enc-self' ? 'enc' : 'dec';
      const tileOf = (l: number, h: number) => {
        const k = `${side}.${l}.${field}.weights` as TraceKey;
        const e = trace?.has(k) ? trace.get(k) : null;
        return e ? headOf(e, h).values : new Float32Array(0);
      };
      const what = t('tour.tensor.weights');
      const entry = `${side}.*.${field}.weights [1,${run.heads},${rows.length},${cols.length}]`;
      return (
        <SmallMultiples
          key={`overview-${kind}`}
          layers={layers}
          heads={run.heads}
          rows={rows.length}
          cols={cols.length}
          tile={tileOf}
          domain={PROBABILITY}
          maxWidth={p.width}
          maxHeight={p.height - CHROME}
          current={{ layer: step.layer ?? 0, head: p.head }}
          onOpen={p.onOpenHead}
          label={`${kindName(t, kind)}: ${what}`}
          caption={`${kindName(t, kind)} · ${what} · ${entry}`}
          tileLabel={(l, h) => `${t('tour.overview.tile', { layer: l + 1, head: h + 1 })} (${kindName(t, kind)})`}
          layerLabel={(l) => t('tour.overview.layer', { layer: l + 1 })}
          headLabel={(h) => t('tour.overview.head', { head: h + 1 })}
          hint={t('tour.overview.hint')}
          legendLabel={common.legendLabel}
          legendFont={p.presenting ? 15 : 11}
          exportLabels={common.exportLabels}
          fileName={fileName(`${side}.${field}.weights`, { view: 'overview' })}
        />
      );
    }
    return headMap(key, rows, cols, p.height - CHROME, {
      kind, maskFrom, probability: true,
      ...(kind === 'cross' ? { rowTitle: t('tour.cross.rowTitle') } : {}),
    });
  };

  const barFigure = (key: 'logits' | 'probs', height: number) => {
    const tensor = entryOf(run, step, key);
    const decoded = run.result.steps[decStep];
    if (!tensor || !decoded) return null;
    const values = lastRowOf(tensor);
    const what = say(lang, tensorLabelKey(key));
    const shape = `${key} ${shapeText(tensor.shape)}`;
    const token = run.tgtVocab[decoded.token] ?? String(decoded.token);
    return (
      <BarChart
        key={key}
        labels={run.tgtVocab.map((v) => (v === '<pad>' ? 'pad' : v === '<bos>' ? 'bos' : v === '<eos>' ? 'eos' : v === ' ' ? '␣' : v))}
        values={values}
        highlight={decoded.token}
        width={Math.min(p.width, p.presenting ? 1400 : 980)}
        height={height}
        domain={key === 'probs' ? [0, 1] : undefined}
        label={`${what} (${shape})`}
        caption={`${what} · ${shape} · ${t('tour.figure.lastRow')}`}
        chosenText={key === 'probs' ? t('tour.bars.chosen', { token, prob: decoded.probs[decoded.token].toFixed(3) }) : token}
        describeBar={(i, v) => t('tour.hover.bar', { token: run.tgtVocab[i] ?? String(i), value: v.toFixed(4) })}
        exportLabels={common.exportLabels}
        fontSize={p.presenting ? 16 : 13}
        fileName={fileName(key)}
      />
    );
  };

  // two figures one above the other share the height; three side by side share the width
  const half = Math.max(120, Math.floor(p.height / 2) - CHROME);
  // side by side where there is room; one under the other on a phone (full width each)
  const third = p.width < 460 ? p.width : Math.floor((p.width - 24) / 3);
  // three captions side by side wrap onto more lines (a monospace character is about 0.6 em at 13.6 px)
  const captionLines = Math.ceil((54 * 8.2) / Math.max(third, 120));
  const rowHeight = p.height - CHROME - Math.max(0, captionLines - 1) * 20;
  const stacked = (a: TraceKey, b: TraceKey, rows: readonly string[], rowsA = rows) => (
    <div className="figures stacked">
      {vectorMap(a, rowsA, half)}
      {vectorMap(b, rows, half)}
    </div>
  );
  const headStacked = (a: TraceKey, b: TraceKey, rows: readonly string[]) => (
    <div className="figures stacked">
      {headMap(a, rows, null, half)}
      {vectorMap(b, rows, half)}
    </div>
  );
  // norm steps: post-LN shows the sum, then the norm; pre-LN the norm the sub-layer read, then the sum
  const addNorm = (rows: readonly string[]) => (run.normFirst ? stacked(keys[1], keys[0], rows) : stacked(keys[0], keys[1], rows));

  switch (step.kind) {
    case 'tokens':
      // alone on the screen: in presentation mode the cards grow to fill the width
      return (
        <div className="figures">
          <TokenStrip
            tokens={run.srcTokens}
            ids={run.srcIds}
            label={`${t('tour.sourceTokens')} · src ${shapeText([1, run.srcIds.length])}`}
            fileName={fileName('src')}
            {...(p.presenting ? { fit: { width: p.width, height: p.height } } : {})}
          />
        </div>
      );
    case 'embed':
    case 'concat':
    case 'outproj':
    case 'memory':
      return <div className="figures">{vectorMap(keys[0], run.srcTokens, p.height - CHROME)}</div>;
    case 'pos':
      return stacked(keys[0], keys[1], run.srcTokens, run.srcTokens.map((_, i) => String(i)));
    case 'addnorm1':
    case 'addnorm2':
      return addNorm(run.srcTokens);
    case 'ffn':
      return stacked(keys[0], keys[1], run.srcTokens);
    case 'decAddNorm1':
    case 'decAddNorm2':
    case 'decAddNorm3':
      return addNorm(prefix);
    case 'decFfn':
      return stacked(keys[0], keys[1], prefix);
    case 'qkv':
      return (
        <div className="figures row">
          {keys.map((k) => headMap(k, run.srcTokens, null, rowHeight, { maxWidth: third }))}
        </div>
      );
    case 'crossQkv':
      return (
        <div className="figures row">
          {headMap(keys[0], prefix, null, rowHeight, { maxWidth: third })}
          {headMap(keys[1], run.srcTokens, null, rowHeight, { maxWidth: third })}
          {headMap(keys[2], run.srcTokens, null, rowHeight, { maxWidth: third })}
        </div>
      );
    case 'scores':
    case 'scaled':
      return <div className="figures">{headMap(keys[0], run.srcTokens, run.srcTokens, p.height - CHROME, { kind: 'enc-self' })}</div>;
    case 'softmax':
      return <div className="figures">{attentionFigure(keys[0], 'enc-self')}</div>;
    case 'weighted':
      return <div className="figures">{headMap(keys[0], run.srcTokens, null, p.height - CHROME)}</div>;
    case 'decInput': {
      const ids = run.result.steps[decStep]?.prefix ?? [];
      const stripH = 150;
      return (
        <div className="figures stacked">
          <TokenStrip tokens={prefix} ids={ids} label={`${say(lang, 'tour.step.decInput.title')} · ${shapeText([1, prefix.length])}`} fileName={fileName('dec.tokens')} />
          {vectorMap(keys[0], prefix, Math.max(120, p.height - stripH - CHROME))}
        </div>
      );
    }
    case 'decMasked':
      return <div className="figures">{headMap(keys[0], prefix, prefix, p.height - CHROME, { kind: 'dec-self' })}</div>;
    case 'decWeights':
      return <div className="figures">{attentionFigure(keys[0], 'dec-self', `dec.${step.layer ?? 0}.self_attn.masked` as TraceKey)}</div>;
    case 'decWeighted':
      return headStacked(keys[0], keys[1], prefix);
    case 'cross':
      return <div className="figures">{attentionFigure(keys[0], 'cross')}</div>;
    case 'crossWeighted':
      return headStacked(keys[0], keys[1], prefix);
    case 'finalNorm':
      return <div className="figures">{vectorMap(keys[0], prefix, p.height - CHROME)}</div>;
    case 'logits':
      return <div className="figures">{barFigure('logits', Math.min(p.height - CHROME, p.presenting ? 520 : 360))}</div>;
    case 'probs':
      return <div className="figures">{barFigure('probs', Math.min(p.height - CHROME, p.presenting ? 520 : 360))}</div>;
    case 'append':
    case 'stop': {
      const next = [...prefix, run.tgtTokens[decStep]];
      const ids = [...(run.result.steps[decStep]?.prefix ?? []), run.tokens[decStep]];
      // the strip wraps onto more rows for long outputs; the chart takes what is left
      const perRow = Math.max(1, Math.floor(p.width / (p.presenting ? 76 : 60)));
      const stripH = 70 + Math.ceil(next.length / perRow) * (p.presenting ? 100 : 84);
      return (
        <div className="figures stacked">
          <TokenStrip tokens={next} ids={ids} label={`${say(lang, step.kind === 'stop' ? 'tour.step.stop.title' : 'tour.step.append.title')} · ${shapeText([1, next.length])}`} highlightLast fileName={fileName('dec.tokens', { view: step.kind })} />
          {barFigure('probs', Math.max(150, Math.min(p.height - stripH - CHROME, p.presenting ? 420 : 300)))}
        </div>
      );
    }
  }
}
