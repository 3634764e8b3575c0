/**
 * Opening a model in the page from its two files — picked, dropped, or handed over by the
 * training lab — as data: the model to register (src/state/slices/models.ts) or why it is
 * refused. React-free, so tests call it directly. Every refusal says what is wrong
 * (`describeRefusal`, in the page's language); nothing here changes the model in use.
 */
import { loadModelFiles, pairModelFiles, type FileBytes } from '../../io/load';
import type { ModelFileProblem } from '../../io/problems';
import type { TFunction } from '../../i18n';
import type { UserModel } from '../../state/slices/models';

/** What a file picked or dropped offers (a `File`, or a stand-in in tests). */
export interface PickedFile {
  name: string;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type ModelRefusal =
  /** not one .json and one .safetensors */
  | { kind: 'pair'; reason: 'noJson' | 'noSafetensors' | 'notTwo'; count: number; names: string[] }
  /** the files do not make a model (src/io/problems.ts) */
  | { kind: 'problem'; problem: ModelFileProblem; message: string }
  /** the browser could not read a file */
  | { kind: 'read'; message: string };

export type ModelOpening = { ok: true; model: Omit<UserModel, 'key'> } | { ok: false; refusal: ModelRefusal };

/** A file name without its extension. */
export function baseName(name: string): string {
  return name.replace(/\.(json|safetensors)$/i, '');
}

/** The model of a pair of file contents, or the problem that refuses it. */
export function modelFromBytes(
  name: string, json: string | FileBytes, safetensors: FileBytes, origin: UserModel['origin'], files?: UserModel['files'],
): ModelOpening {
  const r = loadModelFiles(json, safetensors);
  if (!r.ok) return { ok: false, refusal: { kind: 'problem', problem: r.problem, message: r.message } };
  const text = typeof json === 'string' ? json : new TextDecoder().decode(json);
  return { ok: true, model: { name, origin, bundle: r.bundle, task: r.task, json: text, ...(files ? { files } : {}) } };
}

/** Reads two picked or dropped files as a model pair. */
export async function readModelPair(files: readonly PickedFile[]): Promise<ModelOpening> {
  const names = files.map((f) => f.name);
  const pair = pairModelFiles(names);
  if (!pair.ok) return { ok: false, refusal: { kind: 'pair', reason: pair.reason, count: pair.count, names } };
  const jsonFile = files[pair.json], stFile = files[pair.safetensors];
  let json: ArrayBuffer, st: ArrayBuffer;
  try {
    [json, st] = await Promise.all([jsonFile.arrayBuffer(), stFile.arrayBuffer()]);
  } catch (e) {
    return { ok: false, refusal: { kind: 'read', message: e instanceof Error ? e.message : String(e) } };
  }
  return modelFromBytes(baseName(jsonFile.name), json, st, 'files', { json: jsonFile.name, safetensors: stFile.name });
}

const shape = (s: readonly number[]) => `[${s.join(',')}]`;

/** What is wrong with the files, in the page's language (tensor names, shapes and the reader's details are kept as they are). */
export function describeProblem(t: TFunction, p: ModelFileProblem): string {
  const file = (f: 'json' | 'safetensors') => (f === 'json' ? '.json' : '.safetensors');
  switch (p.kind) {
    case 'truncated':
      return t('models.problem.truncated', { file: file(p.file), detail: p.detail });
    case 'malformed':
      return t('models.problem.malformed', { file: file(p.file), detail: p.detail });
    case 'format':
      return t('models.problem.format', { got: p.got, expected: p.expected.join(', ') });
    case 'arch':
      return t('models.problem.arch', { got: p.got });
    case 'field':
      return t('models.problem.field', { field: p.field, expected: p.expected, got: p.got });
    case 'config':
      return t('models.problem.config', { detail: p.detail });
    case 'vocab':
      return t('models.problem.vocab', { detail: p.detail });
    case 'dtype':
      return t('models.problem.dtype', { tensor: p.tensor, dtype: p.dtype, supported: p.supported.join(', ') });
    case 'missing':
      return t(p.more > 0 ? 'models.problem.missingMore' : 'models.problem.missing', { tensor: p.tensor, shape: shape(p.expected), more: p.more })
        + (p.hint ? ` (${p.hint})` : '');
    case 'extra':
      return t(p.more > 0 ? 'models.problem.extraMore' : 'models.problem.extra', { tensor: p.tensor, shape: shape(p.shape), more: p.more })
        + (p.hint ? ` (${p.hint})` : '');
    case 'shape':
      return t('models.problem.shape', { tensor: p.tensor, got: shape(p.got), expected: shape(p.expected) });
    case 'nonFinite':
      return t('models.problem.nonFinite', { tensor: p.tensor, value: String(p.value), index: shape(p.index) });
  }
}

/** Why a pair was refused, in the page's language. */
export function describeRefusal(t: TFunction, r: ModelRefusal): string {
  switch (r.kind) {
    case 'pair':
      return r.reason === 'notTwo'
        ? t('models.pair.notTwo', { count: r.count })
        : t(r.reason === 'noJson' ? 'models.pair.noJson' : 'models.pair.noSafetensors', { names: r.names.join(', ') });
    case 'problem':
      return describeProblem(t, r.problem);
    case 'read':
      return t('models.read', { message: r.message });
  }
}
