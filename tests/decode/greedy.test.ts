import { createModel, forward, type ModelConfig } from '../../src/model';
import { greedyDecode, greedyDecodeBatch, argmax } from '../../src/decode/greedy';

const CONFIG: ModelConfig = {
  srcVocab: 9, tgtVocab: 9, dModel: 8, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 1,
  dimFeedforward: 16, normFirst: false, activation: 'relu', eps: 1e-5, pad: 0, bos: 1, eos: 2, maxLen: 12,
};

describe('greedy decoding', () => {
  it('argmax takes the first of equal maxima', () => {
    expect(argmax([0.1, 0.5, 0.5, 0.2])).toBe(1);
  });

  it('each step appends the argmax of the teacher-forced distribution at the last position', () => {
    for (let seed = 0; seed < 5; seed++) {
      const m = createModel(CONFIG, seed);
      const src = [3, 4, 5, 6];
      const r = greedyDecode(m, src, { maxLen: 8 });
      const prefix = [CONFIG.bos, ...r.tokens];
      const logits = forward(m, [src], [prefix.slice(0, -1)], { trace: false }).logits;
      r.tokens.forEach((tok, t) => expect(argmax(logits.data, t * 9, 9)).toBe(tok));
      expect(r.steps.length).toBe(r.tokens.length);
      if (r.stop === 'eos') expect(r.tokens[r.tokens.length - 1]).toBe(CONFIG.eos);
      else expect(r.tokens.length).toBe(8);
    }
  });

  it('stops at EOS: a model whose generator always favours EOS stops after one token', () => {
    const m = createModel(CONFIG, 1);
    const b = m.params.get('generator.bias')!;
    b.data[CONFIG.eos] = 1e4;
    const r = greedyDecode(m, [3, 4]);
    expect(r.tokens).toEqual([CONFIG.eos]);
    expect(r.stop).toBe('eos');
  });

  it('records the trace of every step, with the prefix it saw', () => {
    const m = createModel(CONFIG, 2);
    const r = greedyDecode(m, [3, 4, 5], { maxLen: 4 });
    expect(r.encoderTrace!.has('enc.memory')).toBe(true);
    r.steps.forEach((s, i) => {
      expect(s.prefix.length).toBe(i + 1);
      expect(s.trace!.get('dec.0.self_attn.weights').shape).toEqual([1, 2, i + 1, i + 1]);
      const sum = s.probs.reduce((p, x) => p + x, 0);
      expect(sum).toBeCloseTo(1, 5);
    });
  });
});

describe('batched greedy decoding', () => {
  it('gives every source the tokens that decoding it alone gives', () => {
    for (let seed = 0; seed < 4; seed++) {
      const m = createModel(CONFIG, seed);
      const b = m.params.get('generator.bias')!;
      b.data[CONFIG.eos] = 1.5; // make EOS likely so that rows stop at different steps
      const srcs = [[3, 4, 5, 6], [7], [8, 3, 3], [5, 6, 7, 8, 4, 3]];
      const batch = greedyDecodeBatch(m, srcs, 8);
      srcs.forEach((s, i) => {
        const alone = greedyDecode(m, s, { maxLen: 8, trace: false }).tokens.filter((t) => t !== CONFIG.eos);
        expect(batch[i]).toEqual(alone);
      });
    }
  });
});
