/**
 * The worker thread of `npm run bench`: the only place @tensorflow/tfjs-core is loaded,
 * so that tfjs lives in a heap of its own and never slows our core's garbage collection
 * in the main thread (see bench.ts). Started by bench_client.ts, one worker per tfjs
 * backend (the first request, `init`, names it).
 *
 * It answers requests one at a time: set up a case (a matmul, a forward pass, a training
 * step) from the data the main thread sends and return tfjs's result for the agreement
 * checks; warm a case up; time one sample of it; dispose of it. Timing uses the very
 * same code as the main thread (bench_timing.ts).
 */
import { parentPort } from 'node:worker_threads';
import { Tensor } from '../core';
import type { Params } from '../model';
import {
  disposeTfModel, disposeTfTrainer, initTf, tfForwardData, tfLossAndGrads, tfModelFrom, tfTrainStep, tfTrainerFrom, tfVersion, type TfBackend,
} from './bench_tfjs';
import { consume, timeSample, warmUp } from './bench_timing';
import type { Reply, Request, Response, WeightList } from './bench_client';

interface Case {
  /** the call being timed */
  fn: () => void;
  dispose: () => void;
  /** what the last timed call returned (the training step's loss), and how many calls there were */
  last?: () => { value: number; calls: number };
}

const cases = new Map<number, Case>();
let nextId = 1;

function toParams(weights: WeightList): Params {
  return new Map(weights.map(([name, shape, data]) => [name, new Tensor(shape, data)]));
}

function addCase(c: Case): number {
  const id = nextId++;
  cases.set(id, c);
  return id;
}

function getCase(id: number): Case {
  const c = cases.get(id);
  if (!c) throw new Error(`bench worker: no case ${id}`);
  return c;
}

let ready: { backend: TfBackend; tf: ReturnType<typeof initTf> } | null = null; // once per worker

async function handle(req: Request): Promise<Reply> {
  if (req.op === 'init') {
    if (ready && ready.backend !== req.backend) throw new Error(`bench worker: already running the tfjs ${ready.backend} backend`);
    ready ??= { backend: req.backend, tf: initTf(req.backend) };
    const tf = await ready.tf;
    return { version: tfVersion(), backend: tf.getBackend(), numTensors: tf.memory().numTensors };
  }
  if (!ready) throw new Error(`bench worker: '${req.op}' before 'init'`);
  const tf = await ready.tf;
  switch (req.op) {
    case 'memory':
      return { numTensors: tf.memory().numTensors };
    case 'matmul': {
      const ta = tf.tensor(req.a.data, req.a.shape, 'float32'), tb = tf.tensor(req.b.data, req.b.shape, 'float32');
      const data = tf.tidy(() => tf.matMul(ta, tb).dataSync()) as Float32Array;
      const id = addCase({
        fn: () => {
          tf.tidy(() => {
            consume(tf.matMul(ta, tb).dataSync()[0]);
          });
        },
        dispose: () => {
          ta.dispose();
          tb.dispose();
        },
      });
      return { id, data };
    }
    case 'forward': {
      const tm = tfModelFrom(req.config, toParams(req.weights)); // weights converted once, outside timing
      const data = tfForwardData(tm, req.src, req.tgtIn);
      const id = addCase({ fn: () => consume(tfForwardData(tm, req.src, req.tgtIn)[0]), dispose: () => disposeTfModel(tm) });
      return { id, data };
    }
    case 'train': {
      const tr = tfTrainerFrom(req.config, toParams(req.weights), req.adam);
      // the agreement check: loss and gradients from the weights as sent, before any update
      const { loss, grads } = tfLossAndGrads(tr, req.batch);
      let value = NaN, calls = 0;
      const id = addCase({
        fn: () => {
          value = tfTrainStep(tr, req.batch);
          calls++;
          consume(value);
        },
        dispose: () => disposeTfTrainer(tr),
        last: () => ({ value, calls }),
      });
      return { id, loss, grads: [...grads].map(([name, g]) => [name, tr.vars.get(name)!.shape.slice(), g]) };
    }
    case 'prepare':
      return { ms: warmUp(getCase(req.id).fn, req.o) };
    case 'sample':
      return { ms: timeSample(getCase(req.id).fn, req.inner) };
    case 'last':
      return getCase(req.id).last?.() ?? { value: NaN, calls: 0 };
    case 'dispose':
      getCase(req.id).dispose();
      cases.delete(req.id);
      return { numTensors: tf.memory().numTensors };
  }
}

const port = parentPort;
if (!port) throw new Error('bench_worker.ts runs only as a worker thread (started by bench_client.ts)');
port.on('message', (msg: { seq: number; req: Request }) => {
  handle(msg.req).then(
    (value) => port.postMessage({ seq: msg.seq, ok: true, value } satisfies Response),
    (err: unknown) => port.postMessage({ seq: msg.seq, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies Response),
  );
});
