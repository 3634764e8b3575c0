import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, createModel, encode, type ModelConfig } from '../../src/model';
import { BUNDLE_FORMAT, readBundle, writeBundle, type ModelMeta } from '../../src/io/bundle';
import { traceVectors } from '../../src/labs/modelVectors';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');
const config: ModelConfig = {
  ...DEFAULT_CONFIG, srcVocab: 3 + 26, tgtVocab: 3 + 26, dModel: 16, nHead: 2, numEncoderLayers: 2, numDecoderLayers: 1, dimFeedforward: 32, maxLen: 12,
};

function files() {
  const model = createModel(config, 3);
  const tokens = ['<pad>', '<bos>', '<eos>', ...LETTERS];
  const meta: ModelMeta = {
    format: BUNDLE_FORMAT, task: 'reverse', config, srcVocab: tokens, tgtVocab: tokens, srcEos: true, seed: 3, steps: 0, training: {},
    metrics: { valid: { exactMatch: 0, bleu: 0, n: 0 }, test: { exactMatch: 0, bleu: 0, n: 0 } }, parameters: 0,
  };
  return writeBundle({ meta, model });
}

describe('query and key vectors from a model trace', () => {
  it('takes q of one head and position and the keys of every position from the encoder trace', () => {
    const f = files();
    const bundle = readBundle(f.json, f.safetensors);
    const t = traceVectors(bundle, 'abc', 1, 1, 2);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.v.tokens).toEqual(['a', 'b', 'c', '<eos>']);
    expect(t.v.dh).toBe(8);
    expect(t.v.layers).toBe(2);
    expect(t.v.heads).toBe(2);
    const enc = encode(bundle.model, [[3, 4, 5, 2]]);
    const q = enc.trace!.get('enc.1.self_attn.q'); // [1,2,4,8]
    const k = enc.trace!.get('enc.1.self_attn.k'); // [1,2,4,8]
    const w = enc.trace!.get('enc.1.self_attn.weights'); // [1,2,4,4]
    expect(t.v.q).toEqual(Array.from(q.data.subarray(1 * 4 * 8 + 2 * 8, 1 * 4 * 8 + 3 * 8)));
    expect(t.v.keys[3]).toEqual(Array.from(k.data.subarray(1 * 4 * 8 + 3 * 8, 1 * 4 * 8 + 4 * 8)));
    expect(t.v.weights).toEqual(Array.from(w.data.subarray(1 * 16 + 2 * 4, 1 * 16 + 3 * 4)));
  });

  it('names unknown characters, and refuses an empty or too long source', () => {
    const f = files();
    const bundle = readBundle(f.json, f.safetensors);
    expect(traceVectors(bundle, 'aB!', 0, 0, 0)).toMatchObject({ ok: false, kind: 'unknown', chars: ['B', '!'] });
    expect(traceVectors(bundle, '', 0, 0, 0)).toMatchObject({ ok: false, kind: 'empty' });
    expect(traceVectors(bundle, 'a'.repeat(12), 0, 0, 0)).toMatchObject({ ok: false, kind: 'tooLong', max: 11 });
    expect(traceVectors(bundle, 'ab', 9, 9, 9)).toMatchObject({ ok: true });
  });
});
