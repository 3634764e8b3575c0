/** Toy seq2seq tasks: vocabularies, seeded generators, splits and metrics. */
import type { Task } from './task';
import { reverseTask } from './reverse';
import { sortTask } from './sort';
import { dateTask } from './date';
import { zhNumeralsTask } from './zh_numerals';

export * from './vocab';
export * from './task';
export * from './metrics';
export { reverseTask, MAX_REVERSE_LEN } from './reverse';
export { sortTask, MAX_SORT_LEN } from './sort';
export {
  dateTask, parseDate, formatDate, toIso, dateFromIndex, isLeapYear, daysInMonth,
  DATE_FORMS, DATE_FORM_EXAMPLES, DATE_RANGE_DAYS, MONTH_ABBRS, MONTH_NAMES, MIN_DATE, MAX_DATE,
  type CivilDate, type DateForm,
} from './date';
export { zhNumeralsTask, intToZh, zhToInt, ZH_DIGITS, ZH_MAX, ZH_ZERO_HEAVY_SHARE } from './zh_numerals';

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

/** The task of that name; throws an error listing the known names. */
export function getTask(name: string): Task {
  if (!isTaskName(name)) {
    throw new Error(`unknown task “${name}”; known tasks: ${TASK_NAMES.join(', ')}`);
  }
  return TASKS[name];
}
