import { Tensor, backward, crossEntropy, param } from '../../src/core';
import {
  checkNatParams, createNatModel, initParams, lengthLogits, natDecoderPass, natEncode, natForward, natParameterShapes,
  type ModelConfig, type NatModel,
} from '../../src/model';
import { natDecodeBatch, natGreedy } from '../../src/decode/nat';
import { gradCheck } from '../helpers/gradcheck';

const CONFIG: ModelConfig = {
  srcVocab: 9, tgtVocab: 7, dModel: 8, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 2,
  dimFeedforward: 16, normFirst: false, activation: 'relu', eps: 1e-5, pad: 0, bos: 1, eos: 2, maxLen: 10,
};

describe('the non-autoregressive Transformer', () => {
  it("has the Transformer's parameters, initialised the same, plus a length predictor", () => {
    const m = createNatModel(CONFIG, 6, 3);
    const at = initParams(CONFIG, 3);
    for (const [name, t] of at) expect(m.params.get(name)!.data).toEqual(t.data);
    expect(m.params.get('length_predictor.weight')!.shape).toEqual([6, 8]);
    expect(m.params.get('length_predictor.bias')!.shape).toEqual([6]);
    expect(natParameterShapes(CONFIG, 6).map(([n]) => n)).toEqual([...m.params.keys()]);
    expect(() => checkNatParams(CONFIG, 7, m.params)).toThrow(/length_predictor.weight should be \[7,8\], got \[6,8\]/);
    expect(() => createNatModel(CONFIG, 11)).toThrow(/length classes must be a whole number in \[2, 10\]/);
  });

  it('feeds the decoder copies of BOS at every position and masks nothing: every position attends to every other', () => {
    const m = createNatModel(CONFIG, 6, 1);
    const { trace } = natForward(m, [[3, 4, 5, 2]], [4]);
    const emb = m.params.get('tgt_embed.weight')!;
    const input = trace!.get('dec.embed');
    for (let t = 0; t < 4; t++) for (let d = 0; d < 8; d++) expect(input.get(0, t, d)).toBeCloseTo(emb.get(CONFIG.bos, d) * Math.sqrt(8), 5);
    const w = trace!.get('dec.0.self_attn.weights'); // [1,H,4,4]
    for (let h = 0; h < 2; h++) for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(w.get(0, h, i, j)).toBeGreaterThan(0);
  });

  it('a batch of sources and lengths gives each row what it gives alone (padding masked, lengths pooled over real tokens)', () => {
    const m = createNatModel(CONFIG, 8, 2);
    const srcs = [[3, 4, 5, 2], [6, 2], [7, 8, 3, 4, 5, 2]];
    const lengths = [3, 1, 5];
    const S = 6;
    const padded = srcs.map((s) => [...s, ...Array<number>(S - s.length).fill(0)]);
    const batch = natForward(m, padded, lengths, { trace: false });
    srcs.forEach((s, b) => {
      const alone = natForward(m, [s], [lengths[b]], { trace: false });
      for (let l = 0; l < 8; l++) expect(batch.lengthLogits.get(b, l)).toBeCloseTo(alone.lengthLogits.get(0, l), 5);
      for (let t = 0; t < lengths[b]; t++) for (let v = 0; v < 7; v++) expect(batch.logits.get(b, t, v)).toBeCloseTo(alone.logits.get(0, t, v), 5);
    });
    // decoding a batch equals decoding each alone
    const outs = natDecodeBatch(m, srcs);
    srcs.forEach((s, b) => expect(outs[b]).toEqual(natGreedy(m, s, { trace: false }).tokens));
  });

  it('decodes in one parallel pass: the predicted length, then every position’s argmax', () => {
    const m = createNatModel(CONFIG, 8, 4);
    const r = natGreedy(m, [3, 4, 5, 2]);
    expect(r.decoderPasses).toBe(1);
    expect(r.length).toBe(r.predictedLength);
    expect(r.tokens).toHaveLength(r.length);
    expect(r.lengthProbs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const ll = lengthLogits(m, natEncode(m, [[3, 4, 5, 2]], { trace: false }));
    expect(r.predictedLength).toBe(Array.from(ll.data).indexOf(Math.max(...ll.data)));
    const fixed = natGreedy(m, [3, 4, 5, 2], { length: 5 });
    expect(fixed.tokens).toHaveLength(5);
    const { logits } = natDecoderPass(m, natEncode(m, [[3, 4, 5, 2]], { trace: false }), [5], { trace: false });
    fixed.tokens.forEach((tok, t) => {
      const row = Array.from(logits.data.slice(t * 7, (t + 1) * 7));
      expect(tok).toBe(row.indexOf(Math.max(...row)));
    });
    expect(() => natGreedy(m, [3], { length: 8 })).toThrow(/output length must be a whole number in \[0, 7\], got 8/);
  });

  it('the length predictor’s gradient matches finite differences', () => {
    const m = createNatModel(CONFIG, 6, 5);
    const r = gradCheck((w: Tensor) => {
      const mm: NatModel = { ...m, params: new Map(m.params).set('length_predictor.weight', w) };
      return lengthLogits(mm, natEncode(mm, [[3, 4, 2, 0], [5, 6, 7, 2]], { trace: false }));
    }, [m.params.get('length_predictor.weight')!]);
    expect(r.ok).toBe(true);
  });

  it('the token and length losses reach every parameter, the encoder included', () => {
    const m = createNatModel(CONFIG, 6, 6);
    for (const t of m.params.values()) param(t);
    const { logits, lengthLogits: ll } = natForward(m, [[3, 4, 2]], [2], { trace: false });
    const loss = crossEntropy(logits, [4, 3]).loss;
    backward(loss);
    backward(crossEntropy(ll, [2]).loss);
    for (const name of ['transformer.encoder.layers.0.linear1.weight', 'length_predictor.weight', 'transformer.decoder.layers.1.self_attn.in_proj_weight']) {
      expect(m.params.get(name)!.grad!.some((g) => g !== 0)).toBe(true);
    }
  });
});
