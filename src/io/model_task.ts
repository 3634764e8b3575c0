/**
 * The task of a model, made from its .json: the model's own vocabularies and length
 * limits, so that inputs are checked against what the model can read (a model trained
 * elsewhere on characters no built-in task uses works). Pure: the page and the command
 * line both use it.
 *
 * - A model named after a built-in task, with exactly that task's vocabularies, gets the
 *   task's ground truth (`solve`, `sample`, limited to the lengths the model takes), so it
 *   can be evaluated.
 * - Inputs are limited to the model's positions, and to `training.maxInputLen` when the
 *   .json records one (a model of the training lab, trained on short inputs only).
 * - Any other model gets a task that checks inputs and decodes outputs but has no ground
 *   truth: its `solve` and `sample` throw a `NoGroundTruthError` once the characters are
 *   fine, and `validateInput` reports only vocabulary and length problems.
 */
import {
  ALL_TASK_NAMES, NoGroundTruthError, SPECIAL_TOKENS, Vocab, assertInputChars, getTask, limitInputLength, type Task,
} from '../tasks';
import type { ModelMeta } from './bundle';
import { ModelFileError } from './problems';

/** What `taskFromMeta` reads of a model's .json. */
export type ModelTaskSource = Pick<ModelMeta, 'task' | 'srcVocab' | 'tgtVocab' | 'srcEos' | 'example' | 'training'> & {
  config: { maxLen: number };
};

function vocabOf(which: string, tokens: readonly string[]): Vocab {
  SPECIAL_TOKENS.forEach((t, i) => {
    if (tokens[i] !== t) throw new ModelFileError({ kind: 'vocab', detail: `${which}[${i}] should be “${t}”, got “${String(tokens[i])}”` });
  });
  return new Vocab(tokens.slice(SPECIAL_TOKENS.length));
}

const sameTokens = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/** The task a model's inputs are checked against (see the module comment). */
export function taskFromMeta(meta: ModelTaskSource): Task {
  // the model's positions, and no more than the inputs it was trained on (a model of the training lab records them)
  const trainedOn = meta.training?.maxInputLen;
  const maxSrcLen = Math.min(meta.config.maxLen - (meta.srcEos ? 1 : 0), typeof trainedOn === 'number' && trainedOn >= 1 ? trainedOn : Infinity);
  const maxTgtLen = meta.config.maxLen - 1;
  if (maxSrcLen < 1) {
    throw new ModelFileError({ kind: 'config', detail: `maxLen ${meta.config.maxLen} leaves no position for a source character` });
  }
  if (ALL_TASK_NAMES.includes(meta.task)) {
    const builtin = getTask(meta.task);
    if (sameTokens(builtin.srcVocab.tokens, meta.srcVocab) && sameTokens(builtin.tgtVocab.tokens, meta.tgtVocab)) {
      const limited = limitInputLength(builtin, Math.min(builtin.maxSrcLen, maxSrcLen));
      return {
        name: limited.name, srcVocab: limited.srcVocab, tgtVocab: limited.tgtVocab,
        maxSrcLen: limited.maxSrcLen, maxTgtLen: Math.min(limited.maxTgtLen, maxTgtLen), example: limited.example,
        solve: (input) => limited.solve(input),
        sample: (rng) => limited.sample(rng),
      };
    }
  }
  const srcVocab = vocabOf('srcVocab', meta.srcVocab), tgtVocab = vocabOf('tgtVocab', meta.tgtVocab);
  const fits = (s: string | undefined): s is string =>
    s !== undefined && srcVocab.validate(s, { maxLen: maxSrcLen, allowEmpty: false }).length === 0;
  const example = fits(meta.example) ? meta.example : srcVocab.chars.slice(0, Math.min(3, maxSrcLen)).join('');
  const open: Task = {
    name: meta.task, srcVocab, tgtVocab, maxSrcLen, maxTgtLen, example,
    solve(input: string): string {
      assertInputChars(open, input);
      throw new NoGroundTruthError(meta.task);
    },
    sample(): string {
      throw new NoGroundTruthError(meta.task);
    },
  };
  return open;
}
