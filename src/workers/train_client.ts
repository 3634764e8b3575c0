/**
 * The page's side of the training worker: starts it (Vite bundles the worker from this
 * `new Worker(new URL(…), { type: 'module' })`) and gives typed `send` and `subscribe`.
 */
import type { TrainEvent, TrainRequest } from './train_protocol';

export interface TrainWorker {
  send(request: TrainRequest): void;
  /**
   * calls `listener` with every event (a worker that fails to load or throws outside the
   * protocol comes as an `error` event of request `unknown`); returns the function that
   * unsubscribes it
   */
  subscribe(listener: (event: TrainEvent) => void): () => void;
  /** stops the worker for good (training state is lost) */
  terminate(): void;
}

/** Wraps anything that posts and receives messages like a Worker. */
export function wrapTrainWorker(worker: Pick<Worker, 'postMessage' | 'addEventListener' | 'removeEventListener' | 'terminate'>): TrainWorker {
  return {
    send: (request) => worker.postMessage(request),
    subscribe(listener) {
      const onMessage = (e: MessageEvent) => listener(e.data as TrainEvent);
      const onError = (e: ErrorEvent) => listener({ type: 'error', request: 'unknown', message: `the training worker failed: ${e.message || 'it could not be loaded'}` });
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      return () => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
      };
    },
    terminate: () => worker.terminate(),
  };
}

/** Starts a training worker. */
export function startTrainWorker(): TrainWorker {
  return wrapTrainWorker(new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'seq2seq-train' }));
}
