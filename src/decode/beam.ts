/**
 * Beam search (束搜索), the plain algorithm of the lectures, over any next-token
 * function (a real model or a toy table, next.ts):
 *
 *   - Start from the empty hypothesis (score 0). At every step, every live
 *     hypothesis is expanded by every token of the vocabulary that can be output:
 *     the tokens a model never outputs (BOS and PAD, `NextToken.never`) are not
 *     candidates, so no hypothesis ever holds one, whatever the width.
 *   - The `width` best candidates of the step are kept, ranked by score, or, with a
 *     length penalty α > 0, by score / ((5 + |Y|) / 6)^α (GNMT; |Y| = the
 *     candidate's tokens, EOS included). Ties go to the candidate whose parent ranks
 *     higher, then to the lower token id (as greedy's argmax). A candidate of
 *     probability 0 (log-prob −∞) is never kept.
 *   - A kept candidate that ends in EOS is finished and leaves the beam; the others
 *     stay live, so the beam may hold fewer than `width` hypotheses.
 *   - The search stops when no live hypothesis is left, at the maximum length, or,
 *     with α = 0, as soon as the best live score can no longer beat the best finished
 *     one (log-probs are ≤ 0, so a live score only falls: best live ≤ best finished).
 *   - Score = the sum of the natural-log probabilities of the tokens, EOS included.
 *     The result is the best finished hypothesis by the ranking (the earliest found
 *     among equals); when none finished, the best live one, marked unfinished.
 *
 * Every candidate of every step is recorded in a plain `BeamTree` (token, log-prob,
 * cumulative score, parent, rank, fate), so a page can draw the search.
 */
import type { NextToken } from './next';

/** The widths and length penalties the CLI and the page accept. */
export const BEAM_WIDTH_RANGE = { min: 1, max: 8 } as const;
export const LENGTH_PENALTY_RANGE = { min: 0, max: 2 } as const;

export type BeamFate = 'kept' | 'pruned' | 'finished';

export interface BeamNode {
  /** index in `BeamTree.nodes` */
  id: number;
  /** the step that created it = its length in tokens; the root is step 0 */
  step: number;
  /** the token it appends (−1 for the root) */
  token: number;
  /** log p(token | the parent's prefix), natural log */
  logProb: number;
  /** cumulative score: the sum of log-probs from the root, EOS included */
  score: number;
  /** what the step ranked by: score, or score / ((5 + step) / 6)^α */
  rankScore: number;
  /** the parent node's id (−1 for the root) */
  parent: number;
  /** 0-based rank among all candidates of its step (the root: 0) */
  rank: number;
  /** kept (live), pruned (not among the best `width`), finished (kept and ends in EOS); the root is 'kept' */
  fate: BeamFate;
}

export type BeamStop =
  /** every kept hypothesis ended in EOS */
  | 'no_live'
  /** the maximum length was reached */
  | 'max_len'
  /** α = 0 and the best live score could no longer beat the best finished one */
  | 'cannot_improve';

export interface BeamTree {
  width: number;
  alpha: number;
  eos: number;
  /** every hypothesis ever created, the root first, then step by step, candidates in rank order */
  nodes: BeamNode[];
  /** node ids of each step's candidates in rank order (steps[0] = [root]) */
  steps: number[][];
  /** finished node ids, in the order they finished */
  finished: number[];
  /** the returned hypothesis (a node id) */
  winner: number;
  stop: BeamStop;
}

export interface BeamHypothesis {
  /** tokens after BOS, EOS included when finished (forced prefix tokens included) */
  tokens: number[];
  score: number;
  rankScore: number;
  finished: boolean;
}

export interface BeamResult extends BeamHypothesis {
  stop: BeamStop;
  /** decoding steps run */
  steps: number;
  /** every finished hypothesis, best first by rank score */
  hypotheses: BeamHypothesis[];
  /** null when `tree: false` */
  tree: BeamTree | null;
}

export interface BeamOptions {
  /** beam width k, a whole number ≥ 1 (the CLI and the page take 1–8) */
  width: number;
  /** length penalty α ≥ 0 (default 0: rank by score) */
  alpha?: number;
  /** the longest output in tokens (EOS included); default and maximum: next.maxLen */
  maxLen?: number;
  /** tokens to start from (a forced prefix); their log-probs count in the score */
  prefix?: readonly number[];
  /** record the tree (default true) */
  tree?: boolean;
}

/** GNMT's length normaliser ((5 + len) / 6)^α; 1 when α = 0. */
export function lengthPenalty(length: number, alpha: number): number {
  return alpha === 0 ? 1 : Math.pow((5 + length) / 6, alpha);
}

export function checkBeamOptions(o: BeamOptions): void {
  if (!Number.isInteger(o.width) || o.width < 1) throw new Error(`beam search: width must be a whole number ≥ 1, got ${o.width}`);
  const a = o.alpha ?? 0;
  if (!Number.isFinite(a) || a < 0) throw new Error(`beam search: the length penalty α must be a number ≥ 0, got ${a}`);
  if (o.maxLen !== undefined && (!Number.isInteger(o.maxLen) || o.maxLen < 1)) {
    throw new Error(`beam search: maxLen must be a whole number ≥ 1, got ${o.maxLen}`);
  }
}

interface Live {
  node: number;
  tokens: number[];
  score: number;
}

export function beamSearch(next: NextToken, opts: BeamOptions): BeamResult {
  checkBeamOptions(opts);
  const width = opts.width, alpha = opts.alpha ?? 0, V = next.vocabSize, eos = next.eos;
  const maxLen = Math.min(opts.maxLen ?? next.maxLen, next.maxLen);
  const record = opts.tree !== false;
  const never = new Set(next.never ?? []);
  const nodes: BeamNode[] = [];
  const stepIds: number[][] = [];
  const finishedIds: number[] = [];
  const add = (n: Omit<BeamNode, 'id'>): number => {
    nodes.push({ id: nodes.length, ...n });
    return nodes.length - 1;
  };
  // the root, then the forced prefix as a chain of kept nodes (each scored by the model)
  let root: Live = { node: add({ step: 0, token: -1, logProb: 0, score: 0, rankScore: 0, parent: -1, rank: 0, fate: 'kept' }), tokens: [], score: 0 };
  stepIds.push([root.node]);
  const prefix = opts.prefix ?? [];
  for (const tok of prefix) {
    if (!Number.isInteger(tok) || tok < 0 || tok >= V) throw new Error(`beam search: prefix token ${tok} is outside the vocabulary of ${V}`);
    if (root.tokens.length >= maxLen) throw new Error(`beam search: the prefix is longer than the maximum length ${maxLen}`);
    if (root.tokens.length > 0 && root.tokens[root.tokens.length - 1] === eos) throw new Error('beam search: the prefix continues after EOS');
    const lp = next.logProbs([root.tokens])[0][tok];
    const score = root.score + lp, len = root.tokens.length + 1;
    const id = add({ step: len, token: tok, logProb: lp, score, rankScore: score / lengthPenalty(len, alpha), parent: root.node, rank: 0, fate: tok === eos ? 'finished' : 'kept' });
    stepIds.push([id]);
    root = { node: id, tokens: [...root.tokens, tok], score };
  }
  let live: Live[] = [root];
  const finished: Live[] = [];
  let stop: BeamStop = 'max_len';
  if (prefix.length > 0 && prefix[prefix.length - 1] === eos) {
    finished.push(root);
    finishedIds.push(root.node);
    live = [];
    stop = 'no_live';
  }
  let steps = 0;
  while (live.length > 0 && live[0].tokens.length < maxLen) {
    steps++;
    const rows = next.logProbs(live.map((h) => h.tokens));
    const len = live[0].tokens.length + 1;
    const lpNorm = lengthPenalty(len, alpha);
    // every live hypothesis × every token it can output; order: rank score desc, parent rank asc, token asc
    const cand: { parent: number; token: number; logProb: number; score: number; rankScore: number }[] = [];
    live.forEach((h, p) => {
      const row = rows[p];
      for (let t = 0; t < V; t++) {
        if (never.has(t)) continue;
        const score = h.score + row[t];
        cand.push({ parent: p, token: t, logProb: row[t], score, rankScore: score / lpNorm });
      }
    });
    cand.sort((a, b) => b.rankScore - a.rankScore || a.parent - b.parent || a.token - b.token);
    const nextLive: Live[] = [];
    const ids: number[] = [];
    cand.forEach((c, rank) => {
      const keep = rank < width && c.score > -Infinity;
      const fate: BeamFate = keep ? (c.token === eos ? 'finished' : 'kept') : 'pruned';
      const parent = live[c.parent];
      let id = -1;
      if (record) {
        id = add({ step: len, token: c.token, logProb: c.logProb, score: c.score, rankScore: c.rankScore, parent: parent.node, rank, fate });
        ids.push(id);
      }
      if (!keep) return;
      const h: Live = { node: id, tokens: [...parent.tokens, c.token], score: c.score };
      if (fate === 'finished') {
        finished.push(h);
        finishedIds.push(id);
      } else nextLive.push(h);
    });
    stepIds.push(ids);
    live = nextLive;
    if (live.length === 0) {
      stop = 'no_live';
      break;
    }
    if (live[0].tokens.length >= maxLen) {
      stop = 'max_len';
      break;
    }
    if (alpha === 0 && finished.length > 0) {
      const bestFinished = Math.max(...finished.map((h) => h.score));
      if (live[0].score <= bestFinished) {
        stop = 'cannot_improve';
        break;
      }
    }
  }
  const rankOf = (h: Live) => h.score / lengthPenalty(h.tokens.length, alpha);
  // the best finished by rank score (stable: the earliest finished among equals)
  const ranked = finished.map((h, i) => ({ h, i, r: rankOf(h) })).sort((a, b) => b.r - a.r || a.i - b.i);
  const best = ranked.length > 0 ? ranked[0].h : [...live].sort((a, b) => rankOf(b) - rankOf(a))[0] ?? root;
  const hyp = (h: Live, done: boolean): BeamHypothesis => ({ tokens: h.tokens, score: h.score, rankScore: rankOf(h), finished: done });
  const tree: BeamTree | null = record
    ? { width, alpha, eos, nodes, steps: stepIds, finished: finishedIds, winner: best.node, stop }
    : null;
  return { ...hyp(best, ranked.length > 0), stop, steps, hypotheses: ranked.map((r) => hyp(r.h, true)), tree };
}

/** The tokens from the root to a node of the tree (the root's own −1 left out). */
export function pathTo(tree: BeamTree, id: number): number[] {
  const out: number[] = [];
  for (let n = tree.nodes[id]; n && n.parent >= 0; n = tree.nodes[n.parent]) out.push(n.token);
  return out.reverse();
}
