/**
 * Validation both ways, so that the exposure-bias gap (曝光偏差) can be seen:
 *
 * - teacher-forced: the decoder is given the true previous token at every position (as in
 *   training). A position is right when its argmax is its target; an example is exact when
 *   every position is right, <eos> included.
 * - free-running: greedy decoding from <bos>, each step fed the model's own previous output
 *   (as at inference). A position is right when the output there equals the truth (for the
 *   last one: the model stops with <eos> there); an example is exact when the whole output is.
 *
 * The two exact matches are the same number (up to float rounding in a near-tie): a greedy
 * decoding that is right all the way was fed exactly the true prefix, so each of its steps
 * is the teacher-forced argmax, and the other way round. The gap shows position by
 * position: under teacher forcing one wrong argmax costs one token, free-running it also
 * feeds every later step a prefix the model never saw in training, so later positions go
 * wrong with it. `tokenAccuracy` and `byPosition` measure that.
 */
import { detach } from '../core';
import { forward, type Seq2SeqModel } from '../model';
import { PAD_ID, bleu, exactMatch, type Example, type Task } from '../tasks';
import { argmax, greedyDecodeBatch } from '../decode/greedy';
import { makeBatch, type EvalResult } from './trainer';

export interface TokenScores {
  /** share of examples whose every position is right */
  exactMatch: number;
  /** share of target positions (<eos> included) that are right */
  tokenAccuracy: number;
  /** accuracy at each target position 0, 1, …, over the examples that long */
  byPosition: number[];
  n: number;
}

export type TeacherForcedResult = TokenScores;
export type FreeRunningResult = TokenScores & Pick<EvalResult, 'bleu'>;

export interface ValidationResult {
  teacherForced: TeacherForcedResult;
  freeRunning: FreeRunningResult;
}

function withoutGrad(model: Seq2SeqModel): Seq2SeqModel {
  return { config: model.config, params: new Map([...model.params].map(([k, t]) => [k, detach(t)])) };
}

/** Sums right/total per position and exact examples, then turns them into shares. */
class Tally {
  private right: number[] = [];
  private total: number[] = [];
  private exact = 0;
  private n = 0;

  add(ok: readonly boolean[]): void {
    ok.forEach((r, t) => {
      this.right[t] = (this.right[t] ?? 0) + (r ? 1 : 0);
      this.total[t] = (this.total[t] ?? 0) + 1;
    });
    if (ok.every(Boolean)) this.exact++;
    this.n++;
  }

  scores(): TokenScores {
    const right = this.right.reduce((a, b) => a + b, 0), total = this.total.reduce((a, b) => a + b, 0);
    return {
      exactMatch: this.n ? this.exact / this.n : 0,
      tokenAccuracy: total ? right / total : 0,
      byPosition: this.total.map((c, t) => this.right[t] / c),
      n: this.n,
    };
  }
}

/** Teacher-forced scores over `examples` (in batches, no gradients). */
export function teacherForcedScores(model: Seq2SeqModel, task: Task, examples: readonly Example[], batchSize = 100): TeacherForcedResult {
  const plain = withoutGrad(model);
  const tally = new Tally();
  for (let i = 0; i < examples.length; i += batchSize) {
    const batch = makeBatch(task, examples.slice(i, i + batchSize));
    const { logits } = forward(plain, batch.src, batch.tgtIn, { trace: false });
    const V = logits.shape[2], T = batch.tgtOut[0].length;
    batch.tgtOut.forEach((row, b) => {
      const ok: boolean[] = [];
      for (let t = 0; t < T && row[t] !== PAD_ID; t++) ok.push(argmax(logits.data, (b * T + t) * V, V) === row[t]);
      tally.add(ok);
    });
  }
  return tally.scores();
}

/** Free-running (greedy) scores over `examples`, with character BLEU (in batches). */
export function freeRunningScores(model: Seq2SeqModel, task: Task, examples: readonly Example[], batchSize = 100): FreeRunningResult {
  const plain = withoutGrad(model);
  const tally = new Tally();
  const preds: string[] = [];
  const limit = Math.min(task.maxTgtLen, model.config.maxLen - 1);
  for (let i = 0; i < examples.length; i += batchSize) {
    const chunk = examples.slice(i, i + batchSize);
    const outs = greedyDecodeBatch(plain, chunk.map((e) => task.srcVocab.encode(e.src, { eos: true })), limit);
    chunk.forEach((e, j) => {
      const out = outs[j], truth = task.tgtVocab.encode(e.tgt);
      preds.push(task.tgtVocab.decode(out));
      const ok = truth.map((id, t) => out[t] === id);
      // the <eos> position: the output stopped (with <eos>, not at the limit) right after the truth
      ok.push(out.length === truth.length && out.length < limit);
      tally.add(ok);
    });
  }
  const refs = examples.map((e) => e.tgt);
  const s = tally.scores();
  // exact match of the texts (the same as every position right)
  return { ...s, exactMatch: exactMatch(preds, refs), bleu: bleu(preds, refs) };
}

/** Both validations over the same examples. */
export function validateBothWays(model: Seq2SeqModel, task: Task, examples: readonly Example[], batchSize = 100): ValidationResult {
  return { teacherForced: teacherForcedScores(model, task, examples, batchSize), freeRunning: freeRunningScores(model, task, examples, batchSize) };
}
