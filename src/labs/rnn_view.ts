/**
 * What the RNN lab's page (`#view=rnn`) shows, computed from a walk or from the shipped
 * models' by-length scores, as pure functions of data (no DOM): the chart's series, the
 * numbers written beside the lecture's three complaints about c, one stop of the
 * step-through, and the largest terms of the additive score of one cell.
 */
import type { ModelArch } from '../io/bundle';
import type { LengthSeries, RnnWalk, WalkStop, AdditiveScoreTerms, Alignment, OverwritePoint } from './rnn';
import { summarizeLengthSeries } from './rnn';

/** The two measures of the accuracy-vs-length chart. */
export const LENGTH_METRICS = ['exact', 'token'] as const;
export type LengthMetric = (typeof LENGTH_METRICS)[number];

/** A token as the figures show it: the specials by name. */
export function tokenLabel(t: string): string {
  return t === '<eos>' ? 'EOS' : t === '<bos>' ? 'BOS' : t === '<pad>' ? 'PAD' : t;
}

/** Rows of equal width flattened row by row (a heatmap's values). */
export function flatRows(rows: readonly (readonly number[])[]): Float32Array {
  const W = rows[0]?.length ?? 0;
  const out = new Float32Array(rows.length * W);
  rows.forEach((r, i) => {
    if (r.length !== W) throw new Error(`flatRows: row ${i} has ${r.length} values, row 0 has ${W}`);
    out.set(r, i * W);
  });
  return out;
}

/** One line of the chart per model: x = input length, y = exact match or per-token accuracy (0…1). */
export function lengthChartSeries(series: readonly LengthSeries[], metric: LengthMetric): { id: ModelArch; points: { x: number; y: number }[] }[] {
  return series.map((s) => ({
    id: s.arch,
    points: s.points.map((p) => ({ x: p.length, y: metric === 'exact' ? p.exactMatch : p.tokenAccuracy })),
  }));
}

export interface LengthFacts {
  arch: ModelArch;
  parameters: number;
  /** the longest length measured */
  maxLength: number;
  meanExactMatch: number;
  exactMatchAtMax: number;
  tokenAccuracyAtMax: number;
  /** the shortest length whose exact match is below one half (null: none) */
  firstBelowHalf: number | null;
  /** the longest length whose exact match is still at least 0.9 (null: none) */
  lastAbove90: number | null;
}

/** The numbers the text beside the chart cites, one record per model. */
export function lengthFacts(series: readonly LengthSeries[]): LengthFacts[] {
  return series.map((s) => {
    const sum = summarizeLengthSeries(s);
    const last = s.points[s.points.length - 1];
    let lastAbove90: number | null = null;
    for (const p of s.points) if (p.exactMatch >= 0.9) lastAbove90 = p.length;
    return {
      arch: s.arch, parameters: s.parameters, maxLength: last?.length ?? 0,
      meanExactMatch: sum.meanExactMatch, exactMatchAtMax: sum.exactMatchAtMax, tokenAccuracyAtMax: last?.tokenAccuracy ?? 0,
      firstBelowHalf: sum.firstBelowHalf, lastAbove90,
    };
  });
}

/** How many different input positions the rows of an alignment put their largest weight on. */
export function distinctFoci(a: Alignment): number {
  const seen = new Set<number>();
  for (const row of a.weights) {
    let best = 0;
    row.forEach((v, j) => {
      if (v > row[best]) best = j;
    });
    if (row.length > 0) seen.add(best);
  }
  return seen.size;
}

/**
 * How much of the forward encoder's state after each input token reaches the last state (c of
 * the fixed model) along the GRU's direct path: h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}, so h_j
 * enters h_{S−1} multiplied by ∏_{i>j} z_i, unit by unit; the mean over the units. The last
 * token's share is 1; every later token's update gate shrinks an earlier one's.
 */
export function carriedShare(w: RnnWalk): number[] {
  const z = w.trace.get('enc.fwd.z'); // [1,S,H]
  const [, S, H] = z.shape;
  const out = new Array<number>(S).fill(0);
  const prod = new Float64Array(H).fill(1);
  for (let j = S - 1; j >= 0; j--) {
    out[j] = prod.reduce((a, v) => a + v, 0) / H;
    for (let k = 0; k < H; k++) prod[k] *= z.data[j * H + k];
  }
  return out;
}

/** The mean of `change` over the input tokens after the first (how much of the state each one replaces). */
export function meanChange(points: readonly OverwritePoint[]): number {
  const rest = points.slice(1);
  return rest.length ? rest.reduce((a, p) => a + p.change, 0) / rest.length : 0;
}

export interface TopToken {
  token: string;
  p: number;
}

/** What one stop of the step-through shows. */
export type StopView =
  | { kind: 'encode'; position: number; token: string; state: number[]; change: number }
  | { kind: 'context'; vector: number[] }
  | {
      kind: 'decode'; step: number; prev: string; token: string; p: number; top: TopToken[]; state: number[];
      /** α of this step over the input positions (the attention model only) */
      attention: number[] | null;
      /** the last step, and it chose <eos> */
      eos: boolean;
    };

/** What a stop is looked up in: the walk's arrays, computed once per walk. */
export interface WalkArrays {
  /** the model's target vocabulary (id -> token) */
  vocab: readonly string[];
  encStates: readonly number[][];
  decStates: readonly number[][];
  overwrite: readonly OverwritePoint[];
  context: readonly number[];
  /** the attention model's alignment; null for the fixed model */
  alignment: Alignment | null;
}

/** The state, token, probability and attention row of one stop, looked up in the walk. */
export function stopView(w: RnnWalk, stop: WalkStop, a: WalkArrays): StopView {
  if (stop.kind === 'encode') {
    return { kind: 'encode', position: stop.position, token: w.srcTokens[stop.position], state: [...a.encStates[stop.position]], change: a.overwrite[stop.position]?.change ?? 0 };
  }
  if (stop.kind === 'context') return { kind: 'context', vector: [...a.context] };
  const s = w.result.steps[stop.step];
  const probs = Array.from(s.probs);
  const top = probs.map((p, id) => ({ id, p })).sort((x, y) => y.p - x.p).slice(0, 3);
  return {
    kind: 'decode', step: stop.step,
    prev: stop.step === 0 ? '<bos>' : w.tgtTokens[stop.step - 1],
    token: w.tgtTokens[stop.step], p: probs[s.token] ?? 0,
    top: top.map((o) => ({ token: a.vocab[o.id] ?? `<${o.id}>`, p: o.p })),
    state: [...a.decStates[stop.step]],
    attention: a.alignment ? [...a.alignment.weights[stop.step]] : null,
    eos: stop.step === w.tokens.length - 1 && w.stop === 'eos',
  };
}

export interface ScoreTerm {
  /** index a of the score's hidden width */
  index: number;
  query: number;
  key: number;
  hidden: number;
  v: number;
  product: number;
}

/** The `k` terms v_a·tanh(q_a + k_a) of a cell's score that weigh most, and the sum of the rest. */
export function largestTerms(t: AdditiveScoreTerms, k = 4): { terms: ScoreTerm[]; rest: number; restCount: number } {
  const all: ScoreTerm[] = t.products.map((product, index) => ({ index, query: t.query[index], key: t.key[index], hidden: t.hidden[index], v: t.v[index], product }));
  const top = [...all].sort((a, b) => Math.abs(b.product) - Math.abs(a.product)).slice(0, k);
  const chosen = new Set(top.map((x) => x.index));
  const rest = all.filter((x) => !chosen.has(x.index)).reduce((a, x) => a + x.product, 0);
  return { terms: top, rest, restCount: all.length - top.length };
}

/** The cell of the largest weight of a row (the formula's default cell). */
export function argmaxCell(a: Alignment, row = 0): { row: number; col: number } {
  const w = a.weights[row] ?? [];
  let best = 0;
  w.forEach((v, j) => {
    if (v > w[best]) best = j;
  });
  return { row, col: best };
}
