/**
 * A shipped model is two files: `<task>.safetensors` (the parameters under their
 * PyTorch state_dict names) and `<task>.json` (architecture, vocabularies, seed,
 * training options and the scores it reached). This module turns them into a
 * runnable model and back, and checks that they fit each other.
 *
 * A model trained elsewhere (e.g. in PyTorch) is the same pair: the .json needs only
 * `format`, `task`, `config`, `srcVocab`, `tgtVocab` and `srcEos`; the tensors may be
 * F32, F16 or BF16. Anything that does not fit is refused with a `ModelFileError`.
 */
import { validateConfig, parameterShapes, type ModelConfig, type Seq2SeqModel } from '../model';
import type { ByLengthScores } from '../tasks';
import { readSafetensors, writeSafetensors } from './safetensors';
import { checkFinite, checkGenericMeta, checkTensorSet, checkVocabulary, parseJsonObject } from './checks';
import { ModelFileError } from './problems';

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
  /** the seed of data and initialisation (models trained here; optional for models trained elsewhere) */
  seed?: number;
  steps?: number;
  /** the options the trainer ran with */
  training?: Record<string, unknown>;
  /** byLength: scores on the task's reserved inputs of every length, when the task has them */
  metrics?: { valid: Scores; test: Scores; byLength?: ByLengthScores };
  parameters?: number;
  /** a typical input, shown first (optional) */
  example?: string;
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

/**
 * Parses the two files of a Transformer bundle; throws a `ModelFileError` naming the first
 * problem: malformed or truncated files, an unknown format or dtype, another architecture
 * (`arch` other than 'transformer': read it with its own reader), a config that does not
 * hold together or does not fit the vocabularies, a missing, extra or mis-shaped tensor,
 * a non-finite value. F16 and BF16 tensors are widened to float32.
 */
export function readBundle(jsonText: string, safetensors: Uint8Array): ModelBundle {
  const meta = checkGenericMeta(parseJsonObject(jsonText), [BUNDLE_FORMAT]) as unknown as ModelMeta;
  if (meta.arch !== undefined && meta.arch !== 'transformer') {
    throw new ModelFileError({ kind: 'arch', got: String(meta.arch), expected: ['transformer'] });
  }
  const config = checkTransformerConfig(meta.config);
  checkVocabulary('srcVocab', meta.srcVocab, config.srcVocab, config);
  checkVocabulary('tgtVocab', meta.tgtVocab, config.tgtVocab, config);
  const { tensors } = readSafetensors(safetensors);
  checkTensorSet(parameterShapes(config), tensors);
  checkFinite(tensors);
  return { meta, model: { config, params: tensors } };
}

/** The config of a Transformer: every field present, of its type, and consistent. */
export function checkTransformerConfig(c: ModelConfig): ModelConfig {
  if (typeof c.normFirst !== 'boolean') throw new ModelFileError({ kind: 'field', field: 'config.normFirst', expected: 'true or false', got: String(c.normFirst) });
  if (typeof c.eps !== 'number') throw new ModelFileError({ kind: 'field', field: 'config.eps', expected: 'a number', got: String(c.eps) });
  try {
    validateConfig(c);
  } catch (e) {
    throw new ModelFileError({ kind: 'config', detail: (e as Error).message.replace(/^config: /, '') });
  }
  return c;
}
