import { Rng, Tensor, backward, param } from '../../src/core';
import { createModel, forward, type ModelConfig, type TraceKey } from '../../src/model';
import { getTask } from '../../src/tasks';
import {
  DEFAULT_TRAIN, Trainer, guidedAttentionLoss, guidedAttentionPenalty, makeBatch, nonPadLengths, type TrainOptions,
} from '../../src/train';
import { gradCheck, randomTensor } from '../helpers/gradcheck';

/** Random attention rows [B,H,T,S] that sum to 1 over the first `srcLens[b]` keys, 0 on padding. */
function attention(B: number, H: number, T: number, S: number, srcLens: number[], seed: number): Tensor {
  const rng = new Rng(seed);
  const a = new Tensor([B, H, T, S]);
  for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let t = 0; t < T; t++) {
    let sum = 0;
    const o = ((b * H + h) * T + t) * S;
    for (let n = 0; n < srcLens[b]; n++) sum += a.data[o + n] = rng.uniform(0.01, 1);
    for (let n = 0; n < srcLens[b]; n++) a.data[o + n] /= sum;
  }
  return a;
}

describe('the guided-attention penalty', () => {
  it('is 1 − exp(−(n/N − t/T)² / 2g²): zero on the diagonal, growing away from it', () => {
    const W = guidedAttentionPenalty(4, 4, 0.2);
    for (let t = 0; t < 4; t++) expect(W[t * 4 + t]).toBe(0);
    expect(W[0 * 4 + 2]).toBeCloseTo(1 - Math.exp(-(0.5 * 0.5) / 0.08), 6);
    expect(W[3 * 4 + 0]).toBeCloseTo(1 - Math.exp(-(0.75 * 0.75) / 0.08), 6);
    // T ≠ N: the diagonal of the rectangle, n/N = t/T
    const R = guidedAttentionPenalty(6, 3, 0.2);
    expect(R[2 * 3 + 1]).toBe(0);
    expect(R[4 * 3 + 2]).toBe(0);
    expect(R[5 * 3 + 0]).toBeGreaterThan(0.9);
  });

  it('the anti-diagonal prior reverses the source positions before its last (<eos>), which stays last', () => {
    const D = guidedAttentionPenalty(5, 7, 0.3), A = guidedAttentionPenalty(5, 7, 0.3, 'anti-diagonal');
    for (let t = 0; t < 5; t++) {
      for (let n = 0; n < 6; n++) expect(A[t * 7 + n]).toBe(D[t * 7 + (5 - n)]);
      expect(A[t * 7 + 6]).toBe(D[t * 7 + 6]);
    }
  });

  it('puts reverse’s true alignment at zero: output t looks at letter L − 1 − t, <eos> at <eos>', () => {
    const L = 5, N = L + 1, T = L + 1; // five letters and <eos> on both sides
    const A = guidedAttentionPenalty(T, N, 0.2, 'anti-diagonal');
    for (let t = 0; t < L; t++) expect(A[t * N + (L - 1 - t)]).toBe(0);
    expect(A[L * N + L]).toBe(0);
    expect(A[0 * N + L]).toBeGreaterThan(0.5);
  });

  it('refuses a band width that is not positive', () => {
    expect(() => guidedAttentionPenalty(3, 3, 0)).toThrow(/g must be > 0/);
  });
});

describe('the guided-attention loss', () => {
  const srcLens = [4, 2], tgtLens = [3, 5];
  const A = attention(2, 3, 5, 4, srcLens, 7);
  const opts = { sigma: 0.25, heads: null, prior: 'diagonal' as const };

  it('is the mean of A·W over every valid cell of every head', () => {
    let total = 0, count = 0;
    for (let b = 0; b < 2; b++) {
      const W = guidedAttentionPenalty(tgtLens[b], srcLens[b], 0.25);
      for (let h = 0; h < 3; h++) for (let t = 0; t < tgtLens[b]; t++) for (let n = 0; n < srcLens[b]; n++) {
        total += A.get(b, h, t, n) * W[t * srcLens[b] + n];
        count++;
      }
    }
    expect(guidedAttentionLoss([A], srcLens, tgtLens, opts).data[0]).toBeCloseTo(total / count, 6);
  });

  it('ignores padded positions and heads that are not chosen', () => {
    const B = new Tensor(A.shape, Float32Array.from(A.data));
    B.data[(0 * 3 + 0) * 5 * 4 + 4 * 4 + 1] = 0.9; // example 0, target position 4 ≥ its length 3
    B.data[(1 * 3 + 1) * 5 * 4 + 0 * 4 + 3] = 0.9; // example 1, source position 3 ≥ its length 2
    expect(guidedAttentionLoss([B], srcLens, tgtLens, opts).data[0]).toBe(guidedAttentionLoss([A], srcLens, tgtLens, opts).data[0]);
    const C = new Tensor(A.shape, Float32Array.from(A.data));
    C.data[(0 * 3 + 2) * 5 * 4 + 1 * 4 + 3] += 0.5; // head 2
    const head01 = { ...opts, heads: [0, 1] };
    expect(guidedAttentionLoss([C], srcLens, tgtLens, head01).data[0]).toBe(guidedAttentionLoss([A], srcLens, tgtLens, head01).data[0]);
    expect(guidedAttentionLoss([C], srcLens, tgtLens, opts).data[0]).not.toBe(guidedAttentionLoss([A], srcLens, tgtLens, opts).data[0]);
  });

  it('is small for an attention on the diagonal and large for one off it', () => {
    const diag = new Tensor([1, 1, 4, 4]), off = new Tensor([1, 1, 4, 4]);
    for (let t = 0; t < 4; t++) {
      diag.data[t * 4 + t] = 1;
      off.data[t * 4 + (t === 3 ? 3 : 2 - t)] = 1; // reverse's alignment: letters backwards, <eos> last
    }
    expect(guidedAttentionLoss([diag], [4], [4], opts).data[0]).toBe(0);
    // the mean over all 16 cells of a one-hot row per query
    expect(guidedAttentionLoss([off], [4], [4], opts).data[0]).toBeGreaterThan(0.08);
    expect(guidedAttentionLoss([off], [4], [4], { ...opts, prior: 'anti-diagonal' }).data[0]).toBe(0);
  });

  it('passes a finite-difference check with respect to the attention weights of two layers', () => {
    const A2 = randomTensor([2, 3, 5, 4], 11, 0, 1);
    const r = gradCheck((x, y) => guidedAttentionLoss([x, y], srcLens, tgtLens, { ...opts, heads: [0, 2] }), [A, A2]);
    expect(r.worst).not.toBeNull();
    expect(r.ok).toBe(true);
  });

  it('names what does not fit', () => {
    expect(() => guidedAttentionLoss([A], [4], tgtLens, opts)).toThrow(/1 source and 2 target lengths for a batch of 2/);
    expect(() => guidedAttentionLoss([A], srcLens, tgtLens, { ...opts, heads: [3] })).toThrow(/head 3 is outside 0\.\.2/);
    expect(() => guidedAttentionLoss([A], [5, 2], tgtLens, opts)).toThrow(/lengths 3×5 outside 5×4/);
  });
});

describe('guided attention through the model', () => {
  const config: ModelConfig = {
    srcVocab: 9, tgtVocab: 9, dModel: 8, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 2, dimFeedforward: 16,
    normFirst: false, activation: 'relu', eps: 1e-5, pad: 0, bos: 1, eos: 2, maxLen: 8,
  };
  const src = [[3, 4, 5, 6, 2], [7, 8, 2, 0, 0]];
  const tgtIn = [[1, 6, 5, 4, 3], [1, 8, 7, 0, 0]];
  const tgtOut = [[6, 5, 4, 3, 2], [8, 7, 2, 0, 0]];
  const keys: TraceKey[] = ['dec.0.cross_attn.weights', 'dec.1.cross_attn.weights'];

  /** the guided loss of a model whose parameters are `params` (gradients recorded when they require them) */
  function lossOf(params: Map<string, Tensor>): Tensor {
    const { trace } = forward({ config, params }, src, tgtIn, { trace: true, keep: (k) => keys.includes(k) });
    expect(trace!.keys().sort()).toEqual([...keys].sort());
    return guidedAttentionLoss(keys.map((k) => trace!.get(k)), nonPadLengths(src), nonPadLengths(tgtOut), { sigma: 0.2, heads: null, prior: 'anti-diagonal' });
  }

  it('the gradient reaches the parameters through the recorded cross-attention and matches finite differences', () => {
    const model = createModel(config, 3);
    const params = new Map([...model.params].map(([k, t]) => [k, param(new Tensor(t.shape, Float32Array.from(t.data)))]));
    backward(lossOf(params));
    const names = [
      'transformer.decoder.layers.0.multihead_attn.in_proj_weight', // queries and keys of cross-attention
      'transformer.decoder.layers.1.multihead_attn.in_proj_bias',
      'transformer.encoder.layers.0.linear1.weight', // through the memory
      'tgt_embed.weight', 'src_embed.weight',
    ];
    const h = 2e-3;
    for (const name of names) {
      const g = params.get(name)!.grad!;
      expect(g.some((v) => v !== 0)).toBe(true);
      // the five entries of largest gradient: central differences in float32 agree within 3%
      // (a step of 2e-3: small enough not to cross a relu's kink, large enough for float32)
      const top = Array.from(g.keys()).sort((a, b) => Math.abs(g[b]) - Math.abs(g[a])).slice(0, 5);
      for (const i of top) {
        const at = (delta: number) => {
          const p = new Map([...params].map(([k, t]) => [k, new Tensor(t.shape, Float32Array.from(t.data))]));
          p.get(name)!.data[i] += delta;
          return lossOf(p).data[0];
        };
        const numeric = (at(h) - at(-h)) / (2 * h);
        expect(Math.abs(numeric - g[i])).toBeLessThanOrEqual(0.03 * Math.abs(g[i]) + 1e-6);
      }
    }
    // the value rows of the last guided layer's projection do not change any guided weight: no
    // gradient there; those of layer 0 do (through layer 1's queries)
    const values = (l: number) => params.get(`transformer.decoder.layers.${l}.multihead_attn.in_proj_weight`)!.grad!.slice(2 * 8 * 8);
    expect(values(1).every((v) => v === 0)).toBe(true);
    expect(values(0).some((v) => v !== 0)).toBe(true);
    // nor does anything after the last cross-attention (its out_proj, the generator)
    expect(params.get('generator.weight')!.grad).toBeNull();
  });
});

describe('the trainer with guided attention', () => {
  const TINY: TrainOptions = {
    ...DEFAULT_TRAIN, steps: 60, batchSize: 16, warmup: 10, lrFactor: 0.5, validSize: 40, testSize: 40, labelSmoothing: 0,
    arch: { dModel: 16, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 32, normFirst: false, activation: 'relu' },
  };

  it('with weight 0 trains exactly as without it', () => {
    const a = new Trainer(getTask('reverse'), TINY);
    const b = new Trainer(getTask('reverse'), { ...TINY, guided: { weight: 0, sigma: 0.2, layers: null, heads: null, prior: 'diagonal' } });
    for (let i = 0; i < 4; i++) expect(b.trainStep()).toEqual(a.trainStep());
    for (const [k, t] of a.model.params) expect(b.model.params.get(k)!.data).toEqual(t.data);
  });

  it('reports the guided term and pulls the cross-attention onto the prior', () => {
    // the diagonal prior, which reverse's cross-entropy does not favour: what moves the attention there is the guided term
    const guided = { weight: 20, sigma: 0.2, layers: [0], heads: null, prior: 'diagonal' as const };
    const task = getTask('reverse');
    const tr = new Trainer(task, { ...TINY, guided });
    const off = new Trainer(task, TINY);
    const probe = makeBatch(task, tr.valid.slice(0, 20));
    const guidedTerm = (t: Trainer) => {
      const { trace } = forward(t.model, probe.src, probe.tgtIn, { trace: true, keep: (k) => k === 'dec.0.cross_attn.weights' });
      return guidedAttentionLoss([trace!.get('dec.0.cross_attn.weights')], nonPadLengths(probe.src), nonPadLengths(probe.tgtOut), guided).data[0];
    };
    const before = guidedTerm(tr);
    expect(guidedTerm(off)).toBe(before); // same seed, same initial model
    expect(tr.trainStep().guidedLoss).toBeGreaterThan(0);
    for (let i = 0; i < 40; i++) {
      tr.trainStep();
      off.trainStep();
    }
    expect(off.trainStep().guidedLoss).toBeUndefined();
    expect(guidedTerm(tr)).toBeLessThan(0.7 * before);
    expect(guidedTerm(tr)).toBeLessThan(0.75 * guidedTerm(off));
  });
});
