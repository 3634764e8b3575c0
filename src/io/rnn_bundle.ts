/**
 * Bundles of the RNN encoder–decoders: the same two files and format as a Transformer's
 * (`<name>.safetensors` with the parameters under their state_dict names, `<name>.json` with
 * config, vocabularies, seed, training options and scores), with `arch` set to
 * 'rnn-fixed' or 'rnn-attention' and an RnnConfig. File names carry the architecture
 * (`<task>-rnn-fixed.json`) so that they sit beside the task's Transformer (`<task>.json`).
 */
import { Tensor } from '../core';
import { checkRnnParams, isRnnArch, validateRnnConfig, RNN_ARCHS, type Params, type RnnArch, type RnnConfig, type RnnModel } from '../model';
import { BUNDLE_FORMAT, type ModelMeta } from './bundle';
import { readSafetensors, writeSafetensors } from './safetensors';

export interface RnnModelMeta extends Omit<ModelMeta, 'arch' | 'config'> {
  arch: RnnArch;
  config: RnnConfig;
}

export interface RnnModelBundle {
  meta: RnnModelMeta;
  model: RnnModel;
}

/** The base name of a model's files: `<task>` for a Transformer, `<task>-<arch>` otherwise. */
export function modelFileName(task: string, arch: ModelMeta['arch'] = 'transformer'): string {
  return arch === 'transformer' ? task : `${task}-${arch}`;
}

/** Serialises a bundle; pretty-printed JSON with a fixed key order, so equal models give equal bytes. */
export function writeRnnBundle(b: RnnModelBundle): { safetensors: Uint8Array; json: string } {
  if (b.meta.arch !== b.model.config.arch) throw new Error(`rnn bundle: meta says ${b.meta.arch} but the model is ${b.model.config.arch}`);
  const safetensors = writeSafetensors(b.model.params, { format: BUNDLE_FORMAT, task: b.meta.task, arch: b.meta.arch });
  return { safetensors, json: JSON.stringify(b.meta, null, 2) + '\n' };
}

/** Parses the two files of an RNN bundle; throws an error that names what does not fit. */
export function readRnnBundle(jsonText: string, safetensors: Uint8Array): RnnModelBundle {
  let meta: RnnModelMeta;
  try {
    meta = JSON.parse(jsonText) as RnnModelMeta;
  } catch (e) {
    throw new Error(`rnn bundle: the .json file is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (!meta || meta.format !== BUNDLE_FORMAT) throw new Error(`rnn bundle: expected format ${BUNDLE_FORMAT}, got ${String(meta?.format)}`);
  const arch = (meta as { arch?: string }).arch;
  if (arch === undefined || !isRnnArch(arch)) {
    throw new Error(`rnn bundle: arch must be one of ${RNN_ARCHS.join(', ')}, got ${arch === undefined ? 'none (a Transformer bundle; read it with readBundle)' : arch}`);
  }
  if (!meta.config || meta.config.arch !== arch) throw new Error(`rnn bundle: the config's arch ${String(meta.config?.arch)} differs from the bundle's ${arch}`);
  validateRnnConfig(meta.config);
  if (meta.srcVocab.length !== meta.config.srcVocab || meta.tgtVocab.length !== meta.config.tgtVocab) {
    throw new Error(`rnn bundle: vocabulary sizes ${meta.srcVocab.length}/${meta.tgtVocab.length} differ from the config's ${meta.config.srcVocab}/${meta.config.tgtVocab}`);
  }
  const { tensors } = readSafetensors(safetensors);
  const params: Params = new Map<string, Tensor>(tensors);
  checkRnnParams(meta.config, params);
  return { meta, model: { config: meta.config, params } };
}
