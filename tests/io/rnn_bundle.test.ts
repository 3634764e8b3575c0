import { describe, it, expect } from 'vitest';
import { createModel, createRnnModel, RNN_ARCHS, type RnnArch } from '../../src/model';
import { BUNDLE_FORMAT, readBundle, writeBundle, type ModelMeta } from '../../src/io/bundle';
import { modelFileName, readRnnBundle, writeRnnBundle, type RnnModelBundle } from '../../src/io/rnn_bundle';
import { writeSafetensors } from '../../src/io/safetensors';
import { reverseLongTask } from '../../src/tasks';
import { rnnTaskConfig, taskModelConfig, DEFAULT_ARCH } from '../../src/train';

const task = reverseLongTask;

function bundle(arch: RnnArch): RnnModelBundle {
  const model = createRnnModel(rnnTaskConfig(task, { arch, embedDim: 4, hiddenSize: 5, attentionDim: arch === 'rnn-attention' ? 3 : 0 }), 2);
  return {
    model,
    meta: {
      format: BUNDLE_FORMAT, arch, task: task.name, config: model.config,
      srcVocab: [...task.srcVocab.tokens], tgtVocab: [...task.tgtVocab.tokens], srcEos: true, seed: 2, steps: 0,
      training: {}, metrics: { valid: { exactMatch: 0, bleu: 0, n: 0 }, test: { exactMatch: 0, bleu: 0, n: 0 }, byLength: { seed: 1, perLength: 2, lengths: [{ length: 1, n: 2, exactMatch: 0.5, tokenAccuracy: 0.75 }] } },
      parameters: 0,
    },
  };
}

describe.each(RNN_ARCHS)('an %s bundle', (arch) => {
  it('round-trips: the same parameters, config and scores come back, and equal models give equal bytes', () => {
    const b = bundle(arch);
    const files = writeRnnBundle(b);
    expect(files).toEqual(writeRnnBundle(bundle(arch)));
    const back = readRnnBundle(files.json, files.safetensors);
    expect(back.meta).toEqual(b.meta);
    for (const [name, t] of b.model.params) expect(back.model.params.get(name)!.data).toEqual(t.data);
  });

  it('is refused by the Transformer reader, which names its arch', () => {
    const files = writeRnnBundle(bundle(arch));
    expect(() => readBundle(files.json, files.safetensors)).toThrow(`model files: this is a “${arch}” model, not a Transformer (the .json's arch)`);
  });

  it('names a missing tensor, a config of another arch and an unknown arch', () => {
    const b = bundle(arch);
    const files = writeRnnBundle(b);
    const fewer = new Map(b.model.params);
    fewer.delete('decoder.bias_hh_l0');
    expect(() => readRnnBundle(files.json, writeSafetensors(fewer))).toThrow('rnn params: missing decoder.bias_hh_l0');
    const other: RnnArch = arch === 'rnn-fixed' ? 'rnn-attention' : 'rnn-fixed';
    const mixed = JSON.parse(files.json);
    mixed.config.arch = other;
    expect(() => readRnnBundle(JSON.stringify(mixed), files.safetensors)).toThrow(`rnn bundle: the config's arch ${other} differs from the bundle's ${arch}`);
    mixed.arch = 'lstm';
    expect(() => readRnnBundle(JSON.stringify(mixed), files.safetensors)).toThrow('rnn bundle: arch must be one of rnn-fixed, rnn-attention, got lstm');
    expect(() => readRnnBundle('{', files.safetensors)).toThrow(/rnn bundle: the \.json file is not valid JSON/);
  });
});

describe('model file names', () => {
  it('keep the Transformer\'s name and add the arch for the RNNs', () => {
    expect(modelFileName('reverse-long')).toBe('reverse-long');
    expect(modelFileName('reverse-long', 'transformer')).toBe('reverse-long');
    expect(modelFileName('reverse-long', 'rnn-fixed')).toBe('reverse-long-rnn-fixed');
    expect(modelFileName('reverse', 'rnn-attention')).toBe('reverse-rnn-attention');
  });

  it('a Transformer bundle is refused by the RNN reader, which says how to read it', () => {
    const model = createModel(taskModelConfig(task, { ...DEFAULT_ARCH, dModel: 8, nHead: 2, dimFeedforward: 8 }), 1);
    const meta: ModelMeta = {
      format: BUNDLE_FORMAT, task: task.name, config: model.config, srcVocab: [...task.srcVocab.tokens], tgtVocab: [...task.tgtVocab.tokens],
      srcEos: true, seed: 1, steps: 0, training: {}, metrics: { valid: { exactMatch: 0, bleu: 0, n: 0 }, test: { exactMatch: 0, bleu: 0, n: 0 } }, parameters: 0,
    };
    const files = writeBundle({ meta, model });
    expect(readBundle(files.json, files.safetensors).meta.arch).toBeUndefined();
    expect(() => readRnnBundle(files.json, files.safetensors)).toThrow('rnn bundle: arch must be one of rnn-fixed, rnn-attention, got none (a Transformer bundle; read it with readBundle)');
    const tagged = writeBundle({ meta: { ...meta, arch: 'transformer' }, model });
    expect(readBundle(tagged.json, tagged.safetensors).model.config.dModel).toBe(8);
  });
});
