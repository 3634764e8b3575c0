/** Small random-weight model bundles for a task, made in memory (no shipped model needed). */
import { createModel, type ModelConfig } from '../../src/model';
import { BUNDLE_FORMAT, readBundle, writeBundle, type ModelBundle } from '../../src/io/bundle';
import { getTask } from '../../src/tasks';
import { ModelLoader, type FetchLike } from '../../src/tour';

export function smallBundle(taskName: string, seed = 1, over: Partial<ModelConfig> = {}): ModelBundle {
  const task = getTask(taskName);
  const config: ModelConfig = {
    srcVocab: task.srcVocab.size, tgtVocab: task.tgtVocab.size, dModel: 16, nHead: 2,
    numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 32, normFirst: false, activation: 'relu',
    eps: 1e-5, pad: 0, bos: 1, eos: 2, maxLen: Math.max(task.maxSrcLen + 1, task.maxTgtLen + 1), ...over,
  };
  const model = createModel(config, seed);
  return {
    meta: {
      format: BUNDLE_FORMAT, task: task.name, config, srcVocab: [...task.srcVocab.tokens], tgtVocab: [...task.tgtVocab.tokens],
      srcEos: true, seed, steps: 0, training: {}, metrics: { valid: { exactMatch: 0, bleu: 0, n: 0 }, test: { exactMatch: 0, bleu: 0, n: 0 } },
      parameters: 0,
    },
    model,
  };
}

/** A fetch that serves `models/<task>.json|.safetensors` from bundles in memory; counts requests. */
export function fakeFetch(bundles: ModelBundle[]): FetchLike & { requests: string[] } {
  const files = new Map<string, string | Uint8Array>();
  for (const b of bundles) {
    const f = writeBundle(b);
    files.set(`models/${b.meta.task}.json`, f.json);
    files.set(`models/${b.meta.task}.safetensors`, f.safetensors);
  }
  const requests: string[] = [];
  const fn = (async (url: string) => {
    requests.push(url);
    const body = files.get(url);
    return {
      ok: body !== undefined,
      status: body === undefined ? 404 : 200,
      text: async () => (typeof body === 'string' ? body : ''),
      arrayBuffer: async () => {
        const bytes = body instanceof Uint8Array ? body : new Uint8Array(0);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      },
    };
  }) as FetchLike & { requests: string[] };
  fn.requests = requests;
  return fn;
}

export function fakeLoader(bundles: ModelBundle[]): ModelLoader {
  return new ModelLoader(fakeFetch(bundles));
}

/** The bundle after a round trip through its files (as the page gets it). */
export function roundTrip(b: ModelBundle): ModelBundle {
  const f = writeBundle(b);
  return readBundle(f.json, f.safetensors);
}
