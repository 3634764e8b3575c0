/**
 * Loading a model pair from bytes, for the page (two files picked or dropped) and the
 * command line (`--model PATH.json`): the bundle, the task its inputs are checked
 * against, or the problem that refused it. Never throws for anything in the files.
 */
import type { Task } from '../tasks';
import { readBundle, type ModelBundle } from './bundle';
import { taskFromMeta } from './model_task';
import { ModelFileError, describeModelFileProblem, type ModelFileProblem } from './problems';

export type ModelLoad =
  | { ok: true; bundle: ModelBundle; task: Task }
  | { ok: false; problem: ModelFileProblem; message: string };

/** File contents as the page has them (`File.text()` / `File.arrayBuffer()`) or Node reads them. */
export type FileBytes = ArrayBuffer | Uint8Array;

/**
 * Reads a model pair: `json` as text or bytes (UTF-8), `safetensors` as bytes. Returns the
 * bundle and its task, or the first problem found (data for the page, and an English message).
 */
export function loadModelFiles(json: string | FileBytes, safetensors: FileBytes): ModelLoad {
  try {
    const text = typeof json === 'string' ? json : decodeUtf8(json);
    const bundle = readBundle(text, safetensors instanceof Uint8Array ? safetensors : new Uint8Array(safetensors));
    return { ok: true, bundle, task: taskFromMeta(bundle.meta) };
  } catch (e) {
    if (e instanceof ModelFileError) return { ok: false, problem: e.problem, message: describeModelFileProblem(e.problem) };
    throw e;
  }
}

function decodeUtf8(bytes: FileBytes): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ModelFileError({ kind: 'malformed', file: 'json', detail: 'it is not UTF-8 text' });
  }
}

export type FilePair =
  | { ok: true; json: number; safetensors: number }
  | { ok: false; reason: 'noJson' | 'noSafetensors' | 'notTwo'; count: number };

/**
 * Which of the files dropped or picked together is the .json and which the .safetensors
 * (by name, case-insensitively). Exactly two files, one of each, are needed.
 */
export function pairModelFiles(names: readonly string[]): FilePair {
  if (names.length !== 2) return { ok: false, reason: 'notTwo', count: names.length };
  const json = names.findIndex((n) => n.toLowerCase().endsWith('.json'));
  const st = names.findIndex((n) => n.toLowerCase().endsWith('.safetensors'));
  if (json < 0) return { ok: false, reason: 'noJson', count: 2 };
  if (st < 0) return { ok: false, reason: 'noSafetensors', count: 2 };
  return { ok: true, json, safetensors: st };
}
