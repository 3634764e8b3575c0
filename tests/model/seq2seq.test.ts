import fc from 'fast-check';
import { Tensor, Rng, linear, narrow, permute, reshape } from '../../src/core';
import {
  createModel, forward, encode, decode, multiHeadAttention, scaledDotProductAttention, encoderLayer,
  parameterShapes, checkParams, ATTN_FIELDS, type ModelConfig, type TraceKey, type MhaParams,
} from '../../src/model';

const CONFIG: ModelConfig = {
  srcVocab: 12, tgtVocab: 10, dModel: 16, nHead: 4, numEncoderLayers: 2, numDecoderLayers: 2,
  dimFeedforward: 32, normFirst: false, activation: 'relu', eps: 1e-5, pad: 0, bos: 1, eos: 2, maxLen: 16,
};

function randomTensor(shape: number[], rng: Rng, s = 1): Tensor {
  const t = new Tensor(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal() * s;
  return t;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, from = 0, to = a.length): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('seq2seq model', () => {
  it('has every parameter under its PyTorch state_dict name', () => {
    const m = createModel(CONFIG, 1);
    expect(() => checkParams(CONFIG, m.params)).not.toThrow();
    const names = parameterShapes(CONFIG).map(([n]) => n);
    expect(names).toContain('transformer.encoder.layers.1.self_attn.in_proj_weight');
    expect(names).toContain('transformer.decoder.layers.0.multihead_attn.out_proj.bias');
    expect(names).toContain('transformer.decoder.norm.weight');
    expect(names).toContain('generator.weight');
    expect(m.params.get('transformer.encoder.layers.0.self_attn.in_proj_weight')!.shape).toEqual([48, 16]);
  });

  it('changing target tokens after position t never changes decoder outputs at positions up to t', () => {
    const m = createModel(CONFIG, 2);
    const V = CONFIG.tgtVocab;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 3, max: CONFIG.srcVocab - 1 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 3, max: V - 1 }), { minLength: 2, maxLength: 8 }),
        fc.nat(),
        fc.integer({ min: 3, max: V - 1 }),
        (src, tgt, tRaw, replacement) => {
          const t = tRaw % (tgt.length - 1); // change positions > t
          const a = [CONFIG.bos, ...tgt];
          const b = a.map((x, i) => (i > t + 1 ? (x === replacement ? 3 + ((x - 2) % (V - 3)) : replacement) : x));
          const la = forward(m, [src], [a], { trace: false }).logits;
          const lb = forward(m, [src], [b], { trace: false }).logits;
          return maxAbsDiff(la.data, lb.data, 0, (t + 2) * V) === 0;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('self-attention without positional encoding is permutation-equivariant', () => {
    const rng = new Rng(3);
    const D = 16, H = 4;
    const p: MhaParams = {
      inProjWeight: randomTensor([3 * D, D], rng, 0.3), inProjBias: randomTensor([3 * D], rng, 0.1),
      outProjWeight: randomTensor([D, D], rng, 0.3), outProjBias: randomTensor([D], rng, 0.1),
    };
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 1e9 }), (T, seed) => {
        const r = new Rng(seed);
        const x = randomTensor([1, T, D], r);
        const perm = r.shuffle([...Array(T).keys()]);
        const xp = new Tensor([1, T, D]);
        perm.forEach((src, dst) => xp.data.set(x.data.subarray(src * D, src * D + D), dst * D));
        const y = multiHeadAttention(x, x, x, p, H).out;
        const yp = multiHeadAttention(xp, xp, xp, p, H).out;
        let worst = 0;
        perm.forEach((src, dst) => {
          worst = Math.max(worst, maxAbsDiff(y.data.subarray(src * D, src * D + D), yp.data.subarray(dst * D, dst * D + D)));
        });
        return worst < 1e-5;
      }),
      { numRuns: 200 },
    );
  });

  it('multi-head attention with one head equals scaled dot-product attention on the projected inputs', () => {
    const rng = new Rng(4);
    const D = 8;
    const p: MhaParams = {
      inProjWeight: randomTensor([3 * D, D], rng, 0.4), inProjBias: randomTensor([3 * D], rng, 0.1),
      outProjWeight: randomTensor([D, D], rng, 0.4), outProjBias: randomTensor([D], rng, 0.1),
    };
    const q = randomTensor([2, 5, D], rng), kv = randomTensor([2, 7, D], rng);
    const mha = multiHeadAttention(q, kv, kv, p, 1);
    const proj = (x: Tensor, part: number) => linear(x, narrow(p.inProjWeight, 0, part * D, D), narrow(p.inProjBias, 0, part * D, D));
    const sdpa = scaledDotProductAttention(proj(q, 0), proj(kv, 1), proj(kv, 2));
    expect(maxAbsDiff(reshape(mha.weights, [2, 5, 7]).data, sdpa.weights.data)).toBeLessThan(1e-6);
    const out = linear(sdpa.output, p.outProjWeight, p.outProjBias);
    expect(maxAbsDiff(mha.out.data, out.data)).toBeLessThan(1e-5);
  });

  it('decoding step by step over a growing prefix gives the teacher-forced logits', () => {
    const m = createModel(CONFIG, 5);
    const src = [[3, 4, 5, 6]];
    const tgt = [CONFIG.bos, 4, 7, 3, 9];
    const full = forward(m, src, [tgt], { trace: false }).logits;
    const enc = encode(m, src, { trace: false });
    const V = CONFIG.tgtVocab;
    for (let t = 1; t <= tgt.length; t++) {
      const step = decode(m, enc, [tgt.slice(0, t)], { trace: false }).logits;
      expect(maxAbsDiff(step.data.subarray((t - 1) * V, t * V), full.data.subarray((t - 1) * V, t * V))).toBeLessThan(1e-5);
    }
  });

  it('a padded batch gives each item the result it has alone', () => {
    const m = createModel(CONFIG, 6);
    const a = [3, 4, 5, 6, 7], b = [8, 9, 0, 0, 0];
    const tgtA = [1, 4, 5], tgtB = [1, 6, 0];
    const batch = forward(m, [a, b], [tgtA, tgtB], { trace: false }).logits;
    const alone = forward(m, [[8, 9]], [[1, 6]], { trace: false }).logits;
    const V = CONFIG.tgtVocab;
    expect(maxAbsDiff(batch.data.subarray(3 * V, 5 * V), alone.data)).toBeLessThan(1e-5);
  });

  it('the trace holds every named intermediate with the documented shapes', () => {
    const m = createModel(CONFIG, 7);
    const { trace } = forward(m, [[3, 4, 5]], [[1, 4, 5, 6]]);
    expect(trace).not.toBeNull();
    const tr = trace!;
    const shape = (k: TraceKey) => tr.get(k).shape;
    expect(shape('enc.embed')).toEqual([1, 3, 16]);
    expect(shape('enc.pos')).toEqual([3, 16]);
    expect(shape('enc.memory')).toEqual([1, 3, 16]);
    for (let l = 0; l < 2; l++) {
      for (const f of ATTN_FIELDS) {
        expect(tr.has(`enc.${l}.self_attn.${f}`)).toBe(true);
        expect(tr.has(`dec.${l}.self_attn.${f}`)).toBe(true);
        expect(tr.has(`dec.${l}.cross_attn.${f}`)).toBe(true);
      }
      expect(shape(`enc.${l}.self_attn.q`)).toEqual([1, 4, 3, 4]);
      expect(shape(`enc.${l}.self_attn.weights`)).toEqual([1, 4, 3, 3]);
      expect(shape(`dec.${l}.self_attn.weights`)).toEqual([1, 4, 4, 4]);
      expect(shape(`dec.${l}.cross_attn.weights`)).toEqual([1, 4, 4, 3]);
      expect(shape(`dec.${l}.cross_attn.k`)).toEqual([1, 4, 3, 4]);
      expect(shape(`enc.${l}.ffn.hidden`)).toEqual([1, 3, 32]);
      for (const f of ['residual1', 'norm1', 'residual2', 'norm2', 'residual3', 'norm3', 'ffn.out', 'output'] as const) {
        expect(tr.has(`dec.${l}.${f}`)).toBe(true);
      }
    }
    expect(shape('logits')).toEqual([1, 4, 10]);
    expect(shape('probs')).toEqual([1, 4, 10]);
  });

  it('the masked scores of the decoder are minus infinity above the diagonal and its weights are zero there', () => {
    const m = createModel(CONFIG, 8);
    const { trace } = forward(m, [[3, 4, 5]], [[1, 4, 5, 6]]);
    const masked = trace!.get('dec.0.self_attn.masked');
    const weights = trace!.get('dec.0.self_attn.weights');
    for (let h = 0; h < 4; h++) {
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          if (j > i) {
            expect(masked.get(0, h, i, j)).toBe(-Infinity);
            expect(weights.get(0, h, i, j)).toBe(0);
          } else {
            expect(Number.isFinite(masked.get(0, h, i, j))).toBe(true);
          }
        }
      }
    }
  });

  it('each head\'s output is its weights times its values, and concat puts heads side by side', () => {
    const m = createModel(CONFIG, 9);
    const { trace } = forward(m, [[3, 4, 5, 6]], [[1, 4]]);
    const tr = trace!;
    const w = tr.get('enc.1.self_attn.weights'), v = tr.get('enc.1.self_attn.v');
    const ho = tr.get('enc.1.self_attn.head_out'), cat = tr.get('enc.1.self_attn.concat');
    const h = 2, i = 1, d = 3;
    let s = 0;
    for (let j = 0; j < 4; j++) s += w.get(0, h, i, j) * v.get(0, h, j, d);
    expect(ho.get(0, h, i, d)).toBeCloseTo(s, 5);
    expect(cat.get(0, i, h * 4 + d)).toBe(ho.get(0, h, i, d));
    expect(permute(ho, [0, 2, 1, 3]).data).toEqual(cat.data);
  });

  it('pre-LN and gelu layers run and differ from post-LN relu', () => {
    const rng = new Rng(10);
    const m = createModel({ ...CONFIG, normFirst: true, activation: 'gelu' }, 11);
    const x = randomTensor([1, 3, 16], rng);
    const get = (n: string) => m.params.get(n)!;
    const o = { nHead: 4, eps: 1e-5 };
    const pre = encoderLayer(x, get, 'transformer.encoder.layers.0', { ...o, normFirst: true, activation: 'gelu' }, null, null, 'enc.0');
    const post = encoderLayer(x, get, 'transformer.encoder.layers.0', { ...o, normFirst: false, activation: 'relu' }, null, null, 'enc.0');
    expect(maxAbsDiff(pre.data, post.data)).toBeGreaterThan(1e-3);
  });

  it('refuses tokens outside the vocabulary and sequences longer than the maximum, naming them', () => {
    const m = createModel(CONFIG, 12);
    expect(() => forward(m, [[3, 99]], [[1]])).toThrow(/token id 99 is outside the vocabulary of 12/);
    expect(() => forward(m, [Array(17).fill(3)], [[1]])).toThrow(/length 17 is longer than the model's maximum 16/);
    expect(() => forward(m, [[3, 4], [5]], [[1], [1]])).toThrow(/different lengths/);
  });

  it('initialisation is deterministic for a seed', () => {
    const a = createModel(CONFIG, 13), b = createModel(CONFIG, 13), c = createModel(CONFIG, 14);
    const name = 'transformer.decoder.layers.1.linear1.weight';
    expect(a.params.get(name)!.data).toEqual(b.params.get(name)!.data);
    expect(a.params.get(name)!.data).not.toEqual(c.params.get(name)!.data);
  });
});
