import { entryOf, foldCase, inputProblems, outputAt, prefixTokens, runTour, traceOf } from '../../src/tour';
import { getTask, TASK_NAMES } from '../../src/tasks';
import { greedyDecode } from '../../src/decode/greedy';
import { smallBundle } from './helpers';

const reverse = getTask('reverse');
const bundle = smallBundle('reverse', 3);

describe('a run of the tour', () => {
  it('decodes greedily exactly as greedyDecode does and says why it stopped', () => {
    const out = runTour(reverse, bundle, 'abc');
    if (!out.ok) throw new Error('expected a run');
    const ids = reverse.srcVocab.encode('abc', { eos: true });
    const direct = greedyDecode(bundle.model, ids);
    expect(out.run.tokens).toEqual(direct.tokens);
    expect(out.run.result.stop).toBe(direct.stop);
    expect(out.run.srcTokens).toEqual(['a', 'b', 'c', '<eos>']);
    expect(out.run.output).toBe(reverse.tgtVocab.decode(direct.tokens));
    expect(out.run.walk[out.run.walk.length - 1].kind).toBe('stop');
  });

  it('every trace entry every step names is in the trace of its pass, in every decoder layer', () => {
    const out = runTour(reverse, bundle, 'hello');
    if (!out.ok) throw new Error('expected a run');
    for (const step of out.run.walk) {
      for (const key of step.traceKeys) {
        expect(entryOf(out.run, step, key), `${step.id} ${key}`).not.toBeNull();
      }
    }
    expect(out.run.walk.filter((s) => s.kind === 'crossWeighted').map((s) => s.layer)).toContain(1);
  });

  it('folds letters to the one case a vocabulary has, and says when it did', () => {
    const date = getTask('date');
    const vocab = date.srcVocab.tokens;
    expect(foldCase(vocab, 'NOV 22, 2026')).toEqual({ text: 'nov 22, 2026', folded: true });
    expect(foldCase(vocab, 'nov 22, 2026')).toEqual({ text: 'nov 22, 2026', folded: false });
    // a character the vocabulary has in neither case is left for validation to name
    expect(foldCase(vocab, 'NOV 22, 2026!')).toEqual({ text: 'nov 22, 2026!', folded: true });
    // a vocabulary with both cases, or none, folds nothing
    expect(foldCase(['<pad>', 'a', 'A'], 'A')).toEqual({ text: 'A', folded: false });
    expect(foldCase(['<pad>', '1', '2'], '12')).toEqual({ text: '12', folded: false });
  });

  it('decoder steps read the trace of their own decoding step, whose input grows by one token each time', () => {
    const out = runTour(reverse, bundle, 'hello');
    if (!out.ok) throw new Error('expected a run');
    const inputs = out.run.walk.filter((s) => s.kind === 'decInput');
    inputs.forEach((s, t) => {
      expect(traceOf(out.run, s)?.get('dec.input').shape).toEqual([1, t + 1, 16]);
      expect(prefixTokens(out.run, t)[0]).toBe('<bos>');
    });
  });

  it('the output grows as tokens are appended, and is complete at the stop', () => {
    const out = runTour(reverse, bundle, 'abcd');
    if (!out.ok) throw new Error('expected a run');
    const walk = out.run.walk;
    expect(outputAt(out.run, walk[0]).tokens).toEqual([]);
    const firstAppend = walk.findIndex((s) => s.kind === 'append' || s.kind === 'stop');
    expect(outputAt(out.run, walk[firstAppend]).tokens).toEqual(out.run.tokens.slice(0, 1));
    expect(outputAt(out.run, walk[firstAppend - 1]).tokens).toEqual([]);
    const end = outputAt(out.run, walk[walk.length - 1]);
    expect(end.done).toBe(true);
    expect(end.text).toBe(out.run.output);
  });

  it('nothing is run on an invalid input, and no text makes it throw', () => {
    const texts = ['', 'a'.repeat(13), 'a'.repeat(5000), '😀', 'ab😀c', '<script>alert(1)</script>', 'ABC', ' ', '\u0000', 'e\u0301', '\uD800'];
    for (const text of texts) {
      const out = runTour(reverse, bundle, text);
      expect(out.ok, JSON.stringify(text)).toBe(false);
      if (!out.ok) expect('problems' in out && out.problems.length > 0).toBe(true);
    }
  });

  it('problems name each character outside the vocabulary with its position, and a too-long input', () => {
    expect(inputProblems(reverse, bundle, 'ab!c')).toEqual([{ kind: 'unknownChar', char: '!', index: 2, offset: 2 }]);
    expect(inputProblems(reverse, bundle, 'a'.repeat(13))).toEqual([{ kind: 'tooLong', length: 13, max: 12 }]);
    expect(inputProblems(reverse, bundle, '')).toEqual([{ kind: 'empty' }]);
  });

  it('a model with a shorter maximum length than the task refuses inputs it cannot take', () => {
    const short = smallBundle('reverse', 1, { maxLen: 6 });
    expect(inputProblems(reverse, short, 'abcdef')).toEqual([{ kind: 'tooLong', length: 6, max: 5 }]);
    expect(inputProblems(reverse, short, 'abcde')).toEqual([]);
  });

  it('task-specific problems stop the run too: a date that does not exist', () => {
    const date = getTask('date');
    const out = runTour(date, smallBundle('date'), '31 feb 2026');
    expect(out.ok).toBe(false);
    if (!out.ok && 'problems' in out) expect(out.problems[0].kind).toBe('noSuchDay');
  });

  it('runs every task on its example', () => {
    for (const name of TASK_NAMES) {
      const task = getTask(name);
      const out = runTour(task, smallBundle(name), task.example);
      expect(out.ok, name).toBe(true);
    }
  });
});
