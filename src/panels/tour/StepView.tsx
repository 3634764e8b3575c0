/**
 * The figures of one step of the tour: it picks the step's trace entries out of
 * the run (never computing attention) and hands them to the generic figures:
 * heatmaps, the causal-mask view, the lines view, the layers × heads overview,
 * token strips and the vocabulary bar chart.
 */
import { useMemo } from 'react';
import { useI18n, type TFunction } from '../../i18n';
import type { Figure } from '../../state';
import { formatCell } from '../../viz/heatmap';
import {
  entryOf, headOf, lastRowOf, maskOf, matrixOf, prefixTokens, resolveKeys, shapeText, traceOf,
  type AttentionKind, type TourRun, type TourStep,
} from '../../tour';
import type { TraceKey } from '../../model';
import { Heatmap } from '../../components/Heatmap';
import { LinesView } from '../../components/LinesView';
import { SmallMultiples } from '../../components/SmallMultiples';
import { BarChart } from '../../components/BarChart';
import { ExportButtons } from '../../components/ExportButtons';
import { tokensSvg } from '../../viz/export';
import { kindName, say, tensorLabelKey } from './text';

export interface StepViewProps {
  run: TourRun;
  step: TourStep;
  decoderLayer: number;
  head: number;
  figure: Figure;
  numbers: boolean;
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

/** Which token labels go on the rows and columns of an attention matrix of a kind. */
function attentionAxes(run: TourRun, step: TourStep, kind: AttentionKind): { rows: string[]; cols: string[] } {
  if (kind === 'enc-self') return { rows: run.srcTokens, cols: run.srcTokens };
  const prefix = prefixTokens(run, step.decStep ?? 0);
  return kind === 'dec-self' ? { rows: prefix, cols: prefix } : { rows: prefix, cols: run.srcTokens };
}

function TokenStrip({ tokens, ids, label, highlightLast }: { tokens: readonly string[]; ids?: readonly number[]; label: string; highlightLast?: boolean }) {
  const { t } = useI18n();
  return (
    <figure className="tour-figure token-strip">
      <figcaption>{label}</figcaption>
      <ol className="tokens">
        {visible(tokens).map((tok, i) => (
          <li key={i} className={highlightLast && i === tokens.length - 1 ? 'token new' : 'token'}>
            <span className="tok">{tok}</span>
            {ids && <span className="id">{ids[i]}</span>}
            <span className="pos">{i}</span>
          </li>
        ))}
      </ol>
      <div className="figure-foot">
        <ExportButtons
          getSvg={() => tokensSvg(visible(tokens), ids, label, highlightLast)}
          name={label}
          labels={{ svg: t('tour.export.svg'), png: t('tour.export.png') }}
        />
      </div>
    </figure>
  );
}

export function StepView(p: StepViewProps) {
  const { t, lang } = useI18n();
  const common = useCommon(t);
  const { run, step } = p;
  const keys = resolveKeys(step, p.decoderLayer);
  const layerShown = step.layer ?? p.decoderLayer;
  const fontSize = p.presenting ? 16 : 13;
  const trace = traceOf(run, step);

  /** A heatmap of a [B,R,C] or [R,C] entry (rows: tokens, columns: dimensions). */
  const vectorMap = (key: TraceKey, rowLabels: readonly string[], maxHeight: number, maxWidth = p.width) => {
    const tensor = entryOf(run, step, key);
    if (!tensor) return null;
    const m = matrixOf(tensor);
    const what = say(lang, tensorLabelKey(key));
    const shape = `${key} ${shapeText(tensor.shape)}`;
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
        label={`${what} (${shape})`}
        caption={`${what} · ${shape}`}
        maxWidth={maxWidth}
        maxHeight={maxHeight}
        numbers={p.numbers}
        fontSize={fontSize}
        describeCell={(r, c, v) => t('tour.hover.vector', { row: rowLabels[r] ?? String(r), i: r, j: c, value: formatCell(v) })}
        {...common}
      />
    );
  };

  /** One head of a [B,H,R,C] entry; attention kinds get the kind, layer and head in their name. */
  const headMap = (key: TraceKey, rowLabels: readonly string[], colLabels: readonly string[] | null, maxHeight: number, opts: { kind?: AttentionKind; maskFrom?: TraceKey; maxWidth?: number } = {}) => {
    const tensor = entryOf(run, step, key);
    if (!tensor) return null;
    const m = headOf(tensor, Math.min(p.head, tensor.shape[1] - 1));
    const what = say(lang, tensorLabelKey(key));
    const shape = `${key} ${shapeText(tensor.shape)}`;
    const headText = t('tour.figure.headSlice', { head: p.head });
    const label = opts.kind
      ? `${t('tour.figure.attention', { kind: kindName(t, opts.kind), layer: layerShown, head: p.head, what })} (${shape})`
      : `${what}, ${headText} (${shape})`;
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
        rowTitle={t(opts.kind === 'cross' ? 'tour.axis.queryDec' : opts.kind ? 'tour.axis.query' : 'tour.axis.position')}
        colTitle={t(opts.kind === 'cross' ? 'tour.axis.keySrc' : opts.kind ? 'tour.axis.key' : 'tour.axis.dimension')}
        label={label}
        caption={`${opts.kind ? `${kindName(t, opts.kind)} · ` : ''}${what} · ${shape} · ${headText}`}
        maxWidth={opts.maxWidth ?? p.width}
        maxHeight={maxHeight}
        numbers={p.numbers}
        fontSize={fontSize}
        maxCell={p.presenting ? 90 : 64}
        masked={masked}
        describeCell={(r, c, v) => {
          if (!opts.kind) return t('tour.hover.vector', { row: rowLabels[r] ?? String(r), i: r, j: c, value: formatCell(v) });
          const params = { row: rowLabels[r] ?? String(r), col: cols[c] ?? String(c), i: r, j: c, value: formatCell(v) };
          return v === -Infinity || masked?.[r * m.cols + c] ? `${t('tour.hover.masked', params)} (${formatCell(v)})` : t('tour.hover.attention', params);
        }}
        {...common}
      />
    );
  };

  /** The attention figure of a weights step: heatmap, lines or all layers × heads. */
  const attentionFigure = (key: TraceKey, kind: AttentionKind, maskFrom?: TraceKey) => {
    const axes = attentionAxes(run, step, kind);
    const tensor = entryOf(run, step, key);
    if (!tensor) return null;
    if (p.figure === 'lines') {
      const m = headOf(tensor, Math.min(p.head, tensor.shape[1] - 1));
      const what = say(lang, tensorLabelKey(key));
      const shape = `${key} ${shapeText(tensor.shape)}`;
      return (
        <LinesView
          key={`lines-${key}-${p.head}`}
          left={visible(axes.rows)}
          right={visible(axes.cols)}
          weights={m.values}
          width={Math.min(p.width, 560)}
          fontSize={p.presenting ? 18 : 15}
          label={`${t('tour.figure.attention', { kind: kindName(t, kind), layer: layerShown, head: p.head, what })} (${shape})`}
          caption={`${kindName(t, kind)} · ${what} · ${shape} · ${t('tour.figure.headSlice', { head: p.head })}`}
          leftTitle={t('tour.lines.left')}
          rightTitle={t('tour.lines.right')}
          hint={t('tour.lines.hint')}
          exportLabels={common.exportLabels}
        />
      );
    }
    if (p.figure === 'overview') {
      const layers = kind === 'enc-self' ? p.numEncoderLayers : p.numDecoderLayers;
      const field = kind === 'cross' ? 'cross_attn' : 'self_attn';
      const side = kind === 'enc-self' ? 'enc' : 'dec';
      const tileOf = (l: number, h: number) => {
        const e = trace?.has(`${side}.${l}.${field}.weights` as TraceKey) ? trace.get(`${side}.${l}.${field}.weights` as TraceKey) : null;
        return e ? headOf(e, h).values : new Float32Array(0);
      };
      const what = t('tour.tensor.weights');
      // one colour domain across every tile, so that the heads can be compared
      let hi = 0;
      for (let l = 0; l < layers; l++) for (let h = 0; h < run.heads; h++) for (const v of tileOf(l, h)) if (v > hi) hi = v;
      return (
        <SmallMultiples
          key={`overview-${kind}`}
          layers={layers}
          heads={run.heads}
          rows={axes.rows.length}
          cols={axes.cols.length}
          tile={tileOf}
          domain={{ min: 0, max: hi > 0 ? hi : 1 }}
          maxWidth={p.width}
          maxHeight={p.height}
          current={{ layer: layerShown, head: p.head }}
          onOpen={p.onOpenHead}
          label={`${kindName(t, kind)}: ${what}`}
          caption={`${kindName(t, kind)} · ${what} · ${side}.*.${field}.weights [1,${run.heads},${axes.rows.length},${axes.cols.length}]`}
          tileLabel={(l, h) => `${t('tour.overview.tile', { layer: l, head: h })} (${kindName(t, kind)})`}
          layerLabel={(l) => t('tour.overview.layer', { layer: l })}
          headLabel={(h) => t('tour.overview.head', { head: h })}
          hint={t('tour.overview.hint')}
          exportLabels={common.exportLabels}
        />
      );
    }
    return headMap(key, axes.rows, axes.cols, p.height, { kind, maskFrom });
  };

  const barFigure = (key: 'logits' | 'probs', height: number) => {
    const tensor = entryOf(run, step, key);
    const decoded = run.result.steps[step.decStep ?? 0];
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
        width={Math.min(p.width, 900)}
        height={height}
        domain={key === 'probs' ? [0, 1] : undefined}
        label={`${what} (${shape})`}
        caption={`${what} · ${shape} · ${t('tour.figure.lastRow')}`}
        chosenText={key === 'probs' ? t('tour.bars.chosen', { token, prob: decoded.probs[decoded.token].toFixed(3) }) : token}
        describeBar={(i, v) => t('tour.hover.bar', { token: run.tgtVocab[i] ?? String(i), value: v.toFixed(4) })}
        exportLabels={common.exportLabels}
      />
    );
  };

  const half = Math.max(150, Math.floor((p.height - 60) / 2));
  const srcIdsStrip = <TokenStrip tokens={run.srcTokens} ids={run.srcIds} label={`${t('tour.sourceTokens')} · src ${shapeText([1, run.srcIds.length])}`} />;

  switch (step.kind) {
    case 'tokens':
      return <div className="figures">{srcIdsStrip}</div>;
    case 'embed':
      return <div className="figures">{vectorMap(keys[0], run.srcTokens, p.height)}</div>;
    case 'pos':
    case 'addnorm1':
    case 'addnorm2':
    case 'ffn':
    case 'decFfn': {
      const rows = step.decStep === undefined ? run.srcTokens : prefixTokens(run, step.decStep);
      const posRows = step.kind === 'pos' ? run.srcTokens.map((_, i) => String(i)) : rows;
      return (
        <div className="figures stacked">
          {vectorMap(keys[0], posRows, half)}
          {vectorMap(keys[1], rows, half)}
        </div>
      );
    }
    case 'qkv': {
      const w = Math.floor((p.width - 24) / 3);
      return (
        <div className="figures row">
          {keys.map((k) => headMap(k, run.srcTokens, null, p.height, { maxWidth: w }))}
        </div>
      );
    }
    case 'scores':
    case 'scaled':
      return <div className="figures">{headMap(keys[0], run.srcTokens, run.srcTokens, p.height, { kind: 'enc-self' })}</div>;
    case 'softmax':
      return <div className="figures">{attentionFigure(keys[0], 'enc-self')}</div>;
    case 'weighted':
      return <div className="figures">{headMap(keys[0], run.srcTokens, null, p.height)}</div>;
    case 'concat':
    case 'outproj':
    case 'memory':
      return <div className="figures">{vectorMap(keys[0], run.srcTokens, p.height)}</div>;
    case 'decInput': {
      const prefix = prefixTokens(run, step.decStep ?? 0);
      const ids = run.result.steps[step.decStep ?? 0]?.prefix ?? [];
      return (
        <div className="figures stacked">
          <TokenStrip tokens={prefix} ids={ids} label={`${say(lang, 'tour.step.decInput.title')} · ${shapeText([1, prefix.length])}`} />
          {vectorMap(keys[0], prefix, p.height - 110)}
        </div>
      );
    }
    case 'decMasked': {
      const prefix = prefixTokens(run, step.decStep ?? 0);
      return <div className="figures">{headMap(keys[0], prefix, prefix, p.height, { kind: 'dec-self' })}</div>;
    }
    case 'decWeights':
      return <div className="figures">{attentionFigure(keys[0], 'dec-self', `dec.${p.decoderLayer}.self_attn.masked` as TraceKey)}</div>;
    case 'cross':
      return <div className="figures">{attentionFigure(keys[0], 'cross')}</div>;
    case 'logits':
      return <div className="figures">{barFigure('logits', Math.min(p.height, 320))}</div>;
    case 'probs':
      return <div className="figures">{barFigure('probs', Math.min(p.height, 320))}</div>;
    case 'append':
    case 'stop': {
      const d = step.decStep ?? 0;
      const next = [...prefixTokens(run, d), run.tgtTokens[d]];
      const ids = [...(run.result.steps[d]?.prefix ?? []), run.tokens[d]];
      // the strip wraps onto more rows for long outputs; the chart takes what is left
      const perRow = Math.max(1, Math.floor(p.width / (p.presenting ? 70 : 56)));
      const stripH = 50 + Math.ceil(next.length / perRow) * (p.presenting ? 100 : 88);
      return (
        <div className="figures stacked">
          <TokenStrip tokens={next} ids={ids} label={`${say(lang, step.kind === 'stop' ? 'tour.step.stop.title' : 'tour.step.append.title')} · ${shapeText([1, next.length])}`} highlightLast />
          {barFigure('probs', Math.max(160, Math.min(p.height - stripH, 260)))}
        </div>
      );
    }
  }
}

