// A source's logits do not depend on the batch it is decoded in: alone, or padded among
// longer sources, its logits are bit-identical — on whichever kernel path runs (the
// js-kernels project runs this file again on the JavaScript kernels).
import { describe, expect, it } from 'vitest';
import { Rng, kernelPath } from '../../src/core';
import { createModel, forward, type ModelConfig } from '../../src/model';

const CONFIG: ModelConfig = {
  srcVocab: 15, tgtVocab: 13, dModel: 24, nHead: 3, numEncoderLayers: 2, numDecoderLayers: 2,
  dimFeedforward: 40, normFirst: false, activation: 'relu', eps: 1e-5, pad: 0, bos: 1, eos: 2, maxLen: 16,
};

describe(`batch independence (${kernelPath()} kernels)`, () => {
  it('a source decoded alone gives bit-identical logits to the same source padded in a batch', () => {
    for (const normFirst of [false, true]) {
      const model = createModel({ ...CONFIG, normFirst }, 5);
      const rng = new Rng(8);
      const lens = [[3, 4], [9, 7], [6, 11], [1, 2], [12, 9]]; // [source, target] lengths
      const srcs = lens.map(([s]) => [...Array.from({ length: s - 1 }, () => rng.int(3, 14)), CONFIG.eos]);
      const tgts = lens.map(([, t]) => [CONFIG.bos, ...Array.from({ length: t - 1 }, () => rng.int(3, 12))]);
      const S = Math.max(...srcs.map((s) => s.length)), T = Math.max(...tgts.map((t) => t.length));
      const pad = (xs: number[], n: number) => [...xs, ...Array<number>(n - xs.length).fill(CONFIG.pad)];
      const batch = forward(model, srcs.map((s) => pad(s, S)), tgts.map((t) => pad(t, T)), { trace: false }).logits; // [B,T,V]
      const V = CONFIG.tgtVocab;
      srcs.forEach((src, b) => {
        const alone = forward(model, [src], [tgts[b]], { trace: false }).logits; // [1,t,V]
        const t = tgts[b].length;
        expect(Array.from(alone.data)).toEqual(Array.from(batch.data.subarray(b * T * V, b * T * V + t * V)));
      });
    }
  });
});
