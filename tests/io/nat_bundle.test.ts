import { createNatModel, createModel, type ModelConfig } from '../../src/model';
import { BUNDLE_FORMAT, readBundle, writeBundle, type ModelMeta } from '../../src/io/bundle';
import { bundleArch, readNatBundle, writeNatBundle, type NatMeta } from '../../src/io/nat_bundle';

const CONFIG: ModelConfig = {
  srcVocab: 5, tgtVocab: 5, dModel: 8, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 1,
  dimFeedforward: 16, normFirst: false, activation: 'relu', eps: 1e-5, pad: 0, bos: 1, eos: 2, maxLen: 8,
};
const vocab = ['<pad>', '<bos>', '<eos>', 'a', 'b'];
const base: ModelMeta = {
  format: BUNDLE_FORMAT, task: 'reverse', config: CONFIG, srcVocab: vocab, tgtVocab: vocab, srcEos: true, seed: 1, steps: 1,
  training: {}, metrics: { valid: { exactMatch: 1, bleu: 1, n: 1 }, test: { exactMatch: 1, bleu: 1, n: 1 } }, parameters: 0,
};

describe('NAT bundles', () => {
  const model = createNatModel(CONFIG, 6, 2);
  const meta: NatMeta = { ...base, arch: 'nat', nat: { lengthClasses: 6, placeholder: 'bos', lengthWeight: 0.1 } };

  it('round-trip: the same parameters, lengths and meta', () => {
    const files = writeNatBundle({ meta, model });
    const back = readNatBundle(files.json, files.safetensors);
    expect(back.meta).toEqual(meta);
    expect(back.model.lengths).toBe(6);
    for (const [name, t] of model.params) expect(back.model.params.get(name)!.data).toEqual(t.data);
    expect(bundleArch(files.json)).toBe('nat');
  });

  it('the Transformer reader refuses a NAT bundle, and the NAT reader a Transformer bundle, with a message', () => {
    const nat = writeNatBundle({ meta, model });
    expect(() => readBundle(nat.json, nat.safetensors)).toThrow(/this is a “nat” model, not a Transformer/);
    const at = writeBundle({ meta: base, model: createModel(CONFIG, 1) });
    expect(bundleArch(at.json)).toBe('transformer');
    expect(() => readNatBundle(at.json, at.safetensors)).toThrow(/expected arch “nat”, got “transformer”/);
    const noPredictor = writeNatBundle({ meta, model: { ...model, params: new Map([...model.params].filter(([n]) => !n.startsWith('length_'))) } });
    expect(() => readNatBundle(noPredictor.json, noPredictor.safetensors)).toThrow(/missing length_predictor/);
    expect(() => writeNatBundle({ meta: { ...meta, nat: { ...meta.nat, lengthClasses: 5 } }, model })).toThrow(/5 length classes, the model has 6/);
  });
});
