/**
 * Bundles of the non-autoregressive Transformer (arch 'nat'): the same two files as a
 * Transformer's (bundle.ts) — the parameters under their state_dict names, the
 * length predictor's included, and the JSON — with `arch: 'nat'` and a `nat` block
 * saying how its decoder is fed and how many lengths it predicts. `readBundle` stays
 * the Transformer's reader and refuses these files; this module reads and writes them.
 */
import type { Tensor } from '../core';
import { checkNatParams, validateConfig, type NatModel, type Params } from '../model';
import { BUNDLE_FORMAT, type ModelMeta } from './bundle';
import { readSafetensors, writeSafetensors } from './safetensors';

export interface NatInfo {
  /** L: lengths 0 … L − 1 output tokens */
  lengthClasses: number;
  /** what the decoder gets at every position: copies of the BOS embedding (+ positions) */
  placeholder: 'bos';
  /** the length loss's weight in training */
  lengthWeight: number;
}

export interface NatMeta extends ModelMeta {
  arch: 'nat';
  nat: NatInfo;
}

export interface NatBundle {
  meta: NatMeta;
  model: NatModel;
}

export function writeNatBundle(b: NatBundle): { safetensors: Uint8Array; json: string } {
  if (b.meta.arch !== 'nat') throw new Error(`NAT bundle: arch must be 'nat', got ${String(b.meta.arch)}`);
  if (b.meta.nat.lengthClasses !== b.model.lengths) {
    throw new Error(`NAT bundle: the meta says ${b.meta.nat.lengthClasses} length classes, the model has ${b.model.lengths}`);
  }
  const safetensors = writeSafetensors(b.model.params, { format: BUNDLE_FORMAT, task: b.meta.task, arch: 'nat' });
  return { safetensors, json: JSON.stringify(b.meta, null, 2) + '\n' };
}

/** Parses the two files of a NAT bundle; throws an error that names what does not fit. */
export function readNatBundle(jsonText: string, safetensors: Uint8Array): NatBundle {
  let meta: NatMeta;
  try {
    meta = JSON.parse(jsonText) as NatMeta;
  } catch (e) {
    throw new Error(`NAT bundle: the .json file is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (!meta || meta.format !== BUNDLE_FORMAT) throw new Error(`NAT bundle: expected format ${BUNDLE_FORMAT}, got ${String(meta?.format)}`);
  if (meta.arch !== 'nat') throw new Error(`NAT bundle: expected arch “nat”, got “${String(meta.arch ?? 'transformer')}”`);
  if (!meta.nat || meta.nat.placeholder !== 'bos') throw new Error('NAT bundle: the “nat” block is missing or its placeholder is not “bos”');
  validateConfig(meta.config);
  if (meta.srcVocab.length !== meta.config.srcVocab || meta.tgtVocab.length !== meta.config.tgtVocab) {
    throw new Error(`NAT bundle: vocabulary sizes ${meta.srcVocab.length}/${meta.tgtVocab.length} differ from the config's ${meta.config.srcVocab}/${meta.config.tgtVocab}`);
  }
  const { tensors } = readSafetensors(safetensors);
  const params: Params = new Map<string, Tensor>(tensors);
  checkNatParams(meta.config, meta.nat.lengthClasses, params);
  return { meta, model: { config: meta.config, params, lengths: meta.nat.lengthClasses } };
}

/** The architecture a bundle's JSON declares ('transformer' when it says none); throws for unreadable JSON. */
export function bundleArch(jsonText: string): string {
  let meta: { arch?: unknown };
  try {
    meta = JSON.parse(jsonText) as { arch?: unknown };
  } catch (e) {
    throw new Error(`model bundle: the .json file is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  return typeof meta?.arch === 'string' ? meta.arch : 'transformer';
}
