/**
 * The NAT model files of a task from Node: `public/models/<task>-nat.safetensors` and
 * `.json` (arch 'nat'), beside the task's Transformer (`<task>.…`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readNatBundle, writeNatBundle, type NatBundle } from '../io/nat_bundle';
import { MODELS_DIR, modelPaths } from './models';
import { ALL_TASK_NAMES, getTask, type Task } from '../tasks';
import type { ParsedArgs } from './args';

/** The architectures `--arch` names in train, predict and eval. */
export const CLI_ARCHS = ['transformer', 'nat', 'rnn-fixed', 'rnn-attention'] as const;
export type CliArch = (typeof CLI_ARCHS)[number];

export function parseArch(value: string | undefined): CliArch {
  const v = value ?? 'transformer';
  if (!(CLI_ARCHS as readonly string[]).includes(v)) throw new Error(`--arch must be one of ${CLI_ARCHS.join(', ')}, got “${v}”`);
  return v as CliArch;
}

/** The file name (without extension) of a task's model of an architecture. */
export function modelName(task: string, arch: CliArch): string {
  return arch === 'transformer' ? task : `${task}-${arch}`;
}

export function natModelPaths(task: string, dir = MODELS_DIR): { json: string; safetensors: string } {
  return modelPaths(modelName(task, 'nat'), dir);
}

export function loadNatBundle(task: string, dir = MODELS_DIR): NatBundle {
  const p = natModelPaths(task, dir);
  if (!existsSync(p.json) || !existsSync(p.safetensors)) {
    throw new Error(`no trained NAT model for ${task} in ${dir} (run npm run train -- --task ${task} --arch nat)`);
  }
  return readNatBundle(readFileSync(p.json, 'utf8'), new Uint8Array(readFileSync(p.safetensors)));
}

export function saveNatBundle(b: NatBundle, dir = MODELS_DIR): { json: string; safetensors: string } {
  mkdirSync(dir, { recursive: true });
  const p = natModelPaths(b.meta.task, dir);
  const files = writeNatBundle(b);
  writeFileSync(p.safetensors, files.safetensors);
  writeFileSync(p.json, files.json);
  return p;
}

/** The task named by `--task` and its NAT model (from `--dir`, default public/models). */
export function natTaskAndBundle(a: ParsedArgs): { task: Task } & NatBundle {
  const name = a.values.get('task');
  if (!name) throw new Error(`--task is required (one of ${ALL_TASK_NAMES.join(', ')}); see --help`);
  const task = getTask(name);
  return { task, ...loadNatBundle(task.name, a.values.get('dir')) };
}
