/**
 * What the decoding lab's page needs beyond src/labs/decoding.ts, as pure functions of data:
 *
 *   - a typed forced prefix read against the target vocabulary, its problems as data
 *     (the page words them in either language);
 *   - the example the lab opens with (an input greedy gets wrong where the model has one);
 *   - the step of the tour a beam-tree node opens (decoding on from its prefix);
 *   - side by side in small pieces, so that the main thread is never held long: greedy and
 *     beam first, then the samples a few at a time; sample i is drawn with seed s + i on its
 *     own, exactly as `npm run predict -- --strategy sample --seed <s+i>` draws it;
 *   - the default wrong token of the error-propagation part;
 *   - what the chosen strategy outputs, with its steps' prefixes (for the next-token bars).
 */
import type { Seq2SeqModel, ModelConfig } from '../model';
import { beamSearch } from '../decode/beam';
import { modelNextToken } from '../decode/next';
import { sampleDecode } from '../decode/sample';
import { NoGroundTruthError, bleu, closestReference, referencesOf, type Example, type Task, type VocabProblem } from '../tasks';
import { heldOutSets } from '../train';
import { compareGreedyBeam } from '../decode/compare';
import { buildWalk } from '../tour';
import { forcedDecode, teacherForced } from '../decode/forced';
import { clampSettings, type DecodingSetting, type SideBySide, type SideBySideRow, type StoredDecoding } from './decoding';

export type { SideBySide, SideBySideRow };

// ------------------------------------------------------------------ forced prefixes

export type PrefixProblem = VocabProblem | { kind: 'prefixTooLong'; length: number; max: number };

/** A typed prefix → target ids, or the problems (characters outside the vocabulary, too long). */
export function readPrefix(task: Task, config: ModelConfig, text: string): { ids: number[] } | { problems: PrefixProblem[] } {
  const problems: PrefixProblem[] = task.tgtVocab.validate(text);
  if (problems.length > 0) return { problems };
  const ids = task.tgtVocab.encode(text);
  const max = Math.min(task.maxTgtLen, config.maxLen - 1);
  if (ids.length > max) return { problems: [{ kind: 'prefixTooLong', length: ids.length, max }] };
  return { ids };
}

/** A prefix of ids as the text a link carries (specials left out: they cannot be typed). */
export function prefixText(task: Task, ids: readonly number[]): string {
  return task.tgtVocab.decode(ids);
}

// ------------------------------------------------------------------ ground truth

/**
 * The right outputs of an input, or null when the model's task has no ground truth in the
 * page (a model trained elsewhere on a task of its own: src/io/model_task.ts). Other
 * errors (an input outside the task) are thrown as they are.
 */
export function referencesOrNull(task: Task, input: string): string[] | null {
  try {
    return referencesOf(task, input);
  } catch (e) {
    if (e instanceof NoGroundTruthError) return null;
    throw e;
  }
}

// ------------------------------------------------------------------ greedy against beam search, measured in the page

/**
 * The test inputs a model never saw in training, drawn as its training drew them (its
 * seed and split sizes, `heldOutSets`, as `npm run eval -- --model` does), or null when
 * its .json does not say how (no seed or sizes), the page has no ground truth for its
 * task, or it reads its source without EOS (the comparison encodes with EOS).
 */
export function modelTestSet(task: Task, meta: TestSetMeta): Example[] | null {
  const size = modelTestSize(task, meta);
  if (size === null) return null;
  const t = meta.training as { validSize: number; testSize: number };
  return heldOutSets(task, meta.seed!, t.validSize, t.testSize).test;
}

type TestSetMeta = { seed?: number; training?: Record<string, unknown>; srcEos: boolean };

/** How many test inputs `modelTestSet` would draw (without drawing them), or null when it cannot. */
export function modelTestSize(task: Task, meta: TestSetMeta): number | null {
  const t = (meta.training ?? {}) as { validSize?: unknown; testSize?: unknown };
  if (!meta.srcEos || typeof meta.seed !== 'number' || typeof t.validSize !== 'number' || typeof t.testSize !== 'number' || t.testSize < 1) return null;
  if (referencesOrNull(task, task.example) === null) return null;
  return t.testSize;
}

export interface GreedyBeamTally {
  /** inputs measured so far, of `total` */
  n: number;
  total: number;
  width: number;
  alpha: number;
  greedyRight: number;
  beamRight: number;
  /** greedy wrong, beam right */
  fixed: number;
  /** greedy right, beam wrong */
  broken: number;
}

/**
 * Adds the next `examples` to a tally of greedy against beam search of one width (the
 * numbers `npm run eval -- --compare-beam` stores, for that width), so that the page can
 * measure a model opened in it a piece at a time.
 */
export function tallyGreedyBeam(model: Seq2SeqModel, task: Task, examples: readonly Example[], tally: GreedyBeamTally): GreedyBeamTally {
  if (examples.length === 0) return tally;
  const c = compareGreedyBeam(model, task, examples, { widths: [tally.width], alpha: tally.alpha, exampleWidth: tally.width, maxListed: 0 });
  const b = c.beam[0];
  const greedyRight = examples.length - c.greedy.errors;
  return {
    ...tally, n: tally.n + examples.length, greedyRight: tally.greedyRight + greedyRight,
    beamRight: tally.beamRight + Math.round(b.exactMatch * examples.length), fixed: tally.fixed + b.fixed, broken: tally.broken + b.broken,
  };
}

// ------------------------------------------------------------------ the example the lab opens with

/** The lab's default input: the first stored input that greedy gets wrong and beam search right, else the task's example. */
export function labExample(task: Task, stored: StoredDecoding | null): string {
  return stored?.examples[0]?.input ?? task.example;
}

// ------------------------------------------------------------------ opening a node in the tour

/**
 * The tour's step (0-based index of its walk) that shows the last token of `prefix` being
 * chosen (its probabilities step), with decoding going on from there; the first decoding
 * step's input for an empty prefix. The walk is built as the tour will build it: the
 * prefix forced, then greedy until EOS or the limit.
 */
export function tourStepOf(model: Seq2SeqModel, task: Task, input: string, srcEos: boolean, prefix: readonly number[]): number {
  const src = task.srcVocab.encode(input, { eos: srcEos });
  const run = forcedDecode(modelNextToken(model, src, { maxLen: Math.min(task.maxTgtLen, model.config.maxLen - 1) }), prefix);
  const walk = buildWalk({ config: model.config, generated: run.tokens.length, stop: run.stop });
  const decStep = Math.max(0, prefix.length - 1);
  const kinds = prefix.length === 0 ? ['decInput'] : ['probs'];
  const i = walk.findIndex((s) => s.decStep === decStep && kinds.includes(s.kind));
  return i >= 0 ? i : 0;
}

// ------------------------------------------------------------------ side by side, in pieces

export interface SideBySideJob {
  /** greedy and beam search (one piece) */
  head(): { greedy: SideBySideRow; beam: SideBySideRow };
  /** draws samples [from, to) */
  samples(from: number, to: number): SideBySideRow[];
  settings: Record<DecodingSetting, number>;
  /** empty when the task has no ground truth: then every row's BLEU is 0 and `correct` false, and the page shows neither */
  references: string[];
}

/** The pieces of side by side for one input; `summarize` puts the rows together. */
export function sideBySideJob(model: Seq2SeqModel, task: Task, input: string, srcEos: boolean, given: Partial<Record<DecodingSetting, number>>): SideBySideJob {
  const { settings } = clampSettings(given, model.config.tgtVocab);
  const src = task.srcVocab.encode(input, { eos: srcEos });
  const references = referencesOrNull(task, input) ?? [];
  const maxLen = Math.min(task.maxTgtLen, model.config.maxLen - 1);
  const next = () => modelNextToken(model, src, { maxLen });
  const eos = model.config.eos;
  const row = (strategy: SideBySideRow['strategy'], tokens: number[], logProb: number): SideBySideRow => {
    const output = task.tgtVocab.decode(tokens);
    const score = references.length > 0 ? bleu([output], [closestReference(output, references)]) : 0;
    return { strategy, tokens, output, count: 1, logProb, bleu: score, correct: references.includes(output), finished: tokens[tokens.length - 1] === eos };
  };
  return {
    settings,
    references,
    head() {
      const g = forcedDecode(next(), []);
      const b = beamSearch(next(), { width: settings.width, alpha: settings.alpha, tree: false });
      return { greedy: row('greedy', g.tokens, g.score), beam: row('beam', b.tokens, b.score) };
    },
    samples(from, to) {
      const out: SideBySideRow[] = [];
      for (let i = from; i < to; i++) {
        const s = sampleDecode(next(), { seed: settings.seed + i, temperature: settings.temperature, topK: settings.topK, topP: settings.topP });
        out.push(row('sample', s.tokens, s.score));
      }
      return out;
    },
  };
}

/** The samples' distinct outputs with their counts, most frequent first (then by log-probability). */
export function distinctSamples(rows: readonly SideBySideRow[]): SideBySideRow[] {
  const byKey = new Map<string, SideBySideRow>();
  for (const r of rows) {
    const key = r.tokens.join(',');
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, { ...r, count: 1 });
  }
  return [...byKey.values()].sort((x, y) => y.count - x.count || y.logProb - x.logProb);
}

/** Which row is the most probable and which the best by BLEU (the notes' "optimizing evaluation metrics"). */
export function bestRows(rows: readonly SideBySideRow[]): { mostProbable: number; bestBleu: number; differ: boolean } {
  let mp = 0, bb = 0;
  rows.forEach((r, i) => {
    if (r.logProb > rows[mp].logProb) mp = i;
    if (r.bleu > rows[bb].bleu) bb = i;
  });
  return { mostProbable: mp, bestBleu: bb, differ: rows.length > 0 && rows[mp].bleu < rows[bb].bleu };
}

/**
 * Runs a job in pieces of at most about `budgetMs` each, yielding between them
 * (`yieldFn`, e.g. a zero timeout), and reports the rows so far after every piece.
 * Returns a function that cancels it; `onDone` hears the times of the pieces.
 */
export function runInPieces(
  job: SideBySideJob,
  onRows: (s: Pick<SideBySide, 'greedy' | 'beam' | 'samples'> & { drawn: number; total: number }) => void,
  opts: { budgetMs?: number; yieldFn?: (fn: () => void) => void; now?: () => number; onDone?: (pieceMs: number[]) => void } = {},
): () => void {
  const budget = opts.budgetMs ?? 30;
  const now = opts.now ?? (() => performance.now());
  const later = opts.yieldFn ?? ((fn: () => void) => void setTimeout(fn, 0));
  const total = job.settings.samples;
  let cancelled = false;
  const pieces: number[] = [];
  let t0 = now();
  const head = job.head();
  pieces.push(now() - t0);
  const drawn: SideBySideRow[] = [];
  const report = () => onRows({ greedy: head.greedy, beam: head.beam, samples: distinctSamples(drawn), drawn: drawn.length, total });
  report();
  const step = () => {
    if (cancelled) return;
    t0 = now();
    while (drawn.length < total) {
      drawn.push(...job.samples(drawn.length, drawn.length + 1));
      if (now() - t0 >= budget * 0.6) break;
    }
    pieces.push(now() - t0);
    report();
    if (drawn.length < total) later(step);
    else opts.onDone?.(pieces);
  };
  later(step);
  return () => {
    cancelled = true;
  };
}

// ------------------------------------------------------------------ error propagation

/**
 * The wrong token to force by default at output position `step`: the one the model finds
 * most probable there, after the truth, when it sees the true previous tokens (never a
 * special token but EOS). -1 when the step is outside the reference.
 */
export function likeliestWrongToken(model: Seq2SeqModel, task: Task, input: string, srcEos: boolean, step: number): number {
  const src = task.srcVocab.encode(input, { eos: srcEos });
  const reference = task.tgtVocab.encode(task.solve(input), { eos: true });
  if (step < 0 || step >= reference.length) return -1;
  const lp = teacherForced(model, src, reference).steps[step].logProbs;
  const c = model.config;
  let best = -1;
  for (let t = 0; t < lp.length; t++) {
    if (t === reference[step] || t === c.pad || t === c.bos) continue;
    if (best < 0 || lp[t] > lp[best]) best = t;
  }
  return best;
}

/** The reference's length in tokens, EOS included (the positions error propagation can force). */
export function referenceLength(task: Task, input: string): number {
  return task.tgtVocab.encode(task.solve(input), { eos: true }).length;
}

// ------------------------------------------------------------------ the chosen strategy's output

export interface StrategyOutput {
  tokens: number[];
  score: number;
  finished: boolean;
}

/** What the strategy outputs on this input (sampling: one draw with the seed). */
export function strategyOutput(
  model: Seq2SeqModel, task: Task, input: string, srcEos: boolean, strategy: 'greedy' | 'beam' | 'sample', given: Partial<Record<DecodingSetting, number>>,
): StrategyOutput {
  const { settings } = clampSettings(given, model.config.tgtVocab);
  const src = task.srcVocab.encode(input, { eos: srcEos });
  const next = modelNextToken(model, src, { maxLen: Math.min(task.maxTgtLen, model.config.maxLen - 1) });
  const eos = model.config.eos;
  if (strategy === 'greedy') {
    const g = forcedDecode(next, []);
    return { tokens: g.tokens, score: g.score, finished: g.stop === 'eos' };
  }
  if (strategy === 'beam') {
    const b = beamSearch(next, { width: settings.width, alpha: settings.alpha, tree: false });
    return { tokens: b.tokens, score: b.score, finished: b.finished };
  }
  const s = sampleDecode(next, { seed: settings.seed, temperature: settings.temperature, topK: settings.topK, topP: settings.topP });
  return { tokens: s.tokens, score: s.score, finished: s.tokens[s.tokens.length - 1] === eos };
}
