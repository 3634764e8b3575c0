/**
 * Attention scoring functions as data: the four scores of the lectures
 * (dot, scaled dot, general/bilinear, additive/Bahdanau) for one query against
 * a few keys, computed by the model's `attentionScores` and the core's
 * `softmax`; and the "why divide by √d" measurement over random vectors.
 */
import { Rng, Tensor, softmax, tensor } from '../core';
import { attentionScores, type ScoreKind, type ScoreParams } from '../model';

export const SCORE_KINDS: readonly ScoreKind[] = ['dot', 'scaled_dot', 'general', 'additive'];

/** Size of the additive score's hidden layer. */
export const ADDITIVE_HIDDEN = 4;

function randomMatrix(rng: Rng, rows: number, cols: number, std: number): Tensor {
  const t = new Tensor([rows, cols]);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal() * std;
  return t;
}

/** Seeded parameters of the general (W [d, d]) and additive (Wq, Wk [da, d], va [da]) scores. */
export function scoringParams(d: number, seed: number, da = ADDITIVE_HIDDEN): Required<ScoreParams> {
  const rng = new Rng(seed);
  const std = 1 / Math.sqrt(d);
  return {
    W: randomMatrix(rng, d, d, std),
    Wq: randomMatrix(rng, da, d, std),
    Wk: randomMatrix(rng, da, d, std),
    va: tensor([da], Array.from(randomMatrix(rng, 1, da, 1).data)),
  };
}

export interface ScoreRow {
  kind: ScoreKind;
  /** one score per key */
  scores: number[];
  /** softmax of the scores: one weight per key, summing to 1 */
  weights: number[];
}

/** Scores and softmax weights of query `q` [d] against `keys` [n][d] for every scoring function. */
export function scoreAll(q: number[], keys: number[][], params: ScoreParams): ScoreRow[] {
  const d = q.length;
  const qt = tensor([1, d], q); // [1,d]
  const kt = tensor([keys.length, d], keys.flat()); // [n,d]
  return SCORE_KINDS.map((kind) => {
    const s = attentionScores(kind, qt, kt, params); // [1,n]
    const w = softmax(s); // [1,n]
    return { kind, scores: Array.from(s.data), weights: Array.from(w.data) };
  });
}

export interface SpreadEntropy {
  d: number;
  /** standard deviation of q·k over every draw, and of q·k/√d */
  spread: number;
  spreadScaled: number;
  /** mean entropy (nats) of the softmax over the keys, without and with scaling */
  entropy: number;
  entropyScaled: number;
  /** the largest possible entropy, ln(keys): a uniform softmax */
  maxEntropy: number;
  /** the largest softmax weight, averaged over draws, without and with scaling */
  topWeight: number;
  topWeightScaled: number;
}

export interface DrawOptions {
  /** query–key sets drawn */
  draws?: number;
  /** keys per query */
  keys?: number;
  seed?: number;
}

/** Standard deviation of a list of numbers (population form). */
export function stdOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  const m = s / values.length;
  let v = 0;
  for (let i = 0; i < values.length; i++) v += (values[i] - m) ** 2;
  return Math.sqrt(v / values.length);
}

/** Mean over rows of −Σ p ln p, and of the row maximum, for softmax weights [rows, n]. */
export function rowEntropy(weights: Tensor): { entropy: number; top: number } {
  const n = weights.shape[weights.rank - 1];
  const rows = weights.size / n;
  let h = 0, top = 0;
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let j = 0; j < n; j++) {
      const p = weights.data[r * n + j];
      if (p > 0) h -= p * Math.log(p);
      if (p > max) max = p;
    }
    top += max;
  }
  return { entropy: h / rows, top: top / rows };
}

/**
 * Draws `draws` queries, each with its own `keys` random keys, entries standard normal,
 * and measures the scores by the model's dot and scaled-dot scoring and the core's softmax.
 */
export function measureSpread(d: number, opts: DrawOptions = {}): SpreadEntropy {
  const draws = opts.draws ?? 400, n = opts.keys ?? 10;
  const rng = new Rng((opts.seed ?? 11) * 1_000_003 + d);
  const batch = 20;
  const dots: number[] = [], scaled: number[] = [];
  let h = 0, hs = 0, top = 0, tops = 0, rowsSeen = 0;
  for (let done = 0; done < draws; done += batch) {
    const m = Math.min(batch, draws - done);
    // m queries share one set of n keys per batch; a new set every batch
    const q = randomMatrix(rng, m, d, 1); // [m,d]
    const k = randomMatrix(rng, n, d, 1); // [n,d]
    const s = attentionScores('dot', q, k); // [m,n]
    const ss = attentionScores('scaled_dot', q, k); // [m,n]
    for (let i = 0; i < s.size; i++) {
      dots.push(s.data[i]);
      scaled.push(ss.data[i]);
    }
    const e = rowEntropy(softmax(s));
    const es = rowEntropy(softmax(ss));
    h += e.entropy * m;
    hs += es.entropy * m;
    top += e.top * m;
    tops += es.top * m;
    rowsSeen += m;
  }
  return {
    d,
    spread: stdOf(dots),
    spreadScaled: stdOf(scaled),
    entropy: h / rowsSeen,
    entropyScaled: hs / rowsSeen,
    maxEntropy: Math.log(n),
    topWeight: top / rowsSeen,
    topWeightScaled: tops / rowsSeen,
  };
}

/** The dimensions of the curves: powers of two from 2 to 512. */
export const CURVE_DIMS = [2, 4, 8, 16, 32, 64, 128, 256, 512];
