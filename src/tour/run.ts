/**
 * One run of the tour: a task's model, a source text, greedy decoding with the
 * full trace, and the walk built from it. Validation comes first: nothing is run
 * on an input the task refuses, and problems are returned as data for the panel
 * to word in either language. Nothing here throws on any text.
 */
import type { ModelBundle } from '../io/bundle';
import type { Tensor } from '../core';
import type { Trace, TraceKey } from '../model';
import { greedyDecode, type GreedyResult } from '../decode/greedy';
import { validateInput, type InputProblem, type Task } from '../tasks';
import { buildWalk, type TourStep } from './steps';

export interface TourRun {
  task: string;
  source: string;
  /** source ids as encoded (EOS appended when the model was trained so) */
  srcIds: number[];
  /** display strings of the source tokens */
  srcTokens: string[];
  /** generated ids (EOS included when produced) */
  tokens: number[];
  /** display strings of the generated tokens */
  tgtTokens: string[];
  /** the decoded output text (as `npm run predict` prints it) */
  output: string;
  result: GreedyResult;
  walk: TourStep[];
  /** target vocabulary, by id */
  tgtVocab: readonly string[];
  srcVocab: readonly string[];
  /** the special ids of the model */
  specials: { pad: number; bos: number; eos: number };
  /** H, the number of attention heads */
  heads: number;
  /** whether the model's layers are pre-LN (LayerNorm before each sub-layer) */
  normFirst: boolean;
}

export type RunOutcome =
  | { ok: true; run: TourRun }
  | { ok: false; problems: InputProblem[] }
  | { ok: false; error: string };

/** Everything wrong with an input for a task and its model (empty = it can run). */
export function inputProblems(task: Task, bundle: ModelBundle | null, text: string): InputProblem[] {
  const problems = validateInput(task, text);
  if (problems.length > 0 || !bundle) return problems;
  // the model's own limit (EOS included) may be tighter than the task's
  const max = bundle.model.config.maxLen - (bundle.meta.srcEos ? 1 : 0);
  const length = [...text].length;
  if (length > max) return [{ kind: 'tooLong', length, max }];
  return [];
}

/**
 * Input as the model can take it: letters folded to the one case the source vocabulary
 * has (`NOV 22, 2026` → `nov 22, 2026` for date), when folding makes them known.
 * Returns the text and whether anything was folded; other characters are left for
 * validation to name.
 */
export function foldCase(vocab: readonly string[], text: string): { text: string; folded: boolean } {
  const known = new Set(vocab);
  let lower = false, upper = false;
  for (const tok of vocab) {
    if ([...tok].length !== 1) continue;
    if (tok !== tok.toUpperCase()) lower = true;
    if (tok !== tok.toLowerCase()) upper = true;
  }
  if (lower === upper) return { text, folded: false };
  let folded = false;
  let out = '';
  for (const ch of text) {
    const other = lower ? ch.toLowerCase() : ch.toUpperCase();
    if (!known.has(ch) && other !== ch && known.has(other)) {
      out += other;
      folded = true;
    } else {
      out += ch;
    }
  }
  return { text: out, folded };
}

/**
 * Validates, encodes and decodes greedily with the full trace. `forced`: target token ids
 * taken as given for the first steps (a prefix from the decoding lab's beam tree); the
 * steps they fill are marked `forced` in the result, the argmax decides the rest.
 */
export function runTour(task: Task, bundle: ModelBundle, text: string, opts: { forced?: readonly number[] } = {}): RunOutcome {
  const problems = inputProblems(task, bundle, text);
  if (problems.length > 0) return { ok: false, problems };
  try {
    const { meta, model } = bundle;
    const srcIds = task.srcVocab.encode(text, { eos: meta.srcEos });
    const forced = opts.forced && opts.forced.length > 0 ? opts.forced : undefined;
    const result = greedyDecode(model, srcIds, { trace: true, ...(forced ? { forced } : {}) });
    const tok = (vocab: readonly string[], id: number) => vocab[id] ?? `<${id}>`;
    const walk = buildWalk({ config: model.config, generated: result.tokens.length, stop: result.stop });
    return {
      ok: true,
      run: {
        task: task.name,
        source: text,
        srcIds,
        srcTokens: srcIds.map((id) => tok(meta.srcVocab, id)),
        tokens: result.tokens,
        tgtTokens: result.tokens.map((id) => tok(meta.tgtVocab, id)),
        output: task.tgtVocab.decode(result.tokens),
        result,
        walk,
        tgtVocab: meta.tgtVocab,
        srcVocab: meta.srcVocab,
        specials: { pad: model.config.pad, bos: model.config.bos, eos: model.config.eos },
        heads: model.config.nHead,
        normFirst: model.config.normFirst,
      },
    };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The trace a step reads: the encoder's, or that of its decoding step. */
export function traceOf(run: TourRun, step: TourStep): Trace | null {
  if (step.decStep === undefined) return run.result.encoderTrace;
  return run.result.steps[step.decStep]?.trace ?? null;
}

/** A trace entry of a step, or null when the pass did not record it. */
export function entryOf(run: TourRun, step: TourStep, key: TraceKey): Tensor | null {
  const trace = traceOf(run, step);
  return trace && trace.has(key) ? trace.get(key) : null;
}

/** The decoder input tokens of a decoding step (BOS first). */
export function prefixTokens(run: TourRun, decStep: number): string[] {
  const prefix = run.result.steps[decStep]?.prefix ?? [];
  return prefix.map((id) => run.tgtVocab[id] ?? `<${id}>`);
}

/** The output text after a step: tokens appended so far (a token counts from its `append`/`stop` step). */
export function outputAt(run: TourRun, step: TourStep | undefined): { tokens: number[]; text: string; done: boolean } {
  let n = 0;
  if (step && step.decStep !== undefined) n = step.kind === 'append' || step.kind === 'stop' ? step.decStep + 1 : step.decStep;
  const tokens = run.tokens.slice(0, n);
  let text = '';
  for (const id of tokens) {
    if (id === run.specials.eos) break;
    if (id === run.specials.pad || id === run.specials.bos) continue;
    text += run.tgtVocab[id] ?? '';
  }
  return { tokens, text, done: step?.kind === 'stop' };
}
