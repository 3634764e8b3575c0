/** Reading and writing model files from Node: the shipped ones of a task, or a pair given by path. */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readBundle, writeBundle, type ModelBundle } from '../io/bundle';
import { loadModelFiles } from '../io/load';
import { ALL_TASK_NAMES, getTask, limitInputLength, type Example, type Task } from '../tasks';
import { DEFAULT_TRAIN, heldOutSets } from '../train';
import type { ParsedArgs } from './args';

export const MODELS_DIR = resolve(import.meta.dirname, '..', '..', 'public', 'models');

export function modelPaths(task: string, dir = MODELS_DIR): { json: string; safetensors: string } {
  return { json: join(dir, `${task}.json`), safetensors: join(dir, `${task}.safetensors`) };
}

export function loadBundle(task: string, dir = MODELS_DIR): ModelBundle {
  const p = modelPaths(task, dir);
  if (!existsSync(p.json) || !existsSync(p.safetensors)) {
    throw new Error(`no trained model for ${task} in ${dir} (run npm run train -- --task ${task})`);
  }
  return readBundle(readFileSync(p.json, 'utf8'), new Uint8Array(readFileSync(p.safetensors)));
}

export function saveBundle(b: ModelBundle, dir = MODELS_DIR): { json: string; safetensors: string } {
  mkdirSync(dir, { recursive: true });
  const p = modelPaths(b.meta.task, dir);
  const files = writeBundle(b);
  writeFileSync(p.safetensors, files.safetensors);
  writeFileSync(p.json, files.json);
  return p;
}

/**
 * A model pair given by the path of its .json, the .safetensors beside it (same name);
 * the task is the model's own (its vocabularies and lengths). Throws an error naming the
 * file that is absent or the problem that refuses the pair.
 */
export function loadModelPath(jsonPath: string): { task: Task } & ModelBundle {
  if (!jsonPath.toLowerCase().endsWith('.json')) throw new Error(`--model takes the model's .json file, got ${jsonPath}`);
  const stPath = jsonPath.slice(0, -'.json'.length) + '.safetensors';
  for (const p of [jsonPath, stPath]) if (!existsSync(p)) throw new Error(`no such file: ${p}`);
  const r = loadModelFiles(new Uint8Array(readFileSync(jsonPath)), new Uint8Array(readFileSync(stPath)));
  if (!r.ok) throw new Error(`cannot load ${jsonPath}: ${r.message}`);
  return { task: r.task, ...r.bundle };
}

/**
 * The model of `--model PATH.json`, or the shipped model of `--task` (from `--dir`,
 * default public/models), with the task its inputs are checked against.
 */
export function taskAndBundle(a: ParsedArgs): { task: Task } & ModelBundle {
  const path = a.values.get('model');
  const name = a.values.get('task');
  if (path !== undefined) {
    if (name !== undefined) throw new Error('give --task (a shipped model) or --model (a model file), not both');
    return loadModelPath(path);
  }
  if (!name) throw new Error(`--task or --model is required (tasks: ${ALL_TASK_NAMES.join(', ')}); see --help`);
  const task = getTask(name);
  return { task, ...loadBundle(task.name, a.values.get('dir')) };
}

/**
 * What `eval` needs: a model, a built-in task with ground truth, and its test inputs.
 * `--task NAME` names the task of a `--model` whose .json calls it something else. The
 * held-out sets are redrawn from the seed and sizes in the .json (a model trained here);
 * a model trained elsewhere has none, so they are drawn with `--seed` (default 1) and the
 * trainer's default sizes, and `note` says that the model may have seen some of them.
 */
export function evalSetup(a: ParsedArgs): { task: Task; test: Example[]; note: string | null } & ModelBundle {
  const path = a.values.get('model');
  const named = a.values.get('task');
  const loaded = path !== undefined ? loadModelPath(path) : taskAndBundle(a);
  const { meta, model } = loaded;
  const taskName = path !== undefined ? (named ?? meta.task) : loaded.task.name;
  if (!ALL_TASK_NAMES.includes(taskName)) {
    throw new Error(`eval needs a task with ground truth: the model's task “${taskName}” is not one of ${ALL_TASK_NAMES.join(', ')} (name one with --task)`);
  }
  const training = (meta.training ?? {}) as { validSize?: number; testSize?: number; maxInputLen?: number };
  let task = getTask(taskName);
  if (training.maxInputLen !== undefined) task = limitInputLength(task, training.maxInputLen);
  // inputs longer than the model takes are not the model's to answer: limit the task to them
  task = limitInputLength(task, Math.min(task.maxSrcLen, loaded.task.maxSrcLen));
  const own = meta.seed !== undefined && training.validSize !== undefined && training.testSize !== undefined;
  const seedArg = a.values.get('seed');
  const seed = own && seedArg === undefined ? meta.seed! : Number(seedArg ?? 1);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, got “${seedArg}”`);
  const { test } = heldOutSets(task, seed, training.validSize ?? DEFAULT_TRAIN.validSize, training.testSize ?? DEFAULT_TRAIN.testSize);
  // every character of the test set must be one the model reads and writes
  for (const [side, vocab, texts] of [
    ['source', loaded.task.srcVocab, test.map((e) => e.src)],
    ['target', loaded.task.tgtVocab, test.map((e) => e.tgt)],
  ] as const) {
    for (const t of texts) {
      const bad = [...t].find((c) => !vocab.has(c));
      if (bad !== undefined) throw new Error(`the model's ${side} vocabulary lacks “${bad}”, which ${taskName}'s test set uses`);
    }
  }
  const note = own && seedArg === undefined ? null
    : `test inputs drawn with seed ${seed}${own ? '' : ' (the .json names no seed; the model may have trained on some of them)'}`;
  // the model's own vocabularies encode and decode; the task gives the truth
  const modelTask: Task = { ...task, srcVocab: loaded.task.srcVocab, tgtVocab: loaded.task.tgtVocab };
  return { task: modelTask, test, note, meta, model };
}
