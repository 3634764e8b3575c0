/**
 * Query and key vectors taken from a shipped model's trace: the model bundle is
 * fetched lazily from `models/<task>.json` and `.safetensors` (relative URLs, so
 * the build works from a sub-path), then one encoder pass records
 * `enc.L.self_attn.q` and `.k` [1, H, S, Dh]. A missing model is a normal
 * outcome (the models may not be shipped yet), reported, never thrown at the page.
 */
import { readBundle, type ModelBundle } from '../../io/bundle';
import { encode } from '../../model';
import { TASK_NAMES, Vocab, type TaskName } from '../../tasks';

export { TASK_NAMES, type TaskName };

export type LoadOutcome = { ok: true; bundle: ModelBundle } | { ok: false; kind: 'missing' | 'invalid'; detail: string };

type Fetcher = (url: string) => Promise<{ ok: boolean; status: number; text: () => Promise<string>; arrayBuffer: () => Promise<ArrayBuffer> }>;

const cache = new Map<string, Promise<LoadOutcome>>();

async function fetchOnce(task: TaskName, fetcher: Fetcher): Promise<LoadOutcome> {
  const jsonUrl = `models/${task}.json`;
  let jsonText: string;
  try {
    const res = await fetcher(jsonUrl);
    if (!res.ok) return { ok: false, kind: 'missing', detail: `${jsonUrl}: HTTP ${res.status}` };
    jsonText = await res.text();
  } catch (e) {
    return { ok: false, kind: 'missing', detail: `${jsonUrl}: ${(e as Error).message}` };
  }
  // a server that answers every path with the page itself has no model either
  if (!jsonText.trimStart().startsWith('{')) return { ok: false, kind: 'missing', detail: `${jsonUrl}: not a model file` };
  const stUrl = `models/${task}.safetensors`;
  let bytes: Uint8Array;
  try {
    const res = await fetcher(stUrl);
    if (!res.ok) return { ok: false, kind: 'missing', detail: `${stUrl}: HTTP ${res.status}` };
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    return { ok: false, kind: 'missing', detail: `${stUrl}: ${(e as Error).message}` };
  }
  try {
    return { ok: true, bundle: readBundle(jsonText, bytes) };
  } catch (e) {
    return { ok: false, kind: 'invalid', detail: (e as Error).message };
  }
}

/** The bundle of a task, fetched once per page (a failure is not cached, so a later try can succeed). */
export function loadModel(task: TaskName, fetcher: Fetcher = (u) => fetch(u)): Promise<LoadOutcome> {
  const hit = cache.get(task);
  if (hit) return hit;
  const p = fetchOnce(task, fetcher).then((r) => {
    if (!r.ok) cache.delete(task);
    return r;
  });
  cache.set(task, p);
  return p;
}

/** Forgets fetched bundles (tests). */
export function clearModelCache(): void {
  cache.clear();
}

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
