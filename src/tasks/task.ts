/**
 * What a toy seq2seq task is, and how its train/valid/test data are drawn.
 *
 * Lengths: `maxSrcLen` counts the characters of the longest input (no specials);
 * `maxTgtLen` counts the characters of the longest output plus one for <eos>.
 * A trainer that also appends <eos> to the source (as `encodeExample` does by
 * default) needs `maxSrcLen + 1` encoder positions.
 */
import { Rng } from '../core';
import { type Vocab, type VocabProblem, describeVocabProblem } from './vocab';

/** One training pair: input text and its ground-truth output text. */
export interface Example {
  src: string;
  tgt: string;
}

/** Something wrong with an input: a vocabulary problem, or one particular to the task. */
export type InputProblem =
  | VocabProblem
  /** the input is made of valid characters but is not in any accepted form; `expected` are examples */
  | { kind: 'badFormat'; expected: readonly string[] }
  /** a date that does not exist in the calendar (31 feb), month 1–12 */
  | { kind: 'noSuchDay'; year: number; month: number; day: number }
  /** a value outside the task's range; `min`/`max` as the task writes them */
  | { kind: 'outOfRange'; min: string; max: string };

export function describeProblem(p: InputProblem): string {
  switch (p.kind) {
    case 'badFormat':
      return `the input is not in an accepted form (for example ${p.expected.map((e) => `“${e}”`).join(', ')})`;
    case 'noSuchDay':
      return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')} is not a real day`;
    case 'outOfRange':
      return `the value is outside the range ${p.min} to ${p.max}`;
    default:
      return describeVocabProblem(p);
  }
}

/** Thrown by `Task.solve` for an input outside the task; carries structured problems. */
export class TaskInputError extends Error {
  constructor(
    readonly task: string,
    readonly input: string,
    readonly problems: readonly InputProblem[],
  ) {
    super(`${task}: cannot solve “${input}”: ${problems.map(describeProblem).join('; ')}`);
    this.name = 'TaskInputError';
  }
}

/**
 * Thrown by `solve` (and `sample`) of a task that knows its vocabularies but not the
 * mapping, e.g. the task made from a model trained elsewhere: its inputs can be checked
 * and decoded, but there is no ground truth to compare with.
 */
export class NoGroundTruthError extends Error {
  constructor(readonly task: string) {
    super(`${task}: the ground truth is unknown (a task known only from a model's vocabularies)`);
    this.name = 'NoGroundTruthError';
  }
}

export interface Task {
  /** registry key, e.g. 'reverse' */
  readonly name: string;
  readonly srcVocab: Vocab;
  readonly tgtVocab: Vocab;
  /** characters of the longest input (no specials) */
  readonly maxSrcLen: number;
  /** characters of the longest output + 1 for <eos> */
  readonly maxTgtLen: number;
  /** a typical input, e.g. for the page's default */
  readonly example: string;
  /** the ground truth; throws a `TaskInputError` for an input outside the task */
  solve(input: string): string;
  /** one random input from the task's training distribution */
  sample(rng: Rng): string;
  /**
   * Every valid output of an input, when there is more than one (date-multi): `solve`
   * gives the first; training draws one at random per example (`sampleTarget`), and an
   * output is right when it equals any of them (`scoreOutputs`). Absent: `[solve(input)]`.
   */
  references?(input: string): string[];
}

/** The valid outputs of an input: `task.references(input)`, or `[task.solve(input)]`. */
export function referencesOf(task: Task, input: string): string[] {
  return task.references ? task.references(input) : [task.solve(input)];
}

/**
 * The target of one training example: the only reference, or one drawn uniformly from
 * several. A task with one reference draws nothing from `rng` (its data stay as they were).
 */
export function sampleTarget(task: Task, input: string, rng: Rng): string {
  if (!task.references) return task.solve(input);
  const refs = task.references(input);
  return refs.length === 1 ? refs[0] : refs[rng.int(0, refs.length - 1)];
}

/**
 * The vocabulary and length checks every task's `solve` starts with; throws a
 * `TaskInputError` naming every problem.
 */
export function assertInputChars(task: Task, input: string): void {
  const problems = task.srcVocab.validate(input, { maxLen: task.maxSrcLen, allowEmpty: false });
  if (problems.length > 0) throw new TaskInputError(task.name, input, problems);
}

/**
 * Everything wrong with an input, for the UI: vocabulary problems (each unknown
 * character with its position, too long, empty) and, when the characters are fine,
 * the task's own problems (not a date, 31 feb …). Empty when `task.solve(input)` works,
 * or when the task has no ground truth (`NoGroundTruthError`) and the characters fit.
 */
export function validateInput(task: Task, input: string): InputProblem[] {
  const problems: InputProblem[] = task.srcVocab.validate(input, { maxLen: task.maxSrcLen, allowEmpty: false });
  if (problems.length > 0) return problems;
  try {
    task.solve(input);
    return [];
  } catch (e) {
    if (e instanceof TaskInputError) return [...e.problems];
    if (e instanceof NoGroundTruthError) return [];
    throw e;
  }
}

export interface SplitSizes {
  train: number;
  valid: number;
  test: number;
}

export interface Splits {
  train: Example[];
  valid: Example[];
  test: Example[];
}

type SplitName = keyof SplitSizes;
const SPLIT_NAMES: readonly SplitName[] = ['train', 'valid', 'test'];

/**
 * Draws train/valid/test pairs from `task.sample`, deterministic for `seed`.
 *
 * - No input appears in two splits, and valid and test have no duplicates.
 *   Train may repeat an input (frequent short inputs stay frequent, as in the
 *   task's distribution).
 * - Each new distinct input is given to a split at random in proportion to the
 *   pairs that split still needs, so even a small family of inputs (the 26
 *   one-letter words of `reverse`) is shared between the splits rather than
 *   taken whole by whichever split is drawn first.
 *
 * Throws when the task has too few distinct inputs to fill the sizes asked for.
 */
export function makeSplits(task: Task, seed: number, sizes: SplitSizes): Splits {
  for (const s of SPLIT_NAMES) {
    const n = sizes[s];
    if (!Number.isInteger(n) || n < 0) throw new Error(`makeSplits: size of ${s} must be a whole number ≥ 0, got ${n}`);
  }
  const rng = new Rng(seed);
  const out: Splits = { train: [], valid: [], test: [] };
  const need: SplitSizes = { ...sizes };
  const owner = new Map<string, SplitName>();
  const total = sizes.train + sizes.valid + sizes.test;
  const maxRejects = 1000 + 50 * total;
  let rejects = 0;
  while (need.train + need.valid + need.test > 0) {
    const src = task.sample(rng);
    const o = owner.get(src);
    let split: SplitName | null = null;
    if (o === undefined) {
      // an integer in [0, remaining) picks the split, weighted by what each still needs
      let r = rng.int(0, need.train + need.valid + need.test - 1);
      let chosen: SplitName = 'train';
      for (const s of SPLIT_NAMES) {
        if (r < need[s]) {
          chosen = s;
          break;
        }
        r -= need[s];
      }
      owner.set(src, chosen);
      split = chosen;
    } else if (o === 'train' && need.train > 0) {
      split = 'train';
    }
    if (split === null) {
      if (++rejects > maxRejects) {
        throw new Error(
          `makeSplits: ${task.name} has too few distinct inputs for train ${sizes.train}, valid ${sizes.valid}, ` +
            `test ${sizes.test} (found ${owner.size} distinct inputs; ${need.valid} valid and ${need.test} test still missing)`,
        );
      }
      continue;
    }
    out[split].push({ src, tgt: task.solve(src) });
    need[split]--;
  }
  return out;
}

export interface EncodedExample {
  /** source ids, with <eos> appended unless `srcEos: false` */
  src: number[];
  /** target ids, with <eos> appended (length ≤ maxTgtLen) */
  tgt: number[];
}

/** A pair as ids. The decoder input (<bos> + tgt without its last id) is the trainer's to build. */
export function encodeExample(task: Task, ex: Example, opts: { srcEos?: boolean } = {}): EncodedExample {
  return {
    src: task.srcVocab.encode(ex.src, { eos: opts.srcEos ?? true }),
    tgt: task.tgtVocab.encode(ex.tgt, { eos: true }),
  };
}
