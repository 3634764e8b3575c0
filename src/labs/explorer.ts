/**
 * The trace explorer as data: every named tensor of a tour run (the encoder's
 * pass and each decoding step's), grouped as the forward pass recorded them; a
 * filter by name; the letters of each axis; a 2-D slice of any entry (two axes
 * shown, an index picked for every other one); min / max / mean; and the step of
 * the tour's walk that shows an entry. Nothing here computes the model again:
 * it only reads what the run recorded.
 */
import type { Tensor } from '../core';
import type { Trace, TraceKey } from '../model';
import type { TourRun, TourStep } from '../tour';

/** A pass of the run: 0 is the encoder, t + 1 is decoding step t (counted from 0 in the run). */
export type PassIndex = number;

export const ENCODER_PASS: PassIndex = 0;

/** The trace of a pass, or null when the run has no such pass. */
export function traceOfPass(run: TourRun, pass: PassIndex): Trace | null {
  if (pass === ENCODER_PASS) return run.result.encoderTrace;
  return run.result.steps[pass - 1]?.trace ?? null;
}

/** How many passes the run has: the encoder and one per generated token. */
export function passCount(run: TourRun): number {
  return 1 + run.result.steps.length;
}

export type GroupKind = 'embedding' | 'encLayer' | 'encOutput' | 'decLayer' | 'output';

/** The part of the model an entry belongs to; `layer` counts from 0, as in the key. */
export interface EntryGroup {
  kind: GroupKind;
  layer?: number;
}

export interface ExplorerEntry {
  key: TraceKey;
  shape: readonly number[];
  group: EntryGroup;
}

export interface EntryGroupList {
  /** stable id, e.g. `encLayer.0` */
  id: string;
  group: EntryGroup;
  entries: ExplorerEntry[];
}

/** The group of a trace key. */
export function groupOf(key: string): EntryGroup {
  const m = /^(enc|dec)\.(\d+)\./.exec(key);
  if (m) return { kind: m[1] === 'enc' ? 'encLayer' : 'decLayer', layer: Number(m[2]) };
  if (key === 'enc.memory') return { kind: 'encOutput' };
  if (/^(enc|dec)\.(embed|pos|input)$/.test(key)) return { kind: 'embedding' };
  return { kind: 'output' };
}

/** Every entry of a pass, in the order the forward pass recorded them. */
export function entriesOf(run: TourRun, pass: PassIndex): ExplorerEntry[] {
  const trace = traceOfPass(run, pass);
  if (!trace) return [];
  return [...trace].map(([key, t]) => ({ key, shape: t.shape, group: groupOf(key) }));
}

/**
 * The entries whose key holds every word of `query` (case-insensitive, words
 * split on spaces): `weights`, `dec.1 cross`, `self_attn.q`. An empty query keeps all.
 */
export function filterEntries(entries: readonly ExplorerEntry[], query: string): ExplorerEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return [...entries];
  return entries.filter((e) => {
    const key = e.key.toLowerCase();
    return words.every((w) => key.includes(w));
  });
}

/** Entries grouped by the part of the model, groups in order of their first entry. */
export function groupEntries(entries: readonly ExplorerEntry[]): EntryGroupList[] {
  const out: EntryGroupList[] = [];
  for (const e of entries) {
    const id = e.group.layer === undefined ? e.group.kind : `${e.group.kind}.${e.group.layer}`;
    let g = out.find((x) => x.id === id);
    if (!g) {
      g = { id, group: e.group, entries: [] };
      out.push(g);
    }
    g.entries.push(e);
  }
  return out;
}

/**
 * The letters of the axes (README: B batch, H heads, S source positions, T decoder
 * positions, D model width, Dh head width, F feed-forward width, V vocabulary).
 */
export type AxisLetter = 'B' | 'H' | 'S' | 'T' | 'D' | 'Dh' | 'F' | 'V';

/** The axis letters of an entry, read from its key; null when the key and the rank do not agree. */
export function axesOf(key: string, rank: number): AxisLetter[] | null {
  const dec = key.startsWith('dec.') || key === 'logits' || key === 'probs' || key === 'log_probs';
  const P: AxisLetter = dec ? 'T' : 'S';
  let axes: AxisLetter[];
  if (key === 'enc.pos' || key === 'dec.pos') axes = [P, 'D'];
  else if (key === 'logits' || key === 'probs' || key === 'log_probs') axes = ['B', 'T', 'V'];
  else {
    const attn = /\.(self_attn|cross_attn)\.(\w+)$/.exec(key);
    if (attn) {
      const cross = attn[1] === 'cross_attn';
      const keyPos: AxisLetter = cross ? 'S' : P; // keys and values of cross-attention come from the memory
      switch (attn[2]) {
        case 'q':
        case 'head_out':
          axes = ['B', 'H', P, 'Dh'];
          break;
        case 'k':
        case 'v':
          axes = ['B', 'H', keyPos, 'Dh'];
          break;
        case 'scores':
        case 'scaled':
        case 'masked':
        case 'weights':
          axes = ['B', 'H', P, keyPos];
          break;
        default: // concat, out
          axes = ['B', P, 'D'];
      }
    } else if (key.endsWith('.ffn.hidden')) axes = ['B', P, 'F'];
    else axes = ['B', P, 'D'];
  }
  return axes.length === rank ? axes : null;
}

/** Which two axes a 2-D view shows, and the index taken on every other axis. */
export interface SliceSpec {
  /** the axis drawn down the rows, or -1 for a single row (a vector) */
  rowAxis: number;
  /** the axis drawn across the columns */
  colAxis: number;
  /** one index per axis; those of the row and column axes are not used */
  index: number[];
}

/** The usual view: the last two axes, index 0 on the others (batch item 0, head 0). */
export function defaultSlice(shape: readonly number[]): SliceSpec {
  const r = shape.length;
  return { rowAxis: r >= 2 ? r - 2 : -1, colAxis: Math.max(0, r - 1), index: new Array<number>(r).fill(0) };
}

/** A slice made valid for a shape: distinct axes in range, every index within its axis. */
export function fitSlice(spec: SliceSpec, shape: readonly number[]): SliceSpec {
  const r = shape.length;
  const d = defaultSlice(shape);
  const inRange = (a: number) => Number.isInteger(a) && a >= 0 && a < r;
  let colAxis = inRange(spec.colAxis) ? spec.colAxis : d.colAxis;
  let rowAxis = r >= 2 ? (inRange(spec.rowAxis) ? spec.rowAxis : d.rowAxis) : -1;
  if (rowAxis === colAxis) {
    rowAxis = d.rowAxis;
    colAxis = d.colAxis;
  }
  const index = shape.map((n, a) => {
    const i = spec.index[a];
    return Number.isInteger(i) && i >= 0 && i < n ? i : 0;
  });
  return { rowAxis, colAxis, index };
}

/** Shows `axis` down the rows (`which` = 'row') or across the columns; the two swap when they would collide. */
export function withAxis(spec: SliceSpec, which: 'row' | 'col', axis: number): SliceSpec {
  if (which === 'row') {
    return axis === spec.colAxis ? { ...spec, rowAxis: axis, colAxis: spec.rowAxis } : { ...spec, rowAxis: axis };
  }
  return axis === spec.rowAxis ? { ...spec, colAxis: axis, rowAxis: spec.colAxis } : { ...spec, colAxis: axis };
}

export interface Slice2D {
  rows: number;
  cols: number;
  /** row-major */
  values: Float32Array;
}

/** The 2-D slice of a tensor: rows along `rowAxis`, columns along `colAxis`, the other axes at their index. */
export function sliceOf(t: Tensor, spec: SliceSpec): Slice2D {
  const shape = t.shape;
  const s = fitSlice(spec, shape);
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let a = shape.length - 1; a >= 0; a--) {
    strides[a] = acc;
    acc *= shape[a];
  }
  let base = 0;
  for (let a = 0; a < shape.length; a++) if (a !== s.rowAxis && a !== s.colAxis) base += s.index[a] * strides[a];
  const rows = s.rowAxis >= 0 ? shape[s.rowAxis] : 1;
  const cols = shape.length > 0 ? shape[s.colAxis] : 1;
  const rs = s.rowAxis >= 0 ? strides[s.rowAxis] : 0;
  const cs = shape.length > 0 ? strides[s.colAxis] : 0;
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values[i * cols + j] = t.data[base + i * rs + j * cs];
  return { rows, cols, values };
}

/** The slice written as an index expression on the key: `enc.0.self_attn.weights[0,1,:,:]`. */
export function sliceText(key: string, spec: SliceSpec, rank: number): string {
  const parts = Array.from({ length: rank }, (_, a) => (a === spec.rowAxis || a === spec.colAxis ? ':' : String(spec.index[a] ?? 0)));
  return `${key}[${parts.join(',')}]`;
}

export interface ValueStats {
  /** how many values */
  count: number;
  /** smallest, largest and mean of the finite values; null when there is none */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** values that are −∞ (masked before a softmax) */
  negInf: number;
  /** values that are +∞ or NaN (none in a healthy pass; reported, never averaged) */
  other: number;
}

/** Min, max and mean over the finite values (mean accumulated in float64), with the non-finite ones counted apart. */
export function statsOf(values: ArrayLike<number>): ValueStats {
  let min = Infinity, max = -Infinity, sum = 0, finite = 0, negInf = 0, other = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      finite++;
    } else if (v === -Infinity) negInf++;
    else other++;
  }
  return {
    count: values.length,
    min: finite > 0 ? min : null,
    max: finite > 0 ? max : null,
    mean: finite > 0 ? sum / finite : null,
    negInf,
    other,
  };
}

/** The tour step that shows an entry. */
export interface StepLink {
  /** index of the step in the walk (from 0) */
  step: number;
}

/**
 * The first step of the walk that draws `key` in pass `pass`, read from the steps'
 * trace keys (every step names its own layer, so the key alone finds it). Null when
 * no step shows the entry.
 */
export function stepShowing(walk: readonly TourStep[], pass: PassIndex, key: string): StepLink | null {
  for (let i = 0; i < walk.length; i++) {
    const s = walk[i];
    const inPass = pass === ENCODER_PASS ? s.decStep === undefined : s.decStep === pass - 1;
    if (inPass && (s.traceKeys as readonly string[]).includes(key)) return { step: i };
  }
  return null;
}

/** The position of the head axis in an entry's axes, or -1. */
export function headAxis(axes: readonly AxisLetter[] | null): number {
  return axes ? axes.indexOf('H') : -1;
}
