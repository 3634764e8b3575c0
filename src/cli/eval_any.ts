/**
 * `npm run eval -- --task TASK [--arch ARCH] [--by-length]` for the architectures that decode
 * greedily token by token (transformer, rnn-fixed, rnn-attention): the test-set scores and,
 * with --by-length, exact match and per-token accuracy for every input length on the task's
 * reserved inputs, compared with the scores stored in the model's .json.
 *
 * The stored scores were measured on the kernel path recorded in the .json
 * (`training.kernels`); unless SEQ2SEQ_KERNELS chooses a path, the scores are measured again
 * on that path, so that they reproduce exactly.
 */
import { KERNELS_ENV, describeKernels, kernelPath, setKernels, type KernelPath } from '../core';
import { getTask, exactMatch, bleu, type LengthScore } from '../tasks';
import { evaluateByLength, heldOutSets, predictAny } from '../train';
import type { ParsedArgs } from './args';
import { STRATEGY_FLAGS } from './strategy';
import { isArchName, loadAnyModel } from './rnn_models';
import { parseArch } from './nat_models';
import { printByLength } from './train_rnn';

export const EVAL_ANY_HELP = `  --arch rnn-fixed, --arch rnn-attention
                    evaluate the task's RNN encoder-decoder (TASK-rnn-fixed, TASK-rnn-attention)
  --by-length       (transformer, rnn-fixed, rnn-attention; greedy) also exact match and
                    per-token accuracy for every input length on the task's reserved inputs
                    (reverse-long), compared with the scores stored in the model's .json
                    (exit 1 if they differ on the kernel path they were measured on)`;

/** Where two by-length tables differ (empty when equal). */
export function byLengthDifferences(stored: readonly LengthScore[], now: readonly LengthScore[]): string[] {
  const out: string[] = [];
  if (stored.length !== now.length) out.push(`${stored.length} lengths stored, ${now.length} measured`);
  for (let i = 0; i < Math.min(stored.length, now.length); i++) {
    const a = stored[i], b = now[i];
    for (const k of ['length', 'n', 'exactMatch', 'tokenAccuracy'] as const) {
      if (a[k] !== b[k]) out.push(`length ${b.length}: ${k} stored ${a[k]}, measured ${b[k]}`);
    }
  }
  return out;
}

export function evalAny(a: ParsedArgs): number {
  const name = a.values.get('task');
  if (!name) throw new Error('--task is required; see --help');
  const task = getTask(name);
  const arch = parseArch(a.values.get('arch'));
  if (!isArchName(arch)) throw new Error(`--by-length takes --arch transformer, rnn-fixed or rnn-attention, not ${arch}`);
  const stray = STRATEGY_FLAGS.find((f) => a.values.has(f)) ?? ['compare-beam', 'write'].find((f) => a.flags.has(f));
  if (stray) throw new Error(`--${stray} does not apply here: ${arch === 'transformer' ? '--by-length' : `--arch ${arch}`} decodes greedily`);
  const { model, meta, paths } = loadAnyModel(task.name, arch, a.values.get('dir'));
  const recorded = (meta.training as { kernels?: KernelPath }).kernels;
  if (recorded && process.env[KERNELS_ENV] === undefined) setKernels(recorded);
  console.log(`kernels: ${describeKernels()}${recorded ? ` (the model's scores were measured on ${recorded})` : ''}`);
  const training = meta.training as { validSize?: number; testSize?: number } | undefined;
  if (meta.seed === undefined || !training?.validSize || !training.testSize) {
    throw new Error(`${paths.json} does not record its seed and held-out sizes (training.validSize, training.testSize), so its test inputs are unknown`);
  }
  const { test } = heldOutSets(task, meta.seed, training.validSize, training.testSize);
  const t0 = performance.now();
  const preds = predictAny(model, task, test.map((e) => e.src));
  const refs = test.map((e) => e.tgt);
  console.log(`task ${task.name}, ${arch} (${meta.parameters === undefined ? 'unrecorded number of' : meta.parameters.toLocaleString('en')} parameters): ${test.length} test inputs never seen in training`);
  console.log(`exact match  ${(100 * exactMatch(preds, refs)).toFixed(2)}%`);
  console.log(`BLEU (char)  ${(100 * bleu(preds, refs)).toFixed(2)}`);
  let status = 0;
  if (a.flags.has('by-length')) {
    const stored = meta.metrics?.byLength;
    const now = evaluateByLength(model, task, stored?.seed, stored?.perLength);
    printByLength(now);
    if (!stored) {
      console.log(`(${paths.json} stores no by-length scores to compare with)`);
    } else {
      const diff = byLengthDifferences(stored.lengths, now.lengths);
      if (diff.length === 0) console.log(`the same as the scores stored in ${paths.json}`);
      else if (recorded && recorded !== kernelPath()) {
        console.log(`different from the scores stored in ${paths.json}, which were measured on the ${recorded} kernels (float rounding differs between paths; ${KERNELS_ENV}=${recorded} reproduces them):\n  ${diff.join('\n  ')}`);
      } else {
        console.log(`DIFFERENT from the scores stored in ${paths.json}:\n  ${diff.join('\n  ')}`);
        status = 1;
      }
    }
  }
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return status;
}
