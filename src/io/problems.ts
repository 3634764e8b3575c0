/**
 * What can be wrong with a model's two files, as data (so that the page can word it in
 * either language) and as one English sentence (`describeModelFileProblem`, for the
 * command line, tests and `Error.message`). Every reader in src/io throws a
 * `ModelFileError` carrying one problem: the first one found.
 */

/** Which of the two files a problem is in. */
export type ModelFile = 'json' | 'safetensors';

export type ModelFileProblem =
  /** the file ends before what its header promises (header length, a tensor's bytes) */
  | { kind: 'truncated'; file: ModelFile; detail: string }
  /** the file is not what it should be: not JSON, not an object, an ill-formed safetensors header … */
  | { kind: 'malformed'; file: ModelFile; detail: string }
  /** the .json's `format` is not one this reader knows */
  | { kind: 'format'; got: string; expected: readonly string[] }
  /** the .json's `arch` names a network this reader does not read (e.g. 'nat' for the Transformer's reader) */
  | { kind: 'arch'; got: string; expected: readonly string[] }
  /** a field of the .json is missing or of the wrong type */
  | { kind: 'field'; field: string; expected: string; got: string }
  /** the config is inconsistent in itself (a size that is not a positive integer, D not divisible by H …) */
  | { kind: 'config'; detail: string }
  /** the vocabularies do not fit the config (sizes, special tokens) or are not character vocabularies */
  | { kind: 'vocab'; detail: string }
  /** a tensor of a dtype that cannot be read as float32 */
  | { kind: 'dtype'; tensor: string; dtype: string; supported: readonly string[] }
  /** a tensor the config needs is absent; `more` counts further missing tensors */
  | { kind: 'missing'; tensor: string; expected: number[]; more: number; hint?: string }
  /** a tensor the config does not use; `more` counts further ones */
  | { kind: 'extra'; tensor: string; shape: number[]; more: number; hint?: string }
  /** a tensor whose shape is not the one the config implies */
  | { kind: 'shape'; tensor: string; expected: number[]; got: number[] }
  /** a NaN or ±Infinity in a tensor; `index` is its multi-index */
  | { kind: 'nonFinite'; tensor: string; index: number[]; value: number };

const fileName = (f: ModelFile) => (f === 'json' ? 'the .json file' : 'the .safetensors file');
const shape = (s: readonly number[]) => `[${s.join(',')}]`;
const andMore = (n: number, what: string) => (n > 0 ? ` (and ${n} more ${what})` : '');

/** One English sentence naming the problem. */
export function describeModelFileProblem(p: ModelFileProblem): string {
  switch (p.kind) {
    case 'truncated':
      return `${fileName(p.file)} is truncated: ${p.detail}`;
    case 'malformed':
      return `${fileName(p.file)} is malformed: ${p.detail}`;
    case 'format':
      return `unknown format “${p.got}” in the .json file (expected ${p.expected.map((e) => `“${e}”`).join(' or ')})`;
    case 'arch':
      return `this is a “${p.got}” model, not a ${p.expected.map((e) => (e === 'transformer' ? 'Transformer' : `“${e}”`)).join(' or ')} (the .json's arch); read it with its own reader`;
    case 'field':
      return `the .json field “${p.field}” should be ${p.expected}, got ${p.got}`;
    case 'config':
      return `the config does not hold together: ${p.detail}`;
    case 'vocab':
      return `the vocabularies do not fit the config: ${p.detail}`;
    case 'dtype':
      return `tensor ${p.tensor} has dtype ${p.dtype}; only ${p.supported.join(', ')} can be read`;
    case 'missing':
      return `tensor ${p.tensor} ${shape(p.expected)} is missing from the .safetensors file${andMore(p.more, 'missing')}${p.hint ? `; ${p.hint}` : ''}`;
    case 'extra':
      return `tensor ${p.tensor} ${shape(p.shape)} in the .safetensors file is not part of the model the config describes${andMore(p.more, 'such tensors')}${p.hint ? `; ${p.hint}` : ''}`;
    case 'shape':
      return `tensor ${p.tensor} has shape ${shape(p.got)} in the .safetensors file, the config needs ${shape(p.expected)}`;
    case 'nonFinite':
      return `tensor ${p.tensor} holds a non-finite value (${p.value}) at ${shape(p.index)}`;
  }
}

/** Thrown by the model-file readers; `problem` says what is wrong as data. */
export class ModelFileError extends Error {
  constructor(readonly problem: ModelFileProblem) {
    super(`model files: ${describeModelFileProblem(problem)}`);
    this.name = 'ModelFileError';
  }
}

/** A short description of a JSON value's type, for `field` problems: `a string “x”`, `an array`, `nothing`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (the field is absent)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return `the string “${v.length > 40 ? v.slice(0, 40) + '…' : v}”`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return `an ${typeof v}`;
}
