/**
 * Loads a task's shipped model lazily, once: `models/<task>.json` and
 * `models/<task>.safetensors`, fetched by URLs relative to the page so that the
 * built site works from any sub-path. The fetch function is a parameter so that
 * tests can serve the files from disk.
 */
import { readBundle, type ModelBundle } from '../io/bundle';

export type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string>; arrayBuffer(): Promise<ArrayBuffer> }>;

/** The relative URLs of a task's model files. */
export function modelUrls(task: string, base = 'models/'): { json: string; safetensors: string } {
  return { json: `${base}${task}.json`, safetensors: `${base}${task}.safetensors` };
}

export class ModelLoader {
  private readonly cache = new Map<string, Promise<ModelBundle>>();

  constructor(
    private readonly fetchFn: FetchLike,
    private readonly base = 'models/',
  ) {}

  /** The bundle of a task; fetched on first use, then shared. A failed load is forgotten, so it can be retried. */
  load(task: string): Promise<ModelBundle> {
    let p = this.cache.get(task);
    if (!p) {
      p = this.fetchBundle(task);
      this.cache.set(task, p);
      p.catch(() => this.cache.delete(task));
    }
    return p;
  }

  private async fetchBundle(task: string): Promise<ModelBundle> {
    const urls = modelUrls(task, this.base);
    const [j, s] = await Promise.all([this.fetchFn(urls.json), this.fetchFn(urls.safetensors)]);
    if (!j.ok) throw new Error(`${urls.json}: HTTP ${j.status}`);
    if (!s.ok) throw new Error(`${urls.safetensors}: HTTP ${s.status}`);
    const [text, bytes] = await Promise.all([j.text(), s.arrayBuffer()]);
    const bundle = readBundle(text, new Uint8Array(bytes));
    if (bundle.meta.task !== task) throw new Error(`${urls.json} holds the model of “${bundle.meta.task}”, not “${task}”`);
    return bundle;
  }
}
