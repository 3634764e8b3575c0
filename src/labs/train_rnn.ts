/**
 * The two RNN encoder–decoders in the training lab (issue 11): `LabArch`s that drive
 * `RnnTrainer` with the lab's options, so that the worker trains them exactly as it
 * trains the Transformer (same tasks, input lengths, batch, warm-up schedule, label
 * smoothing, held-out sets for a seed).
 *
 * What does not carry over is left out, so that the page says so rather than breaking:
 * no self-attention and no step anatomy (both Transformer-only), no scheduled sampling
 * and no guided attention (the RNN trainer has neither). Validation both ways is kept:
 * teacher-forced and free-running scores of the RNN, as `validateBothWays` computes them
 * for the Transformer.
 */
import { detach } from '../core';
import { countParams, rnnForward, rnnGreedyDecodeBatch, type RnnArch, type RnnModel } from '../model';
import { PAD_ID, bleu, exactMatch, type Example, type Task } from '../tasks';
import {
  DEFAULT_RNN_TRAIN, RnnTrainer, makeBatch,
  type RnnArchOptions, type RnnTrainOptions, type TokenScores, type TrainOptions, type ValidationResult,
} from '../train';
import { BUNDLE_FORMAT } from '../io/bundle';
import { writeRnnBundle, type RnnModelMeta } from '../io/rnn_bundle';
import type { SizePreset } from './train_presets';
import type { LabArch } from './train';

/**
 * The RNN sizes of the lab's presets: small enough that a step takes a few milliseconds,
 * with the attention model's state narrower (its encoder is bidirectional).
 */
export const RNN_LAB_SIZES: Readonly<Record<RnnArch, Readonly<Record<SizePreset, RnnArchOptions>>>> = Object.freeze({
  'rnn-fixed': {
    tiny: { arch: 'rnn-fixed', embedDim: 16, hiddenSize: 48, attentionDim: 0 },
    small: { arch: 'rnn-fixed', embedDim: 32, hiddenSize: 96, attentionDim: 0 },
  },
  'rnn-attention': {
    tiny: { arch: 'rnn-attention', embedDim: 16, hiddenSize: 32, attentionDim: 32 },
    small: { arch: 'rnn-attention', embedDim: 32, hiddenSize: 64, attentionDim: 64 },
  },
});

/** The size preset whose Transformer has the lab's `dModel` and layer counts (the worker only sees TrainOptions). */
export function rnnSizeOf(opts: TrainOptions): SizePreset {
  return opts.arch.numEncoderLayers > 1 || opts.arch.numDecoderLayers > 1 ? 'small' : 'tiny';
}

/** The RNN trainer's options for the lab's trainer options. */
export function rnnLabTrainOptions(arch: RnnArch, opts: TrainOptions): RnnTrainOptions {
  return {
    ...DEFAULT_RNN_TRAIN,
    seed: opts.seed, steps: opts.steps, batchSize: opts.batchSize, arch: { ...RNN_LAB_SIZES[arch][rnnSizeOf(opts)] },
    warmup: opts.warmup, lrFactor: opts.lrFactor, labelSmoothing: opts.labelSmoothing, clipNorm: opts.clipNorm,
    validSize: opts.validSize, testSize: opts.testSize,
  };
}

function plain(m: RnnModel): RnnModel {
  return { config: m.config, params: new Map([...m.params].map(([k, t]) => [k, detach(t)])) };
}

/** Right/total per target position and exact examples, as shares. */
function scoresOf(rows: readonly (readonly boolean[])[]): TokenScores {
  const right: number[] = [], total: number[] = [];
  let exact = 0;
  for (const ok of rows) {
    ok.forEach((r, t) => {
      right[t] = (right[t] ?? 0) + (r ? 1 : 0);
      total[t] = (total[t] ?? 0) + 1;
    });
    if (ok.every(Boolean)) exact++;
  }
  const R = right.reduce((a, b) => a + b, 0), N = total.reduce((a, b) => a + b, 0);
  return { exactMatch: rows.length ? exact / rows.length : 0, tokenAccuracy: N ? R / N : 0, byPosition: total.map((c, t) => right[t] / c), n: rows.length };
}

/** Teacher-forced and free-running scores of an RNN model (no gradients), as `validateBothWays` for the Transformer. */
export function validateRnnBothWays(model: RnnModel, task: Task, examples: readonly Example[], batchSize = 100): ValidationResult {
  const m = plain(model);
  const tf: boolean[][] = [], fr: boolean[][] = [];
  const preds: string[] = [];
  const limit = Math.min(task.maxTgtLen, m.config.maxLen - 1);
  for (let i = 0; i < examples.length; i += batchSize) {
    const chunk = examples.slice(i, i + batchSize);
    const batch = makeBatch(task, chunk);
    const { output: logits } = rnnForward(m, batch.src, batch.tgtIn, { trace: false }); // [B,T,V]
    const V = logits.shape[2], T = batch.tgtOut[0].length;
    batch.tgtOut.forEach((row, b) => {
      const ok: boolean[] = [];
      row.forEach((target, t) => {
        if (target === PAD_ID) return;
        let best = 0;
        const at = (b * T + t) * V;
        for (let c = 1; c < V; c++) if (logits.data[at + c] > logits.data[at + best]) best = c;
        ok.push(best === target);
      });
      tf.push(ok);
    });
    const outs = rnnGreedyDecodeBatch(m, chunk.map((e) => task.srcVocab.encode(e.src, { eos: true })), limit);
    chunk.forEach((e, j) => {
      const out = outs[j], truth = task.tgtVocab.encode(e.tgt);
      preds.push(task.tgtVocab.decode(out));
      const ok = truth.map((id, t) => out[t] === id);
      ok.push(out.length === truth.length && out.length < limit);
      fr.push(ok);
    });
  }
  const free = scoresOf(fr);
  const refs = examples.map((e) => e.tgt);
  return { teacherForced: scoresOf(tf), freeRunning: { ...free, exactMatch: exactMatch(preds, refs), bleu: bleu(preds, refs) } };
}

function rnnLab(arch: RnnArch): LabArch<RnnTrainer> {
  return {
    create: (task, opts) => new RnnTrainer(task, rnnLabTrainOptions(arch, opts)),
    applyOptions(trainer, opts) {
      // what may change between steps; sizes, seed and held-out sets stay (a change of those starts afresh)
      const o = trainer.opts;
      o.batchSize = opts.batchSize;
      o.lrFactor = opts.lrFactor;
      o.warmup = opts.warmup;
      o.labelSmoothing = opts.labelSmoothing;
      o.clipNorm = opts.clipNorm;
      o.steps = opts.steps;
    },
    parameters: (trainer) => countParams(trainer.model.params),
    validate: (trainer, task, examples) => validateRnnBothWays(trainer.model, task, examples),
    bundle(trainer, task, o, metrics) {
      const meta: RnnModelMeta = {
        format: BUNDLE_FORMAT,
        arch,
        task: task.name,
        config: trainer.config,
        srcVocab: [...task.srcVocab.tokens],
        tgtVocab: [...task.tgtVocab.tokens],
        srcEos: true,
        seed: trainer.opts.seed,
        steps: trainer.step,
        training: { ...trainer.opts, maxInputLen: o.maxInputLen, lab: { size: o.size, mode: o.mode } },
        metrics,
        parameters: countParams(trainer.model.params),
      };
      const files = writeRnnBundle({ meta, model: plain(trainer.model) });
      return { ...files, name: `${task.name}-lab-${arch}-${o.size}-step${trainer.step}` };
    },
  };
}

export const RNN_FIXED_LAB: LabArch<RnnTrainer> = rnnLab('rnn-fixed');
export const RNN_ATTENTION_LAB: LabArch<RnnTrainer> = rnnLab('rnn-attention');
