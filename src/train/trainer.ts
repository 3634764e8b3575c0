/**
 * Training a seq2seq model on a toy task, with teacher forcing (the decoder
 * sees the ground-truth previous token) and, optionally, scheduled sampling
 * (it sometimes sees its own previous prediction instead, more often as
 * training goes on — the remedy for exposure bias / 曝光偏差).
 *
 * Deterministic for a seed: data, initialisation, sampling decisions and the
 * float arithmetic are all fixed, so the same options give the same weights.
 */
import { Rng, add, backward, crossEntropy, detach, param, scale, type Tensor } from '../core';
import { createModel, decode, encode, forward, type ModelConfig, type Seq2SeqModel, type TraceKey } from '../model';
import { greedyDecodeBatch } from '../decode/greedy';
import {
  type Example, type Task, type SplitSizes, makeSplits, encodeExample, sampleTarget, scoreOutputs, PAD_ID, BOS_ID, EOS_ID,
} from '../tasks';
import { Adam, clipGradNorm } from './optimizer';
import { noamRate, samplingProbability, type SamplingSchedule } from './schedule';
import { guidedAttentionLoss, type GuidedAttentionOptions } from './guided_attention';

/** The sizes and kinds of layers a trainer picks; vocabularies, lengths and ids come from the task. */
export type ArchOptions = Pick<
  ModelConfig, 'dModel' | 'nHead' | 'numEncoderLayers' | 'numDecoderLayers' | 'dimFeedforward' | 'normFirst' | 'activation'
>;

export interface TrainOptions {
  seed: number;
  steps: number;
  batchSize: number;
  arch: ArchOptions;
  /** Noam schedule: warm-up steps and scale factor */
  warmup: number;
  lrFactor: number;
  labelSmoothing: number;
  /** global gradient-norm clip */
  clipNorm: number;
  /** scheduled sampling; null = pure teacher forcing */
  sampling: { schedule: SamplingSchedule; maxSampling: number } | null;
  /** sizes of the held-out sets (inputs never used for training) */
  validSize: number;
  testSize: number;
  /** guided attention on the decoder's cross-attention; absent or null = off */
  guided?: GuidedAttentionOptions | null;
}

export const DEFAULT_ARCH: ArchOptions = {
  dModel: 64, nHead: 4, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 128, normFirst: false, activation: 'relu',
};

export const DEFAULT_TRAIN: TrainOptions = {
  seed: 1, steps: 2000, batchSize: 32, arch: DEFAULT_ARCH, warmup: 400, lrFactor: 1, labelSmoothing: 0.05,
  clipNorm: 1, sampling: null, validSize: 500, testSize: 1000,
};

export interface StepStats {
  step: number;
  loss: number;
  /** share of non-pad target tokens predicted right under teacher forcing */
  tokenAccuracy: number;
  lr: number;
  gradNorm: number;
  samplingProb: number;
  /** the guided-attention term before its weight (absent when guided attention is off) */
  guidedLoss?: number;
}

export interface EvalResult {
  exactMatch: number;
  bleu: number;
  n: number;
}

/** The model's config for a task: vocabularies and lengths from the task, sizes from `arch`. */
export function taskModelConfig(task: Task, arch: ArchOptions): ModelConfig {
  return {
    srcVocab: task.srcVocab.size, tgtVocab: task.tgtVocab.size,
    ...arch, eps: 1e-5,
    pad: PAD_ID, bos: BOS_ID, eos: EOS_ID,
    // source + <eos>, and <bos> + target + <eos>, both fit
    maxLen: Math.max(task.maxSrcLen + 1, task.maxTgtLen + 1),
  };
}

/**
 * Distinct inputs drawn for the training side when the held-out sets are made. Training
 * itself draws fresh inputs every step (never one of the held-out ones); this pool only
 * makes `makeSplits` share small families of inputs in proportion: without it, every
 * one-digit number of zh-numerals or sort would be held out, and the model could never
 * learn them.
 */
export const TRAIN_POOL = 20_000;

/** The held-out sets, drawn the same way for a seed by the trainer, `eval` and the tests. */
/**
 * A training batch of `n` random inputs that are never in the held-out sets, each with its
 * target (`sampleTarget`: the task's output, or one of its several valid outputs at random).
 * Every trainer (Transformer, NAT, RNN) draws its batches here.
 */
export function sampleBatch(task: Task, rng: Rng, heldOut: ReadonlySet<string>, n: number): Example[] {
  const out: Example[] = [];
  let guard = 0;
  while (out.length < n) {
    const src = task.sample(rng);
    if (heldOut.has(src)) {
      if (++guard > 100_000) throw new Error(`train: ${task.name} has too few inputs outside the held-out sets`);
      continue;
    }
    out.push({ src, tgt: sampleTarget(task, src, rng) }); // one of several valid outputs (date-multi) at random
  }
  return out;
}

export function heldOutSets(task: Task, seed: number, validSize: number, testSize: number): { valid: Example[]; test: Example[] } {
  const sizes: SplitSizes = { train: TRAIN_POOL, valid: validSize, test: testSize };
  const s = makeSplits(task, seed, sizes);
  return { valid: s.valid, test: s.test };
}

export interface Batch {
  src: number[][];
  tgtIn: number[][];
  tgtOut: number[][];
}

/** Pads a list of encoded examples into rectangular batch arrays (pad = 0). */
export function makeBatch(task: Task, examples: readonly Example[]): Batch {
  const enc = examples.map((e) => encodeExample(task, e));
  const S = Math.max(...enc.map((e) => e.src.length));
  const T = Math.max(...enc.map((e) => e.tgt.length));
  const padTo = (xs: number[], n: number) => [...xs, ...Array<number>(n - xs.length).fill(PAD_ID)];
  return {
    src: enc.map((e) => padTo(e.src, S)),
    tgtIn: enc.map((e) => padTo([BOS_ID, ...e.tgt.slice(0, -1)], T)),
    tgtOut: enc.map((e) => padTo(e.tgt, T)),
  };
}

export class Trainer {
  readonly model: Seq2SeqModel;
  readonly config: ModelConfig;
  readonly valid: Example[];
  readonly test: Example[];
  step = 0;
  private readonly params: Tensor[];
  private readonly optimizer: Adam;
  private readonly rng: Rng;
  private readonly heldOut: Set<string>;

  constructor(readonly task: Task, readonly opts: TrainOptions) {
    this.config = taskModelConfig(task, opts.arch);
    this.model = createModel(this.config, opts.seed);
    this.params = [...this.model.params.values()].map(param);
    this.optimizer = new Adam(this.params);
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

  /**
   * One optimisation step: forward, loss, backward, clip, Adam. The loss is the
   * cross-entropy (`loss` in the stats), plus λ · the guided-attention term when that is on.
   */
  trainStep(): StepStats {
    const o = this.opts;
    this.step++;
    const batch = makeBatch(this.task, this.nextExamples());
    let tgtIn = batch.tgtIn;
    const pSample = o.sampling ? samplingProbability(this.step, { schedule: o.sampling.schedule, totalSteps: o.steps, maxSampling: o.sampling.maxSampling }) : 0;
    if (pSample > 0) tgtIn = this.mixInPredictions(batch, pSample);
    const guided = o.guided && o.guided.weight > 0 ? o.guided : null;
    const layers = guided ? guidedLayers(guided, this.config) : [];
    const keys = new Set<TraceKey>(layers.map((l) => `dec.${l}.cross_attn.weights` as const));
    const { logits, trace } = forward(this.model, batch.src, tgtIn, guided ? { trace: true, keep: (k) => keys.has(k) } : { trace: false });
    const targets = batch.tgtOut.flat();
    const { loss } = crossEntropy(logits, targets, { ignoreIndex: PAD_ID, labelSmoothing: o.labelSmoothing });
    let objective = loss;
    let guidedLoss: number | undefined;
    if (guided && trace) {
      const ga = guidedAttentionLoss([...keys].map((k) => trace.get(k)), nonPadLengths(batch.src), nonPadLengths(batch.tgtOut), guided);
      guidedLoss = ga.data[0];
      objective = add(loss, scale(ga, guided.weight));
    }
    backward(objective);
    const gradNorm = clipGradNorm(this.params, o.clipNorm);
    const lr = noamRate(this.step, this.config.dModel, o.warmup, o.lrFactor);
    this.optimizer.update(lr);
    this.optimizer.zeroGrad();
    // token accuracy under teacher forcing
    const V = logits.shape[2];
    let right = 0, counted = 0;
    for (let i = 0; i < targets.length; i++) {
      if (targets[i] === PAD_ID) continue;
      counted++;
      let best = 0;
      for (let c = 1; c < V; c++) if (logits.data[i * V + c] > logits.data[i * V + best]) best = c;
      if (best === targets[i]) right++;
    }
    const stats: StepStats = { step: this.step, loss: loss.data[0], tokenAccuracy: counted ? right / counted : 0, lr, gradNorm, samplingProb: pSample };
    if (guidedLoss !== undefined) stats.guidedLoss = guidedLoss;
    return stats;
  }

  /**
   * Scheduled sampling: run the decoder once without gradients under teacher
   * forcing, then replace each ground-truth decoder input after <bos> by the
   * model's own prediction for that position with probability `p`.
   */
  mixInPredictions(batch: Batch, p: number): number[][] {
    const plain: Seq2SeqModel = { config: this.config, params: new Map([...this.model.params].map(([k, t]) => [k, detach(t)])) };
    const enc = encode(plain, batch.src, { trace: false });
    const { logits } = decode(plain, enc, batch.tgtIn, { trace: false });
    return mixPredictions(batch.tgtIn, logits, p, () => this.rng.next()).tgtIn;
  }

  /** Greedy exact match and character BLEU over a list of examples. */
  evaluate(examples: readonly Example[], batchSize = 100): EvalResult {
    return evaluateModel(this.model, this.task, examples, batchSize);
  }
}

/**
 * The decoder inputs of scheduled sampling: each input after <bos> that is not pad is
 * replaced, when `rand() < p`, by the argmax of the teacher-forced logits [B, T, V] at the
 * position before it (the model's own prediction of that token). `rand` is drawn once per
 * such input, in row order. Returns the mixed inputs and which were replaced.
 */
export function mixPredictions(
  tgtIn: readonly (readonly number[])[], logits: Tensor, p: number, rand: () => number,
): { tgtIn: number[][]; sampled: boolean[][] } {
  const V = logits.shape[2], T = tgtIn[0].length;
  const sampled = tgtIn.map((row) => row.map(() => false));
  const mixed = tgtIn.map((row, b) =>
    row.map((tok, t) => {
      if (t === 0 || tok === PAD_ID || rand() >= p) return tok;
      const o = (b * T + t - 1) * V;
      let best = 0;
      for (let c = 1; c < V; c++) if (logits.data[o + c] > logits.data[o + best]) best = c;
      sampled[b][t] = true;
      return best;
    }),
  );
  return { tgtIn: mixed, sampled };
}

/** The decoder layers whose cross-attention a guided-attention option covers. */
export function guidedLayers(g: Pick<GuidedAttentionOptions, 'layers'>, c: ModelConfig): number[] {
  const all = Array.from({ length: c.numDecoderLayers }, (_, i) => i);
  const layers = g.layers ?? all;
  for (const l of layers) if (!all.includes(l)) throw new Error(`guided attention: decoder layer ${l} is outside 0..${c.numDecoderLayers - 1}`);
  return [...layers];
}

/** The number of non-pad ids in each row. */
export function nonPadLengths(rows: readonly (readonly number[])[]): number[] {
  return rows.map((r) => r.reduce((n, id) => n + (id === PAD_ID ? 0 : 1), 0));
}

/** Greedy-decodes every example (in batches) and scores exact match and character BLEU. */
export function evaluateModel(model: Seq2SeqModel, task: Task, examples: readonly Example[], batchSize = 100): EvalResult {
  const plain: Seq2SeqModel = { config: model.config, params: new Map([...model.params].map(([k, t]) => [k, detach(t)])) };
  const preds: string[] = [];
  for (let i = 0; i < examples.length; i += batchSize) {
    const chunk = examples.slice(i, i + batchSize);
    const srcs = chunk.map((e) => task.srcVocab.encode(e.src, { eos: true }));
    const outs = greedyDecodeBatch(plain, srcs, task.maxTgtLen);
    for (const ids of outs) preds.push(task.tgtVocab.decode(ids));
  }
  return scoreOutputs(task, examples, preds); // a task with several valid outputs counts any of them
}
