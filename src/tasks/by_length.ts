/**
 * Held-out inputs by length, for measuring a model as a function of input length.
 *
 * A task that supports it sets aside a fixed part of its input space (`isReserved`): its
 * generator (`sample`, the training distribution, and so also the validation and test
 * splits) never produces a reserved input, so any trainer of any architecture stays away
 * from them without being told. `byLengthSet` draws, for every length 1..maxSrcLen, up to
 * `perLength` distinct reserved inputs of exactly that length (all of them when there are
 * fewer, as for one-letter inputs).
 */
import { Rng } from '../core';
import type { Example, Task } from './task';

export interface ByLengthSource {
  /** whether an input is set aside for the by-length evaluation (never sampled for training) */
  isReserved(input: string): boolean;
  /** every reserved input of this length when there are at most `limit` inputs of that length in all, else null */
  enumerateReserved(length: number, limit: number): string[] | null;
  /** one random input of exactly this length, reserved or not */
  sampleOfLength(rng: Rng, length: number): string;
}

export interface LengthTask extends Task {
  readonly byLength: ByLengthSource;
}

export function hasByLength(task: Task): task is LengthTask {
  return (task as Partial<LengthTask>).byLength !== undefined;
}

export interface LengthGroup {
  length: number;
  examples: Example[];
}

/** Inputs of at most this many in all are listed rather than drawn. */
const ENUMERATE_LIMIT = 20_000;

/**
 * For every length 1..maxSrcLen, up to `perLength` distinct reserved inputs of that length
 * with their outputs; deterministic for `seed`. Throws for a task without a by-length source.
 */
export function byLengthSet(task: Task, seed: number, perLength: number): LengthGroup[] {
  if (!hasByLength(task)) throw new Error(`byLengthSet: task ${task.name} sets no inputs aside by length (it has no byLength source)`);
  if (!Number.isInteger(perLength) || perLength < 1) throw new Error(`byLengthSet: perLength must be a whole number ≥ 1, got ${perLength}`);
  const src = task.byLength;
  const rng = new Rng(seed * 104_729 + 31);
  const groups: LengthGroup[] = [];
  for (let length = 1; length <= task.maxSrcLen; length++) {
    let inputs: string[];
    const all = src.enumerateReserved(length, ENUMERATE_LIMIT);
    if (all) {
      inputs = rng.shuffle([...all]).slice(0, perLength);
    } else {
      const seen = new Set<string>();
      let draws = 0;
      while (seen.size < perLength) {
        if (++draws > 1000 * perLength) throw new Error(`byLengthSet: ${task.name} has too few reserved inputs of length ${length}`);
        const s = src.sampleOfLength(rng, length);
        if (src.isReserved(s)) seen.add(s);
      }
      inputs = [...seen];
    }
    groups.push({ length, examples: inputs.map((s) => ({ src: s, tgt: task.solve(s) })) });
  }
  return groups;
}

/** A model's scores on the held-out inputs of one length. */
export interface LengthScore {
  length: number;
  /** inputs of this length */
  n: number;
  /** share of outputs equal to the reference */
  exactMatch: number;
  /** share of reference positions (characters and the closing <eos>) predicted right */
  tokenAccuracy: number;
}

/** Scores for every length 1..maxSrcLen, and how the inputs were drawn (`byLengthSet(task, seed, perLength)`). */
export interface ByLengthScores {
  seed: number;
  perLength: number;
  lengths: LengthScore[];
}
