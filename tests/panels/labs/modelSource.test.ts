import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, createModel, encode, type ModelConfig } from '../../../src/model';
import { BUNDLE_FORMAT, writeBundle, type ModelMeta } from '../../../src/io/bundle';
import { clearModelCache, loadModel } from '../../../src/panels/labs/modelSource';
import { traceVectors } from '../../../src/labs/modelVectors';

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

function fakeFetch(table: Record<string, { status: number; body: string | Uint8Array }>) {
  const asked: string[] = [];
  const fetcher = async (url: string) => {
    asked.push(url);
    const hit = table[url] ?? { status: 404, body: 'not found' };
    return {
      ok: hit.status === 200,
      status: hit.status,
      text: async () => (typeof hit.body === 'string' ? hit.body : new TextDecoder().decode(hit.body)),
      arrayBuffer: async () => {
        const b = typeof hit.body === 'string' ? new TextEncoder().encode(hit.body) : hit.body;
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      },
    };
  };
  return { fetcher, asked };
}

afterEach(() => clearModelCache());

describe('the scoring lab fetches a model', () => {
  it('fetches the bundle by relative URL and takes q and k of one head from the encoder trace', async () => {
    const f = files();
    const { fetcher, asked } = fakeFetch({ 'models/reverse.json': { status: 200, body: f.json }, 'models/reverse.safetensors': { status: 200, body: f.safetensors } });
    const r = await loadModel('reverse', fetcher);
    expect(asked).toEqual(['models/reverse.json', 'models/reverse.safetensors']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = traceVectors(r.bundle, 'abc', 1, 1, 2);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.v.tokens).toEqual(['a', 'b', 'c', '<eos>']);
    expect(t.v.dh).toBe(8);
    expect(t.v.keys).toHaveLength(4);
    const enc = encode(r.bundle.model, [[3, 4, 5, 2]]);
    const q = enc.trace!.get('enc.1.self_attn.q'); // [1,2,4,8]
    expect(t.v.q).toEqual(Array.from(q.data.subarray(1 * 4 * 8 + 2 * 8, 1 * 4 * 8 + 3 * 8)));
    expect(t.v.weights.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 5);
  });

  it('a missing model, or a page served in its place, is reported as missing and not cached', async () => {
    const missing = fakeFetch({});
    expect(await loadModel('sort', missing.fetcher)).toMatchObject({ ok: false, kind: 'missing' });
    const html = fakeFetch({ 'models/sort.json': { status: 200, body: '<!doctype html><html></html>' } });
    expect(await loadModel('sort', html.fetcher)).toMatchObject({ ok: false, kind: 'missing' });
    const f = files();
    const later = fakeFetch({ 'models/sort.json': { status: 200, body: f.json }, 'models/sort.safetensors': { status: 200, body: f.safetensors } });
    expect((await loadModel('sort', later.fetcher)).ok).toBe(true);
  });

  it('a network failure is reported, never thrown', async () => {
    const r = await loadModel('date', async () => {
      throw new Error('offline');
    });
    expect(r).toMatchObject({ ok: false, kind: 'missing' });
  });

  it('model files that do not fit together are reported as invalid', async () => {
    const f = files();
    const { fetcher } = fakeFetch({ 'models/date.json': { status: 200, body: f.json }, 'models/date.safetensors': { status: 200, body: new Uint8Array([1, 2, 3]) } });
    expect(await loadModel('date', fetcher)).toMatchObject({ ok: false, kind: 'invalid' });
  });

});
