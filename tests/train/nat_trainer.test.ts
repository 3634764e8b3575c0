import { getTask } from '../../src/tasks';
import { DEFAULT_TRAIN, Trainer, type TrainOptions } from '../../src/train';
import { NatTrainer, evaluateNat, natLengths, type NatTrainOptions } from '../../src/train/nat_trainer';

const TINY: NatTrainOptions = {
  ...DEFAULT_TRAIN,
  steps: 30, batchSize: 16, warmup: 10, lrFactor: 0.5, validSize: 40, testSize: 40, lengthWeight: 0.5,
  arch: { dModel: 16, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 32, normFirst: false, activation: 'relu' },
};

describe('the NAT trainer', () => {
  it("has the Transformer trainer's surface and held-out sets", () => {
    const task = getTask('reverse');
    const nat = new NatTrainer(task, TINY);
    const at = new Trainer(task, TINY as TrainOptions);
    expect(nat.valid).toEqual(at.valid);
    expect(nat.test).toEqual(at.test);
    expect(nat.step).toBe(0);
    const s = nat.trainStep();
    expect(nat.step).toBe(1);
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['step', 'loss', 'tokenAccuracy', 'lr', 'gradNorm', 'samplingProb', 'lengthLoss', 'lengthAccuracy']));
    expect(nat.model.lengths).toBe(natLengths(task));
    const r = nat.evaluate(nat.valid);
    expect(r.n).toBe(40);
    expect(r).toEqual(evaluateNat(nat.model, task, nat.valid));
  });

  it('the loss and the length loss fall over a few dozen steps', () => {
    const tr = new NatTrainer(getTask('sort'), TINY);
    const first = tr.trainStep();
    let last = first;
    for (let i = 0; i < 40; i++) last = tr.trainStep();
    expect(last.loss).toBeLessThan(first.loss * 0.8);
    expect(last.lengthLoss).toBeLessThan(first.lengthLoss);
  });

  it('is deterministic for a seed, and refuses scheduled sampling', () => {
    const a = new NatTrainer(getTask('date-multi'), TINY), b = new NatTrainer(getTask('date-multi'), TINY);
    for (let i = 0; i < 3; i++) {
      a.trainStep();
      b.trainStep();
    }
    for (const [name, t] of a.model.params) expect(b.model.params.get(name)!.data).toEqual(t.data);
    expect(() => new NatTrainer(getTask('reverse'), { ...TINY, sampling: { schedule: 'linear', maxSampling: 0.2 } })).toThrow(/scheduled sampling does not apply/);
  });

  it('draws both forms of date-multi as training targets', () => {
    const tr = new NatTrainer(getTask('date-multi'), { ...TINY, batchSize: 200 });
    const forms = new Set(tr.nextExamples().map((e) => (e.tgt.includes('-') ? 'iso' : 'dotted')));
    expect(forms).toEqual(new Set(['iso', 'dotted']));
  });
});
