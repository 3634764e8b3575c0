/**
 * Scoring a model's outputs on a task's examples, for tasks with one valid output and
 * for tasks with several (date-multi): each output is compared with the reference it
 * is closest to — the one it equals, else the one at the smallest edit distance (in
 * characters; the first listed among equals) — so exact match counts any valid output
 * as right, and BLEU is measured against the form the output was written in.
 */
import type { Example, Task } from './task';
import { bleu, exactMatch } from './metrics';

/** Levenshtein distance in code points. */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a), y = Array.from(b);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length];
}

/** The reference an output is scored against: the one it equals, else the nearest by edit distance (first among equals). */
export function closestReference(output: string, refs: readonly string[]): string {
  if (refs.length === 0) throw new Error('closestReference: no reference');
  if (refs.includes(output)) return output;
  let best = refs[0], bestD = editDistance(output, refs[0]);
  for (const r of refs.slice(1)) {
    const d = editDistance(output, r);
    if (d < bestD) {
      best = r;
      bestD = d;
    }
  }
  return best;
}

export interface OutputScores {
  exactMatch: number;
  bleu: number;
  n: number;
}

/**
 * Exact match and character BLEU of `outputs` (one per example). For a task with several
 * valid outputs an output is right when it equals any of them (see the header).
 */
export function scoreOutputs(task: Task, examples: readonly Example[], outputs: readonly string[]): OutputScores {
  if (outputs.length !== examples.length) throw new Error(`scoreOutputs: ${outputs.length} outputs for ${examples.length} examples`);
  const refs = task.references
    ? examples.map((e, i) => closestReference(outputs[i], task.references!(e.src)))
    : examples.map((e) => e.tgt);
  return { exactMatch: exactMatch(outputs, refs), bleu: bleu(outputs, refs), n: examples.length };
}

/** Whether one output is right for its input (equals a reference). */
export function isCorrect(task: Task, example: Example, output: string): boolean {
  return task.references ? task.references(example.src).includes(output) : output === example.tgt;
}
