import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Tensor, backward, crossEntropy, param } from '../../src/core';
import {
  RNN_ARCHS, checkRnnParams, countParams, createRnnModel, rnnEncode, rnnForward, rnnGreedyDecode, rnnGreedyDecodeBatch,
  rnnParameterShapes, rnnStep, validateRnnConfig, type RnnArch, type RnnConfig, type RnnModel, type RnnTraceKey,
} from '../../src/model';
import { gradCheck } from '../helpers/gradcheck';

function config(arch: RnnArch, over: Partial<RnnConfig> = {}): RnnConfig {
  return {
    arch, srcVocab: 9, tgtVocab: 8, embedDim: 5, hiddenSize: 6, attentionDim: arch === 'rnn-attention' ? 4 : 0,
    pad: 0, bos: 1, eos: 2, maxLen: 12, ...over,
  };
}

/** A model whose weights are large enough that its outputs depend visibly on its inputs. */
function model(arch: RnnArch, seed = 1, over: Partial<RnnConfig> = {}): RnnModel {
  const m = createRnnModel(config(arch, over), seed);
  for (const t of m.params.values()) for (let i = 0; i < t.size; i++) t.data[i] *= 2;
  return m;
}

const SRC = [[3, 4, 5, 6, 2], [7, 8, 2, 0, 0]];
const TGT_IN = [[1, 6, 5, 4, 3], [1, 7, 3, 0, 0]];

describe.each(RNN_ARCHS)('the %s model', (arch) => {
  it('names its parameters like a PyTorch state_dict, with the shapes its config implies', () => {
    const m = createRnnModel(config(arch), 1);
    const names = [...m.params.keys()];
    expect(names).toEqual(rnnParameterShapes(m.config).map(([n]) => n));
    expect(names).toContain('encoder.weight_ih_l0');
    expect(names).toContain('decoder.weight_hh_l0');
    expect(m.params.get('encoder.weight_ih_l0')!.shape).toEqual([18, 5]);
    if (arch === 'rnn-fixed') {
      expect(m.params.get('decoder.weight_ih_l0')!.shape).toEqual([18, 5 + 6]); // y ‖ c
      expect(m.params.get('generator.weight')!.shape).toEqual([8, 12]); // s ‖ c
      expect(names.some((n) => n.includes('reverse') || n.startsWith('attention.'))).toBe(false);
    } else {
      expect(m.params.get('encoder.weight_hh_l0_reverse')!.shape).toEqual([18, 6]);
      expect(m.params.get('attention.W_q.weight')!.shape).toEqual([4, 6]);
      expect(m.params.get('attention.W_k.weight')!.shape).toEqual([4, 12]);
      expect(m.params.get('attention.v.weight')!.shape).toEqual([1, 4]);
      expect(m.params.get('decoder.weight_ih_l0')!.shape).toEqual([18, 5 + 12]); // y ‖ c_t
    }
    expect(countParams(m.params)).toBe(rnnParameterShapes(m.config).reduce((p, [, s]) => p + s.reduce((a, d) => a * d, 1), 0));
  });

  it('initialises deterministically for a seed, as PyTorch\'s modules do (GRU weights within ±1/√H)', () => {
    const a = createRnnModel(config(arch), 4), b = createRnnModel(config(arch), 4), c = createRnnModel(config(arch), 5);
    expect(a.params.get('decoder.weight_hh_l0')!.data).toEqual(b.params.get('decoder.weight_hh_l0')!.data);
    expect(a.params.get('decoder.weight_hh_l0')!.data).not.toEqual(c.params.get('decoder.weight_hh_l0')!.data);
    for (const v of a.params.get('encoder.weight_hh_l0')!.data) expect(Math.abs(v)).toBeLessThanOrEqual(1 / Math.sqrt(6));
  });

  it('checkRnnParams names a missing, misshapen or unexpected tensor', () => {
    const m = createRnnModel(config(arch), 1);
    const missing = new Map(m.params);
    missing.delete('generator.bias');
    expect(() => checkRnnParams(m.config, missing)).toThrow('rnn params: missing generator.bias');
    const wrong = new Map(m.params);
    wrong.set('generator.bias', new Tensor([3]));
    expect(() => checkRnnParams(m.config, wrong)).toThrow('rnn params: generator.bias should be [8], got [3]');
    const extra = new Map(m.params);
    extra.set('transformer.encoder.norm.weight', new Tensor([6]));
    expect(() => checkRnnParams(m.config, extra)).toThrow(`rnn params: unexpected transformer.encoder.norm.weight for ${arch}`);
  });

  it('forward returns logits [B,T,V] and a trace whose keys have the documented shapes', () => {
    const m = model(arch);
    const { output, trace } = rnnForward(m, SRC, TGT_IN);
    expect(output.shape).toEqual([2, 5, 8]);
    const D = arch === 'rnn-fixed' ? 1 : 2;
    const shapes: Partial<Record<RnnTraceKey, number[]>> = {
      'enc.embed': [2, 5, 5], 'enc.fwd.z': [2, 5, 6], 'enc.states': [2, 5, D * 6], 'enc.h_n': [D, 2, 6], 'dec.init': [2, 6],
      'dec.embed': [2, 5, 5], 'dec.input': [2, 5, 5 + D * 6], 'dec.r': [2, 5, 6], 'dec.states': [2, 5, 6], logits: [2, 5, 8], probs: [2, 5, 8],
    };
    if (arch === 'rnn-fixed') shapes.context = [2, 6];
    else Object.assign(shapes, { 'enc.bwd.n': [2, 5, 6], 'attn.keys': [2, 5, 4], 'attn.query': [2, 5, 4], 'attn.hidden': [2, 5, 5, 4], 'attn.scores': [2, 5, 5], 'attn.weights': [2, 5, 5], 'attn.context': [2, 5, 12] });
    for (const [k, s] of Object.entries(shapes)) expect([k, trace!.get(k as RnnTraceKey).shape]).toEqual([k, s]);
    expect(trace!.has('context')).toBe(arch === 'rnn-fixed');
    expect(trace!.has('attn.weights')).toBe(arch === 'rnn-attention');
    expect(Array.from(trace!.get('logits').data)).toEqual(Array.from(output.data));
  });

  it('the encoder never reads padding: its states are 0 there and a row gives the same states alone', () => {
    const m = model(arch);
    const { trace } = rnnForward(m, SRC, TGT_IN);
    const states = trace!.get('enc.states');
    const W = states.shape[2];
    expect(Array.from(states.data.subarray((5 + 3) * W, (5 + 5) * W)).every((v) => v === 0)).toBe(true); // row 1, positions 3 and 4
    const alone = rnnForward(m, [[7, 8, 2]], [[1, 7, 3]]).trace!.get('enc.states');
    expect(Array.from(states.data.subarray(5 * W, 8 * W))).toEqual(Array.from(alone.data));
  });

  it('stepping the decoder token by token gives the same logits as the teacher-forced forward pass', () => {
    const m = model(arch);
    const { output } = rnnForward(m, SRC, TGT_IN, { trace: false });
    const enc = rnnEncode(m, SRC);
    let state = enc.init;
    for (let t = 0; t < 5; t++) {
      const r = rnnStep(m, enc, TGT_IN.map((row) => row[t]), state);
      for (let b = 0; b < 2; b++) {
        expect(Array.from(r.logits.data.subarray(b * 8, b * 8 + 8))).toEqual(Array.from(output.data.subarray((b * 5 + t) * 8, (b * 5 + t) * 8 + 8)));
      }
      expect(r.trace!.get('dec.states').shape).toEqual([2, 1, 6]);
      state = r.state;
    }
  });

  it('a source\'s logits do not depend on the other rows of its batch or on how far it is padded', () => {
    const m = model(arch, 3);
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 3, max: 8 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 2 }),
        (rows, extra) => {
          const srcs = rows.map((r) => [...r, 2]);
          const S = Math.max(...srcs.map((s) => s.length)) + extra;
          const padded = srcs.map((s) => [...s, ...Array(S - s.length).fill(0)]);
          const tgt = srcs.map(() => [1, 3, 4]);
          const all = rnnForward(m, padded, tgt, { trace: false }).output;
          srcs.forEach((s, b) => {
            const alone = rnnForward(m, [s], [[1, 3, 4]], { trace: false }).output;
            expect(Array.from(all.data.subarray(b * 24, b * 24 + 24))).toEqual(Array.from(alone.data));
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('greedy decoding of one source equals the batch path, and keeps every step\'s trace', () => {
    const m = model(arch, 2);
    const srcs = [[3, 4, 5, 2], [6, 2], [8, 7, 6, 5, 4, 3, 2]];
    const batch = rnnGreedyDecodeBatch(m, srcs, 8);
    srcs.forEach((s, b) => {
      const g = rnnGreedyDecode(m, s, { maxLen: 8 });
      const body = g.stop === 'eos' ? g.tokens.slice(0, -1) : g.tokens;
      expect(body).toEqual(batch[b]);
      expect(g.steps.length).toBe(g.tokens.length);
      expect(g.steps[0].prev).toBe(1);
      expect(g.trace!.get('dec.states').shape).toEqual([1, g.tokens.length, 6]);
      expect(g.steps.every((st, i) => i === 0 || st.prev === g.steps[i - 1].token)).toBe(true);
      expect(g.stop === 'eos' ? g.tokens[g.tokens.length - 1] === 2 : g.tokens.length === 8).toBe(true);
      const p = g.steps[0].probs;
      expect(p.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
    });
  });

  it('the whole model passes the finite-difference check (loss of teacher forcing, every parameter kind)', () => {
    const m = createRnnModel(config(arch, { embedDim: 3, hiddenSize: 3, attentionDim: arch === 'rnn-attention' ? 2 : 0 }), 7);
    const names = [...m.params.keys()];
    const src = [[3, 4, 2], [5, 2, 0]], tgtIn = [[1, 4, 3], [1, 5, 0]], tgtOut = [[4, 3, 2], [5, 2, 0]];
    const f = (...ts: Tensor[]) => {
      const mm: RnnModel = { config: m.config, params: new Map(names.map((n, i) => [n, ts[i]])) };
      return crossEntropy(rnnForward(mm, src, tgtIn, { trace: false }).output, tgtOut.flat(), { ignoreIndex: 0 }).loss;
    };
    const r = gradCheck(f, names.map((n) => m.params.get(n)!), { h: 1e-2 });
    expect(r.ok).toBe(true);
  });

  it('names the problem with a source or a target', () => {
    const m = model(arch);
    expect(() => rnnForward(m, [[3, 0, 4]], [[1]])).toThrow('rnn encode: row 0 has padding before position 2; pad only at the end');
    expect(() => rnnForward(m, [[0, 0]], [[1]])).toThrow('rnn encode: row 0 is all padding');
    expect(() => rnnForward(m, [[3, 9]], [[1]])).toThrow('rnn encode: token id 9 is outside the vocabulary of 9');
    expect(() => rnnForward(m, [[3, 2]], [[1, 8]])).toThrow('rnn forward: token id 8 is outside the vocabulary of 8');
    expect(() => rnnForward(m, [[3, 2]], [[1], [1]])).toThrow('rnn forward: target batch 2 differs from the source batch 1');
    const enc = rnnEncode(m, [[3, 2]]);
    expect(() => rnnStep(m, enc, [1, 1], enc.init)).toThrow('rnn step: 2 previous tokens for a batch of 1');
  });
});

describe('the fixed context vector', () => {
  it('c is the encoder\'s state at each row\'s last token, and the decoder starts from it', () => {
    const m = model('rnn-fixed');
    const { trace } = rnnForward(m, SRC, TGT_IN);
    const states = trace!.get('enc.states'), c = trace!.get('context');
    expect(Array.from(c.data.subarray(0, 6))).toEqual(Array.from(states.data.subarray(4 * 6, 5 * 6)));
    expect(Array.from(c.data.subarray(6, 12))).toEqual(Array.from(states.data.subarray((5 + 2) * 6, (5 + 3) * 6)));
    expect(Array.from(trace!.get('dec.init').data)).toEqual(Array.from(c.data));
    // every decoder input ends with c
    const x = trace!.get('dec.input');
    for (let t = 0; t < 5; t++) expect(Array.from(x.data.subarray((5 + t) * 11 + 5, (5 + t) * 11 + 11))).toEqual(Array.from(c.data.subarray(6, 12)));
  });

  it('has the same size whatever the source length', () => {
    const m = model('rnn-fixed');
    for (const n of [1, 4, 10]) {
      const src = [[...Array(n).fill(3), 2]];
      expect(rnnForward(m, src, [[1]]).trace!.get('context').shape).toEqual([1, 6]);
    }
  });
});

describe('additive attention', () => {
  const m = model('rnn-attention');
  const { trace } = rnnForward(m, SRC, TGT_IN);

  it('the weights are a softmax over the source: rows sum to 1, exactly 0 at padding', () => {
    const w = trace!.get('attn.weights'); // [2,5,5]
    for (let b = 0; b < 2; b++) {
      for (let t = 0; t < 5; t++) {
        const row = Array.from(w.data.subarray((b * 5 + t) * 5, (b * 5 + t) * 5 + 5));
        expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 6);
        if (b === 1) expect([row[3], row[4]]).toEqual([0, 0]);
      }
    }
  });

  it('each score is vᵀ tanh(W_q s_{t−1} + W_k h_j), worked out from the parameters', () => {
    const Wq = m.params.get('attention.W_q.weight')!, Wk = m.params.get('attention.W_k.weight')!, v = m.params.get('attention.v.weight')!;
    const h = trace!.get('enc.states'), s0 = trace!.get('dec.init'), sT = trace!.get('dec.states');
    const scores = trace!.get('attn.scores'), hidden = trace!.get('attn.hidden');
    for (const [b, t, j] of [[0, 0, 2], [1, 3, 1], [0, 4, 4]]) {
      const s = t === 0 ? s0.data.subarray(b * 6, b * 6 + 6) : sT.data.subarray((b * 5 + t - 1) * 6, (b * 5 + t) * 6);
      const hj = h.data.subarray((b * 5 + j) * 12, (b * 5 + j + 1) * 12);
      let e = 0;
      for (let a = 0; a < 4; a++) {
        let pre = 0;
        for (let k = 0; k < 6; k++) pre += Wq.data[a * 6 + k] * s[k];
        for (let k = 0; k < 12; k++) pre += Wk.data[a * 12 + k] * hj[k];
        expect(hidden.data[((b * 5 + t) * 5 + j) * 4 + a]).toBeCloseTo(Math.tanh(pre), 5);
        e += v.data[a] * Math.tanh(pre);
      }
      expect(scores.data[(b * 5 + t) * 5 + j]).toBeCloseTo(e, 5);
    }
  });

  it('the context is the weighted sum of the encoder states', () => {
    const w = trace!.get('attn.weights'), h = trace!.get('enc.states'), c = trace!.get('attn.context');
    for (let k = 0; k < 12; k++) {
      let sum = 0;
      for (let j = 0; j < 5; j++) sum += w.data[(1 * 5 + 2) * 5 + j] * h.data[(5 + j) * 12 + k];
      expect(c.data[(5 + 2) * 12 + k]).toBeCloseTo(sum, 6);
    }
  });

  it('the bidirectional encoder\'s reverse direction starts the decoder: s_0 = tanh(bridge(←h_1))', () => {
    const hN = trace!.get('enc.h_n'), states = trace!.get('enc.states');
    // ←h_1 is the reverse half of position 0
    expect(Array.from(hN.data.subarray(12, 18))).toEqual(Array.from(states.data.subarray(6, 12)));
    const W = m.params.get('bridge.weight')!, bias = m.params.get('bridge.bias')!, s0 = trace!.get('dec.init');
    for (let i = 0; i < 6; i++) {
      let pre = bias.data[i];
      for (let k = 0; k < 6; k++) pre += W.data[i * 6 + k] * states.data[6 + k];
      expect(s0.data[i]).toBeCloseTo(Math.tanh(pre), 6);
    }
  });
});

describe('rnn config', () => {
  it('names the inconsistent field', () => {
    expect(() => validateRnnConfig(config('rnn-attention', { attentionDim: 0 }))).toThrow('rnn config: rnn-attention needs attentionDim > 0, got 0');
    expect(() => validateRnnConfig(config('rnn-fixed', { attentionDim: 3 }))).toThrow('rnn config: rnn-fixed has no attention, attentionDim must be 0, got 3');
    expect(() => validateRnnConfig({ ...config('rnn-fixed'), arch: 'lstm' as RnnArch })).toThrow('rnn config: arch must be one of rnn-fixed, rnn-attention, got lstm');
    expect(() => validateRnnConfig(config('rnn-fixed', { hiddenSize: 0 }))).toThrow('rnn config: hiddenSize must be a positive integer, got 0');
  });

  it('training through the model sets a gradient on every parameter', () => {
    for (const arch of RNN_ARCHS) {
      const m = model(arch);
      for (const t of m.params.values()) param(t);
      const { output } = rnnForward(m, SRC, TGT_IN, { trace: false });
      const { loss } = crossEntropy(output, [6, 5, 4, 3, 2, 7, 3, 2, 0, 0], { ignoreIndex: 0 });
      backward(loss);
      for (const [name, t] of m.params) expect([name, t.grad !== null && t.grad.some((g) => g !== 0)]).toEqual([name, true]);
    }
  });
});
