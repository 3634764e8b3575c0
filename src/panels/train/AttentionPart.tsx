/**
 * The fixed example's attention as training goes: the cross-attention of a decoder layer
 * (rows: decoder inputs, columns: source tokens) and one self-attention head, redrawn at
 * every snapshot, with a time slider to scrub back through the snapshots (at its right end
 * it follows training). For reverse, the share of the weight on the true alignment (output t
 * ↔ letter L − 1 − t, <eos> ↔ <eos>) is computed for the head shown.
 */
import { useId, useMemo, useState } from 'react';
import { useT } from '../../i18n';
import { Heatmap } from '../../components/Heatmap';
import { Room } from '../../components/Room';
import type { AttentionMap, AttentionSnapshot, SnapshotView } from '../../labs/train';
import { fixed, showToken } from './options';

export interface AttentionPartProps {
  snapshots: readonly AttentionSnapshot[];
  view: SnapshotView;
  onView: (v: SnapshotView) => void;
  /** layers of the model, to offer the choice */
  layers: { enc: number; dec: number };
  task: string;
  presenting: boolean;
  narrow: number;
  /** the worker has reported on this model: no snapshot then means its architecture has none */
  reported: boolean;
}

const sameView = (s: AttentionSnapshot, v: SnapshotView) =>
  s.cross.layer === v.crossLayer && s.self.side === v.selfSide && s.self.layer === v.selfLayer;

/** One head of a map, as its own array. */
function headOf(m: AttentionMap, h: number): Float32Array {
  const n = m.rows * m.cols;
  return m.data.slice(h * n, (h + 1) * n);
}

/**
 * For reverse: the mean, over the decoder rows, of the weight on the source position the
 * row should read (row t → source L − 1 − t for the letters, the last row → <eos>).
 */
export function reverseAlignment(m: AttentionMap, h: number): number {
  const L = m.cols - 1; // letters; the last column is <eos>
  const rows = Math.min(m.rows, L + 1);
  if (rows <= 0) return 0;
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const c = r < L ? L - 1 - r : L;
    sum += m.data[(h * m.rows + r) * m.cols + c];
  }
  return sum / rows;
}

export function AttentionPart(p: AttentionPartProps) {
  const t = useT();
  const ids = useId();
  const [crossHead, setCrossHead] = useState(0);
  const [selfHead, setSelfHead] = useState(0);
  /** the step of the snapshot pinned by the slider; null follows training */
  const [pinned, setPinned] = useState<number | null>(null);
  const shown = useMemo(() => p.snapshots.filter((s) => sameView(s, p.view)), [p.snapshots, p.view]);
  const pinnedIndex = pinned === null ? -1 : shown.findIndex((s) => s.step === pinned);
  const index = pinnedIndex >= 0 ? pinnedIndex : shown.length - 1;
  const snap = index >= 0 ? shown[index] : null;
  const heads = snap?.cross.heads ?? 1;
  const ch = Math.min(crossHead, heads - 1), sh = Math.min(selfHead, (snap?.self.heads ?? 1) - 1);
  const crossValues = useMemo(() => (snap ? headOf(snap.cross, ch) : new Float32Array(0)), [snap, ch]);
  const selfValues = useMemo(() => (snap ? headOf(snap.self, sh) : new Float32Array(0)), [snap, sh]);
  const selfMask = useMemo(() => (snap && snap.self.side === 'dec' ? causalMaskOf(snap.self.rows) : undefined), [snap]);
  const exportLabels = useMemo(() => ({ svg: t('train.export.svg'), png: t('train.export.png') }), [t]);
  const fontSize = p.presenting ? 16 : 13;
  const align = snap && p.task === 'reverse' ? reverseAlignment(snap.cross, ch) : null;
  const firstAlign = shown.length > 0 && p.task === 'reverse' ? reverseAlignment(shown[0].cross, ch) : null;
  const sideName = (side: 'enc' | 'dec') => t(side === 'enc' ? 'train.attn.side.enc' : 'train.attn.side.dec');
  const figHeight = (room: { height: number }) => (p.narrow ? Math.max(260, Math.min(520, Math.round(p.narrow * 0.55))) : room.height);

  /** a head picker; `label` names it when it is not the first control of its label */
  const headSelect = (value: number, onChange: (h: number) => void, label?: string) => (
    <select value={value} onChange={(e) => onChange(Number(e.target.value))} aria-label={label}>
      {Array.from({ length: heads }, (_, h) => <option key={h} value={h}>{t('train.attn.headOption', { n: h + 1 })}</option>)}
    </select>
  );

  return (
    <div className="train-attention">
      <div className="train-part-controls" role="group" aria-label={t('train.attn.controls')}>
        <label className="train-inline">
          {t('train.attn.crossHead')}{' '}
          {p.layers.dec > 1 && (
            <>
              <select aria-label={t('train.attn.crossLayer')} value={p.view.crossLayer} onChange={(e) => p.onView({ ...p.view, crossLayer: Number(e.target.value) })}>
                {Array.from({ length: p.layers.dec }, (_, l) => <option key={l} value={l}>{t('train.attn.layerOption', { n: l + 1 })}</option>)}
              </select>{' '}
            </>
          )}
          {headSelect(ch, setCrossHead, p.layers.dec > 1 ? t('train.attn.crossHeadLabel') : undefined)}
        </label>
        <label className="train-inline">
          {t('train.attn.selfSide')}{' '}
          <select
            value={`${p.view.selfSide}.${p.view.selfLayer}`}
            onChange={(e) => {
              const [side, layer] = e.target.value.split('.');
              p.onView({ ...p.view, selfSide: side as 'enc' | 'dec', selfLayer: Number(layer) });
            }}
          >
            {(['enc', 'dec'] as const).flatMap((side) =>
              Array.from({ length: side === 'enc' ? p.layers.enc : p.layers.dec }, (_, l) => (
                <option key={`${side}.${l}`} value={`${side}.${l}`}>{t('train.attn.selfOption', { side: sideName(side), n: l + 1 })}</option>
              )),
            )}
          </select>{' '}
          {headSelect(sh, setSelfHead, t('train.attn.selfHead'))}
        </label>
      </div>
      <div className="train-scrub">
        <label htmlFor={`${ids}-scrub`}>{t('train.attn.scrub')}</label>
        <input
          id={`${ids}-scrub`}
          type="range"
          min={0}
          max={Math.max(0, shown.length - 1)}
          step={1}
          value={Math.max(0, index)}
          disabled={shown.length < 2}
          aria-valuetext={snap ? t('train.attn.scrubValue', { step: snap.step, n: index + 1, total: shown.length }) : t('train.attn.none')}
          onChange={(e) => {
            const i = Number(e.target.value);
            setPinned(i >= shown.length - 1 ? null : shown[i].step);
          }}
        />
        <output htmlFor={`${ids}-scrub`} className="train-scrub-value">
          {snap ? t('train.attn.scrubValue', { step: snap.step, n: index + 1, total: shown.length }) : t('train.attn.none')}
        </output>
        {pinnedIndex >= 0 && (
          <button type="button" className="small" onClick={() => setPinned(null)}>{t('train.attn.follow')}</button>
        )}
      </div>
      {snap && (
        <p className="train-note train-align">
          {align !== null && firstAlign !== null
            ? t('train.attn.align', { head: ch + 1, step: snap.step, share: `${Math.round(align * 100)}%`, first: `${Math.round(firstAlign * 100)}%`, step0: shown[0].step })
            : p.task === 'sort' ? t('train.attn.sortNote') : ''}
        </p>
      )}
      {snap ? (
        <div className="train-attn-figures">
          <Room className="train-cell train-attn-cross" fallback={{ width: 520, height: 420 }}>
            {(room) => (
              <Heatmap
                values={crossValues}
                rows={snap.cross.rows}
                cols={snap.cross.cols}
                rowLabels={snap.cross.rowTokens.map(showToken)}
                colLabels={snap.cross.colTokens.map(showToken)}
                rowTitle={t('train.attn.rowTitle')}
                colTitle={t('train.attn.colTitle')}
                maxWidth={room.width - 4}
                maxHeight={figHeight(room) - 120}
                fontSize={fontSize}
                maxNumberFont={p.presenting ? 24 : 18}
                maxCell={p.presenting ? 110 : undefined}
                numbers
                domain={{ min: 0, max: 1 }}
                label={t('train.attn.crossLabel', { layer: snap.cross.layer + 1, head: ch + 1, step: snap.step })}
                caption={t('train.attn.crossCaption', { layer: snap.cross.layer + 1, head: ch + 1, step: snap.step, rows: snap.cross.rows, cols: snap.cross.cols })}
                describeCell={(r, c, v) => t('train.attn.cell', { row: showToken(snap.cross.rowTokens[r]), col: showToken(snap.cross.colTokens[c]), r: r + 1, c: c + 1, w: fixed(v, 3) })}
                legendLabel={t('train.attn.legend')}
                exportLabels={exportLabels}
                fileName={`${p.task}-train-step${snap.step}-dec.${snap.cross.layer}.cross_attn.weights-L${snap.cross.layer + 1}-H${ch + 1}`}
              />
            )}
          </Room>
          <Room className="train-cell train-attn-self" fallback={{ width: 360, height: 420 }}>
            {(room) => (
              <Heatmap
                values={selfValues}
                rows={snap.self.rows}
                cols={snap.self.cols}
                rowLabels={snap.self.rowTokens.map(showToken)}
                colLabels={snap.self.colTokens.map(showToken)}
                rowTitle={t('train.attn.selfRowTitle')}
                colTitle={t('train.attn.selfColTitle')}
                maxWidth={room.width - 4}
                maxHeight={figHeight(room) - 120}
                fontSize={fontSize}
                maxNumberFont={p.presenting ? 24 : 18}
                maxCell={p.presenting ? 110 : undefined}
                numbers
                domain={{ min: 0, max: 1 }}
                masked={selfMask}
                maskedLegend={t('train.attn.masked')}
                label={t('train.attn.selfLabel', { side: sideName(snap.self.side), layer: snap.self.layer + 1, head: sh + 1, step: snap.step })}
                caption={t('train.attn.selfCaption', { side: sideName(snap.self.side), layer: snap.self.layer + 1, head: sh + 1, rows: snap.self.rows, cols: snap.self.cols })}
                describeCell={(r, c, v) => t('train.attn.cell', { row: showToken(snap.self.rowTokens[r]), col: showToken(snap.self.colTokens[c]), r: r + 1, c: c + 1, w: fixed(v, 3) })}
                legendLabel={t('train.attn.legend')}
                legendWidth={110}
                exportLabels={exportLabels}
                fileName={`${p.task}-train-step${snap.step}-${snap.self.side}.${snap.self.layer}.self_attn.weights-L${snap.self.layer + 1}-H${sh + 1}`}
              />
            )}
          </Room>
        </div>
      ) : (
        <p className="hint">{t(p.reported ? 'train.attn.noneArch' : 'train.attn.none')}</p>
      )}
    </div>
  );
}

/** The causal mask of a decoder self-attention map as cell flags (1 = masked: a later position). */
function causalMaskOf(n: number): Uint8Array {
  const m = new Uint8Array(n * n);
  for (let r = 0; r < n; r++) for (let c = r + 1; c < n; c++) m[r * n + c] = 1;
  return m;
}
