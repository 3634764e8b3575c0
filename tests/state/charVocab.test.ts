import { describe, expect, it } from 'vitest';
import { BOS, CHAR_VOCAB, EOS, PAD, describeChar, encodeSource, tokenOf } from '../../src/state';

describe('character vocabulary', () => {
  it('reserves pad, bos and eos as ids 0, 1 and 2', () => {
    expect([PAD, BOS, EOS]).toEqual([0, 1, 2]);
    expect(CHAR_VOCAB.slice(0, 3)).toEqual(['<pad>', '<bos>', '<eos>']);
  });

  it('maps each character to its id and appends EOS', () => {
    const r = encodeSource('ab 0', 32);
    expect(r).toEqual({ ok: true, ids: [CHAR_VOCAB.indexOf('a'), CHAR_VOCAB.indexOf('b'), CHAR_VOCAB.indexOf(' '), CHAR_VOCAB.indexOf('0'), EOS] });
  });

  it('ids map back to their characters', () => {
    const r = encodeSource('hello 42', 32);
    if (!r.ok) throw new Error('expected valid');
    expect(r.ids.map(tokenOf).join('')).toBe('hello 42<eos>');
  });

  it('an empty source is an error, not a run', () => {
    expect(encodeSource('', 32)).toEqual({ ok: false, error: { kind: 'empty' } });
  });

  it('names every unknown character once, in order of appearance', () => {
    expect(encodeSource('Hi!!', 32)).toEqual({ ok: false, error: { kind: 'unknown', chars: ['H', '!'] } });
  });

  it('counts an emoji as one character', () => {
    expect(encodeSource('a😀', 32)).toEqual({ ok: false, error: { kind: 'unknown', chars: ['😀'] } });
  });

  it('a source longer than maxLen minus one is too long, EOS being the last place', () => {
    expect(encodeSource('a'.repeat(31), 32).ok).toBe(true);
    expect(encodeSource('a'.repeat(32), 32)).toEqual({ ok: false, error: { kind: 'tooLong', length: 32, max: 31 } });
  });

  it('describes visible characters quoted and invisible ones by code point', () => {
    expect(describeChar('!')).toBe('“!” (U+0021)');
    expect(describeChar('\t')).toBe('U+0009');
    expect(describeChar('\u00a0')).toBe('U+00A0');
  });

  it('out-of-range ids read as their number', () => {
    expect(tokenOf(999)).toBe('<999>');
  });
});
