/**
 * The RNN lab's logic, as pure functions of data (no DOM): what the page shows about the
 * fixed context vector, additive attention and the Transformer on the same task.
 *
 * - `runRnnWalk`: a model run on a typed input, greedy to <eos>, with every step's trace,
 *   the encoder's state after every input token and the context vector c; `walkStops`
 *   orders it into steps for the tour's controls.
 * - `overwriteSeries`: how much each encoder state replaces the one before it.
 * - `alignmentMatrix` / `transformerCrossAttention`: output steps × input positions.
 * - `additiveScoreTerms`: the numbers of e_tj = vᵀ tanh(W_q s_{t−1} + W_k h_j) for one cell.
 * - `lengthSeries`: exact match and token accuracy by input length of the shipped models.
 * - `RnnLabLoader`: the three bundles of a task, fetched by relative URLs.
 */
import type { Tensor } from '../core';
import {
  rnnGreedyDecode, type RnnArch, type RnnGreedyResult, type RnnModel, type RnnTrace,
} from '../model';
import { greedyDecode } from '../decode/greedy';
import { getTask, validateInput, type InputProblem, type LengthScore, type Task } from '../tasks';
import { readBundle, type ModelArch, type ModelBundle, type ModelMeta } from '../io/bundle';
import { modelFileName, readRnnBundle, type RnnModelBundle } from '../io/rnn_bundle';

// ------------------------------------------------------------ loading

/** The task whose three models the lab compares. */
export const RNN_LAB_TASK = 'reverse-long';

/** The lab's architectures, in the order the lectures tell the story. */
export const RNN_LAB_ARCHS: readonly ModelArch[] = ['rnn-fixed', 'rnn-attention', 'transformer'];

export type LabBundle =
  | { arch: 'transformer'; bundle: ModelBundle }
  | { arch: RnnArch; bundle: RnnModelBundle };

/** The relative URLs of a model's two files (`models/reverse-long-rnn-fixed.json` …). */
export function labModelUrls(task: string, arch: ModelArch, base = 'models/'): { json: string; safetensors: string } {
  const name = modelFileName(task, arch);
  return { json: `${base}${name}.json`, safetensors: `${base}${name}.safetensors` };
}

/** Reads either kind of bundle by the `arch` its .json declares (absent: a Transformer). */
export function readLabBundle(jsonText: string, safetensors: Uint8Array): LabBundle {
  let arch: unknown;
  try {
    arch = (JSON.parse(jsonText) as { arch?: unknown }).arch;
  } catch (e) {
    throw new Error(`model bundle: the .json file is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (arch === undefined || arch === 'transformer') return { arch: 'transformer', bundle: readBundle(jsonText, safetensors) };
  const b = readRnnBundle(jsonText, safetensors);
  return { arch: b.meta.arch, bundle: b };
}

export type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> }>;

/** Loads each (task, arch) model once; a failed load is forgotten so that it can be retried. */
export class RnnLabLoader {
  private readonly cache = new Map<string, Promise<LabBundle>>();

  constructor(private readonly fetchFn: FetchLike, private readonly base = 'models/') {}

  load(task: string, arch: ModelArch): Promise<LabBundle> {
    const key = `${task}|${arch}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.fetchOne(task, arch);
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
    }
    return p;
  }

  private async fetchOne(task: string, arch: ModelArch): Promise<LabBundle> {
    const urls = labModelUrls(task, arch, this.base);
    const [j, s] = await Promise.all([this.fetchFn(urls.json), this.fetchFn(urls.safetensors)]);
    if (!j.ok) throw new Error(`${urls.json}: HTTP ${j.status}`);
    if (!s.ok) throw new Error(`${urls.safetensors}: HTTP ${s.status}`);
    const b = readLabBundle(await j.text(), new Uint8Array(await s.arrayBuffer()));
    if (b.arch !== arch) throw new Error(`${urls.json} holds a model of arch ${b.arch}, not ${arch}`);
    if (b.bundle.meta.task !== task) throw new Error(`${urls.json} holds a model of “${b.bundle.meta.task}”, not “${task}”`);
    return b;
  }
}

// ------------------------------------------------------------ accuracy by length

export interface LengthSeries {
  arch: ModelArch;
  parameters: number;
  points: LengthScore[];
}

/** The by-length scores stored in each model's .json, in the order given; a model without them is named. */
export function lengthSeries(models: readonly { arch: ModelArch; meta: Pick<ModelMeta, 'metrics' | 'parameters' | 'task'> }[]): LengthSeries[] {
  return models.map(({ arch, meta }) => {
    const bl = meta.metrics?.byLength;
    if (!bl || meta.parameters === undefined) throw new Error(`the ${arch} model of ${meta.task} stores no by-length scores (train it again with npm run train)`);
    return { arch, parameters: meta.parameters, points: bl.lengths };
  });
}

export interface LengthSummary {
  arch: ModelArch;
  /** mean exact match over the lengths */
  meanExactMatch: number;
  /** exact match at the longest length */
  exactMatchAtMax: number;
  /** the shortest length whose exact match is below one half (null: none) */
  firstBelowHalf: number | null;
}

/** A few numbers that say what a curve does, for the text beside the chart. */
export function summarizeLengthSeries(s: LengthSeries): LengthSummary {
  const pts = s.points;
  const mean = pts.reduce((a, p) => a + p.exactMatch, 0) / Math.max(1, pts.length);
  const below = pts.find((p) => p.exactMatch < 0.5);
  return { arch: s.arch, meanExactMatch: mean, exactMatchAtMax: pts.length ? pts[pts.length - 1].exactMatch : 0, firstBelowHalf: below ? below.length : null };
}

// ------------------------------------------------------------ a run on a typed input

export interface RnnWalk {
  arch: RnnArch;
  task: string;
  source: string;
  /** source ids (with <eos>) and their display strings */
  srcIds: number[];
  srcTokens: string[];
  /** generated ids (<eos> included when produced) and their display strings */
  tokens: number[];
  tgtTokens: string[];
  output: string;
  stop: 'eos' | 'max_len';
  /** the encoder's entries and every decoder step's, stacked along the steps (batch 1) */
  trace: RnnTrace;
  result: RnnGreedyResult;
  /** H, the state width (per direction) */
  hidden: number;
}

export type RnnWalkOutcome =
  | { ok: true; walk: RnnWalk }
  | { ok: false; problems: InputProblem[] }
  | { ok: false; error: string };

/** Everything wrong with an input for a task and a model (empty = it can run). */
export function rnnInputProblems(task: Task, model: RnnModel, srcEos: boolean, text: string): InputProblem[] {
  const problems = validateInput(task, text);
  if (problems.length > 0) return problems;
  const max = model.config.maxLen - (srcEos ? 1 : 0);
  const length = [...text].length;
  return length > max ? [{ kind: 'tooLong', length, max }] : [];
}

/** Validates, encodes and decodes greedily with the full trace; never throws on any text. */
export function runRnnWalk(b: RnnModelBundle, text: string): RnnWalkOutcome {
  let task: Task;
  try {
    task = getTask(b.meta.task);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  const problems = rnnInputProblems(task, b.model, b.meta.srcEos, text);
  if (problems.length > 0) return { ok: false, problems };
  try {
    const srcIds = task.srcVocab.encode(text, { eos: b.meta.srcEos });
    const result = rnnGreedyDecode(b.model, srcIds, { trace: true });
    const tok = (vocab: readonly string[], id: number) => vocab[id] ?? `<${id}>`;
    return {
      ok: true,
      walk: {
        arch: b.meta.arch, task: task.name, source: text, srcIds,
        srcTokens: srcIds.map((id) => tok(b.meta.srcVocab, id)),
        tokens: result.tokens, tgtTokens: result.tokens.map((id) => tok(b.meta.tgtVocab, id)),
        output: task.tgtVocab.decode(result.tokens), stop: result.stop,
        trace: result.trace!, result, hidden: b.model.config.hiddenSize,
      },
    };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** One stop of the lab's step-through: an input token read, the context formed, or an output step. */
export type WalkStop =
  | { kind: 'encode'; position: number }
  | { kind: 'context' }
  | { kind: 'decode'; step: number };

/** The step-through in order: every input token, then c (or s_0), then every output token to <eos>. */
export function walkStops(w: RnnWalk): WalkStop[] {
  return [
    ...w.srcIds.map((_, position) => ({ kind: 'encode', position }) as WalkStop),
    { kind: 'context' },
    ...w.tokens.map((_, step) => ({ kind: 'decode', step }) as WalkStop),
  ];
}

function rows(t: Tensor, batchRow = 0): number[][] {
  // [B, N, W] -> the N rows of width W of one batch row
  const [, N, W] = t.shape;
  const out: number[][] = [];
  for (let i = 0; i < N; i++) out.push(Array.from(t.data.subarray((batchRow * N + i) * W, (batchRow * N + i + 1) * W)));
  return out;
}

/** The encoder's state after every input token [S][D·H] (bidirectional: → then ←). */
export function encoderStates(w: RnnWalk): number[][] {
  return rows(w.trace.get('enc.states'));
}

/** The vector the decoder starts from: c for rnn-fixed (the whole source in H numbers), s_0 for rnn-attention. */
export function contextVector(w: RnnWalk): number[] {
  const key = w.arch === 'rnn-fixed' ? 'context' : 'dec.init';
  return Array.from(w.trace.get(key).data);
}

/** The decoder state after every output step [T][H]. */
export function decoderStates(w: RnnWalk): number[][] {
  return rows(w.trace.get('dec.states'));
}

export interface OverwritePoint {
  position: number;
  token: string;
  /** mean update gate z̄ over the state's units: the share of the previous state kept */
  keep: number;
  /** ‖h_j − h_{j−1}‖ / ‖h_j‖ (h_{−1} = 0): how much of the state is new */
  change: number;
}

/** For the forward encoder: how much each input token overwrites the state before it. */
export function overwriteSeries(w: RnnWalk): OverwritePoint[] {
  const H = w.hidden;
  const z = rows(w.trace.get('enc.fwd.z'));
  const states = encoderStates(w).map((s) => s.slice(0, H));
  return states.map((h, j) => {
    const prev = j === 0 ? new Array<number>(H).fill(0) : states[j - 1];
    let d = 0, n = 0;
    for (let k = 0; k < H; k++) {
      d += (h[k] - prev[k]) ** 2;
      n += h[k] ** 2;
    }
    return { position: j, token: w.srcTokens[j], keep: z[j].reduce((a, v) => a + v, 0) / H, change: n > 0 ? Math.sqrt(d / n) : 0 };
  });
}

export interface Alignment {
  /** output tokens (rows) and input tokens (columns) */
  rowLabels: string[];
  colLabels: string[];
  /** [T][S] weights, each row summing to 1 */
  weights: number[][];
}

/** The additive-attention model's alignment matrix: output steps × input positions (the lecture's picture). */
export function alignmentMatrix(w: RnnWalk): Alignment {
  if (w.arch !== 'rnn-attention') throw new Error(`alignmentMatrix: the ${w.arch} model has no attention weights`);
  return { rowLabels: w.tgtTokens, colLabels: w.srcTokens, weights: rows(w.trace.get('attn.weights')) };
}

/**
 * The Transformer's cross-attention for the same input, greedy to <eos>: layer `layer`,
 * head `head`, or the mean over heads when `head` is 'mean'. Rows are output steps.
 */
export function transformerCrossAttention(b: ModelBundle, text: string, layer: number, head: number | 'mean' = 'mean'): Alignment {
  const task = getTask(b.meta.task);
  const srcIds = task.srcVocab.encode(text, { eos: b.meta.srcEos });
  const r = greedyDecode(b.model, srcIds, { trace: true });
  const { numDecoderLayers, nHead } = b.model.config;
  if (!Number.isInteger(layer) || layer < 0 || layer >= numDecoderLayers) throw new Error(`transformerCrossAttention: layer ${layer} is outside 0..${numDecoderLayers - 1}`);
  if (head !== 'mean' && !(Number.isInteger(head) && head >= 0 && head < nHead)) throw new Error(`transformerCrossAttention: head ${head} is outside 0..${nHead - 1}`);
  const last = r.steps[r.steps.length - 1].trace!.get(`dec.${layer}.cross_attn.weights`); // [1,H,T,S]
  const [, H, T, S] = last.shape;
  const weights: number[][] = [];
  for (let t = 0; t < T; t++) {
    const row = new Array<number>(S).fill(0);
    for (let h = 0; h < H; h++) {
      if (head !== 'mean' && h !== head) continue;
      for (let j = 0; j < S; j++) row[j] += last.data[(h * T + t) * S + j] / (head === 'mean' ? H : 1);
    }
    weights.push(row);
  }
  return {
    rowLabels: r.tokens.map((id) => b.meta.tgtVocab[id] ?? `<${id}>`),
    colLabels: srcIds.map((id) => b.meta.srcVocab[id] ?? `<${id}>`),
    weights,
  };
}

export interface AdditiveScoreTerms {
  /** output step t (0-based: the step that chose output token t) and input position j */
  step: number;
  position: number;
  /** W_q s_{t−1} [A] */
  query: number[];
  /** W_k h_j [A] */
  key: number[];
  /** W_q s_{t−1} + W_k h_j [A] */
  sum: number[];
  /** tanh of the sum [A] (as the forward pass recorded it) */
  hidden: number[];
  /** v [A] */
  v: number[];
  /** v_a · tanh(…)_a [A]; they add up to the score */
  products: number[];
  /** e_tj, as the forward pass recorded it */
  score: number;
  /** α_tj after the softmax over the input positions */
  weight: number;
}

/** The numbers behind one cell of the alignment matrix, looked up in the walk's trace. */
export function additiveScoreTerms(w: RnnWalk, v: Tensor, step: number, position: number): AdditiveScoreTerms {
  if (w.arch !== 'rnn-attention') throw new Error(`additiveScoreTerms: the ${w.arch} model has no additive score`);
  const T = w.tokens.length, S = w.srcIds.length;
  if (!Number.isInteger(step) || step < 0 || step >= T) throw new Error(`additiveScoreTerms: step ${step} is outside 0..${T - 1}`);
  if (!Number.isInteger(position) || position < 0 || position >= S) throw new Error(`additiveScoreTerms: position ${position} is outside 0..${S - 1}`);
  const A = w.trace.get('attn.keys').shape[2];
  if (v.size !== A) throw new Error(`additiveScoreTerms: v has ${v.size} numbers, the score's hidden width is ${A}`);
  const query = Array.from(w.trace.get('attn.query').data.subarray(step * A, (step + 1) * A));
  const key = Array.from(w.trace.get('attn.keys').data.subarray(position * A, (position + 1) * A));
  const hidden = Array.from(w.trace.get('attn.hidden').data.subarray((step * S + position) * A, (step * S + position + 1) * A));
  const vv = Array.from(v.data);
  return {
    step, position, query, key,
    sum: query.map((q, a) => q + key[a]),
    hidden, v: vv,
    products: hidden.map((h, a) => vv[a] * h),
    score: w.trace.get('attn.scores').data[step * S + position],
    weight: w.trace.get('attn.weights').data[step * S + position],
  };
}
