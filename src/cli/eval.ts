/**
 * npm run eval -- --task TASK [strategy flags] [--arch nat|rnn-fixed|rnn-attention] [--compare-beam] [--write] [--by-length]
 *   or --model PATH.json [--task TASK] [--seed N] (a model pair trained elsewhere) instead of --task
 * Prints the shipped model's exact match and character-level BLEU on the task's test
 * set (the held-out inputs the trainer never saw, redrawn from its seed), decoding with
 * the strategy asked for (greedy by default). `--compare-beam` measures greedy against
 * beam search of widths 2–8; for a task with two valid outputs (date-multi) the split of
 * the outputs between the forms is printed; `--write` stores these in the model's .json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ALL_TASK_NAMES, formStats, scoreOutputs, type Example, type FormStats, type Task } from '../tasks';
import { heldOutSets } from '../train';
import { evaluateNat } from '../train/nat_trainer';
import { natDecodeBatch } from '../decode/nat';
import { compareGreedyBeam, type DecodingComparison } from '../decode/compare';
import { parseArgs, runCli } from './args';
import { evalSetup, modelPaths } from './models';
import { modelName, natTaskAndBundle, parseArch } from './nat_models';
import { STRATEGY_FLAGS, STRATEGY_HELP, decodeSources, describeStrategy, parseStrategy } from './strategy';
import { isRnnArch } from '../model';
import { EVAL_ANY_HELP, evalAny } from './eval_any';

const HELP = `usage: npm run eval -- (--task TASK | --model PATH.json [--task TASK]) [options]

Decodes the task's test set (inputs never used in training, drawn from the seed
stored with the model) with the model and prints the exact match and the
character-level BLEU (4-gram, brevity penalty). For a task with two valid outputs
per input (date-multi) an output is right in either form, and the outputs' split
between the two forms and neither ("mixed") is printed.

  --task NAME       the shipped model of a task, one of: ${ALL_TASK_NAMES.join(', ')};
                    with --model: the task of that model, when its .json calls it
                    by another name
  --dir DIR         folder of the shipped model files (default public/models)
  --model PATH.json a model pair trained elsewhere (PATH.json, PATH.safetensors
                    beside it) whose task is one of the above
  --seed N          with --model: draw the test set with this seed (default: the
                    model's own; 1 for a model whose .json names none)
${STRATEGY_HELP}
  --arch nat        evaluate the task's non-autoregressive model (TASK-nat)
${EVAL_ANY_HELP}
  --compare-beam    greedy against beam search of widths 2–8 (α 0): exact match, the
                    greedy mistakes each width fixes and the right answers it breaks,
                    and the inputs where greedy fails and beam search of width 4 succeeds
  --write           store what was measured in the model's .json: "decoding" (with
                    --compare-beam) and "multimodality" (date-multi, greedy or NAT);
                    the weights are not touched`;

/** The command that reproduces a stored measurement. */
function command(task: string, nat: boolean, compare: boolean): string {
  return `npm run eval -- --task ${task}${nat ? ' --arch nat' : ''}${compare ? ' --compare-beam' : ''} --write`;
}

function printForms(s: FormStats): void {
  const pct = (k: number) => `${k} (${((100 * k) / s.n).toFixed(1)}%)`;
  console.log(`forms: ISO ${pct(s.iso)}, dotted ${pct(s.dotted)}, mixed (neither form) ${pct(s.mixed)}`);
  console.log(`right in either form ${pct(s.correct)}; tokens of both forms in one output ${pct(s.mixesBoth)}`);
  for (const e of s.mixedExamples.slice(0, 5)) console.log(`  mixed: ${e.input} → ${e.output}`);
}

function printComparison(c: DecodingComparison): void {
  console.log(`greedy vs beam search (α ${c.alpha}) on ${c.n} test inputs: greedy ${(100 * c.greedy.exactMatch).toFixed(1)}% (${c.greedy.errors} wrong)`);
  console.log('width  exact match  fixed  broken');
  for (const b of c.beam) console.log(`${String(b.width).padStart(5)}  ${(100 * b.exactMatch).toFixed(1).padStart(10)}%  ${String(b.fixed).padStart(5)}  ${String(b.broken).padStart(6)}`);
  for (const e of c.examples.slice(0, 10)) {
    console.log(`  ${e.input}: greedy “${e.greedy}” (log p ${e.greedyScore.toFixed(3)}${e.greedyFinished ? '' : ', no EOS within the length limit'}), beam ${e.width} “${e.beam}” (log p ${e.beamScore.toFixed(3)})`);
  }
}

/** Adds (or replaces) top-level keys of a model's .json, keeping every other byte of its layout. */
function writeJsonKeys(path: string, entries: Record<string, unknown>): void {
  const meta = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  for (const [k, v] of Object.entries(entries)) meta[k] = v;
  writeFileSync(path, JSON.stringify(meta, null, 2) + '\n');
}

function outputsOf(task: Task, examples: readonly Example[], decode: (ids: number[][]) => number[][]): string[] {
  const out: string[] = [];
  for (let i = 0; i < examples.length; i += 100) {
    const ids = examples.slice(i, i + 100).map((e) => task.srcVocab.encode(e.src, { eos: true }));
    out.push(...decode(ids).map((t) => task.tgtVocab.decode(t)));
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ['compare-beam', 'write', 'by-length']);
  const arch = parseArch(a.values.get('arch'));
  if (isRnnArch(arch) || a.flags.has('by-length')) return evalAny(a);
  const nat = arch === 'nat';
  const compare = a.flags.has('compare-beam');
  const t0 = performance.now();
  const toWrite: Record<string, unknown> = {};
  let taskName: string;
  if (nat) {
    const stray = STRATEGY_FLAGS.find((f) => a.values.has(f)) ?? (compare ? 'compare-beam' : undefined);
    if (stray) throw new Error(`--${stray} does not apply to --arch nat (it decodes every position in one parallel pass)`);
    if (a.values.has('model')) throw new Error('--model reads a Transformer pair; --arch nat takes the shipped NAT model of --task');
    const { task, model, meta } = natTaskAndBundle(a);
    taskName = task.name;
    const training = meta.training as { validSize: number; testSize: number };
    if (meta.seed === undefined) throw new Error(`the NAT model of ${task.name} names no seed in its .json`);
    const { test } = heldOutSets(task, meta.seed, training.validSize, training.testSize);
    const r = evaluateNat(model, task, test);
    console.log(`task ${task.name}, non-autoregressive model (one decoder pass per input): ${r.n} test inputs never seen in training`);
    console.log(`exact match  ${(100 * r.exactMatch).toFixed(2)}%`);
    console.log(`BLEU (char)  ${(100 * r.bleu).toFixed(2)}`);
    if (task.references) {
      const forms = { ...formStats(test, outputsOf(task, test, (ids) => natDecodeBatch(model, ids))), command: command(task.name, true, false) };
      printForms(forms);
      toWrite.multimodality = forms;
    }
  } else {
    const { task, model, test, note } = evalSetup(a);
    taskName = task.name;
    const spec = parseStrategy(a, model.config.tgtVocab);
    const outputs = outputsOf(task, test, (ids) => decodeSources(model, ids, spec, { maxLen: task.maxTgtLen }).map((d) => d.tokens));
    const r = scoreOutputs(task, test, outputs);
    if (note) console.log(`note: ${note}`);
    console.log(`task ${task.name}: ${r.n} test inputs${note ? '' : ' never seen in training'}; ${describeStrategy(spec)}`);
    console.log(`exact match  ${(100 * r.exactMatch).toFixed(2)}%`);
    console.log(`BLEU (char)  ${(100 * r.bleu).toFixed(2)}`);
    if (task.references) {
      const forms = formStats(test, outputs);
      printForms(forms);
      if (spec.kind === 'greedy') toWrite.multimodality = { ...forms, command: command(task.name, false, false) };
    }
    if (compare) {
      const c = compareGreedyBeam(model, task, test, { onWidth: (w) => process.stderr.write(`beam width ${w} done\n`) });
      printComparison(c);
      toWrite.decoding = { ...c, command: command(task.name, false, true) };
    }
  }
  if (a.flags.has('write')) {
    if (Object.keys(toWrite).length === 0) throw new Error('--write: nothing to store; add --compare-beam (or evaluate date-multi greedily or with --arch nat)');
    const path = a.values.get('model') ?? modelPaths(modelName(taskName, nat ? 'nat' : 'transformer'), a.values.get('dir')).json;
    writeJsonKeys(path, toWrite);
    console.log(`wrote ${Object.keys(toWrite).join(' and ')} into ${path}`);
  }
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return 0;
}

void runCli(HELP, main);
