/**
 * npm run --silent predict -- --task TASK [--strategy greedy|beam|sample] [--beam K]
 *   [--alpha A] [--temperature T] [--top-k K] [--top-p P] [--seed N] [--scores] [--arch nat|rnn-fixed|rnn-attention]
 *   or --model PATH.json (a model pair trained elsewhere) instead of --task
 * Reads one input per line on stdin and writes one decoded output per line on stdout,
 * with the shipped model of the task or the given pair. A line the model cannot take
 * (characters outside the model's vocabulary, too long, empty) gets `error: …` naming
 * the problem, and the run goes on with the next line. `--scores` appends a tab and the
 * output's log-probability.
 */
import { readFileSync } from 'node:fs';
import { ALL_TASK_NAMES, describeProblem, getTask, type Task } from '../tasks';
import { isRnnArch, rnnGreedyDecodeBatch } from '../model';
import { loadAnyModel } from './rnn_models';
import { natDecodeBatch, natGreedy } from '../decode/nat';
import { parseArgs, runCli } from './args';
import { taskAndBundle } from './models';
import { natTaskAndBundle, parseArch } from './nat_models';
import { STRATEGY_FLAGS, STRATEGY_HELP, decodeSources, parseStrategy, withScore } from './strategy';

const HELP = `usage: npm run --silent predict -- (--task TASK | --model PATH.json) [options]

Reads one input per line on standard input and writes, for each, one line on
standard output: the model's decoding of it, or "error: …" naming what is
wrong with the line (a character outside the model's vocabulary, a line longer
than the model accepts, an empty line).

  --task NAME       a shipped model, one of: ${ALL_TASK_NAMES.join(', ')}
  --dir DIR         folder of the shipped model files (default public/models)
  --model PATH.json a model pair trained elsewhere: PATH.json and PATH.safetensors
                    beside it (the README's "Models trained elsewhere"); a pair that
                    does not fit is refused with one "error: …" line
${STRATEGY_HELP}
  --scores          append a tab and the sum of the natural-log probabilities of the
                    output's tokens, EOS included (no length penalty)
  --arch nat        use the task's non-autoregressive model (TASK-nat): one parallel
                    decoder pass with the predicted length (no strategy flags)
  --arch rnn-fixed, --arch rnn-attention
                    use the task's RNN encoder-decoder (TASK-rnn-fixed, TASK-rnn-attention),
                    greedy (no strategy flags, no --scores)

example: printf 'abc\\nhello\\n' | npm run --silent predict -- --task reverse --beam 4 --scores`;

/** Reads stdin: the lines, an error for each line the model cannot take, and the ids of the others. */
function readInputs(task: Task, maxLen: number, srcEos: boolean): { outputs: string[]; todo: { i: number; ids: number[] }[] } {
  const lines = readFileSync(0, 'utf8').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // the final newline ends the last line
  const outputs: string[] = new Array(lines.length);
  const todo: { i: number; ids: number[] }[] = [];
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const problems = task.srcVocab.validate(line, { maxLen, allowEmpty: false });
    if (problems.length > 0) outputs[i] = `error: ${problems.map(describeProblem).join('; ')}`;
    else todo.push({ i, ids: task.srcVocab.encode(line, { eos: srcEos }) });
  });
  return { outputs, todo };
}

async function main(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ['scores']);
  const scores = a.flags.has('scores');
  let outputs: string[];
  const arch = parseArch(a.values.get('arch'));
  if (isRnnArch(arch)) {
    const stray = STRATEGY_FLAGS.find((f) => a.values.has(f)) ?? (scores ? 'scores' : undefined);
    if (stray) throw new Error(`--${stray} does not apply to --arch ${arch} (it decodes greedily)`);
    const name = a.values.get('task');
    if (!name) throw new Error(`--task is required (one of ${ALL_TASK_NAMES.join(', ')}); see --help`);
    const task = getTask(name);
    const { model, meta } = loadAnyModel(task.name, arch, a.values.get('dir'));
    if (model.arch === 'transformer') throw new Error(`the ${arch} file holds a Transformer`);
    const r = readInputs(task, Math.min(task.maxSrcLen, model.model.config.maxLen - (meta.srcEos ? 1 : 0)), meta.srcEos);
    outputs = r.outputs;
    for (let k = 0; k < r.todo.length; k += 64) {
      const chunk = r.todo.slice(k, k + 64);
      const outs = rnnGreedyDecodeBatch(model.model, chunk.map((c) => c.ids), task.maxTgtLen);
      chunk.forEach((c, j) => (outputs[c.i] = task.tgtVocab.decode(outs[j])));
    }
  } else if (arch === 'nat') {
    const stray = STRATEGY_FLAGS.find((f) => a.values.has(f));
    if (stray) throw new Error(`--${stray} does not apply to --arch nat (it decodes every position in one parallel pass)`);
    if (a.values.has('model')) throw new Error('--model reads a Transformer pair; --arch nat takes the shipped NAT model of --task');
    const { task, model, meta } = natTaskAndBundle(a);
    const r = readInputs(task, Math.min(task.maxSrcLen, model.config.maxLen - (meta.srcEos ? 1 : 0)), meta.srcEos);
    outputs = r.outputs;
    for (let k = 0; k < r.todo.length; k += 64) {
      const chunk = r.todo.slice(k, k + 64);
      const outs = natDecodeBatch(model, chunk.map((c) => c.ids));
      chunk.forEach((c, j) => {
        const out = task.tgtVocab.decode(outs[j]);
        outputs[c.i] = scores ? withScore(out, natGreedy(model, c.ids, { trace: false }).score) : out;
      });
    }
  } else {
    const { task, model, meta } = taskAndBundle(a);
    const spec = parseStrategy(a, model.config.tgtVocab);
    // the task's own limit, and never more than the model's positions (less the source's <eos>)
    const r = readInputs(task, Math.min(task.maxSrcLen, model.config.maxLen - (meta.srcEos ? 1 : 0)), meta.srcEos);
    outputs = r.outputs;
    const decoded = decodeSources(model, r.todo.map((t) => t.ids), spec, { scores });
    r.todo.forEach((t, j) => {
      const out = task.tgtVocab.decode(decoded[j].tokens);
      outputs[t.i] = scores ? withScore(out, decoded[j].score) : out;
    });
  }
  process.stdout.write(outputs.map((o) => o + '\n').join(''));
  return 0;
}

void runCli(HELP, main);
