/**
 * A shipped model is two files: `<task>.safetensors` (the parameters under their
 * PyTorch state_dict names) and `<task>.json` (architecture, vocabularies, seed,
 * training options and the scores it reached). This module turns them into a
 * runnable model and back, and checks that they fit each other.
 */
import { Tensor } from '../core';
import { checkParams, validateConfig, type ModelConfig, type Params, type Seq2SeqModel } from '../model';
import type { ByLengthScores } from '../tasks';
import { readSafetensors, writeSafetensors } from './safetensors';

export const BUNDLE_FORMAT = 'seq2seq-lab-model/1';

export interface Scores {
  exactMatch: number;
  bleu: number;
  n: number;
}

/** Which network a bundle holds; a bundle without `arch` is a Transformer. */
export type ModelArch = 'transformer' | 'nat' | 'rnn-fixed' | 'rnn-attention';

export interface ModelMeta {
  format: typeof BUNDLE_FORMAT;
  /** absent: 'transformer' (readBundle); 'nat': readNatBundle (nat_bundle.ts); 'rnn-fixed' / 'rnn-attention': readRnnBundle (rnn_bundle.ts) */
  arch?: ModelArch;
  task: string;
  config: ModelConfig;
  /** token strings by id (`<pad>`, `<bos>`, `<eos>`, then the characters) */
  srcVocab: string[];
  tgtVocab: string[];
  /** whether the source gets <eos> appended before encoding */
  srcEos: boolean;
  seed: number;
  steps: number;
  /** the options the trainer ran with */
  training: Record<string, unknown>;
  /** byLength: scores on the task's reserved inputs of every length, when the task has them */
  metrics: { valid: Scores; test: Scores; byLength?: ByLengthScores };
  parameters: number;
}

export interface ModelBundle {
  meta: ModelMeta;
  model: Seq2SeqModel;
}

/** Serialises a bundle; the JSON is pretty-printed and key order is fixed, so equal models give equal bytes. */
export function writeBundle(b: ModelBundle): { safetensors: Uint8Array; json: string } {
  const safetensors = writeSafetensors(b.model.params, { format: BUNDLE_FORMAT, task: b.meta.task });
  return { safetensors, json: JSON.stringify(b.meta, null, 2) + '\n' };
}

/** Parses the two files of a bundle; throws an error that names what does not fit. */
export function readBundle(jsonText: string, safetensors: Uint8Array): ModelBundle {
  let meta: ModelMeta;
  try {
    meta = JSON.parse(jsonText) as ModelMeta;
  } catch (e) {
    throw new Error(`model bundle: the .json file is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (!meta || meta.format !== BUNDLE_FORMAT) throw new Error(`model bundle: expected format ${BUNDLE_FORMAT}, got ${String(meta?.format)}`);
  if (meta.arch !== undefined && meta.arch !== 'transformer') {
    throw new Error(`model bundle: this is a “${String(meta.arch)}” model, not a Transformer; read it with its own reader`);
  }
  validateConfig(meta.config);
  if (meta.srcVocab.length !== meta.config.srcVocab || meta.tgtVocab.length !== meta.config.tgtVocab) {
    throw new Error(`model bundle: vocabulary sizes ${meta.srcVocab.length}/${meta.tgtVocab.length} differ from the config's ${meta.config.srcVocab}/${meta.config.tgtVocab}`);
  }
  const { tensors } = readSafetensors(safetensors);
  const params: Params = new Map<string, Tensor>(tensors);
  checkParams(meta.config, params);
  return { meta, model: { config: meta.config, params } };
}
