/**
 * A stand-in for the training worker (records what the page sends; the test makes it
 * answer), and real data to answer with: a small Transformer of the lab trained a few steps
 * in Node, its validations, attention snapshots, step anatomies and model files.
 */
import { TRANSFORMER_LAB, labOptions, labTask, labTrainOptions, fixedExample, type LabOptions } from '../../../src/labs/train';
import type { TrainWorker } from '../../../src/workers/train_client';
import type { StepPoint, TrainEvent, TrainRequest, ValidationPoint } from '../../../src/workers/train_protocol';
import type { Trainer } from '../../../src/train';

export class FakeWorker implements TrainWorker {
  sent: TrainRequest[] = [];
  terminated = false;
  private listeners = new Set<(e: TrainEvent) => void>();
  send(request: TrainRequest): void {
    this.sent.push(structuredClone(request));
  }
  subscribe(listener: (e: TrainEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(e: TrainEvent): void {
    for (const l of this.listeners) l(e);
  }
  types(): string[] {
    return this.sent.map((r) => r.type);
  }
  last<T extends TrainRequest['type']>(type: T): Extract<TrainRequest, { type: T }> | undefined {
    return [...this.sent].reverse().find((r): r is Extract<TrainRequest, { type: T }> => r.type === type);
  }
}

/** A run of the lab's reverse preset (small validation set), with what the worker would report. */
export class LabRun {
  readonly options: LabOptions;
  readonly trainer: Trainer;
  readonly task = labTask(labOptions('reverse'));
  readonly example;

  constructor(over: Partial<LabOptions> = {}) {
    this.options = labOptions('reverse', { validSize: 20, ...over });
    this.trainer = TRANSFORMER_LAB.create(this.task, labTrainOptions(this.options));
    this.example = fixedExample(this.task, this.trainer.valid, null);
  }

  ready(): TrainEvent {
    return {
      type: 'ready', arch: 'transformer', options: this.options, task: this.task.name,
      parameters: TRANSFORMER_LAB.parameters(this.trainer), example: this.example, cause: 'init',
    };
  }

  /** Trains `steps` steps and reports them as one progress message (with a validation and a snapshot). */
  progress(steps: number, running = false, elapsedMs = 1000): TrainEvent {
    const points: StepPoint[] = [];
    for (let i = 0; i < steps; i++) {
      const s = this.trainer.trainStep();
      points.push({ step: s.step, loss: s.loss, tokenAccuracy: s.tokenAccuracy, samplingProb: s.samplingProb, lr: s.lr });
    }
    const v = TRANSFORMER_LAB.validate!(this.trainer, this.task, this.trainer.valid);
    const validation: ValidationPoint = { step: this.trainer.step, elapsedMs, teacherForced: v.teacherForced, freeRunning: v.freeRunning };
    const o = this.options;
    return {
      type: 'progress', step: this.trainer.step, running, elapsedMs, stepsPerSecond: steps > 0 ? (steps * 1000) / elapsedMs : 0,
      points, validations: [validation],
      snapshots: [TRANSFORMER_LAB.snapshot!(this.trainer, this.task, this.example, o.view)],
      anatomy: {
        teacherForcing: TRANSFORMER_LAB.anatomy!(this.trainer, this.task, this.example, { labelSmoothing: o.labelSmoothing, sampling: null }),
        scheduledSampling: TRANSFORMER_LAB.anatomy!(this.trainer, this.task, this.example, { labelSmoothing: o.labelSmoothing, sampling: { probability: 1, seed: 1 } }),
      },
    };
  }

  model(): TrainEvent {
    const metrics = { valid: this.trainer.evaluate(this.trainer.valid), test: { exactMatch: 0, bleu: 0, n: 0 } };
    const files = TRANSFORMER_LAB.bundle(this.trainer, this.task, this.options, metrics);
    return { type: 'model', name: files.name, json: files.json, safetensors: files.safetensors.slice().buffer };
  }
}
