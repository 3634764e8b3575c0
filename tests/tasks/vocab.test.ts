import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Vocab, VocabError, PAD_ID, BOS_ID, EOS_ID, describeVocabProblem } from '../../src/tasks';

describe('Vocab', () => {
  const v = new Vocab('abc');

  it('gives pad, bos and eos the ids 0, 1, 2 and the characters the ids after them', () => {
    expect([PAD_ID, BOS_ID, EOS_ID]).toEqual([0, 1, 2]);
    expect(v.tokens).toEqual(['<pad>', '<bos>', '<eos>', 'a', 'b', 'c']);
    expect(v.size).toBe(6);
    expect(v.idOf('a')).toBe(3);
    expect(v.idOf('c')).toBe(5);
    expect(v.idOf('z')).toBeUndefined();
  });

  it('encodes one id per character, with bos and eos only when asked', () => {
    expect(v.encode('cab')).toEqual([5, 3, 4]);
    expect(v.encode('cab', { eos: true })).toEqual([5, 3, 4, 2]);
    expect(v.encode('cab', { bos: true, eos: true })).toEqual([1, 5, 3, 4, 2]);
    expect(v.encode('')).toEqual([]);
  });

  it('decodes by skipping pad and bos and stopping at the first eos', () => {
    expect(v.decode([1, 5, 0, 3, 4, 2, 3, 3])).toBe('cab');
    expect(v.decode([3, 4])).toBe('ab');
    expect(v.decode([2, 3])).toBe('');
  });

  it('refuses to decode an id outside the vocabulary', () => {
    expect(() => v.decode([3, 6])).toThrow(/id 6 is outside 0\.\.5/);
    expect(() => v.decode([-1])).toThrow(RangeError);
  });

  it('decode(encode(text)) gives the text back for any text of its characters', () => {
    const zh = new Vocab('零一二三四五六七八九十百千万');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...zh.chars), { maxLength: 20 }), (cs) => {
        const text = cs.join('');
        expect(zh.decode(zh.encode(text, { bos: true, eos: true }))).toBe(text);
        expect(zh.encode(text).length).toBe(cs.length);
      }),
    );
  });

  it('counts a Chinese character or an emoji as one token', () => {
    const e = new Vocab(['十', '😀']);
    expect(e.encode('十😀十')).toEqual([3, 4, 3]);
    expect(e.tokens[4]).toBe('😀');
  });

  it('refuses a token that is not a single character, or one listed twice', () => {
    expect(() => new Vocab(['ab'])).toThrow(/one character/);
    expect(() => new Vocab('aba')).toThrow(/listed twice/);
  });

  it('validate finds nothing wrong with a text of its characters', () => {
    expect(v.validate('abcabc', { maxLen: 6 })).toEqual([]);
    expect(v.validate('')).toEqual([]);
  });

  it('validate names each unknown character with its position', () => {
    expect(v.validate('aXbY')).toEqual([
      { kind: 'unknownChar', char: 'X', index: 1, offset: 1 },
      { kind: 'unknownChar', char: 'Y', index: 3, offset: 3 },
    ]);
  });

  it('validate treats an emoji (a surrogate pair) as one character at one position', () => {
    // '😀' is two UTF-16 units: index counts characters, offset counts UTF-16 units
    expect(v.validate('a😀bX')).toEqual([
      { kind: 'unknownChar', char: '😀', index: 1, offset: 1 },
      { kind: 'unknownChar', char: 'X', index: 3, offset: 4 },
    ]);
  });

  it('validate reports a character built of several code points (a flag, a family, an accent) once', () => {
    expect(v.validate('🇨🇳a')).toEqual([{ kind: 'unknownChar', char: '🇨🇳', index: 0, offset: 0 }]);
    expect(v.validate('b👨‍👩‍👧')).toEqual([{ kind: 'unknownChar', char: '👨‍👩‍👧', index: 1, offset: 1 }]);
    // an "a" followed by a combining acute accent: the reader sees one character, á
    expect(v.validate('ba\u0301')).toEqual([{ kind: 'unknownChar', char: 'a\u0301', index: 1, offset: 1 }]);
  });

  it('validate reports a text longer than maxLen, counting characters, not UTF-16 units', () => {
    expect(v.validate('abcab', { maxLen: 4 })).toEqual([{ kind: 'tooLong', length: 5, max: 4 }]);
    const e = new Vocab('😀');
    expect(e.validate('😀😀😀', { maxLen: 3 })).toEqual([]);
    expect(e.validate('😀😀😀😀', { maxLen: 3 })).toEqual([{ kind: 'tooLong', length: 4, max: 3 }]);
  });

  it('validate reports every problem at once: unknown characters and the length', () => {
    expect(v.validate('a b', { maxLen: 2 })).toEqual([
      { kind: 'unknownChar', char: ' ', index: 1, offset: 1 },
      { kind: 'tooLong', length: 3, max: 2 },
    ]);
  });

  it('validate reports the empty text only when it is not allowed', () => {
    expect(v.validate('', { allowEmpty: false })).toEqual([{ kind: 'empty' }]);
  });

  it('encode throws a VocabError that carries the problems', () => {
    let err: unknown;
    try {
      v.encode('a😀');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VocabError);
    expect((err as VocabError).problems).toEqual([{ kind: 'unknownChar', char: '😀', index: 1, offset: 1 }]);
    expect((err as VocabError).message).toMatch(/character 2 “😀” \(U\+1F600\) is not in the vocabulary/);
  });

  it('describes problems in English, naming invisible characters by code point', () => {
    expect(describeVocabProblem({ kind: 'unknownChar', char: 'X', index: 0, offset: 0 })).toBe(
      'character 1 “X” (U+0058) is not in the vocabulary',
    );
    expect(describeVocabProblem({ kind: 'unknownChar', char: '\t', index: 2, offset: 2 })).toBe(
      'character 3 U+0009 is not in the vocabulary',
    );
    expect(describeVocabProblem({ kind: 'tooLong', length: 20, max: 17 })).toBe('the text has 20 characters, at most 17 are allowed');
    expect(describeVocabProblem({ kind: 'empty' })).toBe('the text is empty');
  });
});
