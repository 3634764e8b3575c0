/**
 * date: a day from 1900-01-01 to 2099-12-31, written in one of six forms → ISO `YYYY-MM-DD`.
 *
 *   d mon yyyy      22 nov 2026
 *   mon d, yyyy     nov 22, 2026
 *   dd/mm/yyyy      22/11/2026     (day first, two digits each)
 *   yyyy.mm.dd      2026.11.22
 *   month d yyyy    november 22 2026
 *   d month yyyy    22 november 2026
 *
 * All lower case; the day has no leading zero except in the two numeric forms.
 * Training inputs are uniform over the 73,049 days of the range (real calendar,
 * leap years included: 2000 is one, 1900 is not), and the form uniform over the six.
 */
import type { Rng } from '../core';
import { type Task, TaskInputError, assertInputChars } from './task';
import { Vocab } from './vocab';

export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

export const DATE_FORMS = [
  'd mon yyyy',
  'mon d, yyyy',
  'dd/mm/yyyy',
  'yyyy.mm.dd',
  'month d yyyy',
  'd month yyyy',
] as const;
export type DateForm = (typeof DATE_FORMS)[number];

export const MONTH_ABBRS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
export const MONTH_NAMES = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
] as const;

export const MIN_DATE: CivilDate = { year: 1900, month: 1, day: 1 };
export const MAX_DATE: CivilDate = { year: 2099, month: 12, day: 31 };

const DAY_MS = 86_400_000;
const MIN_MS = Date.UTC(MIN_DATE.year, MIN_DATE.month - 1, MIN_DATE.day);
/** days in the range: 73,049 */
export const DATE_RANGE_DAYS = (Date.UTC(MAX_DATE.year, MAX_DATE.month - 1, MAX_DATE.day) - MIN_MS) / DAY_MS + 1;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** the k-th day of the range, k = 0 is 1900-01-01 */
export function dateFromIndex(k: number): CivilDate {
  const d = new Date(MIN_MS + k * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function toIso(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${pad2(d.month)}-${pad2(d.day)}`;
}

export function formatDate(d: CivilDate, form: DateForm): string {
  const abbr = MONTH_ABBRS[d.month - 1], name = MONTH_NAMES[d.month - 1];
  switch (form) {
    case 'd mon yyyy':
      return `${d.day} ${abbr} ${d.year}`;
    case 'mon d, yyyy':
      return `${abbr} ${d.day}, ${d.year}`;
    case 'dd/mm/yyyy':
      return `${pad2(d.day)}/${pad2(d.month)}/${d.year}`;
    case 'yyyy.mm.dd':
      return `${d.year}.${pad2(d.month)}.${pad2(d.day)}`;
    case 'month d yyyy':
      return `${name} ${d.day} ${d.year}`;
    case 'd month yyyy':
      return `${d.day} ${name} ${d.year}`;
  }
}

/** one example of each form, for messages */
export const DATE_FORM_EXAMPLES: readonly string[] = DATE_FORMS.map((f) => formatDate({ year: 2026, month: 11, day: 22 }, f));

const ABBR = `(${MONTH_ABBRS.join('|')})`;
const NAME = `(${MONTH_NAMES.join('|')})`;
const DAY = '([1-9]|[12][0-9]|3[01])';
const DD = '([0-9]{2})';
const YEAR = '([0-9]{4})';

/** each form's pattern and where its year, month and day are captured */
const PATTERNS: readonly { form: DateForm; re: RegExp; y: number; m: number; d: number }[] = [
  { form: 'd mon yyyy', re: new RegExp(`^${DAY} ${ABBR} ${YEAR}$`), y: 3, m: 2, d: 1 },
  { form: 'mon d, yyyy', re: new RegExp(`^${ABBR} ${DAY}, ${YEAR}$`), y: 3, m: 1, d: 2 },
  { form: 'dd/mm/yyyy', re: new RegExp(`^${DD}/${DD}/${YEAR}$`), y: 3, m: 2, d: 1 },
  { form: 'yyyy.mm.dd', re: new RegExp(`^${YEAR}\\.${DD}\\.${DD}$`), y: 1, m: 2, d: 3 },
  { form: 'month d yyyy', re: new RegExp(`^${NAME} ${DAY} ${YEAR}$`), y: 3, m: 1, d: 2 },
  { form: 'd month yyyy', re: new RegExp(`^${DAY} ${NAME} ${YEAR}$`), y: 3, m: 2, d: 1 },
];

function monthOf(s: string): number {
  if (/^[0-9]+$/.test(s)) return Number(s);
  const i = MONTH_ABBRS.indexOf(s as (typeof MONTH_ABBRS)[number]);
  return i >= 0 ? i + 1 : MONTH_NAMES.indexOf(s as (typeof MONTH_NAMES)[number]) + 1;
}

/** The characters the six forms use: month-name letters, digits, space , / . */
function dateChars(): string[] {
  const set = new Set<string>();
  for (const m of [...MONTH_NAMES, ...MONTH_ABBRS]) for (const c of m) set.add(c);
  return [...[...set].sort(), ...'0123456789', ' ', ',', '/', '.'];
}

export const DATE_TASK_NAME = 'date';

/**
 * Reads a date written in any of the six forms; throws a `TaskInputError` for anything
 * else: another form ('badFormat'), a year outside 1900–2099 ('outOfRange'), or a day
 * the calendar does not have such as 31 feb, 00/11/2026 or 22/13/2026 ('noSuchDay').
 * `22 may 2026` fits two forms ('d mon yyyy' and 'd month yyyy'); the first listed is reported.
 */
export function parseDate(text: string): CivilDate & { form: DateForm } {
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const year = Number(m[p.y]), month = monthOf(m[p.m]), day = Number(m[p.d]);
    if (year < MIN_DATE.year || year > MAX_DATE.year) {
      throw new TaskInputError(DATE_TASK_NAME, text, [{ kind: 'outOfRange', min: toIso(MIN_DATE), max: toIso(MAX_DATE) }]);
    }
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      throw new TaskInputError(DATE_TASK_NAME, text, [{ kind: 'noSuchDay', year, month, day }]);
    }
    return { year, month, day, form: p.form };
  }
  throw new TaskInputError(DATE_TASK_NAME, text, [{ kind: 'badFormat', expected: DATE_FORM_EXAMPLES }]);
}

/** longest input: a two-digit day, the longest month name ("september"), a four-digit year */
const MAX_SRC = 2 + 1 + Math.max(...MONTH_NAMES.map((m) => m.length)) + 1 + 4;

export const dateTask: Task = {
  name: DATE_TASK_NAME,
  srcVocab: new Vocab(dateChars()),
  tgtVocab: new Vocab('0123456789-'),
  maxSrcLen: MAX_SRC, // 17, e.g. "28 september 2026"
  maxTgtLen: 'yyyy-mm-dd'.length + 1, // 11
  example: 'nov 22, 2026',
  solve(input: string): string {
    assertInputChars(dateTask, input);
    return toIso(parseDate(input));
  },
  /** a day uniform over 1900-01-01 … 2099-12-31, then a form uniform over the six */
  sample(rng: Rng): string {
    const d = dateFromIndex(rng.int(0, DATE_RANGE_DAYS - 1));
    return formatDate(d, DATE_FORMS[rng.int(0, DATE_FORMS.length - 1)]);
  },
};
