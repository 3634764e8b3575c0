import { TrainSession } from '../../../src/panels/train/session';
import { labOptions } from '../../../src/labs/train';
import { loadModelFiles } from '../../../src/io/load';
import { TrainController } from '../../../src/workers/train_controller';
import { LAB_ARCHS } from '../../../src/workers/lab_archs';
import type { TrainWorker } from '../../../src/workers/train_client';
import type { TrainEvent } from '../../../src/workers/train_protocol';
import { FakeWorker, LabRun } from './helpers';

describe('the page’s training session', () => {
  it('builds the model once, then sends only the options that changed', () => {
    const w = new FakeWorker();
    const s = new TrainSession(() => w);
    const o = labOptions('reverse', { validSize: 20 });
    s.configure('transformer', o);
    s.configure('transformer', { ...o });
    expect(w.types()).toEqual(['init']);
    s.configure('transformer', { ...o, batchSize: 16, view: { ...o.view, selfSide: 'enc' } });
    expect(w.sent[1]).toEqual({ type: 'setOptions', options: { batchSize: 16, view: { crossLayer: 0, selfSide: 'enc', selfLayer: 0 } } });
    s.configure('rnn-attention', o);
    expect(w.sent[2]).toMatchObject({ type: 'init', arch: 'rnn-attention' });
  });

  it('gathers what the worker reports, and a fresh model starts a fresh history', () => {
    const w = new FakeWorker();
    const s = new TrainSession(() => w);
    const run = new LabRun();
    s.configure('transformer', run.options);
    w.emit(run.ready());
    w.emit(run.progress(2, true));
    w.emit(run.progress(3, true));
    let st = s.getState();
    expect(st.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(st.validations).toHaveLength(2);
    expect(st.snapshots).toHaveLength(2);
    expect(st.speed.map((p) => p.step)).toEqual([2, 5]);
    expect(st.anatomy).not.toBeNull();
    expect(st.step).toBe(5);
    w.emit({ ...run.ready(), cause: 'reset' } as TrainEvent);
    st = s.getState();
    expect(st).toMatchObject({ step: 0, points: [], validations: [], snapshots: [], speed: [], anatomy: null });
    expect(st.run?.parameters).toBeGreaterThan(0);
  });

  it('asks the worker for the model once per step, and says why when it cannot', async () => {
    const w = new FakeWorker();
    const s = new TrainSession(() => w);
    const run = new LabRun();
    s.configure('transformer', run.options);
    await expect(s.requestModel()).rejects.toThrow('there is no model yet');
    w.emit(run.ready());
    w.emit(run.progress(1));
    w.emit({ type: 'state', running: false, step: 1, reason: 'step' });
    const a = s.requestModel(), b = s.requestModel();
    expect(w.types().filter((t) => t === 'requestModel')).toHaveLength(1);
    expect(s.getState().fetchingModel).toBe(true);
    const m = run.model();
    w.emit(m);
    const [ma, mb] = await Promise.all([a, b]);
    expect(ma).toBe(mb);
    expect(s.getState().fetchingModel).toBe(false);
    // nothing trained since: the same files, no new request
    expect(await s.requestModel()).toBe(ma);
    expect(w.types().filter((t) => t === 'requestModel')).toHaveLength(1);
    w.emit(run.progress(1));
    const c = s.requestModel();
    w.emit({ type: 'error', request: 'requestModel', message: 'broken' });
    await expect(c).rejects.toThrow('broken');
    expect(s.getState().error).toEqual({ request: 'requestModel', message: 'broken' });
  });

  it('drives the real training controller: a step, a model that loads as a pair', async () => {
    // the controller in this thread, as the worker runs it: messages cloned, slices run on demand
    const queue: (() => void)[] = [];
    const listeners = new Set<(e: TrainEvent) => void>();
    let t = 0;
    const controller = new TrainController(
      { post: (e, transfer) => listeners.forEach((l) => l(structuredClone(e, { transfer }))), now: () => (t += 5), defer: (fn) => queue.push(fn) },
      { archs: LAB_ARCHS },
    );
    const worker: TrainWorker = {
      send: (r) => controller.handle(structuredClone(r)),
      subscribe: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      terminate: () => undefined,
    };
    const s = new TrainSession(() => worker);
    s.configure('transformer', labOptions('reverse', { validSize: 20, maxInputLen: 4 }));
    expect(s.getState().run?.task).toBe('reverse');
    expect(s.getState().validations).toHaveLength(1);
    s.step(3);
    expect(s.getState().step).toBe(3);
    expect(s.getState().points).toHaveLength(3);
    s.play();
    for (let i = 0; i < 3 && queue.length > 0; i++) queue.shift()!();
    s.pause();
    expect(s.getState().running).toBe(false);
    expect(s.getState().step).toBeGreaterThan(3);
    const m = await s.requestModel();
    const r = loadModelFiles(m.json, m.safetensors);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.task.maxSrcLen).toBe(4);
  });
});
