/**
 * date-multi: the date task with two equally valid outputs for every input — the
 * lecture's multi-modality (多模态性) made measurable. A date written in any of the six
 * forms of the date task maps to `2026-11-22` (ISO) or to `22.11.2026` (day first);
 * training picks one of the two at random for every example, so the model sees both
 * for the same kind of input. Both have ten characters, so the length says nothing.
 *
 * An output is right when it equals either form. An output in neither form (a mix of
 * both, such as `2026.11-22` or `22-11.2026`) is "mixed": an autoregressive decoder
 * commits to one form with its first tokens, a non-autoregressive one predicts every
 * position on its own and can mix them.
 */
import { type Task, TaskInputError, assertInputChars } from './task';
import { Vocab } from './vocab';
import { dateTask, parseDate, toIso, type CivilDate } from './date';

export const DATE_MULTI_TASK_NAME = 'date-multi';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `dd.mm.yyyy` */
export function toDotted(d: CivilDate): string {
  return `${pad2(d.day)}.${pad2(d.month)}.${String(d.year).padStart(4, '0')}`;
}

export type DateMultiForm = 'iso' | 'dotted' | 'mixed';

/**
 * The form an output is written in, whatever the date: `iso` (dddd-dd-dd), `dotted`
 * (dd.dd.dddd) or `mixed` (neither).
 */
export function dateMultiForm(output: string): DateMultiForm {
  if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(output)) return 'iso';
  if (/^[0-9]{2}\.[0-9]{2}\.[0-9]{4}$/.test(output)) return 'dotted';
  return 'mixed';
}

function parse(input: string): CivilDate {
  assertInputChars(dateMultiTask, input);
  try {
    return parseDate(input);
  } catch (e) {
    if (e instanceof TaskInputError) throw new TaskInputError(DATE_MULTI_TASK_NAME, input, e.problems);
    throw e;
  }
}

export const dateMultiTask: Task = {
  name: DATE_MULTI_TASK_NAME,
  srcVocab: dateTask.srcVocab,
  tgtVocab: new Vocab('0123456789-.'),
  maxSrcLen: dateTask.maxSrcLen,
  maxTgtLen: 'yyyy-mm-dd'.length + 1, // 11; dd.mm.yyyy is as long
  example: dateTask.example,
  /** the ISO form (the first reference) */
  solve(input: string): string {
    return toIso(parse(input));
  },
  /** both valid outputs: ISO first, then day first with dots */
  references(input: string): string[] {
    const d = parse(input);
    return [toIso(d), toDotted(d)];
  },
  sample: (rng) => dateTask.sample(rng),
};

export interface FormStats {
  n: number;
  /** outputs in each form, whatever the date */
  iso: number;
  dotted: number;
  /** outputs in neither form: the multi-modality failure */
  mixed: number;
  /** mixed / n */
  mixedRate: number;
  /** outputs equal to one of the input's two references */
  correct: number;
  /**
   * outputs that take tokens from both references: at some position where the two differ
   * the output has the ISO form's token, and at another the dotted form's (`mixesBoth`)
   */
  mixesBoth: number;
  /** a few mixed outputs with their inputs (at most `maxListed`) */
  mixedExamples: { input: string; output: string }[];
}

/** Whether `output` has a's token at one position where a and b differ and b's at another (characters). */
export function mixesBoth(output: string, a: string, b: string): boolean {
  const o = Array.from(output), x = Array.from(a), y = Array.from(b);
  let fromA = false, fromB = false;
  for (let i = 0; i < o.length; i++) {
    if (x[i] === y[i]) continue;
    if (o[i] === x[i]) fromA = true;
    if (o[i] === y[i]) fromB = true;
  }
  return fromA && fromB;
}

/** How the outputs of a date-multi model split between the two forms and neither. */
export function formStats(examples: readonly { src: string }[], outputs: readonly string[], maxListed = 10): FormStats {
  if (outputs.length !== examples.length) throw new Error(`formStats: ${outputs.length} outputs for ${examples.length} examples`);
  const s: FormStats = { n: examples.length, iso: 0, dotted: 0, mixed: 0, mixedRate: 0, correct: 0, mixesBoth: 0, mixedExamples: [] };
  examples.forEach((e, i) => {
    const form = dateMultiForm(outputs[i]);
    s[form]++;
    if (form === 'mixed' && s.mixedExamples.length < maxListed) s.mixedExamples.push({ input: e.src, output: outputs[i] });
    const refs = dateMultiTask.references!(e.src);
    if (refs.includes(outputs[i])) s.correct++;
    if (mixesBoth(outputs[i], refs[0], refs[1])) s.mixesBoth++;
  });
  s.mixedRate = s.n === 0 ? 0 : s.mixed / s.n;
  return s;
}
