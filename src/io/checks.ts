/**
 * Checks shared by every model-file reader: the generic fields of the .json, the
 * vocabularies against the config, the tensors of the .safetensors against the names and
 * shapes a config implies, and finiteness. Each throws a `ModelFileError` with the first
 * problem found. Architecture-specific readers (the Transformer's `readBundle`, and
 * readers of other architectures) combine them.
 */
import type { Tensor } from '../core';
import { Vocab, SPECIAL_TOKENS } from '../tasks';
import { ModelFileError, describeValue, type ModelFileProblem } from './problems';

function fail(p: ModelFileProblem): never {
  throw new ModelFileError(p);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The .json's text as an object; refuses text that is not JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    fail({ kind: 'malformed', file: 'json', detail: `it is not valid JSON (${(e as Error).message})` });
  }
  if (!isObject(value)) fail({ kind: 'malformed', file: 'json', detail: `it holds ${describeValue(value)}, not a JSON object` });
  return value;
}

/** The fields every model .json has, whatever its architecture. */
export interface GenericMeta {
  format: string;
  task: string;
  config: Record<string, unknown>;
  srcVocab: string[];
  tgtVocab: string[];
  srcEos: boolean;
}

/**
 * Checks the fields every model .json has: `format` (one of `formats`), `task` (any
 * non-empty name), `config` (an object, checked by the architecture's reader),
 * `srcVocab`/`tgtVocab` (lists of token strings), `srcEos` (boolean); and the types of the
 * optional ones when present (`seed`, `steps`, `parameters`: whole numbers; `training`,
 * `metrics`: objects; `example`, `arch`: strings).
 */
export function checkGenericMeta(o: Record<string, unknown>, formats: readonly string[]): GenericMeta {
  if (typeof o.format !== 'string' || !formats.includes(o.format)) {
    fail({ kind: 'format', got: typeof o.format === 'string' ? o.format : describeValue(o.format), expected: formats });
  }
  const field = (name: string, expected: string, ok: boolean) => {
    if (!ok) fail({ kind: 'field', field: name, expected, got: describeValue(o[name]) });
  };
  field('task', 'a non-empty string', typeof o.task === 'string' && o.task.length > 0);
  field('config', 'an object', isObject(o.config));
  for (const v of ['srcVocab', 'tgtVocab'] as const) {
    field(v, 'a list of token strings', Array.isArray(o[v]) && (o[v] as unknown[]).every((t) => typeof t === 'string'));
  }
  field('srcEos', 'true or false (whether <eos> is appended to the source)', typeof o.srcEos === 'boolean');
  for (const n of ['seed', 'steps', 'parameters'] as const) {
    if (o[n] !== undefined) field(n, 'a whole number', Number.isSafeInteger(o[n]));
  }
  for (const n of ['training', 'metrics'] as const) {
    if (o[n] !== undefined) field(n, 'an object', isObject(o[n]));
  }
  if (o.example !== undefined) field('example', 'a string', typeof o.example === 'string');
  if (o.arch !== undefined) field('arch', 'a string naming the network', typeof o.arch === 'string');
  return o as unknown as GenericMeta;
}

/**
 * Checks that a vocabulary list fits the config: `size` tokens, the specials `<pad>`,
 * `<bos>`, `<eos>` at the ids the config gives them (0, 1, 2: the layout of
 * src/tasks/vocab.ts), and every other token one character, none twice. Returns the Vocab.
 */
export function checkVocabulary(
  which: 'srcVocab' | 'tgtVocab', tokens: readonly string[], size: number, specials: { pad: number; bos: number; eos: number },
): Vocab {
  const vocab = (detail: string): never => fail({ kind: 'vocab', detail });
  if (tokens.length !== size) {
    vocab(`the config's ${which} is ${size} but the .json's ${which} lists ${tokens.length} tokens`);
  }
  const want = { pad: 0, bos: 1, eos: 2 } as const;
  for (const k of ['pad', 'bos', 'eos'] as const) {
    if (specials[k] !== want[k]) vocab(`the config's ${k} id is ${specials[k]}; character vocabularies put ${SPECIAL_TOKENS[want[k]]} at id ${want[k]}`);
  }
  SPECIAL_TOKENS.forEach((t, i) => {
    if (tokens[i] !== t) vocab(`${which}[${i}] should be “${t}”, got ${describeValue(tokens[i])}`);
  });
  try {
    return new Vocab(tokens.slice(SPECIAL_TOKENS.length));
  } catch (e) {
    return vocab(`${which}: ${(e as Error).message.replace(/^vocab: /, '')}`);
  }
}

/** `[name, shape]` in the order a model lists its parameters. */
export type ExpectedTensors = readonly (readonly [string, readonly number[]])[];

/**
 * Checks the tensors of a file against those a config implies: every expected tensor
 * present with its shape, no tensor besides. Missing and mis-shaped tensors are reported
 * in the expected order, then extra ones; a layer count that differs between the file and
 * the config is named as a hint.
 */
export function checkTensorSet(expected: ExpectedTensors, tensors: ReadonlyMap<string, Tensor>): void {
  const missing = expected.filter(([name]) => !tensors.has(name));
  const names = new Set(expected.map(([n]) => n));
  const extra = [...tensors.keys()].filter((n) => !names.has(n));
  const hint = layerHint(expected.map(([n]) => n), [...tensors.keys()]);
  if (missing.length > 0) {
    const [name, shape] = missing[0];
    fail({ kind: 'missing', tensor: name, expected: [...shape], more: missing.length - 1, ...(hint ? { hint } : {}) });
  }
  for (const [name, shape] of expected) {
    const t = tensors.get(name)!;
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      fail({ kind: 'shape', tensor: name, expected: [...shape], got: [...t.shape] });
    }
  }
  if (extra.length > 0) {
    const name = extra.sort()[0];
    fail({ kind: 'extra', tensor: name, shape: [...tensors.get(name)!.shape], more: extra.length - 1, ...(hint ? { hint } : {}) });
  }
}

/** “the file has 3 layers under transformer.encoder.layers, the config implies 2”, or null. */
function layerHint(expected: readonly string[], present: readonly string[]): string | null {
  const count = (names: readonly string[]) => {
    const m = new Map<string, number>();
    for (const n of names) {
      const r = /^(.*\.layers)\.(\d+)\./.exec(n);
      if (r) m.set(r[1], Math.max(m.get(r[1]) ?? 0, Number(r[2]) + 1));
    }
    return m;
  };
  const want = count(expected), have = count(present);
  const notes: string[] = [];
  for (const prefix of new Set([...want.keys(), ...have.keys()])) {
    const w = want.get(prefix) ?? 0, h = have.get(prefix) ?? 0;
    if (w !== h) notes.push(`the file has ${h} layer${h === 1 ? '' : 's'} under ${prefix}, the config implies ${w}`);
  }
  return notes.length > 0 ? notes.join('; ') : null;
}

/** Refuses a tensor holding NaN or ±Infinity, naming it and the first such element. */
export function checkFinite(tensors: ReadonlyMap<string, Tensor>): void {
  for (const [name, t] of tensors) {
    const d = t.data;
    for (let i = 0; i < d.length; i++) {
      if (Number.isFinite(d[i])) continue;
      const index: number[] = [];
      let rest = i;
      for (let a = t.shape.length - 1; a >= 0; a--) {
        index.unshift(rest % t.shape[a]);
        rest = Math.floor(rest / t.shape[a]);
      }
      fail({ kind: 'nonFinite', tensor: name, index, value: d[i] });
    }
  }
}
