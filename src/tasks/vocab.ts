/**
 * A character vocabulary: ids 0, 1, 2 are <pad>, <bos>, <eos>, then one id per
 * character, in the order given.
 *
 * A "character" is a Unicode code point, so a Chinese character or an emoji is
 * one character (one token), never the two UTF-16 halves of a surrogate pair.
 * Problems with a text are reported as data ({kind, char, index, …}) so that the
 * UI can word them in either language; `describeVocabProblem` gives English.
 */

export const PAD_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
export const SPECIAL_TOKENS = ['<pad>', '<bos>', '<eos>'] as const;

/** One thing wrong with a text, as the UI will show it. */
export type VocabProblem =
  /** the text is empty (only when `allowEmpty: false`) */
  | { kind: 'empty' }
  /**
   * a character outside the vocabulary. `char` is the whole user-perceived
   * character (an emoji, a letter with a combining accent …); `index` is its
   * position counted in characters (code points, as `encode` counts tokens);
   * `offset` its position in UTF-16 units (for `text.slice(offset, offset + char.length)`).
   */
  | { kind: 'unknownChar'; char: string; index: number; offset: number }
  /** more characters (code points) than `max` */
  | { kind: 'tooLong'; length: number; max: number };

export interface ValidateOptions {
  /** the longest text allowed, in characters (no specials counted) */
  maxLen?: number;
  /** whether the empty text is fine (default true) */
  allowEmpty?: boolean;
}

export interface EncodeOptions {
  /** prepend <bos> (default false) */
  bos?: boolean;
  /** append <eos> (default false) */
  eos?: boolean;
}

/** Thrown by `Vocab.encode` for a text that does not fit; carries the problems. */
export class VocabError extends Error {
  constructor(readonly problems: readonly VocabProblem[]) {
    super(`vocab: ${problems.map(describeVocabProblem).join('; ')}`);
    this.name = 'VocabError';
  }
}

/** `“x” (U+0078)`, or just the code points for invisible characters. */
export function describeChar(c: string): string {
  const codes = Array.from(c, (ch) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
  const printable = !/^[\p{Cc}\p{Cf}\p{Z}\p{M}]/u.test(c);
  return printable ? `“${c}” (${codes})` : codes;
}

/** An English sentence for a problem (the UI uses its own catalog; this is for the CLI, tests and errors). */
export function describeVocabProblem(p: VocabProblem): string {
  switch (p.kind) {
    case 'empty':
      return 'the text is empty';
    case 'unknownChar':
      return `character ${p.index + 1} ${describeChar(p.char)} is not in the vocabulary`;
    case 'tooLong':
      return `the text has ${p.length} characters, at most ${p.max} are allowed`;
  }
}

interface Piece {
  text: string;
  /** position in code points */
  index: number;
  /** position in UTF-16 units */
  offset: number;
}

let segmenter: Intl.Segmenter | null | undefined;

/** The user-perceived characters (grapheme clusters) of a text, with their positions. */
function graphemes(text: string): Piece[] {
  const out: Piece[] = [];
  let index = 0;
  if (segmenter === undefined) {
    segmenter = typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function'
      ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
      : null;
  }
  if (segmenter !== null) {
    for (const s of segmenter.segment(text)) {
      out.push({ text: s.segment, index, offset: s.index });
      index += codePointLength(s.segment);
    }
    return out;
  }
  let offset = 0;
  for (const c of text) {
    out.push({ text: c, index: index++, offset });
    offset += c.length;
  }
  return out;
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export class Vocab {
  /** the characters, in id order (id = 3 + position) */
  readonly chars: readonly string[];
  /** display strings by id: `<pad>`, `<bos>`, `<eos>`, then the characters */
  readonly tokens: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;

  /** `chars`: a string (split into code points) or a list of single characters. */
  constructor(chars: string | Iterable<string>) {
    const list = typeof chars === 'string' ? Array.from(chars) : [...chars];
    const ids = new Map<string, number>();
    for (const c of list) {
      if (codePointLength(c) !== 1) throw new Error(`vocab: each token must be one character, got “${c}”`);
      if (ids.has(c)) throw new Error(`vocab: character ${describeChar(c)} is listed twice`);
      ids.set(c, SPECIAL_TOKENS.length + ids.size);
    }
    this.chars = Object.freeze(list);
    this.tokens = Object.freeze([...SPECIAL_TOKENS, ...list]);
    this.ids = ids;
  }

  /** number of ids, specials included */
  get size(): number {
    return this.tokens.length;
  }

  has(char: string): boolean {
    return this.ids.has(char);
  }

  /** the id of a character, or undefined */
  idOf(char: string): number | undefined {
    return this.ids.get(char);
  }

  /** the display string of an id; throws for an id outside the vocabulary */
  token(id: number): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.tokens.length) {
      throw new RangeError(`vocab: id ${id} is outside 0..${this.tokens.length - 1}`);
    }
    return this.tokens[id];
  }

  /**
   * Everything wrong with `text`: each character outside the vocabulary (with its
   * position), the text being longer than `maxLen`, or empty when that is not allowed.
   * An empty list means `encode(text)` succeeds.
   */
  validate(text: string, opts: ValidateOptions = {}): VocabProblem[] {
    const problems: VocabProblem[] = [];
    if (text.length === 0 && opts.allowEmpty === false) problems.push({ kind: 'empty' });
    let length = 0, allKnown = true;
    for (const c of text) {
      length++;
      if (!this.ids.has(c)) allKnown = false;
    }
    if (!allKnown) {
      for (const g of graphemes(text)) {
        let ok = true;
        for (const c of g.text) if (!this.ids.has(c)) ok = false;
        if (!ok) problems.push({ kind: 'unknownChar', char: g.text, index: g.index, offset: g.offset });
      }
    }
    if (opts.maxLen !== undefined) {
      if (length > opts.maxLen) problems.push({ kind: 'tooLong', length, max: opts.maxLen });
    }
    return problems;
  }

  /** Text -> ids, one per character; throws a `VocabError` listing every unknown character. */
  encode(text: string, opts: EncodeOptions = {}): number[] {
    const out: number[] = [];
    if (opts.bos) out.push(BOS_ID);
    for (const c of text) {
      const id = this.ids.get(c);
      if (id === undefined) throw new VocabError(this.validate(text));
      out.push(id);
    }
    if (opts.eos) out.push(EOS_ID);
    return out;
  }

  /** Ids -> text: skips <pad> and <bos>, stops at the first <eos>; throws for an unknown id. */
  decode(ids: Iterable<number>): string {
    let s = '';
    for (const id of ids) {
      if (id === EOS_ID) break;
      if (id === PAD_ID || id === BOS_ID) continue;
      s += this.token(id);
    }
    return s;
  }
}
