/**
 * A task restricted to short inputs: the same mapping and vocabularies, inputs of at most
 * `maxLen` characters. Used by the training lab's presets (reverse of 1–6 letters learns
 * in seconds) and for a model whose positions are fewer than the task's longest input.
 *
 * Inputs are drawn from the task's own distribution conditioned on the length (rejection
 * sampling): for reverse and sort, whose lengths are uniform, the lengths stay uniform in
 * 1–maxLen. The name stays the task's, so that a model trained on the shorter inputs opens
 * wherever the task's models open.
 */
import { Rng } from '../core';
import { type Task, assertInputChars } from './task';

/** Tasks whose output has exactly the input's length (so the output limit shrinks too). */
const SAME_LENGTH = new Set(['reverse', 'sort']);

/** Draws before `sample` gives up on finding a short enough input. */
const MAX_DRAWS = 100_000;

const length = (s: string) => [...s].length;

/** The task with inputs of at most `maxLen` characters; the task itself when that is no limit. */
export function limitInputLength(task: Task, maxLen: number): Task {
  if (!Number.isInteger(maxLen) || maxLen < 1) throw new Error(`limitInputLength: maxLen must be a whole number ≥ 1, got ${maxLen}`);
  if (maxLen >= task.maxSrcLen) return task;
  const maxTgtLen = SAME_LENGTH.has(task.name) ? Math.min(task.maxTgtLen, maxLen + 1) : task.maxTgtLen;
  const cut = [...task.example].slice(0, maxLen).join('');
  const limited: Task = {
    name: task.name,
    srcVocab: task.srcVocab,
    tgtVocab: task.tgtVocab,
    maxSrcLen: maxLen,
    maxTgtLen,
    get example(): string {
      return example;
    },
    solve(input: string): string {
      assertInputChars(limited, input);
      return task.solve(input);
    },
    sample(rng: Rng): string {
      for (let i = 0; i < MAX_DRAWS; i++) {
        const s = task.sample(rng);
        if (length(s) <= maxLen) return s;
      }
      throw new Error(`${task.name}: no input of at most ${maxLen} characters in ${MAX_DRAWS} draws`);
    },
  };
  // the task's example cut short, unless that is not an input of the task (a date cut short): then a drawn one
  const example = safeSolve(limited, cut) ? cut : limited.sample(new Rng(1));
  return limited;
}

function safeSolve(task: Task, input: string): boolean {
  try {
    task.solve(input);
    return true;
  } catch {
    return false;
  }
}
