/**
 * The small character vocabulary of the page shell: pad = 0, bos = 1, eos = 2,
 * then a–z, 0–9 and space. Source text maps to ids one character at a time, and
 * an EOS id is appended. Invalid input is described, never thrown.
 */

export const PAD = 0;
export const BOS = 1;
export const EOS = 2;

const SPECIALS = ['<pad>', '<bos>', '<eos>'] as const;
const CHARS: readonly string[] = [
  ...'abcdefghijklmnopqrstuvwxyz',
  ...'0123456789',
  ' ',
];

/** Every token of the vocabulary, by id. */
export const CHAR_VOCAB: readonly string[] = [...SPECIALS, ...CHARS];

export const CHAR_VOCAB_SIZE = CHAR_VOCAB.length;

const ID_OF = new Map<string, number>(CHARS.map((c, i) => [c, SPECIALS.length + i]));

export type SourceError =
  | { kind: 'empty' }
  | { kind: 'unknown'; chars: string[] }
  | { kind: 'tooLong'; length: number; max: number };

export type EncodedSource = { ok: true; ids: number[] } | { ok: false; error: SourceError };

/**
 * Source text -> ids (EOS appended). `maxLen` is the model's longest sequence,
 * EOS included, so at most `maxLen - 1` characters fit. Characters are counted
 * as code points, so an emoji is one (unknown) character, not two.
 */
export function encodeSource(text: string, maxLen: number): EncodedSource {
  const chars = [...text];
  if (chars.length === 0) return { ok: false, error: { kind: 'empty' } };
  const unknown: string[] = [];
  for (const c of chars) if (!ID_OF.has(c) && !unknown.includes(c)) unknown.push(c);
  if (unknown.length > 0) return { ok: false, error: { kind: 'unknown', chars: unknown } };
  const max = maxLen - 1;
  if (chars.length > max) return { ok: false, error: { kind: 'tooLong', length: chars.length, max } };
  return { ok: true, ids: [...chars.map((c) => ID_OF.get(c) as number), EOS] };
}

/** The token of an id: a character, or <pad>/<bos>/<eos>, or <id> when out of range. */
export function tokenOf(id: number): string {
  return id >= 0 && id < CHAR_VOCAB.length ? CHAR_VOCAB[id] : `<${id}>`;
}

/**
 * How a character is named in an error message: quoted, with its code point
 * (so a space, a tab or an invisible character can still be told apart).
 */
export function describeChar(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const printable = !/^[\p{Cc}\p{Cf}\p{Z}]$/u.test(c);
  return printable ? `“${c}” (${code})` : code;
}
