/**
 * The training lab's logic, as pure functions of data (DESIGN.md: what a panel shows,
 * computed and testable without a DOM):
 *
 * - presets: the lab's tasks (reverse and sort on short inputs, so that learning is
 *   visible within a minute) and model sizes, and `LabOptions` → the trainer's options;
 * - `attentionSnapshot`: the cross-attention of a decoder layer and the self-attention of
 *   one layer for a fixed example, every head, under teacher forcing;
 * - `stepAnatomy`: what one training step computes for that example (the lectures' loss
 *   figure): decoder input <bos> + the truth, the causal mask, at every position the
 *   predicted distribution beside the one-hot target (smoothed with label smoothing), the
 *   cross-entropy of each position and their mean; and the same with scheduled sampling,
 *   where some decoder inputs are the model's own predictions;
 * - `LabArch`: what the training worker needs of an architecture (its trainer, and what it
 *   can show), and `TRANSFORMER_LAB`, the Transformer's.
 */
import { Rng, causalMask, detach, logSoftmax, type Tensor } from '../core';
import { countParams, forward, type Seq2SeqModel, type TraceKey } from '../model';
import { argmax } from '../decode/greedy';
import { getTask, limitInputLength, validateInput, describeProblem, type Example, type Task } from '../tasks';
import {
  DEFAULT_TRAIN, Trainer, makeBatch, mixPredictions, samplingProbability, validateBothWays,
  type EvalResult, type GuidedAttentionOptions, type SamplingSchedule,
  type StepStats, type TrainOptions, type ValidationResult,
} from '../train';
import { BUNDLE_FORMAT, writeBundle, type ModelMeta } from '../io/bundle';
import { LAB_TASKS, SIZES, SIZE_PRESETS, TASK_PRESETS, type LabTaskName, type SizePreset, type TrainingMode } from './train_presets';

// ------------------------------------------------------------------ presets

export * from './train_presets';

/** Which attention a snapshot records: a decoder layer's cross-attention, one layer's self-attention. */
export interface SnapshotView {
  crossLayer: number;
  selfSide: 'enc' | 'dec';
  selfLayer: number;
}

/** Everything the lab lets a reader choose; `labOptions` fills it from the presets. */
export interface LabOptions {
  task: LabTaskName;
  /** inputs of 1 … maxInputLen characters */
  maxInputLen: number;
  size: SizePreset;
  seed: number;
  batchSize: number;
  /** the Noam schedule's factor and warm-up */
  lrFactor: number;
  warmup: number;
  labelSmoothing: number;
  mode: TrainingMode;
  /** scheduled sampling's schedule and its largest probability (used in that mode) */
  schedule: SamplingSchedule;
  maxSampling: number;
  /** the steps over which the sampling schedule runs; training stops there */
  maxSteps: number;
  /** guided attention on the cross-attention; null = off */
  guided: GuidedAttentionOptions | null;
  /** validate (both ways) every this many steps, on this many held-out inputs */
  validEvery: number;
  validSize: number;
  /** record an attention snapshot every this many steps */
  snapshotEvery: number;
  view: SnapshotView;
  /** the probability the step anatomy's scheduled-sampling view feeds a prediction */
  anatomySampling: number;
  /** the fixed example's input (null: chosen from the validation set) */
  example: string | null;
}

/** Guided attention as the lab switches it on for a task (all layers and heads, the task's prior). */
export function labGuided(task: LabTaskName, weight = 10, sigma = 0.2): GuidedAttentionOptions {
  return { weight, sigma, layers: null, heads: null, prior: TASK_PRESETS[task].prior };
}

/** The lab's options for a task, from its preset, with `overrides` on top. */
export function labOptions(task: LabTaskName, overrides: Partial<LabOptions> = {}): LabOptions {
  const p = TASK_PRESETS[task];
  return {
    task, maxInputLen: p.maxInputLen, size: p.size, seed: 1, batchSize: p.batchSize, lrFactor: p.lrFactor, warmup: p.warmup,
    labelSmoothing: p.labelSmoothing, mode: 'teacher-forcing', schedule: 'linear', maxSampling: 0.25, maxSteps: p.maxSteps,
    guided: null, validEvery: 50, validSize: 200, snapshotEvery: 20, view: { crossLayer: 0, selfSide: 'dec', selfLayer: 0 },
    anatomySampling: 0.5, example: null,
    ...overrides,
  };
}

/** Options that shape the model or its data: changing one means a fresh start. */
export const STRUCTURAL_OPTIONS: readonly (keyof LabOptions)[] = ['task', 'maxInputLen', 'size', 'seed', 'validSize'];

/** Checks options; returns the problems in English (empty = fine). */
export function checkLabOptions(o: LabOptions): string[] {
  const out: string[] = [];
  const whole = (name: keyof LabOptions, min: number) => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) out.push(`${name} must be a whole number ≥ ${min}, got ${String(v)}`);
  };
  if (!LAB_TASKS.includes(o.task)) out.push(`task must be one of ${LAB_TASKS.join(', ')}, got ${String(o.task)}`);
  if (!SIZE_PRESETS.includes(o.size)) out.push(`size must be one of ${SIZE_PRESETS.join(', ')}, got ${String(o.size)}`);
  whole('maxInputLen', 1);
  whole('seed', 0);
  whole('batchSize', 1);
  whole('warmup', 1);
  whole('maxSteps', 1);
  whole('validEvery', 1);
  whole('validSize', 1);
  whole('snapshotEvery', 1);
  if (!(o.lrFactor > 0)) out.push(`lrFactor must be > 0, got ${o.lrFactor}`);
  if (!(o.labelSmoothing >= 0 && o.labelSmoothing < 1)) out.push(`labelSmoothing must be in [0, 1), got ${o.labelSmoothing}`);
  if (!(o.maxSampling >= 0 && o.maxSampling <= 1)) out.push(`maxSampling must be in [0, 1], got ${o.maxSampling}`);
  if (!(o.anatomySampling >= 0 && o.anatomySampling <= 1)) out.push(`anatomySampling must be in [0, 1], got ${o.anatomySampling}`);
  if (o.guided && !(o.guided.weight >= 0 && o.guided.sigma > 0)) out.push('guided attention needs a weight ≥ 0 and a width g > 0');
  if (out.length === 0) {
    const arch = SIZES[o.size];
    if (o.view.crossLayer < 0 || o.view.crossLayer >= arch.numDecoderLayers) out.push(`view.crossLayer must be in 0..${arch.numDecoderLayers - 1}`);
    const selfLayers = o.view.selfSide === 'enc' ? arch.numEncoderLayers : arch.numDecoderLayers;
    if (o.view.selfLayer < 0 || o.view.selfLayer >= selfLayers) out.push(`view.selfLayer must be in 0..${selfLayers - 1}`);
    if (o.example !== null) {
      const problems = validateInput(labTask(o), o.example);
      if (problems.length > 0) out.push(`example: ${problems.map(describeProblem).join('; ')}`);
    }
  }
  return out;
}

/** The task the lab trains on: the built-in task limited to `maxInputLen` characters. */
export function labTask(o: Pick<LabOptions, 'task' | 'maxInputLen'>): Task {
  return limitInputLength(getTask(o.task), o.maxInputLen);
}

/** The trainer's options for lab options. */
export function labTrainOptions(o: LabOptions): TrainOptions {
  return {
    ...DEFAULT_TRAIN,
    seed: o.seed, steps: o.maxSteps, batchSize: o.batchSize, arch: { ...SIZES[o.size] },
    warmup: o.warmup, lrFactor: o.lrFactor, labelSmoothing: o.labelSmoothing,
    sampling: o.mode === 'scheduled-sampling' ? { schedule: o.schedule, maxSampling: o.maxSampling } : null,
    validSize: o.validSize, testSize: 500, guided: o.guided,
  };
}

/** The probability scheduled sampling feeds a prediction at `step` under these options (0 under teacher forcing). */
export function labSamplingProbability(o: LabOptions, step: number): number {
  if (o.mode !== 'scheduled-sampling') return 0;
  return samplingProbability(step, { schedule: o.schedule, totalSteps: o.maxSteps, maxSampling: o.maxSampling });
}

/** The fixed example: the one asked for, else the first longest of the first 50 validation inputs. */
export function fixedExample(task: Task, valid: readonly Example[], asked: string | null): Example {
  if (asked !== null) return { src: asked, tgt: task.solve(asked) };
  let best = valid[0];
  for (const e of valid.slice(0, 50)) if ([...e.src].length > [...best.src].length) best = e;
  return best;
}

// ------------------------------------------------------------------ attention snapshots

/** One attention tensor of the fixed example, every head: `data[(h * rows + r) * cols + c]`. */
export interface AttentionMap {
  kind: 'cross' | 'self';
  side: 'enc' | 'dec';
  layer: number;
  heads: number;
  rows: number;
  cols: number;
  /** the query tokens (decoder input for the decoder, source for the encoder) */
  rowTokens: string[];
  /** the key tokens */
  colTokens: string[];
  data: Float32Array;
}

export interface AttentionSnapshot {
  step: number;
  cross: AttentionMap;
  self: AttentionMap;
}

const tokenOf = (vocab: readonly string[], id: number) => vocab[id] ?? `<${id}>`;

/** The fixed example as one batch row: source ids (with <eos>), decoder input (<bos> + truth), targets (truth + <eos>). */
function exampleRows(task: Task, ex: Example): { src: number[]; tgtIn: number[]; tgtOut: number[] } {
  const b = makeBatch(task, [ex]);
  return { src: b.src[0], tgtIn: b.tgtIn[0], tgtOut: b.tgtOut[0] };
}

function withoutGrad(model: Seq2SeqModel): Seq2SeqModel {
  return { config: model.config, params: new Map([...model.params].map(([k, t]) => [k, detach(t)])) };
}

/** A [1, H, R, C] attention tensor as a map (its data copied into a buffer of its own). */
function mapOf(t: Tensor, kind: 'cross' | 'self', side: 'enc' | 'dec', layer: number, rowTokens: string[], colTokens: string[]): AttentionMap {
  const [, H, R, C] = t.shape;
  return { kind, side, layer, heads: H, rows: R, cols: C, rowTokens, colTokens, data: t.data.slice(0, H * R * C) };
}

/**
 * The attention of the fixed example under teacher forcing (decoder input <bos> + the
 * truth): the cross-attention of decoder layer `view.crossLayer` (rows: decoder positions,
 * columns: source tokens) and the self-attention of `view.selfSide` layer `view.selfLayer`.
 */
export function attentionSnapshot(model: Seq2SeqModel, task: Task, ex: Example, view: SnapshotView, step: number): AttentionSnapshot {
  const { src, tgtIn } = exampleRows(task, ex);
  const crossKey = `dec.${view.crossLayer}.cross_attn.weights` as TraceKey;
  const selfKey = `${view.selfSide}.${view.selfLayer}.self_attn.weights` as TraceKey;
  const { trace } = forward(withoutGrad(model), [src], [tgtIn], { trace: true, keep: (k) => k === crossKey || k === selfKey });
  const srcTokens = src.map((id) => tokenOf(task.srcVocab.tokens, id));
  const decTokens = tgtIn.map((id) => tokenOf(task.tgtVocab.tokens, id));
  const selfTokens = view.selfSide === 'enc' ? srcTokens : decTokens;
  return {
    step,
    cross: mapOf(trace!.get(crossKey), 'cross', 'dec', view.crossLayer, decTokens, srcTokens),
    self: mapOf(trace!.get(selfKey), 'self', view.selfSide, view.selfLayer, selfTokens, selfTokens),
  };
}

// ------------------------------------------------------------------ one training step

export interface PositionAnatomy {
  /** the decoder input at this position, and whether it is the model's own prediction */
  input: number;
  sampled: boolean;
  /** what teacher forcing feeds here (<bos>, then the truth) */
  truthInput: number;
  /** the target: the next true token (<eos> last) */
  target: number;
  /** the predicted distribution over the target vocabulary [V] */
  probs: Float32Array;
  /** the target distribution [V]: one-hot, or (1 − ε)·one-hot + ε/V with label smoothing ε */
  targetDist: Float32Array;
  /** −Σ_c target(c) · log p(c) */
  crossEntropy: number;
  /** the argmax of `probs`, and whether it is the target */
  predicted: number;
  correct: boolean;
}

export interface StepAnatomy {
  mode: TrainingMode;
  /** the probability each decoder input after <bos> was replaced by a prediction (0 under teacher forcing) */
  samplingProbability: number;
  example: Example;
  srcTokens: string[];
  /** the target vocabulary by id */
  vocab: readonly string[];
  /** T × T, true where position t may not look (s > t): the causal mask */
  causalMask: boolean[][];
  positions: PositionAnatomy[];
  /** the mean of the positions' cross-entropies: the loss of this example */
  loss: number;
  labelSmoothing: number;
}

export interface AnatomyOptions {
  labelSmoothing: number;
  /** null: teacher forcing; else scheduled sampling with this probability and seed */
  sampling: { probability: number; seed: number } | null;
}

/**
 * What one training step computes for one example. Under teacher forcing the decoder input
 * is <bos> + the truth and one forward pass gives every position's distribution at once
 * (the causal mask keeps each position from seeing later tokens). With scheduled sampling,
 * a first teacher-forced pass predicts every position; each decoder input after <bos> is
 * replaced by the prediction for it with the given probability (the trainer's own
 * `mixPredictions`), and the second pass is the one scored.
 */
export function stepAnatomy(model: Seq2SeqModel, task: Task, ex: Example, o: AnatomyOptions): StepAnatomy {
  const plain = withoutGrad(model);
  const { src, tgtIn, tgtOut } = exampleRows(task, ex);
  const T = tgtIn.length;
  let input = tgtIn, sampled = tgtIn.map(() => false);
  if (o.sampling) {
    const first = forward(plain, [src], [tgtIn], { trace: false }).logits;
    const rng = new Rng(o.sampling.seed);
    const mixed = mixPredictions([tgtIn], first, o.sampling.probability, () => rng.next());
    input = mixed.tgtIn[0];
    sampled = mixed.sampled[0];
  }
  const { logits } = forward(plain, [src], [input], { trace: false });
  const V = logits.shape[2];
  const lp = logSoftmax(logits).data;
  const eps = o.labelSmoothing;
  const positions: PositionAnatomy[] = [];
  for (let t = 0; t < T; t++) {
    const row = t * V;
    const probs = new Float32Array(V), targetDist = new Float32Array(V).fill(eps / V);
    targetDist[tgtOut[t]] += 1 - eps;
    // in float64, as the core's crossEntropy: −(1 − ε)·log p(y) − (ε/V)·Σ_c log p(c)
    let ce = -(1 - eps) * lp[row + tgtOut[t]];
    for (let c = 0; c < V; c++) {
      probs[c] = Math.exp(lp[row + c]);
      if (eps > 0) ce -= (eps / V) * lp[row + c];
    }
    const predicted = argmax(logits.data, row, V);
    positions.push({
      input: input[t], sampled: sampled[t], truthInput: tgtIn[t], target: tgtOut[t],
      probs, targetDist, crossEntropy: ce, predicted, correct: predicted === tgtOut[t],
    });
  }
  const mask = causalMask(T);
  return {
    mode: o.sampling ? 'scheduled-sampling' : 'teacher-forcing',
    samplingProbability: o.sampling ? o.sampling.probability : 0,
    example: ex,
    srcTokens: src.map((id) => tokenOf(task.srcVocab.tokens, id)),
    vocab: task.tgtVocab.tokens,
    causalMask: Array.from({ length: T }, (_, t) => Array.from({ length: T }, (_, s) => mask.data[t * T + s] === 1)),
    positions,
    loss: positions.reduce((s, p) => s + p.crossEntropy, 0) / T,
    labelSmoothing: eps,
  };
}

// ------------------------------------------------------------------ architectures in the lab

/** What the lab's controller needs of a trainer: the public surface of `Trainer`. */
export interface TrainerLike {
  readonly step: number;
  readonly valid: readonly Example[];
  readonly test: readonly Example[];
  trainStep(): StepStats;
  evaluate(examples: readonly Example[], batchSize?: number): EvalResult;
}

/** The model files of a trained model, as the page downloads them. */
export interface ModelFiles {
  json: string;
  safetensors: Uint8Array;
  /** the file names without extension */
  name: string;
}

/**
 * How the lab trains and looks at one architecture. `create` and `bundle` are required;
 * the rest is shown when the architecture has it (a NAT has no teacher-forced decoder
 * input, an RNN without attention no cross-attention).
 */
export interface LabArch<T extends TrainerLike = TrainerLike> {
  create(task: Task, opts: TrainOptions): T;
  /** apply options that may change between steps (learning rate, batch, mode, guided attention …) */
  applyOptions(trainer: T, opts: TrainOptions): void;
  parameters(trainer: T): number;
  validate?(trainer: T, task: Task, examples: readonly Example[]): ValidationResult;
  snapshot?(trainer: T, task: Task, ex: Example, view: SnapshotView): AttentionSnapshot;
  anatomy?(trainer: T, task: Task, ex: Example, o: AnatomyOptions): StepAnatomy;
  bundle(trainer: T, task: Task, o: LabOptions, metrics: { valid: EvalResult; test: EvalResult }): ModelFiles;
}

/** The options a lab-trained model's .json records (so that `eval --model` redraws its held-out sets). */
export function labTrainingRecord(o: LabOptions, opts: TrainOptions): Record<string, unknown> {
  return { ...opts, maxInputLen: o.maxInputLen, lab: { size: o.size, mode: o.mode } };
}

export const TRANSFORMER_LAB: LabArch<Trainer> = {
  create: (task, opts) => new Trainer(task, opts),
  applyOptions(trainer, opts) {
    Object.assign(trainer.opts, opts);
  },
  parameters: (trainer) => countParams(trainer.model.params),
  validate: (trainer, task, examples) => validateBothWays(trainer.model, task, examples),
  snapshot: (trainer, task, ex, view) => attentionSnapshot(trainer.model, task, ex, view, trainer.step),
  anatomy: (trainer, task, ex, o) => stepAnatomy(trainer.model, task, ex, o),
  bundle(trainer, task, o, metrics) {
    const meta: ModelMeta = {
      format: BUNDLE_FORMAT,
      task: task.name,
      config: trainer.config,
      srcVocab: [...task.srcVocab.tokens],
      tgtVocab: [...task.tgtVocab.tokens],
      srcEos: true,
      seed: trainer.opts.seed,
      steps: trainer.step,
      training: labTrainingRecord(o, trainer.opts),
      metrics,
      parameters: countParams(trainer.model.params),
    };
    const files = writeBundle({ meta, model: trainer.model });
    return { ...files, name: `${task.name}-lab-${o.size}-step${trainer.step}` };
  },
};
