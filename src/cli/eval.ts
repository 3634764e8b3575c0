/**
 * npm run eval -- --task TASK
 * Prints the shipped model's exact match and character-level BLEU on the task's
 * test set (the held-out inputs the trainer never saw, redrawn from its seed).
 */
import { TASK_NAMES } from '../tasks';
import { evaluateModel, heldOutSets } from '../train';
import { parseArgs, runCli } from './args';
import { taskAndBundle } from './models';

const HELP = `usage: npm run eval -- --task TASK [--dir DIR]

Greedy-decodes the task's test set (inputs never used in training, drawn from
the seed stored with the model) with the shipped model and prints the exact
match and the character-level BLEU (4-gram, brevity penalty).

  --task NAME   one of: ${TASK_NAMES.join(', ')}
  --dir DIR     folder of the model files (default public/models)`;

async function main(argv: string[]): Promise<number> {
  const { task, model, meta } = taskAndBundle(parseArgs(argv));
  const training = meta.training as { validSize: number; testSize: number };
  const { test } = heldOutSets(task, meta.seed, training.validSize, training.testSize);
  const t0 = performance.now();
  const r = evaluateModel(model, task, test);
  console.log(`task ${task.name}: ${r.n} test inputs never seen in training`);
  console.log(`exact match  ${(100 * r.exactMatch).toFixed(2)}%`);
  console.log(`BLEU (char)  ${(100 * r.bleu).toFixed(2)}`);
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return 0;
}

void runCli(HELP, main);
