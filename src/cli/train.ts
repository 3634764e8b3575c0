/**
 * npm run train -- --task TASK [--seed N] [--steps N] [--d-model N] …
 * Trains a seq2seq Transformer on a toy task with the project's own autograd and
 * writes public/models/TASK.safetensors and public/models/TASK.json.
 */
import { ALL_TASK_NAMES, getTask, hasByLength } from '../tasks';
import {
  Trainer, DEFAULT_TRAIN, SAMPLING_SCHEDULES, evaluateByLength, type AlignmentPrior, type TrainOptions, type SamplingSchedule,
} from '../train';
import { NatTrainer, DEFAULT_LENGTH_WEIGHT } from '../train/nat_trainer';
import { parseArch, saveNatBundle } from './nat_models';
import { countParams, isRnnArch } from '../model';
import { describeKernels, kernelPath } from '../core';
import { BUNDLE_FORMAT, type ModelBundle, type ModelMeta } from '../io/bundle';
import { parseArgs, intArg, numArg, runCli, type ParsedArgs } from './args';
import { saveBundle, MODELS_DIR } from './models';
import { RNN_HELP, printByLength, trainRnn } from './train_rnn';

const D = DEFAULT_TRAIN, A = D.arch;
const HELP = `usage: npm run train -- --task TASK [options]

Trains a small encoder-decoder Transformer on a toy task with seq2seq-lab's own
TypeScript autograd (teacher forcing, Adam with the warm-up schedule of
"Attention Is All You Need", label smoothing, gradient clipping) and writes
  public/models/TASK.safetensors   the parameters (PyTorch state_dict names)
  public/models/TASK.json          architecture, vocabularies, seed, scores
Training is deterministic: the same command gives byte-identical files on the
same kernel path (SEQ2SEQ_KERNELS=wasm, the default where WebAssembly SIMD runs,
or SEQ2SEQ_KERNELS=js, the float64 reference kernels that trained the shipped
models); the path is printed and recorded in TASK.json (training.kernels).

  --task NAME            one of: ${ALL_TASK_NAMES.join(', ')}   (required)
  --arch NAME            transformer (default), or nat: the non-autoregressive Transformer
                         (BOS placeholders, no causal mask, a length classifier), written
                         to public/models/TASK-nat.safetensors and .json; or rnn-fixed /
                         rnn-attention: an RNN encoder-decoder (see the RNN options below)
  --length-weight X      nat only: weight of the length classifier's loss (default ${DEFAULT_LENGTH_WEIGHT})
  --seed N               random seed for data and initialisation (default ${D.seed})
  --steps N              optimisation steps (default ${D.steps})
  --batch N              examples per step (default ${D.batchSize})
  --d-model N            model width (default ${A.dModel})
  --heads N              attention heads (default ${A.nHead})
  --enc-layers N         encoder layers (default ${A.numEncoderLayers})
  --dec-layers N         decoder layers (default ${A.numDecoderLayers})
  --ff N                 feed-forward width (default ${A.dimFeedforward})
  --pre-ln               pre-LN layers (default: post-LN, as the original paper)
  --activation NAME      relu or gelu (default ${A.activation})
  --warmup N             warm-up steps of the learning-rate schedule (default ${D.warmup})
  --lr-factor X          scale of the learning-rate schedule (default ${D.lrFactor})
  --label-smoothing X    (default ${D.labelSmoothing})
  --clip X               clip the global gradient norm to X (default ${D.clipNorm})
  --sampling NAME        scheduled sampling: ${SAMPLING_SCHEDULES.join(', ')} (default: off, pure teacher forcing)
  --max-sampling X       the largest probability of feeding the model its own prediction (default 0.25)
  --guided W             guided attention (Tachibana et al. 2017) on every decoder layer's
                         cross-attention, added to the loss with weight W (default: off)
  --guided-sigma G       the width g of its band (default 0.2)
  --guided-prior NAME    diagonal (monotonic tasks) or anti-diagonal (reverse) (default diagonal)
  --valid-every N        validate (greedy exact match) every N steps (default 250)
  --valid N, --test N    held-out set sizes (default ${D.validSize}, ${D.testSize})
  --out DIR              where to write the model files (default public/models)
  --help                 this text

${RNN_HELP}`;

function options(a: ParsedArgs): { opts: TrainOptions; validEvery: number; out: string } {
  const sampling = a.values.get('sampling');
  if (sampling !== undefined && !(SAMPLING_SCHEDULES as readonly string[]).includes(sampling)) {
    throw new Error(`--sampling must be one of ${SAMPLING_SCHEDULES.join(', ')}, got “${sampling}”`);
  }
  const prior = a.values.get('guided-prior') ?? 'diagonal';
  if (prior !== 'diagonal' && prior !== 'anti-diagonal') throw new Error(`--guided-prior must be diagonal or anti-diagonal, got “${prior}”`);
  const activation = a.values.get('activation') ?? A.activation;
  if (activation !== 'relu' && activation !== 'gelu') throw new Error(`--activation must be relu or gelu, got “${activation}”`);
  const opts: TrainOptions = {
    seed: intArg(a, 'seed', D.seed),
    steps: intArg(a, 'steps', D.steps, 1),
    batchSize: intArg(a, 'batch', D.batchSize, 1),
    arch: {
      dModel: intArg(a, 'd-model', A.dModel, 1),
      nHead: intArg(a, 'heads', A.nHead, 1),
      numEncoderLayers: intArg(a, 'enc-layers', A.numEncoderLayers, 0),
      numDecoderLayers: intArg(a, 'dec-layers', A.numDecoderLayers, 1),
      dimFeedforward: intArg(a, 'ff', A.dimFeedforward, 1),
      normFirst: a.flags.has('pre-ln'),
      activation,
    },
    warmup: intArg(a, 'warmup', D.warmup, 1),
    lrFactor: numArg(a, 'lr-factor', D.lrFactor, 0),
    labelSmoothing: numArg(a, 'label-smoothing', D.labelSmoothing, 0, 1),
    clipNorm: numArg(a, 'clip', D.clipNorm, 0),
    sampling: sampling ? { schedule: sampling as SamplingSchedule, maxSampling: numArg(a, 'max-sampling', 0.25, 0, 1) } : null,
    validSize: intArg(a, 'valid', D.validSize, 1),
    testSize: intArg(a, 'test', D.testSize, 1),
  };
  if (a.values.has('guided')) {
    opts.guided = {
      weight: numArg(a, 'guided', 1, 0), sigma: numArg(a, 'guided-sigma', 0.2, 1e-6), layers: null, heads: null, prior: prior as AlignmentPrior,
    };
  }
  if (opts.arch.dModel % opts.arch.nHead !== 0) throw new Error(`--d-model ${opts.arch.dModel} is not divisible by --heads ${opts.arch.nHead}`);
  return { opts, validEvery: intArg(a, 'valid-every', 250, 1), out: a.values.get('out') ?? MODELS_DIR };
}

function bar(frac: number, width = 24): string {
  const n = Math.round(frac * width);
  return '█'.repeat(n) + '░'.repeat(width - n);
}

function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return '--';
  const m = Math.floor(s / 60), r = Math.round(s % 60);
  return m > 0 ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

async function main(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ['pre-ln']);
  const name = a.values.get('task');
  if (!name) throw new Error(`--task is required (one of ${ALL_TASK_NAMES.join(', ')}); see --help`);
  const task = getTask(name);
  const arch = parseArch(a.values.get('arch'));
  if (isRnnArch(arch)) return trainRnn(task, arch, a);
  const { opts, validEvery, out } = options(a);
  if (arch !== 'nat' && a.values.has('length-weight')) throw new Error('--length-weight applies only to --arch nat');
  if (arch === 'nat' && opts.guided) throw new Error('--guided applies to the Transformer (the NAT trainer has no guided attention)');
  const natOpts = { ...opts, lengthWeight: numArg(a, 'length-weight', DEFAULT_LENGTH_WEIGHT, 0) };
  const trainer = arch === 'nat' ? new NatTrainer(task, natOpts) : new Trainer(task, opts);
  const tty = process.stdout.isTTY === true;
  console.log(`training ${arch === 'nat' ? 'a NAT for ' : ''}${task.name}: ${countParams(trainer.model.params).toLocaleString('en')} parameters, d_model ${opts.arch.dModel}, ${opts.arch.nHead} heads, ${opts.arch.numEncoderLayers}+${opts.arch.numDecoderLayers} layers, ${opts.steps} steps of ${opts.batchSize}, seed ${opts.seed}`);
  console.log(`kernels: ${describeKernels()}`);
  const t0 = performance.now();
  let best = { em: -1, step: 0, snapshot: new Map<string, Float32Array>() };
  let lastValid = NaN;
  let ema: { loss: number; acc: number } | null = null;
  for (let s = 1; s <= opts.steps; s++) {
    const st = trainer.trainStep();
    ema = ema ? { loss: 0.95 * ema.loss + 0.05 * st.loss, acc: 0.95 * ema.acc + 0.05 * st.tokenAccuracy } : { loss: st.loss, acc: st.tokenAccuracy };
    if (s % validEvery === 0 || s === opts.steps) {
      lastValid = trainer.evaluate(trainer.valid).exactMatch;
      if (lastValid > best.em) {
        best = { em: lastValid, step: s, snapshot: new Map([...trainer.model.params].map(([k, t]) => [k, Float32Array.from(t.data)])) };
      }
    }
    const elapsed = (performance.now() - t0) / 1000;
    const rate = s / elapsed;
    const line = `${bar(s / opts.steps)} step ${s}/${opts.steps}  loss ${ema.loss.toFixed(3)}  tok-acc ${(100 * ema.acc).toFixed(1)}%  val-EM ${Number.isNaN(lastValid) ? '--' : (100 * lastValid).toFixed(1) + '%'}  ${rate.toFixed(2)} steps/s  ETA ${fmtTime((opts.steps - s) / rate)}`;
    if (tty) process.stdout.write(`\r${line}\x1b[K`);
    else if (s % validEvery === 0 || s === opts.steps) console.log(line);
  }
  if (tty) process.stdout.write('\n');
  const seconds = (performance.now() - t0) / 1000;
  // keep the checkpoint with the best validation exact match
  for (const [k, data] of best.snapshot) trainer.model.params.get(k)!.data.set(data);
  const valid = trainer.evaluate(trainer.valid);
  const test = trainer.evaluate(trainer.test);
  const byLength = arch === 'transformer' && hasByLength(task) ? evaluateByLength({ arch: 'transformer', model: trainer.model as Trainer['model'] }, task) : undefined;
  const meta: ModelMeta = {
    format: BUNDLE_FORMAT,
    task: task.name,
    config: trainer.config,
    srcVocab: [...task.srcVocab.tokens],
    tgtVocab: [...task.tgtVocab.tokens],
    srcEos: true,
    seed: opts.seed,
    steps: opts.steps,
    training: { ...(arch === 'nat' ? natOpts : opts), bestStep: best.step, validEvery, kernels: kernelPath() },
    metrics: byLength ? { valid, test, byLength } : { valid, test },
    parameters: countParams(trainer.model.params),
  };
  let paths: { json: string; safetensors: string };
  if (trainer instanceof NatTrainer) {
    const info = { lengthClasses: trainer.model.lengths, placeholder: 'bos' as const, lengthWeight: natOpts.lengthWeight };
    const { format, arch: _transformer, ...rest } = meta;
    paths = saveNatBundle({ model: trainer.model, meta: { format, arch: 'nat', ...rest, nat: info } }, out);
  } else {
    const bundle: ModelBundle = { model: trainer.model, meta };
    paths = saveBundle(bundle, out);
  }
  console.log(`trained in ${fmtTime(seconds)} (${(opts.steps / seconds).toFixed(2)} steps/s); best validation exact match ${(100 * best.em).toFixed(1)}% at step ${best.step}`);
  console.log(`test: exact match ${(100 * test.exactMatch).toFixed(2)}%, BLEU ${(100 * test.bleu).toFixed(2)} on ${test.n} unseen inputs`);
  if (byLength) printByLength(byLength);
  console.log(`wrote ${paths.safetensors} and ${paths.json}`);
  return 0;
}

void runCli(HELP, main);
