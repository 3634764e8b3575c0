/**
 * `npm run train -- --task TASK --arch rnn-fixed|rnn-attention …`: trains an RNN
 * encoder–decoder with RnnTrainer (the same loop as the Transformer's: progress, validation
 * every N steps, the best-validation checkpoint) and writes
 * public/models/<task>-<arch>.safetensors and .json, with the by-length scores when the task
 * has reserved inputs by length.
 */
import { countParams, type RnnArch } from '../model';
import { describeKernels, kernelPath } from '../core';
import type { Task } from '../tasks';
import { hasByLength } from '../tasks';
import {
  RnnTrainer, DEFAULT_RNN_ARCH, DEFAULT_RNN_TRAIN, evaluateByLength, type RnnTrainOptions, type StepStats, type EvalResult,
} from '../train';
import { BUNDLE_FORMAT } from '../io/bundle';
import type { RnnModelBundle } from '../io/rnn_bundle';
import type { ByLengthScores } from '../tasks';
import { intArg, numArg, type ParsedArgs } from './args';
import { MODELS_DIR } from './models';
import { saveRnnBundle } from './rnn_models';

const D = DEFAULT_RNN_TRAIN;

export const RNN_HELP = `RNN options (with --arch rnn-fixed or rnn-attention):
  --embed N              token embedding width E (default ${DEFAULT_RNN_ARCH['rnn-fixed'].embedDim})
  --hidden N             GRU state width H, per direction for the encoder
                         (default ${DEFAULT_RNN_ARCH['rnn-fixed'].hiddenSize} for rnn-fixed, ${DEFAULT_RNN_ARCH['rnn-attention'].hiddenSize} for rnn-attention)
  --attention N          width A of the additive score (rnn-attention; default ${DEFAULT_RNN_ARCH['rnn-attention'].attentionDim})
  The learning-rate schedule takes H in place of d_model; --heads, --enc-layers,
  --dec-layers, --ff, --pre-ln, --activation and --sampling do not apply.
  The files are <task>-<arch>.safetensors and <task>-<arch>.json.`;

const TRANSFORMER_ONLY = ['d-model', 'heads', 'enc-layers', 'dec-layers', 'ff', 'activation', 'sampling', 'max-sampling'];

export function rnnOptions(a: ParsedArgs, arch: RnnArch): { opts: RnnTrainOptions; validEvery: number; out: string } {
  for (const name of TRANSFORMER_ONLY) if (a.values.has(name)) throw new Error(`--${name} is a Transformer option; ${arch} takes --embed, --hidden and --attention`);
  if (a.flags.has('pre-ln')) throw new Error(`--pre-ln is a Transformer option; ${arch} has no layer norm`);
  const base = DEFAULT_RNN_ARCH[arch];
  if (arch === 'rnn-fixed' && a.values.has('attention')) throw new Error('--attention applies to rnn-attention only');
  const opts: RnnTrainOptions = {
    seed: intArg(a, 'seed', D.seed),
    steps: intArg(a, 'steps', D.steps, 1),
    batchSize: intArg(a, 'batch', D.batchSize, 1),
    arch: {
      arch,
      embedDim: intArg(a, 'embed', base.embedDim, 1),
      hiddenSize: intArg(a, 'hidden', base.hiddenSize, 1),
      attentionDim: arch === 'rnn-attention' ? intArg(a, 'attention', base.attentionDim, 1) : 0,
    },
    warmup: intArg(a, 'warmup', D.warmup, 1),
    lrFactor: numArg(a, 'lr-factor', D.lrFactor, 0),
    labelSmoothing: numArg(a, 'label-smoothing', D.labelSmoothing, 0, 1),
    clipNorm: numArg(a, 'clip', D.clipNorm, 0),
    validSize: intArg(a, 'valid', D.validSize, 1),
    testSize: intArg(a, 'test', D.testSize, 1),
  };
  return { opts, validEvery: intArg(a, 'valid-every', 250, 1), out: a.values.get('out') ?? MODELS_DIR };
}

function bar(frac: number, width = 24): string {
  const n = Math.round(frac * width);
  return '█'.repeat(n) + '░'.repeat(width - n);
}

export function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return '--';
  const m = Math.floor(s / 60), r = Math.round(s % 60);
  return m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

/** Anything with the trainers' public surface. */
interface TrainerLike {
  trainStep(): StepStats;
  evaluate(examples: RnnTrainer['valid']): EvalResult;
  readonly valid: RnnTrainer['valid'];
  readonly model: { params: Map<string, { data: Float32Array }> };
}

/**
 * The training loop of the command line: steps with a progress line, greedy validation every
 * `validEvery` steps and at the end, and the parameters of the best validation exact match
 * restored at the end. Returns the seconds spent and the best step.
 */
export function runTrainingLoop(trainer: TrainerLike, steps: number, validEvery: number): { seconds: number; bestStep: number; bestEm: number } {
  const tty = process.stdout.isTTY === true;
  const t0 = performance.now();
  let best = { em: -1, step: 0, snapshot: new Map<string, Float32Array>() };
  let lastValid = NaN;
  let ema: { loss: number; acc: number } | null = null;
  for (let s = 1; s <= steps; s++) {
    const st = trainer.trainStep();
    ema = ema ? { loss: 0.95 * ema.loss + 0.05 * st.loss, acc: 0.95 * ema.acc + 0.05 * st.tokenAccuracy } : { loss: st.loss, acc: st.tokenAccuracy };
    if (s % validEvery === 0 || s === steps) {
      lastValid = trainer.evaluate(trainer.valid).exactMatch;
      if (lastValid > best.em) {
        best = { em: lastValid, step: s, snapshot: new Map([...trainer.model.params].map(([k, t]) => [k, Float32Array.from(t.data)])) };
      }
    }
    const elapsed = (performance.now() - t0) / 1000;
    const rate = s / elapsed;
    const line = `${bar(s / steps)} step ${s}/${steps}  loss ${ema.loss.toFixed(3)}  tok-acc ${(100 * ema.acc).toFixed(1)}%  val-EM ${Number.isNaN(lastValid) ? '--' : (100 * lastValid).toFixed(1) + '%'}  ${rate.toFixed(2)} steps/s  ETA ${fmtTime((steps - s) / rate)}`;
    if (tty) process.stdout.write(`\r${line}\x1b[K`);
    else if (s % validEvery === 0 || s === steps) console.log(line);
  }
  if (tty) process.stdout.write('\n');
  const seconds = (performance.now() - t0) / 1000;
  for (const [k, data] of best.snapshot) trainer.model.params.get(k)!.data.set(data);
  return { seconds, bestStep: best.step, bestEm: best.em };
}

/** Prints a by-length table: length, inputs, exact match, token accuracy. */
export function printByLength(scores: ByLengthScores): void {
  console.log(`by input length (reserved inputs never used in training; byLengthSet seed ${scores.seed}, up to ${scores.perLength} per length):`);
  console.log('length      n   exact match   token accuracy');
  for (const s of scores.lengths) {
    console.log(`${String(s.length).padStart(6)} ${String(s.n).padStart(6)}   ${(100 * s.exactMatch).toFixed(1).padStart(10)}%   ${(100 * s.tokenAccuracy).toFixed(1).padStart(13)}%`);
  }
}

export async function trainRnn(task: Task, arch: RnnArch, a: ParsedArgs): Promise<number> {
  const { opts, validEvery, out } = rnnOptions(a, arch);
  const trainer = new RnnTrainer(task, opts);
  const A = opts.arch;
  console.log(`training ${task.name} (${arch}): ${countParams(trainer.model.params).toLocaleString('en')} parameters, E ${A.embedDim}, H ${A.hiddenSize}${arch === 'rnn-attention' ? `, A ${A.attentionDim}` : ''}, ${opts.steps} steps of ${opts.batchSize}, seed ${opts.seed}`);
  console.log(`kernels: ${describeKernels()}`);
  const { seconds, bestStep, bestEm } = runTrainingLoop(trainer, opts.steps, validEvery);
  const valid = trainer.evaluate(trainer.valid);
  const test = trainer.evaluate(trainer.test);
  const byLength = hasByLength(task) ? evaluateByLength({ arch, model: trainer.model }, task) : undefined;
  const bundle: RnnModelBundle = {
    model: trainer.model,
    meta: {
      format: BUNDLE_FORMAT,
      arch,
      task: task.name,
      config: trainer.config,
      srcVocab: [...task.srcVocab.tokens],
      tgtVocab: [...task.tgtVocab.tokens],
      srcEos: true,
      seed: opts.seed,
      steps: opts.steps,
      training: { ...opts, bestStep, validEvery, kernels: kernelPath() },
      metrics: byLength ? { valid, test, byLength } : { valid, test },
      parameters: countParams(trainer.model.params),
    },
  };
  const paths = saveRnnBundle(bundle, out);
  console.log(`trained in ${fmtTime(seconds)} (${(opts.steps / seconds).toFixed(2)} steps/s); best validation exact match ${(100 * bestEm).toFixed(1)}% at step ${bestStep}`);
  console.log(`test: exact match ${(100 * test.exactMatch).toFixed(2)}%, BLEU ${(100 * test.bleu).toFixed(2)} on ${test.n} unseen inputs`);
  if (byLength) printByLength(byLength);
  console.log(`wrote ${paths.safetensors} and ${paths.json}`);
  return 0;
}
