import { forward } from '../../src/model';
import { argmax, greedyDecode } from '../../src/decode/greedy';
import { getTask, limitInputLength, encodeExample, BOS_ID } from '../../src/tasks';
import { DEFAULT_TRAIN, Trainer, teacherForcedScores, validateBothWays, type TrainOptions } from '../../src/train';

const OPTS: TrainOptions = {
  ...DEFAULT_TRAIN, steps: 200, batchSize: 32, warmup: 60, lrFactor: 1, validSize: 60, testSize: 20,
  arch: { dModel: 16, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 32, normFirst: false, activation: 'relu' },
};

describe('validation both ways', () => {
  const task = limitInputLength(getTask('reverse'), 4);
  const tr = new Trainer(task, OPTS);
  for (let i = 0; i < 200; i++) tr.trainStep();
  const examples = tr.valid;

  it('teacher-forced exact match counts an example when every position’s argmax given the true prefix is its target', () => {
    let exact = 0, right = 0, tokens = 0;
    for (const ex of examples) {
      // one example at a time, no batching or padding: an independent count
      const e = encodeExample(task, ex);
      const { logits } = forward(tr.model, [e.src], [[BOS_ID, ...e.tgt.slice(0, -1)]], { trace: false });
      const V = logits.shape[2];
      const ok = e.tgt.map((y, t) => argmax(logits.data, t * V, V) === y);
      right += ok.filter(Boolean).length;
      tokens += ok.length;
      if (ok.every(Boolean)) exact++;
    }
    const r = teacherForcedScores(tr.model, task, examples, 7);
    expect(r.n).toBe(examples.length);
    expect(r.exactMatch).toBeCloseTo(exact / examples.length, 12);
    expect(r.tokenAccuracy).toBeCloseTo(right / tokens, 12);
  });

  it('free-running scores compare greedy decoding from <bos> with the truth, position by position', () => {
    const r = validateBothWays(tr.model, task, examples);
    let exact = 0, right = 0, tokens = 0;
    const limit = task.maxTgtLen;
    for (const ex of examples) {
      const out = greedyDecode(tr.model, task.srcVocab.encode(ex.src, { eos: true }), { trace: false, maxLen: limit });
      if (task.tgtVocab.decode(out.tokens) === ex.tgt) exact++;
      // the truth with <eos> against what greedy produced (with <eos> when it stopped on it)
      const truth = task.tgtVocab.encode(ex.tgt, { eos: true });
      truth.forEach((id, t) => (right += out.tokens[t] === id ? 1 : 0));
      tokens += truth.length;
    }
    expect(r.freeRunning.n).toBe(examples.length);
    expect(r.freeRunning.exactMatch).toBeCloseTo(exact / examples.length, 12);
    expect(r.freeRunning.tokenAccuracy).toBeCloseTo(right / tokens, 12);
  });

  it('the two exact matches agree, the gap of exposure bias shows in the tokens after the first', () => {
    const r = validateBothWays(tr.model, task, examples);
    expect(r.teacherForced.exactMatch).toBe(r.freeRunning.exactMatch);
    // position 0 is fed <bos> both ways: the same predictions
    expect(r.teacherForced.byPosition[0]).toBe(r.freeRunning.byPosition[0]);
    // a model in the middle of training: fed its own mistakes, later positions go wrong more often
    expect(r.teacherForced.tokenAccuracy).toBeGreaterThan(r.freeRunning.tokenAccuracy + 0.05);
    expect(r.teacherForced.byPosition.length).toBe(task.maxTgtLen);
  });
});
