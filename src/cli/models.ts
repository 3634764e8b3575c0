/** Reading and writing the shipped model files of a task from Node. */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readBundle, writeBundle, type ModelBundle } from '../io/bundle';
import { TASK_NAMES, getTask, type Task } from '../tasks';
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

/** The task named by `--task` and its shipped model (from `--dir`, default public/models). */
export function taskAndBundle(a: ParsedArgs): { task: Task } & ModelBundle {
  const name = a.values.get('task');
  if (!name) throw new Error(`--task is required (one of ${TASK_NAMES.join(', ')}); see --help`);
  const task = getTask(name);
  return { task, ...loadBundle(task.name, a.values.get('dir')) };
}
