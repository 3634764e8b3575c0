/**
 * Metrics of predicted strings against reference strings: exact match and
 * character-level corpus BLEU. Characters are code points, so 零 or an emoji
 * is one token.
 */

function checkPair(fn: string, preds: readonly string[], refs: readonly string[]): void {
  if (preds.length !== refs.length) {
    throw new Error(`${fn}: ${preds.length} predictions but ${refs.length} references`);
  }
}

/** The share (0–1) of predictions equal to their reference; 0 for an empty corpus. */
export function exactMatch(preds: readonly string[], refs: readonly string[]): number {
  checkPair('exactMatch', preds, refs);
  if (preds.length === 0) return 0;
  let hits = 0;
  for (let i = 0; i < preds.length; i++) if (preds[i] === refs[i]) hits++;
  return hits / preds.length;
}

export interface BleuStats {
  /** the BLEU score, 0–1 (sacrebleu reports 100 × this) */
  score: number;
  /** modified n-gram precision for n = 1..maxN (0 where nothing was predicted) */
  precisions: number[];
  /** clipped n-gram matches summed over the corpus, n = 1..maxN */
  matches: number[];
  /** predicted n-grams summed over the corpus, n = 1..maxN */
  totals: number[];
  /** brevity penalty: 1 when c ≥ r, else exp(1 − r/c) */
  brevityPenalty: number;
  /** c: predicted characters in the corpus */
  predLength: number;
  /** r: reference characters in the corpus */
  refLength: number;
}

function ngramCounts(chars: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const key = chars.slice(i, i + n).join('');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Character-level corpus BLEU (Papineni et al. 2002; sacrebleu's corpus_bleu with
 * smooth_method='none', one reference per prediction) with all its parts.
 *
 * - For each n = 1..maxN, the matches of each prediction are its n-gram counts
 *   clipped by the reference's counts; matches and predicted n-gram totals are summed
 *   over the whole corpus before dividing (corpus-level, not an average of sentences).
 * - score = BP · exp(mean over n of log pₙ), BP = exp(1 − r/c) when c < r, else 1.
 * - No smoothing: when some pₙ is 0 — no clipped match, or no predicted n-gram at all
 *   (every prediction shorter than n) — the score is 0, as is an empty prediction corpus.
 */
export function bleuStats(preds: readonly string[], refs: readonly string[], maxN = 4): BleuStats {
  checkPair('bleu', preds, refs);
  if (!Number.isInteger(maxN) || maxN < 1) throw new Error(`bleu: maxN must be a whole number ≥ 1, got ${maxN}`);
  const matches = new Array<number>(maxN).fill(0);
  const totals = new Array<number>(maxN).fill(0);
  let predLength = 0, refLength = 0;
  for (let i = 0; i < preds.length; i++) {
    const p = Array.from(preds[i]), r = Array.from(refs[i]);
    predLength += p.length;
    refLength += r.length;
    for (let n = 1; n <= maxN; n++) {
      const pc = ngramCounts(p, n), rc = ngramCounts(r, n);
      for (const [g, k] of pc) {
        matches[n - 1] += Math.min(k, rc.get(g) ?? 0);
        totals[n - 1] += k;
      }
    }
  }
  const precisions = matches.map((m, i) => (totals[i] > 0 ? m / totals[i] : 0));
  const brevityPenalty = predLength === 0 ? 0 : predLength < refLength ? Math.exp(1 - refLength / predLength) : 1;
  let score = 0;
  if (predLength > 0 && precisions.every((p) => p > 0)) {
    const logMean = precisions.reduce((s, p) => s + Math.log(p), 0) / maxN;
    score = brevityPenalty * Math.exp(logMean);
  }
  return { score, precisions, matches, totals, brevityPenalty, predLength, refLength };
}

/** Character-level corpus BLEU, 0–1; see `bleuStats` (a zero n-gram precision gives 0). */
export function bleu(preds: readonly string[], refs: readonly string[], maxN = 4): number {
  return bleuStats(preds, refs, maxN).score;
}
