/**
 * Scores as a function of input length: for each length, greedy exact match and per-token
 * accuracy on the task's reserved inputs of that length (`byLengthSet`), for a model of
 * any architecture.
 *
 * Per-token accuracy: the share of reference positions (its characters and the closing
 * <eos>) where the greedy output has the same token at the same position. An output that
 * stops early misses the positions after its <eos>; one that runs on has a character where
 * the reference has <eos>.
 */
import { detach } from '../core';
import type { RnnModel, Seq2SeqModel } from '../model';
import { greedyDecodeBatch } from '../decode/greedy';
import { type ByLengthScores, type LengthGroup, type LengthScore, type Task, byLengthSet } from '../tasks';
import { rnnPredict } from './rnn_trainer';

/** A model of any architecture the project trains. */
export type AnyModel =
  | { arch: 'transformer'; model: Seq2SeqModel }
  | { arch: 'rnn-fixed' | 'rnn-attention'; model: RnnModel };

/** The held-out inputs of every length the shipped scores use; the same for every model of a task. */
export const BY_LENGTH_SEED = 1;
export const BY_LENGTH_PER_LENGTH = 100;

/** Greedy outputs of a model of any architecture for a list of inputs (in batches). */
export function predictAny(m: AnyModel, task: Task, inputs: readonly string[], batchSize = 100): string[] {
  if (m.arch !== 'transformer') return rnnPredict(m.model, task, inputs, batchSize);
  const plain: Seq2SeqModel = { config: m.model.config, params: new Map([...m.model.params].map(([k, t]) => [k, detach(t)])) };
  const preds: string[] = [];
  for (let i = 0; i < inputs.length; i += batchSize) {
    const srcs = inputs.slice(i, i + batchSize).map((s) => task.srcVocab.encode(s, { eos: true }));
    for (const ids of greedyDecodeBatch(plain, srcs, task.maxTgtLen)) preds.push(task.tgtVocab.decode(ids));
  }
  return preds;
}

/** Positions (characters and the closing <eos>) of `ref` that `pred` gets right, and their number. */
export function tokenMatches(pred: string, ref: string): { right: number; total: number } {
  const p = [...pred], r = [...ref];
  let right = 0;
  for (let i = 0; i <= r.length; i++) {
    const want = i < r.length ? r[i] : null; // null = <eos>
    const got = i < p.length ? p[i] : i === p.length ? null : undefined;
    if (got === want) right++;
  }
  return { right, total: r.length + 1 };
}

/** Exact match and per-token accuracy of predictions against the groups' references. */
export function scoreGroups(groups: readonly LengthGroup[], preds: readonly (readonly string[])[]): LengthScore[] {
  if (preds.length !== groups.length) throw new Error(`scoreGroups: ${preds.length} lists of predictions for ${groups.length} lengths`);
  return groups.map((g, i) => {
    const ps = preds[i];
    if (ps.length !== g.examples.length) throw new Error(`scoreGroups: ${ps.length} predictions for ${g.examples.length} inputs of length ${g.length}`);
    let exact = 0, right = 0, total = 0;
    g.examples.forEach((e, k) => {
      if (ps[k] === e.tgt) exact++;
      const m = tokenMatches(ps[k], e.tgt);
      right += m.right;
      total += m.total;
    });
    const n = g.examples.length;
    return { length: g.length, n, exactMatch: n ? exact / n : 0, tokenAccuracy: total ? right / total : 0 };
  });
}

/** The by-length scores of a model on its task's reserved inputs (every length 1..maxSrcLen). */
export function evaluateByLength(m: AnyModel, task: Task, seed = BY_LENGTH_SEED, perLength = BY_LENGTH_PER_LENGTH): ByLengthScores {
  const groups = byLengthSet(task, seed, perLength);
  const flat = groups.flatMap((g) => g.examples.map((e) => e.src));
  const all = predictAny(m, task, flat);
  const preds: string[][] = [];
  let at = 0;
  for (const g of groups) {
    preds.push(all.slice(at, at + g.examples.length));
    at += g.examples.length;
  }
  return { seed, perLength, lengths: scoreGroups(groups, preds) };
}
