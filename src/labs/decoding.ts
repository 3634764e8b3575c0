/**
 * The decoding lab's logic, as pure functions of data (no DOM): what the page shows,
 * computed by src/decode on real models, testable in Node.
 *
 *   - settings: clamping every control to its range, with a note for the page;
 *   - the lecture's toy example: two letters (A, B) and EOS with editable probabilities;
 *   - the beam-search tree of a model on one input, trimmed and grown step by step;
 *   - the next-token distribution before and after temperature, top-k and top-p;
 *   - side by side: greedy, beam and N samples — distinct outputs with their counts,
 *     log-probabilities and BLEU against the reference;
 *   - error propagation: a wrong token forced at one step, the free-running continuation
 *     after it, and the teacher-forced predictions where every step sees the truth;
 *   - AT against NAT on one input: decoder passes, time, output;
 *   - the measured numbers stored in the models' .json (greedy vs beam, multi-modality).
 */
import type { NatModel, Seq2SeqModel } from '../model';
import {
  BEAM_WIDTH_RANGE, LENGTH_PENALTY_RANGE, beamSearch, pathTo, type BeamFate, type BeamResult, type BeamTree,
} from '../decode/beam';
import { TEMPERATURE_RANGE, TOP_P_RANGE, sampleMany, transformDistribution, type SampleDistribution } from '../decode/sample';
import { forcedDecode, teacherForced, type ForcedResult, type TeacherForcedStep } from '../decode/forced';
import { modelNextToken, tableNextToken, type NextToken } from '../decode/next';
import { greedyDecode } from '../decode/greedy';
import { natGreedy } from '../decode/nat';
import type { DecodingComparison } from '../decode/compare';
import { bleu, closestReference, referencesOf, type FormStats, type Task } from '../tasks';
import { readNatBundle, type NatBundle } from '../io/nat_bundle';

// ------------------------------------------------------------------ settings

export type DecodingSetting = 'width' | 'alpha' | 'temperature' | 'topK' | 'topP' | 'seed' | 'samples';

export interface SettingRange {
  min: number;
  max: number;
  /** whole numbers only (a fraction is rounded) */
  integer: boolean;
}

/** The controls' ranges; top-k's maximum is the model's vocabulary (see clampSetting). */
export const SETTING_RANGES: Readonly<Record<DecodingSetting, SettingRange>> = {
  width: { ...BEAM_WIDTH_RANGE, integer: true },
  alpha: { ...LENGTH_PENALTY_RANGE, integer: false },
  temperature: { ...TEMPERATURE_RANGE, integer: false },
  topK: { min: 0, max: 64, integer: true },
  topP: { ...TOP_P_RANGE, integer: false },
  seed: { min: 0, max: 2 ** 32 - 1, integer: true },
  samples: { min: 1, max: 50, integer: true },
};

export const DEFAULT_SETTINGS: Readonly<Record<DecodingSetting, number>> = {
  width: 4, alpha: 0, temperature: 1, topK: 0, topP: 1, seed: 1, samples: 20,
};

/** What the page says when a value was out of range: the setting, what was asked, what is used, the range. */
export interface ClampNote {
  setting: DecodingSetting;
  given: number;
  used: number;
  min: number;
  max: number;
}

/**
 * A value brought into its setting's range (a fraction rounded for whole-number settings;
 * something that is not a number becomes the default), with a note when it changed.
 * `max` overrides the range's maximum (top-k: the vocabulary size).
 */
export function clampSetting(setting: DecodingSetting, value: number, max?: number): { value: number; note: ClampNote | null } {
  const r = SETTING_RANGES[setting];
  const hi = max ?? r.max;
  let v = Number.isFinite(value) ? value : DEFAULT_SETTINGS[setting];
  if (r.integer) v = Math.round(v);
  v = Math.min(hi, Math.max(r.min, v));
  return { value: v, note: v === value ? null : { setting, given: value, used: v, min: r.min, max: hi } };
}

/** Every setting clamped; the notes list each that changed. `vocabSize` bounds top-k. */
export function clampSettings(
  given: Partial<Record<DecodingSetting, number>>, vocabSize?: number,
): { settings: Record<DecodingSetting, number>; notes: ClampNote[] } {
  const settings = { ...DEFAULT_SETTINGS };
  const notes: ClampNote[] = [];
  for (const key of Object.keys(SETTING_RANGES) as DecodingSetting[]) {
    const v = given[key];
    if (v === undefined) continue;
    const c = clampSetting(key, v, key === 'topK' ? vocabSize : undefined);
    settings[key] = c.value;
    if (c.note) notes.push(c.note);
  }
  return { settings, notes };
}

// ------------------------------------------------------------------ the lecture's toy example

/** The toy vocabulary: EOS, A, B (ids 0, 1, 2). */
export const TOY_TOKENS = ['<eos>', 'A', 'B'] as const;
export const TOY_EOS = 0;

/**
 * The toy decoder: `depth` letters, then EOS for sure. `pA[prefix]` is P(A | prefix) for
 * every prefix of fewer than `depth` letters (written as a string of A and B, '' first);
 * P(B | prefix) = 1 − P(A | prefix); EOS has probability 0 before `depth` letters.
 */
export interface ToyTree {
  depth: number;
  pA: Record<string, number>;
}

/** Greedy takes A (0.6) and ends with probability 0.6 · 0.55 = 0.33; B then B has 0.4 · 0.9 = 0.36. */
export const TOY_DEFAULT: ToyTree = { depth: 2, pA: { '': 0.6, A: 0.55, B: 0.1 } };

/** Every prefix the toy asks P(A | prefix) for, shortest first ('', 'A', 'B', 'AA', …). */
export function toyPrefixes(depth: number): string[] {
  let level = [''];
  const out: string[] = [];
  for (let d = 0; d < depth; d++) {
    out.push(...level);
    level = level.flatMap((p) => [`${p}A`, `${p}B`]);
  }
  return out;
}

/** Depth 1–3 and every probability in [0, 1] (missing ones 0.5), with notes for what changed. */
export function clampToy(t: ToyTree): { tree: ToyTree; notes: { prefix: string; given: number; used: number }[] } {
  const depth = Math.min(3, Math.max(1, Math.round(Number.isFinite(t.depth) ? t.depth : 2)));
  const pA: Record<string, number> = {};
  const notes: { prefix: string; given: number; used: number }[] = [];
  for (const p of toyPrefixes(depth)) {
    const given = t.pA[p];
    const used = given === undefined || !Number.isFinite(given) ? 0.5 : Math.min(1, Math.max(0, given));
    if (given !== undefined && used !== given) notes.push({ prefix: p, given, used });
    pA[p] = used;
  }
  return { tree: { depth, pA }, notes };
}

export function toyNextToken(t: ToyTree): NextToken {
  const { tree } = clampToy(t);
  const label = (p: readonly number[]) => p.map((id) => TOY_TOKENS[id]).join('');
  return tableNextToken(3, TOY_EOS, tree.depth + 1, (prefix) =>
    prefix.length >= tree.depth ? [1, 0, 0] : [0, tree.pA[label(prefix)], 1 - tree.pA[label(prefix)]],
  );
}

export interface ToyPath {
  /** e.g. "AB" */
  text: string;
  tokens: number[];
  probability: number;
}

export interface ToyExample {
  tree: ToyTree;
  /** every complete output with its probability, most probable first */
  paths: ToyPath[];
  greedy: BeamResult;
  beam: BeamResult;
  /** whether beam search found a more probable output than greedy */
  beamBetter: boolean;
}

/** Greedy (width 1) and beam search of `width` on the toy, and every path's probability. */
export function toyExample(t: ToyTree = TOY_DEFAULT, width = 2): ToyExample {
  const { tree } = clampToy(t);
  const next = toyNextToken(tree);
  const paths: ToyPath[] = [];
  const walk = (tokens: number[], p: number) => {
    if (tokens.length === tree.depth) {
      paths.push({ text: tokens.map((id) => TOY_TOKENS[id]).join(''), tokens: [...tokens, TOY_EOS], probability: p });
      return;
    }
    const pA = tree.pA[tokens.map((id) => TOY_TOKENS[id]).join('')];
    walk([...tokens, 1], p * pA);
    walk([...tokens, 2], p * (1 - pA));
  };
  walk([], 1);
  paths.sort((a, b) => b.probability - a.probability || a.text.localeCompare(b.text));
  const greedy = beamSearch(next, { width: 1 });
  const beam = beamSearch(next, { width: clampSetting('width', width).value });
  return { tree, paths, greedy, beam, beamBetter: beam.score > greedy.score };
}

// ------------------------------------------------------------------ the beam-search tree of a model

export interface ModelBeam {
  result: BeamResult;
  tree: BeamTree;
  /** the output text of the winner */
  output: string;
  /** token labels by id (the target vocabulary's display strings) */
  labels: readonly string[];
  /** the finished hypotheses, best first: text and score (the tree's text alternative) */
  finished: { text: string; score: number; rankScore: number }[];
  notes: ClampNote[];
}

/**
 * Beam search on one input (text), with the tree; out-of-range settings are clamped with notes.
 * `srcEos`: whether the model reads its source with EOS (the bundle's `meta.srcEos`; default true, as the shipped models).
 */
export function modelBeam(
  model: Seq2SeqModel, task: Task, input: string, s: { width?: number; alpha?: number; prefix?: readonly number[]; srcEos?: boolean } = {},
): ModelBeam {
  const { settings, notes } = clampSettings({ width: s.width, alpha: s.alpha });
  const src = task.srcVocab.encode(input, { eos: s.srcEos ?? true });
  const result = beamSearch(modelNextToken(model, src, { maxLen: task.maxTgtLen }), { width: settings.width, alpha: settings.alpha, prefix: s.prefix });
  const tree = result.tree!;
  return {
    result, tree, output: task.tgtVocab.decode(result.tokens), labels: task.tgtVocab.tokens, notes,
    finished: result.hypotheses.map((h) => ({ text: task.tgtVocab.decode(h.tokens), score: h.score, rankScore: h.rankScore })),
  };
}

export interface TreeView {
  nodes: BeamTree['nodes'];
  /** the winner's path (node ids, root first), for highlighting end to end */
  winnerPath: number[];
}

/**
 * The part of a tree to draw: the steps up to `step` (the tree grows with the step
 * controls), every kept and finished node, and of the pruned ones only the
 * `prunedPerParent` best-ranked children of each parent (the rest would be hundreds of
 * faded leaves). The winner's path is complete only once `step` reaches its end.
 */
export function treeView(tree: BeamTree, step = Infinity, prunedPerParent = 2): TreeView {
  const shownPruned = new Map<number, number>();
  const nodes = tree.nodes.filter((n) => {
    if (n.step > step) return false;
    if (n.fate !== 'pruned') return true;
    const k = shownPruned.get(n.parent) ?? 0;
    if (k >= prunedPerParent) return false;
    shownPruned.set(n.parent, k + 1);
    return true;
  });
  // ranks increase within a step, so a parent's best pruned children come first
  const winnerPath: number[] = [];
  for (let n = tree.nodes[tree.winner]; n; n = tree.nodes[n.parent]) {
    if (n.step <= step) winnerPath.unshift(n.id);
    if (n.parent < 0) break;
  }
  return { nodes, winnerPath };
}

/** How many nodes of each fate a tree has (for the legend). */
export function fateCounts(tree: BeamTree): Record<BeamFate, number> {
  const c: Record<BeamFate, number> = { kept: 0, pruned: 0, finished: 0 };
  for (const n of tree.nodes) c[n.fate]++;
  return c;
}

/** The prefix (token ids) of a node, to open in the tour and decode on from there. */
export function nodePrefix(tree: BeamTree, id: number): number[] {
  return pathTo(tree, id);
}

// ------------------------------------------------------------------ the next-token distribution

export interface DistributionBars extends SampleDistribution {
  labels: readonly string[];
  notes: ClampNote[];
}

/** The distribution after `prefix` (token ids) for one input, before and after temperature, top-k and top-p (`srcEos` as in `modelBeam`). */
export function nextTokenBars(
  model: Seq2SeqModel, task: Task, input: string, prefix: readonly number[], s: { temperature?: number; topK?: number; topP?: number; srcEos?: boolean } = {},
): DistributionBars {
  const { settings, notes } = clampSettings({ temperature: s.temperature, topK: s.topK, topP: s.topP }, model.config.tgtVocab);
  const next = modelNextToken(model, task.srcVocab.encode(input, { eos: s.srcEos ?? true }), { maxLen: task.maxTgtLen });
  const lp = next.logProbs([prefix])[0];
  const d = transformDistribution(lp, { temperature: settings.temperature, topK: settings.topK, topP: settings.topP });
  return { ...d, labels: task.tgtVocab.tokens, notes };
}

// ------------------------------------------------------------------ side by side

export interface SideBySideRow {
  strategy: 'greedy' | 'beam' | 'sample';
  /** the output tokens (EOS included when produced; samples are distinct by these) */
  tokens: number[];
  /** the output text (specials left out) */
  output: string;
  /** how many of the samples gave this output (1 for greedy and beam) */
  count: number;
  /** the model's log-probability of the output, EOS included when produced */
  logProb: number;
  /** sentence-level character BLEU (0–1) against the reference it is closest to */
  bleu: number;
  correct: boolean;
  /** false when the output reached the length limit without EOS */
  finished: boolean;
}

export interface SideBySide {
  input: string;
  references: string[];
  greedy: SideBySideRow;
  beam: SideBySideRow;
  /** the samples' distinct outputs, most frequent first (then by log-probability) */
  samples: SideBySideRow[];
  settings: Record<DecodingSetting, number>;
  notes: ClampNote[];
}

export function sideBySide(model: Seq2SeqModel, task: Task, input: string, given: Partial<Record<DecodingSetting, number>> = {}): SideBySide {
  const { settings, notes } = clampSettings(given, model.config.tgtVocab);
  const src = task.srcVocab.encode(input, { eos: true });
  const refs = referencesOf(task, input);
  const next = () => modelNextToken(model, src, { maxLen: task.maxTgtLen });
  const eos = model.config.eos;
  const row = (strategy: SideBySideRow['strategy'], tokens: number[], logProb: number, count = 1): SideBySideRow => {
    const output = task.tgtVocab.decode(tokens);
    const ref = closestReference(output, refs);
    return { strategy, tokens, output, count, logProb, bleu: bleu([output], [ref]), correct: refs.includes(output), finished: tokens[tokens.length - 1] === eos };
  };
  const g = forcedDecode(next(), []);
  const b = beamSearch(next(), { width: settings.width, alpha: settings.alpha, tree: false });
  const draws = sampleMany(next(), settings.samples, {
    seed: settings.seed, temperature: settings.temperature, topK: settings.topK, topP: settings.topP,
  });
  const byKey = new Map<string, SideBySideRow>();
  for (const d of draws) {
    const key = d.tokens.join(',');
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, row('sample', d.tokens, d.score));
  }
  const samples = [...byKey.values()].sort((x, y) => y.count - x.count || y.logProb - x.logProb);
  return { input, references: refs, greedy: row('greedy', g.tokens, g.score), beam: row('beam', b.tokens, b.score), samples, settings, notes };
}

// ------------------------------------------------------------------ error propagation

export interface PropagationRow {
  position: number;
  /** the reference token here (−1 past its end) */
  truth: number;
  /** free running after the forced token (−1 past its end) */
  free: number;
  /** true at the forced position */
  forced: boolean;
  /** the teacher-forced prediction here, seeing the true previous tokens (−1 past the reference) */
  teacher: number;
}

export interface ErrorPropagation {
  input: string;
  /** the reference as token ids, EOS included */
  reference: number[];
  step: number;
  token: number;
  /** whether the forced token differs from the truth at that step */
  wrong: boolean;
  free: ForcedResult;
  teacher: TeacherForcedStep[];
  rows: PropagationRow[];
  /** positions after the forced one where the free-running output differs from the truth */
  diverged: number;
  freeOutput: string;
}

/**
 * Forces `token` at output position `step` (the reference before it), lets the model run
 * free from there, and lines that up with the teacher-forced predictions of the reference.
 * Throws a message for a step outside the reference or a token outside the vocabulary.
 * `srcEos` as in `modelBeam`.
 */
export function errorPropagation(model: Seq2SeqModel, task: Task, input: string, step: number, token: number, srcEos = true): ErrorPropagation {
  const src = task.srcVocab.encode(input, { eos: srcEos });
  const reference = task.tgtVocab.encode(task.solve(input), { eos: true });
  if (!Number.isInteger(step) || step < 0 || step >= reference.length) {
    throw new Error(`error propagation: the step must be a whole number in [0, ${reference.length - 1}] (the reference's positions), got ${step}`);
  }
  const free = forcedDecode(modelNextToken(model, src, { maxLen: task.maxTgtLen }), [...reference.slice(0, step), token]);
  const teacher = teacherForced(model, src, reference).steps;
  const n = Math.max(reference.length, free.tokens.length);
  const rows: PropagationRow[] = Array.from({ length: n }, (_, t) => ({
    position: t, truth: reference[t] ?? -1, free: free.tokens[t] ?? -1, forced: t === step, teacher: teacher[t]?.predicted ?? -1,
  }));
  const diverged = rows.filter((r) => r.position > step && r.free !== r.truth).length;
  return {
    input, reference, step, token, wrong: token !== reference[step], free, teacher, rows, diverged,
    freeOutput: task.tgtVocab.decode(free.tokens),
  };
}

// ------------------------------------------------------------------ AT against NAT

export interface ArchRun {
  output: string;
  tokens: number[];
  /** decoder passes: one per generated token for AT, one for NAT */
  decoderPasses: number;
  /** wall-clock ms of this run (encoder included) */
  ms: number;
}

export interface AtNatComparison {
  input: string;
  references: string[];
  at: ArchRun & { correct: boolean };
  nat: ArchRun & { correct: boolean; length: number; predictedLength: number };
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Greedy AT decoding (the full masked pass per token, as the tour) against one NAT pass, on one input. */
export function compareAtNat(at: Seq2SeqModel, nat: NatModel, task: Task, input: string): AtNatComparison {
  const src = task.srcVocab.encode(input, { eos: true });
  const refs = referencesOf(task, input);
  let t0 = now();
  const g = greedyDecode(at, src, { maxLen: task.maxTgtLen, trace: false });
  const atMs = now() - t0;
  t0 = now();
  const n = natGreedy(nat, src, { trace: false });
  const natMs = now() - t0;
  const atOut = task.tgtVocab.decode(g.tokens), natOut = task.tgtVocab.decode(n.tokens);
  return {
    input, references: refs,
    at: { output: atOut, tokens: g.tokens, decoderPasses: g.steps.length, ms: atMs, correct: refs.includes(atOut) },
    nat: {
      output: natOut, tokens: n.tokens, decoderPasses: n.decoderPasses, ms: natMs, correct: refs.includes(natOut),
      length: n.length, predictedLength: n.predictedLength,
    },
  };
}

/** Fetches and reads a task's NAT model (`models/<task>-nat.json` and `.safetensors`, relative URLs). */
export async function loadNatModel(
  fetchFn: (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> }>,
  task: string, base = 'models/',
): Promise<NatBundle> {
  const json = `${base}${task}-nat.json`, st = `${base}${task}-nat.safetensors`;
  const [j, s] = await Promise.all([fetchFn(json), fetchFn(st)]);
  if (!j.ok) throw new Error(`${json}: HTTP ${j.status}`);
  if (!s.ok) throw new Error(`${st}: HTTP ${s.status}`);
  const bundle = readNatBundle(await j.text(), new Uint8Array(await s.arrayBuffer()));
  if (bundle.meta.task !== task) throw new Error(`${json} holds the NAT of “${bundle.meta.task}”, not “${task}”`);
  return bundle;
}

// ------------------------------------------------------------------ measured numbers in the models' .json

export type StoredMultimodality = FormStats & { command: string };
export type StoredDecoding = DecodingComparison & { command: string };

/** The greedy-vs-beam measurement stored in a model's .json (`decoding`), or null when absent or malformed. */
export function storedDecoding(meta: unknown): StoredDecoding | null {
  const d = (meta as { decoding?: unknown } | null)?.decoding as Partial<StoredDecoding> | undefined;
  if (!d || typeof d.n !== 'number' || !d.greedy || !Array.isArray(d.beam) || !Array.isArray(d.examples)) return null;
  if (!d.beam.every((b) => typeof b.width === 'number' && typeof b.exactMatch === 'number' && typeof b.fixed === 'number' && typeof b.broken === 'number')) return null;
  return d as StoredDecoding;
}

/** The multi-modality measurement stored in a date-multi model's .json (`multimodality`), or null. */
export function storedMultimodality(meta: unknown): StoredMultimodality | null {
  const m = (meta as { multimodality?: unknown } | null)?.multimodality as Partial<StoredMultimodality> | undefined;
  if (!m || typeof m.n !== 'number' || typeof m.mixedRate !== 'number' || typeof m.iso !== 'number' || typeof m.dotted !== 'number') return null;
  return m as StoredMultimodality;
}
