/**
 * Training the non-autoregressive Transformer (src/model/nat.ts) on a toy task, with
 * the public surface of `Trainer` (trainStep(), evaluate(), step, valid, test, model):
 *
 *   loss = cross-entropy of every output position (label smoothing, padding ignored;
 *          the decoder is given the true length and BOS placeholders)
 *        + lengthWeight · cross-entropy of the length classifier (the true length).
 *
 * The data, the held-out sets, the initialisation of the shared parameters, Adam, the
 * warm-up schedule and the clipping are the Transformer trainer's; scheduled sampling
 * does not apply (the decoder never sees outputs). Evaluation decodes with the
 * predicted length (natDecodeBatch). Deterministic for a seed.
 */
import { Rng, add, backward, crossEntropy, detach, param, scale, type Tensor } from '../core';
import { createNatModel, natForward, type ModelConfig, type NatModel } from '../model';
import { natDecodeBatch } from '../decode/nat';
import { type Example, type Task, PAD_ID, scoreOutputs } from '../tasks';
import { Adam, clipGradNorm } from './optimizer';
import { noamRate } from './schedule';
import { heldOutSets, sampleBatch, taskModelConfig, type EvalResult, type StepStats, type TrainOptions } from './trainer';

export interface NatTrainOptions extends TrainOptions {
  /** weight of the length classifier's cross-entropy in the loss */
  lengthWeight: number;
}

export const DEFAULT_LENGTH_WEIGHT = 0.1;

export interface NatStepStats extends StepStats {
  /** the length classifier's cross-entropy and accuracy on this batch */
  lengthLoss: number;
  lengthAccuracy: number;
}

/** Length classes of a task's NAT: output lengths 0 … maxTgtLen − 1 characters (maxTgtLen counts EOS). */
export function natLengths(task: Task): number {
  return task.maxTgtLen;
}

export class NatTrainer {
  readonly model: NatModel;
  readonly config: ModelConfig;
  readonly valid: Example[];
  readonly test: Example[];
  step = 0;
  private readonly params: Tensor[];
  private readonly optimizer: Adam;
  private readonly rng: Rng;
  private readonly heldOut: Set<string>;

  constructor(readonly task: Task, readonly opts: NatTrainOptions) {
    if (opts.sampling) throw new Error('NAT training: scheduled sampling does not apply (the decoder never sees outputs)');
    if (!(opts.lengthWeight >= 0)) throw new Error(`NAT training: lengthWeight must be ≥ 0, got ${opts.lengthWeight}`);
    this.config = taskModelConfig(task, opts.arch);
    this.model = createNatModel(this.config, natLengths(task), opts.seed);
    this.params = [...this.model.params.values()].map(param);
    this.optimizer = new Adam(this.params);
    const held = heldOutSets(task, opts.seed, opts.validSize, opts.testSize);
    this.valid = held.valid;
    this.test = held.test;
    this.heldOut = new Set([...this.valid, ...this.test].map((e) => e.src));
    this.rng = new Rng(opts.seed * 7919 + 17);
  }

  /** A fresh training batch: random inputs never in the held-out sets; one valid output drawn for each. */
  nextExamples(): Example[] {
    return sampleBatch(this.task, this.rng, this.heldOut, this.opts.batchSize);
  }

  trainStep(): NatStepStats {
    const o = this.opts, c = this.config;
    this.step++;
    const ex = this.nextExamples();
    const srcIds = ex.map((e) => this.task.srcVocab.encode(e.src, { eos: true }));
    const tgtIds = ex.map((e) => this.task.tgtVocab.encode(e.tgt));
    const S = Math.max(...srcIds.map((s) => s.length));
    const src = srcIds.map((s) => [...s, ...Array<number>(S - s.length).fill(PAD_ID)]);
    const lengths = tgtIds.map((t) => t.length);
    const T = Math.max(1, ...lengths);
    const targets = tgtIds.flatMap((t) => [...t, ...Array<number>(T - t.length).fill(PAD_ID)]);
    const { logits, lengthLogits } = natForward(this.model, src, lengths, { trace: false });
    const tok = crossEntropy(logits, targets, { ignoreIndex: PAD_ID, labelSmoothing: o.labelSmoothing });
    const len = crossEntropy(lengthLogits, lengths); // [B,L] against the true lengths
    const loss = add(tok.loss, scale(len.loss, o.lengthWeight));
    backward(loss);
    const gradNorm = clipGradNorm(this.params, o.clipNorm);
    const lr = noamRate(this.step, c.dModel, o.warmup, o.lrFactor);
    this.optimizer.update(lr);
    this.optimizer.zeroGrad();
    const V = logits.shape[2], L = this.model.lengths;
    let right = 0, counted = 0, lenRight = 0;
    for (let i = 0; i < targets.length; i++) {
      if (targets[i] === PAD_ID) continue;
      counted++;
      let best = 0;
      for (let v = 1; v < V; v++) if (logits.data[i * V + v] > logits.data[i * V + best]) best = v;
      if (best === targets[i]) right++;
    }
    lengths.forEach((n, b) => {
      let best = 0;
      for (let l = 1; l < L; l++) if (lengthLogits.data[b * L + l] > lengthLogits.data[b * L + best]) best = l;
      if (best === n) lenRight++;
    });
    return {
      step: this.step, loss: loss.data[0], tokenAccuracy: counted ? right / counted : 0, lr, gradNorm, samplingProb: 0,
      lengthLoss: len.loss.data[0], lengthAccuracy: lenRight / lengths.length,
    };
  }

  /** Exact match and character BLEU of NAT decoding (predicted lengths) over a list of examples. */
  evaluate(examples: readonly Example[], batchSize = 100): EvalResult {
    return evaluateNat(this.model, this.task, examples, batchSize);
  }
}

/** NAT-decodes every example (in batches) and scores exact match and character BLEU. */
export function evaluateNat(model: NatModel, task: Task, examples: readonly Example[], batchSize = 100): EvalResult {
  const plain: NatModel = { ...model, params: new Map([...model.params].map(([k, t]) => [k, detach(t)])) };
  const preds: string[] = [];
  for (let i = 0; i < examples.length; i += batchSize) {
    const chunk = examples.slice(i, i + batchSize);
    const outs = natDecodeBatch(plain, chunk.map((e) => task.srcVocab.encode(e.src, { eos: true })));
    for (const ids of outs) preds.push(task.tgtVocab.decode(ids));
  }
  return scoreOutputs(task, examples, preds);
}
