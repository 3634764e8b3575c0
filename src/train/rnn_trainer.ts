/**
 * Training the RNN encoder–decoders on a toy task, the same way `Trainer` trains the
 * Transformer and with the same public surface (trainStep(): StepStats, evaluate(), step,
 * valid, test, model), so that anything driving a trainer (the CLI, a Web Worker) can drive
 * either: fresh batches every step that never hold a held-out input, teacher forcing,
 * cross-entropy with label smoothing (pad ignored), Adam on the warm-up schedule of
 * "Attention Is All You Need" with H in place of d_model, global-norm clipping.
 * Deterministic for a seed.
 */
import { Rng, backward, crossEntropy, detach, param, type Tensor } from '../core';
import {
  createRnnModel, rnnForward, rnnGreedyDecodeBatch, type RnnArch, type RnnConfig, type RnnModel,
} from '../model';
import { type Example, type Task, exactMatch, bleu, PAD_ID, BOS_ID, EOS_ID } from '../tasks';
import { Adam, clipGradNorm } from './optimizer';
import { noamRate } from './schedule';
import { Trainer, heldOutSets, sampleBatch, makeBatch, type EvalResult, type StepStats, type TrainOptions } from './trainer';

/** The sizes an RNN trainer picks; vocabularies, lengths and ids come from the task. */
export interface RnnArchOptions {
  arch: RnnArch;
  embedDim: number;
  hiddenSize: number;
  /** rnn-attention only (0 for rnn-fixed) */
  attentionDim: number;
}

export interface RnnTrainOptions {
  seed: number;
  steps: number;
  batchSize: number;
  arch: RnnArchOptions;
  /** the warm-up schedule: lr = lrFactor · H^−0.5 · min(step^−0.5, step · warmup^−1.5) */
  warmup: number;
  lrFactor: number;
  labelSmoothing: number;
  clipNorm: number;
  validSize: number;
  testSize: number;
}

export const DEFAULT_RNN_ARCH: Record<RnnArch, RnnArchOptions> = {
  'rnn-fixed': { arch: 'rnn-fixed', embedDim: 32, hiddenSize: 96, attentionDim: 0 },
  'rnn-attention': { arch: 'rnn-attention', embedDim: 32, hiddenSize: 64, attentionDim: 64 },
};

export const DEFAULT_RNN_TRAIN: RnnTrainOptions = {
  seed: 1, steps: 3000, batchSize: 32, arch: DEFAULT_RNN_ARCH['rnn-attention'], warmup: 400, lrFactor: 1,
  labelSmoothing: 0.05, clipNorm: 1, validSize: 500, testSize: 1000,
};

/** The model's config for a task: vocabularies and lengths from the task, sizes from `arch`. */
export function rnnTaskConfig(task: Task, a: RnnArchOptions): RnnConfig {
  return {
    arch: a.arch, srcVocab: task.srcVocab.size, tgtVocab: task.tgtVocab.size,
    embedDim: a.embedDim, hiddenSize: a.hiddenSize, attentionDim: a.arch === 'rnn-attention' ? a.attentionDim : 0,
    pad: PAD_ID, bos: BOS_ID, eos: EOS_ID,
    maxLen: Math.max(task.maxSrcLen + 1, task.maxTgtLen + 1),
  };
}

export class RnnTrainer {
  readonly model: RnnModel;
  readonly config: RnnConfig;
  readonly valid: Example[];
  readonly test: Example[];
  step = 0;
  private readonly params: Tensor[];
  private readonly optimizer: Adam;
  private readonly rng: Rng;
  private readonly heldOut: Set<string>;

  constructor(readonly task: Task, readonly opts: RnnTrainOptions) {
    this.config = rnnTaskConfig(task, opts.arch);
    this.model = createRnnModel(this.config, opts.seed);
    this.params = [...this.model.params.values()].map(param);
    this.optimizer = new Adam(this.params);
    // the same held-out sets and the same stream of training inputs as `Trainer` for a seed
    const held = heldOutSets(task, opts.seed, opts.validSize, opts.testSize);
    this.valid = held.valid;
    this.test = held.test;
    this.heldOut = new Set([...this.valid, ...this.test].map((e) => e.src));
    this.rng = new Rng(opts.seed * 7919 + 17);
  }

  /** A fresh training batch: random inputs that are never in the validation or test set. */
  nextExamples(): Example[] {
    return sampleBatch(this.task, this.rng, this.heldOut, this.opts.batchSize);
  }

  /** One optimisation step: forward with teacher forcing, loss, backward, clip, Adam. */
  trainStep(): StepStats {
    const o = this.opts;
    this.step++;
    const batch = makeBatch(this.task, this.nextExamples());
    const { output: logits } = rnnForward(this.model, batch.src, batch.tgtIn, { trace: false });
    const targets = batch.tgtOut.flat();
    const { loss } = crossEntropy(logits, targets, { ignoreIndex: PAD_ID, labelSmoothing: o.labelSmoothing });
    backward(loss);
    const gradNorm = clipGradNorm(this.params, o.clipNorm);
    const lr = noamRate(this.step, this.config.hiddenSize, o.warmup, o.lrFactor);
    this.optimizer.update(lr);
    this.optimizer.zeroGrad();
    const V = logits.shape[2];
    let right = 0, counted = 0;
    for (let i = 0; i < targets.length; i++) {
      if (targets[i] === PAD_ID) continue;
      counted++;
      let best = 0;
      for (let c = 1; c < V; c++) if (logits.data[i * V + c] > logits.data[i * V + best]) best = c;
      if (best === targets[i]) right++;
    }
    return { step: this.step, loss: loss.data[0], tokenAccuracy: counted ? right / counted : 0, lr, gradNorm, samplingProb: 0 };
  }

  /** Greedy exact match and character BLEU over a list of examples. */
  evaluate(examples: readonly Example[], batchSize = 100): EvalResult {
    return evaluateRnnModel(this.model, this.task, examples, batchSize);
  }
}

/** The model's parameters as plain tensors (no autograd), for decoding. */
function plainModel(m: RnnModel): RnnModel {
  return { config: m.config, params: new Map([...m.params].map(([k, t]) => [k, detach(t)])) };
}

/** Greedy outputs of an RNN model for a list of inputs (in batches). */
export function rnnPredict(model: RnnModel, task: Task, inputs: readonly string[], batchSize = 100): string[] {
  const plain = plainModel(model);
  const preds: string[] = [];
  for (let i = 0; i < inputs.length; i += batchSize) {
    const srcs = inputs.slice(i, i + batchSize).map((s) => task.srcVocab.encode(s, { eos: true }));
    for (const ids of rnnGreedyDecodeBatch(plain, srcs, task.maxTgtLen)) preds.push(task.tgtVocab.decode(ids));
  }
  return preds;
}

/** Greedy-decodes every example (in batches) and scores exact match and character BLEU. */
export function evaluateRnnModel(model: RnnModel, task: Task, examples: readonly Example[], batchSize = 100): EvalResult {
  const preds = rnnPredict(model, task, examples.map((e) => e.src), batchSize);
  const refs = examples.map((e) => e.tgt);
  return { exactMatch: exactMatch(preds, refs), bleu: bleu(preds, refs), n: examples.length };
}

/** Any of the project's trainers, as a training Web Worker would hold one. */
export type AnyTrainer = Trainer | RnnTrainer;

/** What to train: the Transformer with its options, or an RNN with its own. */
export type TrainerSpec = { arch: 'transformer'; opts: TrainOptions } | { arch: RnnArch; opts: RnnTrainOptions };

/** The trainer of an architecture; both have trainStep(), evaluate(), step, valid, test and model. */
export function createTrainer(task: Task, spec: TrainerSpec): AnyTrainer {
  if (spec.arch === 'transformer') return new Trainer(task, spec.opts);
  if (spec.opts.arch.arch !== spec.arch) throw new Error(`createTrainer: spec says ${spec.arch} but its options are for ${spec.opts.arch.arch}`);
  return new RnnTrainer(task, spec.opts);
}
