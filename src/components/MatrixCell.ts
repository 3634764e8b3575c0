/**
 * Reading what a person typed into a matrix cell. Accepts plain decimals and
 * exponents (`-1.5`, `.5`, `2e3`), the Unicode minus sign and full-width
 * digits typed with a Chinese input method (`－１．５`). Refuses everything
 * else, and values beyond ±1e6 so that nothing downstream overflows.
 */

/** The largest magnitude a matrix cell accepts. */
export const MATRIX_LIMIT = 1e6;

export type CellProblem = 'empty' | 'notNumber' | 'tooLarge';

export type CellCheck = { ok: true; value: number } | { ok: false; problem: CellProblem };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Full-width digits and signs (as a Chinese IME types them) and the Unicode minus to ASCII. */
export function toAsciiNumber(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xff10 + 48))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\uFF0D\u2212\u2012\u2013]/g, '-')
    .replace(/\uFF0B/g, '+')
    .replace(/[\uFF45\uFF25]/g, 'e')
    .trim();
}

export function parseCell(text: string): CellCheck {
  const s = toAsciiNumber(text);
  if (s === '') return { ok: false, problem: 'empty' };
  if (!NUMBER.test(s)) return { ok: false, problem: 'notNumber' };
  const value = Number(s);
  if (!Number.isFinite(value) || Math.abs(value) > MATRIX_LIMIT) return { ok: false, problem: 'tooLarge' };
  return { ok: true, value: value === 0 ? 0 : value };
}

/** How a number is first written into a cell: as short as it reads back exactly (after float32 rounding, 7 digits). */
export function cellText(v: number): string {
  if (!Number.isFinite(v)) return '';
  return String(Number(v.toPrecision(7)));
}
