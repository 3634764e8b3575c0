/** Toy seq2seq tasks: vocabularies, seeded generators, splits and metrics. */
import type { Task } from './task';
import { reverseTask } from './reverse';
import { sortTask } from './sort';
import { dateTask } from './date';
import { zhNumeralsTask } from './zh_numerals';
import { dateMultiTask } from './date_multi';
import { reverseLongTask } from './reverse_long';

export * from './vocab';
export * from './task';
export * from './metrics';
export { limitInputLength } from './limited';
export { reverseTask, MAX_REVERSE_LEN } from './reverse';
export { sortTask, MAX_SORT_LEN } from './sort';
export {
  dateTask, parseDate, formatDate, toIso, dateFromIndex, isLeapYear, daysInMonth,
  DATE_FORMS, DATE_FORM_EXAMPLES, DATE_RANGE_DAYS, MONTH_ABBRS, MONTH_NAMES, MIN_DATE, MAX_DATE,
  type CivilDate, type DateForm,
} from './date';
export { dateMultiTask, dateMultiForm, formStats, mixesBoth, toDotted, DATE_MULTI_TASK_NAME, type DateMultiForm, type FormStats } from './date_multi';
export { scoreOutputs, closestReference, editDistance, isCorrect, type OutputScores } from './score';
export { zhNumeralsTask, intToZh, zhToInt, ZH_DIGITS, ZH_MAX, ZH_ZERO_HEAVY_SHARE } from './zh_numerals';
export { reverseLongTask, MAX_REVERSE_LONG_LEN, RESERVE_EVERY } from './reverse_long';
export * from './by_length';

export const TASK_NAMES = ['reverse', 'sort', 'date', 'zh-numerals'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

/** every task by name */
export const TASKS: Readonly<Record<TaskName, Task>> = Object.freeze({
  reverse: reverseTask,
  sort: sortTask,
  date: dateTask,
  'zh-numerals': zhNumeralsTask,
});

export function isTaskName(name: string): name is TaskName {
  return (TASK_NAMES as readonly string[]).includes(name);
}

/**
 * Tasks beside the tour's four (its picker lists TASK_NAMES only): variants made for
 * one lab, which getTask, the CLI and the model files know too.
 */
export const EXTRA_TASK_NAMES = ['date-multi', 'reverse-long'] as const;
export type ExtraTaskName = (typeof EXTRA_TASK_NAMES)[number];

export const EXTRA_TASKS: Readonly<Record<ExtraTaskName, Task>> = Object.freeze({
  'date-multi': dateMultiTask,
  'reverse-long': reverseLongTask,
});

/** Every task name getTask knows: TASK_NAMES, then EXTRA_TASK_NAMES. */
export const ALL_TASK_NAMES: readonly string[] = [...TASK_NAMES, ...EXTRA_TASK_NAMES];

export function isExtraTaskName(name: string): name is ExtraTaskName {
  return (EXTRA_TASK_NAMES as readonly string[]).includes(name);
}

/** The task of that name (from TASK_NAMES or EXTRA_TASK_NAMES); throws an error listing the known names. */
export function getTask(name: string): Task {
  if (isTaskName(name)) return TASKS[name];
  if (isExtraTaskName(name)) return EXTRA_TASKS[name];
  throw new Error(`unknown task “${name}”; known tasks: ${ALL_TASK_NAMES.join(', ')}`);
}
