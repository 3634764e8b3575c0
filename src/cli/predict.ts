/**
 * npm run --silent predict -- --task TASK
 * Reads one input per line on stdin and writes one greedy-decoded output per line
 * on stdout, with the shipped model of the task. A line the model cannot take
 * (characters outside the vocabulary, too long, empty) gets `error: …` naming the
 * problem, and the run goes on with the next line.
 */
import { readFileSync } from 'node:fs';
import { TASK_NAMES, describeProblem } from '../tasks';
import { greedyDecodeBatch } from '../decode/greedy';
import { parseArgs, runCli } from './args';
import { taskAndBundle } from './models';

const HELP = `usage: npm run --silent predict -- --task TASK [--dir DIR]

Reads one input per line on standard input and writes, for each, one line on
standard output: the shipped model's greedy decoding of it, or "error: …"
naming what is wrong with the line (a character outside the task's vocabulary,
a line longer than the model accepts, an empty line).

  --task NAME   one of: ${TASK_NAMES.join(', ')}
  --dir DIR     folder of the model files (default public/models)

example: printf 'abc\\nhello\\n' | npm run --silent predict -- --task reverse`;

async function main(argv: string[]): Promise<number> {
  const { task, model, meta } = taskAndBundle(parseArgs(argv));
  const text = readFileSync(0, 'utf8');
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // the final newline ends the last line
  // the task's own limit, and never more than the model's positions (less the source's <eos>)
  const maxLen = Math.min(task.maxSrcLen, model.config.maxLen - (meta.srcEos ? 1 : 0));
  const outputs: string[] = new Array(lines.length);
  const todo: { i: number; ids: number[] }[] = [];
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const problems = task.srcVocab.validate(line, { maxLen, allowEmpty: false });
    if (problems.length > 0) outputs[i] = `error: ${problems.map(describeProblem).join('; ')}`;
    else todo.push({ i, ids: task.srcVocab.encode(line, { eos: meta.srcEos }) });
  });
  for (let k = 0; k < todo.length; k += 64) {
    const chunk = todo.slice(k, k + 64);
    const outs = greedyDecodeBatch(model, chunk.map((c) => c.ids));
    chunk.forEach((c, j) => (outputs[c.i] = task.tgtVocab.decode(outs[j])));
  }
  process.stdout.write(outputs.map((o) => o + '\n').join(''));
  return 0;
}

void runCli(HELP, main);
