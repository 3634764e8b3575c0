/**
 * The beam-search budget of DESIGN.md for `npm run bench`: beam search of width 4 over 24
 * tokens on a model of the shipped size (the zh-numerals architecture: d_model 64, 4 heads,
 * 2+2 layers, feed-forward 128), a 16-token source, under 50 ms. The model's weights are
 * seeded; its EOS logit is pushed far down so that every hypothesis runs the full 24 steps
 * (the width is kept full at every step: 4 hypotheses × the vocabulary, every step).
 * Search runs on the key/value cache (incremental.ts), as the page and the CLI run it.
 * Self-contained: bench.ts calls `measureBeam` and prints/serialises its row.
 */
import { Rng } from '../core';
import { DEFAULT_CONFIG, createModel, type ModelConfig, type Seq2SeqModel } from '../model';
import { beamSearch, type BeamResult } from '../decode/beam';
import { modelNextToken } from '../decode/next';
import { DEFAULT_OPTIONS, consume, round, timeMedian, type BenchOptions } from './bench_timing';

export const BEAM_BENCH = { width: 4, tokens: 24, srcLen: 16 } as const;
export const BEAM_TARGET_MS = 50;

/** The shipped models' largest architecture (zh-numerals). */
export const BEAM_BENCH_CONFIG: ModelConfig = {
  ...DEFAULT_CONFIG, dModel: 64, nHead: 4, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 128,
};

export interface BeamRow {
  width: number;
  tokens: number;
  ms: number;
}

/** The benchmark's model (EOS made unreachable) and source. */
export function beamBenchCase(seed: number): { model: Seq2SeqModel; src: number[] } {
  const c = BEAM_BENCH_CONFIG;
  const model = createModel(c, seed);
  model.params.get('generator.bias')!.data[c.eos] = -1e4;
  const rng = new Rng(seed + 4);
  const first = Math.max(c.pad, c.bos, c.eos) + 1;
  const src = Array.from({ length: BEAM_BENCH.srcLen }, () => rng.int(first, c.srcVocab - 1));
  return { model, src };
}

/** One timed call: encode the source, then beam search of width 4 for exactly 24 tokens. */
export function runBeamCase(model: Seq2SeqModel, src: readonly number[], tree = true): BeamResult {
  const r = beamSearch(modelNextToken(model, src, { maxLen: BEAM_BENCH.tokens }), { width: BEAM_BENCH.width, tree });
  if (r.steps !== BEAM_BENCH.tokens || r.tokens.length !== BEAM_BENCH.tokens) {
    throw new Error(`bench: the beam search ran ${r.steps} steps to ${r.tokens.length} tokens, not ${BEAM_BENCH.tokens}`);
  }
  return r;
}

/** Median ms of the beam case (the BeamTree recorded, as the page records it). */
export async function measureBeam(opts: Partial<BenchOptions> = {}): Promise<BeamRow> {
  const o = { ...DEFAULT_OPTIONS, ...opts };
  const { model, src } = beamBenchCase(o.seed);
  const ms = await timeMedian(() => consume(runBeamCase(model, src).score), o);
  return { width: BEAM_BENCH.width, tokens: BEAM_BENCH.tokens, ms: round(ms) };
}
