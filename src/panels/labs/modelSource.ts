/**
 * The scoring lab's model source: the bundle of a task is fetched lazily from
 * `models/<task>.json` and `.safetensors` (relative URLs, so the build works
 * from a sub-path). A missing model is a normal outcome (the models may not be
 * shipped yet), reported, never thrown at the page. The vectors themselves are
 * taken from the trace by src/labs/modelVectors.ts.
 */
import { readBundle, type ModelBundle } from '../../io/bundle';
import { TASK_NAMES, type TaskName } from '../../tasks';

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
