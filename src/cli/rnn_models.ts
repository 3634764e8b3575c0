/** Reading and writing model files of any architecture from Node (`<task>.json`, `<task>-rnn-fixed.json` …). */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { readBundle } from '../io/bundle';
import { readRnnBundle, writeRnnBundle, type RnnModelBundle } from '../io/rnn_bundle';
import { isRnnArch } from '../model';
import type { AnyModel } from '../train';
import type { ModelMeta } from '../io/bundle';
import type { RnnModelMeta } from '../io/rnn_bundle';
import { MODELS_DIR, modelPaths } from './models';
import { modelName } from './nat_models';

/** The architectures whose models decode greedily token by token (and so have scores by length). */
export const ARCH_NAMES = ['transformer', 'rnn-fixed', 'rnn-attention'] as const;
export type ArchName = (typeof ARCH_NAMES)[number];

export function isArchName(s: string): s is ArchName {
  return (ARCH_NAMES as readonly string[]).includes(s);
}

export function saveRnnBundle(b: RnnModelBundle, dir = MODELS_DIR): { json: string; safetensors: string } {
  mkdirSync(dir, { recursive: true });
  const p = modelPaths(modelName(b.meta.task, b.meta.arch), dir);
  const files = writeRnnBundle(b);
  writeFileSync(p.safetensors, files.safetensors);
  writeFileSync(p.json, files.json);
  return p;
}

/** The model of a task and architecture from `dir`, with its meta and the paths it came from. */
export function loadAnyModel(task: string, arch: ArchName, dir = MODELS_DIR): { model: AnyModel; meta: ModelMeta | RnnModelMeta; paths: { json: string; safetensors: string } } {
  const paths = modelPaths(modelName(task, arch), dir);
  if (!existsSync(paths.json) || !existsSync(paths.safetensors)) {
    throw new Error(`no trained ${arch} model for ${task} in ${dir} (run npm run train -- --task ${task} --arch ${arch})`);
  }
  const json = readFileSync(paths.json, 'utf8'), bytes = new Uint8Array(readFileSync(paths.safetensors));
  if (isRnnArch(arch)) {
    const b = readRnnBundle(json, bytes);
    return { model: { arch: b.meta.arch, model: b.model }, meta: b.meta, paths };
  }
  const b = readBundle(json, bytes);
  return { model: { arch: 'transformer', model: b.model }, meta: b.meta, paths };
}
