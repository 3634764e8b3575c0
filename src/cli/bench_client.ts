/**
 * The main thread's side of the tfjs worker of `npm run bench` (bench_worker.ts): starts
 * it, sends it requests one at a time and shuts it down. Imports no tfjs (type-only
 * imports are erased), so the main thread's heap never holds tfjs.
 */
import { Worker } from 'node:worker_threads';
import type { ModelConfig } from '../model';
import type { AdamSettings, TfBackend, TrainBatch } from './bench_tfjs';
import type { BenchOptions, Sampler } from './bench_timing';

/** A tensor on the wire: shape and row-major data. */
export interface TensorMsg {
  shape: number[];
  data: Float32Array;
}

/** Parameters on the wire: [state_dict name, shape, data]. */
export type WeightList = [name: string, shape: number[], data: Float32Array][];

export type Request =
  | { op: 'init'; backend: TfBackend }
  | { op: 'memory' }
  | { op: 'matmul'; a: TensorMsg; b: TensorMsg }
  | { op: 'forward'; config: ModelConfig; weights: WeightList; src: number[][]; tgtIn: number[][] }
  | { op: 'train'; config: ModelConfig; weights: WeightList; batch: TrainBatch; adam: AdamSettings }
  | { op: 'prepare'; id: number; o: BenchOptions }
  | { op: 'sample'; id: number; inner: number }
  | { op: 'last'; id: number }
  | { op: 'dispose'; id: number };

/** What each request is answered with. */
export interface Replies {
  init: { version: string; backend: string; numTensors: number };
  memory: { numTensors: number };
  /** a case set up: its id, and tfjs's result for the agreement check */
  matmul: { id: number; data: Float32Array };
  forward: { id: number; data: Float32Array };
  /** loss and gradients from the weights as sent (before any update) */
  train: { id: number; loss: number; grads: WeightList };
  /** ms per call: the warm-up's estimate, or one sample */
  prepare: { ms: number };
  sample: { ms: number };
  /** the training case: the loss of the last step timed, and how many steps it took */
  last: { value: number; calls: number };
  dispose: { numTensors: number };
}
export type Reply = Replies[keyof Replies];

export type Response = { seq: number; ok: true; value: Reply } | { seq: number; ok: false; error: string };

/** The module the worker runs. */
export const WORKER_URL = new URL('./bench_worker.ts', import.meta.url);

/**
 * The worker's bootstrap. Under Node 20, `--import tsx` in a worker's execArgv does not
 * load .ts files (tsx registers its hooks only on the main thread), and under vitest the
 * main thread has no tsx at all; so the worker registers tsx itself, then imports the
 * .ts entry. Both are resolved here, from this file, to absolute URLs.
 */
function bootstrap(): string {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
}

export class TfjsWorker {
  /** @tensorflow/tfjs-core's version, as the worker loaded it */
  version = '';
  /** the tfjs backend this worker runs */
  backend: TfBackend = 'cpu';
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private dead: Error | null = null;

  private constructor(private readonly worker: Worker) {
    const fail = (e: Error) => {
      this.dead ??= e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('message', (r: Response) => {
      const p = this.pending.get(r.seq);
      if (!p) return;
      this.pending.delete(r.seq);
      if (r.ok) p.resolve(r.value);
      else p.reject(new Error(`bench worker: ${r.error}`));
    });
    worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    worker.on('messageerror', (e) => fail(e instanceof Error ? e : new Error(String(e))));
    worker.on('exit', (code) => fail(new Error(`bench worker: exited (code ${code})`)));
  }

  /** Starts the worker and waits until tfjs is loaded on the given backend (default the CPU's). */
  static async start(backend: TfBackend = 'cpu'): Promise<TfjsWorker> {
    const w = new TfjsWorker(new Worker(bootstrap(), { eval: true }));
    w.backend = backend;
    try {
      w.version = (await w.request({ op: 'init', backend })).version;
    } catch (e) {
      await w.close();
      throw e;
    }
    return w;
  }

  request<R extends Request>(req: R): Promise<Replies[R['op']]> {
    if (this.dead) return Promise.reject(this.dead);
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (r: Reply) => void, reject });
      this.worker.postMessage({ seq, req });
    });
  }

  /** A case set up in the worker, as a Sampler: the worker times itself; the round trip is outside the timed region. */
  sampler(id: number): Sampler {
    return {
      prepare: async (o) => (await this.request({ op: 'prepare', id, o })).ms,
      sample: async (inner) => (await this.request({ op: 'sample', id, inner })).ms,
    };
  }

  async dispose(id: number): Promise<number> {
    return (await this.request({ op: 'dispose', id })).numTensors;
  }

  /** Whether the worker is still running. */
  get running(): boolean {
    return this.dead === null;
  }

  /** Stops the worker (so the process can exit). Safe to call twice. */
  async close(): Promise<void> {
    if (this.dead) return;
    this.dead = new Error('bench worker: closed');
    await this.worker.terminate();
  }
}

/** Runs `fn` with the given worker, or with one of its own that it stops afterwards. */
export async function withWorker<T>(worker: TfjsWorker | undefined, fn: (w: TfjsWorker) => Promise<T>): Promise<T> {
  if (worker) return fn(worker);
  const w = await TfjsWorker.start();
  try {
    return await fn(w);
  } finally {
    await w.close();
  }
}
