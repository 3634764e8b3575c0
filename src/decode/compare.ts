/**
 * Greedy against beam search on a task's held-out inputs: exact match of each, and
 * which greedy mistakes beam search of width k fixes (greedy wrong, beam right) and
 * which right greedy answers it breaks (greedy right, beam wrong). The result is plain
 * data, stored in a model's .json (`decoding`) by `npm run eval -- --compare-beam
 * --write` so that the page states it without recomputing. Deterministic.
 */
import { detach } from '../core';
import type { Seq2SeqModel } from '../model';
import { isCorrect, type Example, type Task } from '../tasks';
import { beamSearch } from './beam';
import { greedyDecodeBatch } from './greedy';
import { modelNextToken } from './next';
import { scoreSequence } from './forced';

export interface BeamWidthStats {
  width: number;
  exactMatch: number;
  /** greedy wrong, beam right */
  fixed: number;
  /** greedy right, beam wrong */
  broken: number;
  /** the inputs fixed / broken (at most `maxListed` of each) */
  fixedInputs: string[];
  brokenInputs: string[];
}

export interface GreedyBeamExample {
  input: string;
  reference: string;
  greedy: string;
  /** the model's log-probability of each output, EOS included when produced */
  greedyScore: number;
  /** false when greedy reached the length limit without producing EOS (its score then has no EOS term) */
  greedyFinished: boolean;
  beam: string;
  beamScore: number;
  /** the beam width of `beam` */
  width: number;
}

export interface DecodingComparison {
  /** test inputs compared */
  n: number;
  /** the length penalty of every beam search here */
  alpha: number;
  greedy: { exactMatch: number; errors: number };
  beam: BeamWidthStats[];
  /** inputs where greedy fails and beam search of width `exampleWidth` succeeds */
  exampleWidth: number;
  examples: GreedyBeamExample[];
}

export interface CompareOptions {
  /** beam widths to run (default 2…8) */
  widths?: readonly number[];
  alpha?: number;
  /** the width whose fixes become `examples` (default 4) */
  exampleWidth?: number;
  /** at most this many inputs listed per width and examples kept (default 20) */
  maxListed?: number;
  /** called after each width (for a progress line) */
  onWidth?: (width: number) => void;
}

/** Runs greedy (batched, as `npm run eval`) and beam search of every width over `examples`. */
export function compareGreedyBeam(model: Seq2SeqModel, task: Task, examples: readonly Example[], opts: CompareOptions = {}): DecodingComparison {
  const widths = opts.widths ?? [2, 3, 4, 5, 6, 7, 8];
  const alpha = opts.alpha ?? 0, exampleWidth = opts.exampleWidth ?? 4, maxListed = opts.maxListed ?? 20;
  const plain: Seq2SeqModel = { config: model.config, params: new Map([...model.params].map(([k, t]) => [k, detach(t)])) };
  const srcs = examples.map((e) => task.srcVocab.encode(e.src, { eos: true }));
  const limit = Math.min(task.maxTgtLen, plain.config.maxLen - 1);
  const greedyIds: number[][] = [];
  for (let i = 0; i < srcs.length; i += 100) greedyIds.push(...greedyDecodeBatch(plain, srcs.slice(i, i + 100), task.maxTgtLen));
  const greedyOut = greedyIds.map((ids) => task.tgtVocab.decode(ids));
  const greedyOk = examples.map((e, i) => isCorrect(task, e, greedyOut[i]));
  const beamRuns = new Map<number, { out: string[]; scores: number[] }>();
  const stats: BeamWidthStats[] = [];
  for (const width of widths) {
    const out: string[] = [], scores: number[] = [];
    srcs.forEach((src) => {
      const r = beamSearch(modelNextToken(plain, src, { maxLen: limit }), { width, alpha, tree: false });
      out.push(task.tgtVocab.decode(r.tokens));
      scores.push(r.score);
    });
    beamRuns.set(width, { out, scores });
    const ok = examples.map((e, i) => isCorrect(task, e, out[i]));
    const fixedIdx = ok.flatMap((b, i) => (b && !greedyOk[i] ? [i] : []));
    const brokenIdx = ok.flatMap((b, i) => (!b && greedyOk[i] ? [i] : []));
    stats.push({
      width, exactMatch: ok.filter(Boolean).length / examples.length, fixed: fixedIdx.length, broken: brokenIdx.length,
      fixedInputs: fixedIdx.slice(0, maxListed).map((i) => examples[i].src),
      brokenInputs: brokenIdx.slice(0, maxListed).map((i) => examples[i].src),
    });
    opts.onWidth?.(width);
  }
  const ex = beamRuns.get(exampleWidth);
  const examplesOut: GreedyBeamExample[] = [];
  if (ex) {
    examples.forEach((e, i) => {
      if (examplesOut.length >= maxListed || greedyOk[i] || !isCorrect(task, e, ex.out[i])) return;
      // the greedy output's own log-probability: EOS included when it stopped before the limit
      const greedyFinished = greedyIds[i].length < limit;
      const g = greedyFinished ? [...greedyIds[i], plain.config.eos] : greedyIds[i];
      examplesOut.push({
        input: e.src, reference: e.tgt, greedy: greedyOut[i], greedyScore: scoreSequence(plain, srcs[i], g), greedyFinished,
        beam: ex.out[i], beamScore: ex.scores[i], width: exampleWidth,
      });
    });
  }
  const greedyRight = greedyOk.filter(Boolean).length;
  return {
    n: examples.length, alpha,
    greedy: { exactMatch: greedyRight / examples.length, errors: examples.length - greedyRight },
    beam: stats, exampleWidth, examples: examplesOut,
  };
}
