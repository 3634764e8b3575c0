import { describe, it, expect } from 'vitest';
import { byLengthSet, getTask, reverseLongTask } from '../../src/tasks';
import { createModel, createRnnModel } from '../../src/model';
import {
  evaluateByLength, predictAny, rnnTaskConfig, scoreGroups, taskModelConfig, tokenMatches, DEFAULT_ARCH,
} from '../../src/train';

describe('tokenMatches', () => {
  it('counts the reference positions, <eos> included, that the output gets right', () => {
    expect(tokenMatches('cba', 'cba')).toEqual({ right: 4, total: 4 });
    expect(tokenMatches('cb', 'cba')).toEqual({ right: 2, total: 4 }); // stopped early: a and <eos> missed
    expect(tokenMatches('cbax', 'cba')).toEqual({ right: 3, total: 4 }); // ran on: x where <eos> belongs
    expect(tokenMatches('', 'a')).toEqual({ right: 0, total: 2 });
    expect(tokenMatches('xba', 'cba')).toEqual({ right: 3, total: 4 });
    expect(tokenMatches('bac', 'cba')).toEqual({ right: 1, total: 4 }); // shifted: only <eos> lines up
  });
});

describe('scoreGroups', () => {
  it('gives each length its exact match and token accuracy', () => {
    const groups = [
      { length: 1, examples: [{ src: 'a', tgt: 'a' }, { src: 'b', tgt: 'b' }] },
      { length: 2, examples: [{ src: 'ab', tgt: 'ba' }] },
    ];
    expect(scoreGroups(groups, [['a', 'c'], ['b']])).toEqual([
      { length: 1, n: 2, exactMatch: 0.5, tokenAccuracy: 3 / 4 },
      { length: 2, n: 1, exactMatch: 0, tokenAccuracy: 1 / 3 },
    ]);
  });

  it('refuses predictions that do not fit the groups', () => {
    expect(() => scoreGroups([{ length: 1, examples: [{ src: 'a', tgt: 'a' }] }], [])).toThrow('scoreGroups: 0 lists of predictions for 1 lengths');
    expect(() => scoreGroups([{ length: 1, examples: [{ src: 'a', tgt: 'a' }] }], [['a', 'b']])).toThrow('scoreGroups: 2 predictions for 1 inputs of length 1');
  });
});

describe('evaluateByLength', () => {
  const task = reverseLongTask;

  it('scores every length 1..24 on the reserved inputs, for an RNN and for a Transformer', () => {
    const rnn = createRnnModel(rnnTaskConfig(task, { arch: 'rnn-fixed', embedDim: 4, hiddenSize: 4, attentionDim: 0 }), 1);
    const s = evaluateByLength({ arch: 'rnn-fixed', model: rnn }, task, 1, 3);
    expect(s.seed).toBe(1);
    expect(s.perLength).toBe(3);
    expect(s.lengths.map((l) => l.length)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(s.lengths.slice(1).every((l) => l.n === 3)).toBe(true);
    // the same numbers as scoring the predictions by hand
    const groups = byLengthSet(task, 1, 3);
    const preds = groups.map((g) => predictAny({ arch: 'rnn-fixed', model: rnn }, task, g.examples.map((e) => e.src)));
    expect(s.lengths).toEqual(scoreGroups(groups, preds));
    const tf = createModel(taskModelConfig(task, { ...DEFAULT_ARCH, dModel: 8, nHead: 2, dimFeedforward: 8, numEncoderLayers: 1, numDecoderLayers: 1 }), 1);
    const t = evaluateByLength({ arch: 'transformer', model: tf }, task, 1, 2);
    expect(t.lengths.length).toBe(24);
    for (const l of t.lengths) {
      expect(l.exactMatch).toBeGreaterThanOrEqual(0);
      expect(l.tokenAccuracy).toBeLessThanOrEqual(1);
    }
  });

  it('refuses a task without reserved inputs', () => {
    const rnn = createRnnModel(rnnTaskConfig(getTask('reverse'), { arch: 'rnn-fixed', embedDim: 4, hiddenSize: 4, attentionDim: 0 }), 1);
    expect(() => evaluateByLength({ arch: 'rnn-fixed', model: rnn }, getTask('reverse'))).toThrow('task reverse sets no inputs aside by length');
  });
});
