/**
 * Query and key vectors taken from a shipped model's trace, for the scoring lab:
 * one encoder pass records `enc.L.self_attn.q` and `.k` [1, H, S, Dh]; this
 * takes one head's query at one position and the keys of every position.
 * A pure function of the bundle and the source: bad input is reported as data.
 */
import type { ModelBundle } from '../io/bundle';
import { encode } from '../model';
import { Vocab } from '../tasks';

export interface TracedVectors {
  /** the query vector of position `query` */
  q: number[];
  /** the key vector of every source position */
  keys: number[][];
  /** the source tokens, <eos> included */
  tokens: string[];
  /** the model's own attention weights of that query (softmax of the scaled dot scores) */
  weights: number[];
  layers: number;
  heads: number;
  dh: number;
}

export type TraceOutcome = { ok: true; v: TracedVectors } | { ok: false; kind: 'empty' | 'unknown' | 'tooLong'; chars?: string[]; max?: number };

/** Runs the encoder on `source` and takes layer `layer`, head `head`, query position `query` (clamped into range). */
export function traceVectors(bundle: ModelBundle, source: string, layer: number, head: number, query: number): TraceOutcome {
  const { meta, model } = bundle;
  const vocab = new Vocab(meta.srcVocab.slice(3));
  const max = model.config.maxLen - (meta.srcEos ? 1 : 0);
  if (source.length === 0) return { ok: false, kind: 'empty' };
  const unknown = [...new Set([...source].filter((ch) => !vocab.has(ch)))];
  if (unknown.length > 0) return { ok: false, kind: 'unknown', chars: unknown };
  if ([...source].length > max) return { ok: false, kind: 'tooLong', max };
  const ids = vocab.encode(source, { eos: meta.srcEos });
  const enc = encode(model, [ids]);
  const L = model.config.numEncoderLayers, H = model.config.nHead;
  const l = Math.min(Math.max(0, layer), L - 1), h = Math.min(Math.max(0, head), H - 1);
  const q4 = enc.trace!.get(`enc.${l}.self_attn.q`); // [1,H,S,Dh]
  const k4 = enc.trace!.get(`enc.${l}.self_attn.k`); // [1,H,S,Dh]
  const w4 = enc.trace!.get(`enc.${l}.self_attn.weights`); // [1,H,S,S]
  const S = q4.shape[2], Dh = q4.shape[3];
  const i = Math.min(Math.max(0, query), S - 1);
  const base = h * S * Dh;
  const q = Array.from(q4.data.subarray(base + i * Dh, base + (i + 1) * Dh));
  const keys = Array.from({ length: S }, (_, j) => Array.from(k4.data.subarray(base + j * Dh, base + (j + 1) * Dh)));
  const wBase = h * S * S + i * S;
  const weights = Array.from(w4.data.subarray(wBase, wBase + S));
  return { ok: true, v: { q, keys, tokens: ids.map((id) => vocab.token(id)), weights, layers: L, heads: H, dh: Dh } };
}
