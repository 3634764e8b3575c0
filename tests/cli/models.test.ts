/**
 * The shipped models in public/models: each loads, fits the size limits, and
 * reaches ≥ 99% greedy exact match on inputs it never saw in training.
 */
import { statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TASK_NAMES, getTask } from '../../src/tasks';
import { evaluateModel, heldOutSets } from '../../src/train';
import { loadBundle, modelPaths } from '../../src/cli/models';

const ROOT = join(__dirname, '..', '..');

describe.each(TASK_NAMES)('the shipped %s model', (name) => {
  const task = getTask(name);
  const bundle = loadBundle(name);
  const { meta, model } = bundle;

  it('is small enough to read in a heatmap and to ship', () => {
    const p = modelPaths(name);
    expect(statSync(p.safetensors).size).toBeLessThanOrEqual(1024 * 1024);
    expect(model.config.dModel).toBeLessThanOrEqual(64);
    expect(model.config.nHead).toBeLessThanOrEqual(4);
    expect(meta.task).toBe(name);
    expect(meta.srcVocab).toEqual([...task.srcVocab.tokens]);
    expect(meta.tgtVocab).toEqual([...task.tgtVocab.tokens]);
  });

  it('recorded at least 99% exact match on 1,000 unseen test inputs', () => {
    expect(meta.metrics!.test.n).toBe(1000);
    expect(meta.metrics!.test.exactMatch).toBeGreaterThanOrEqual(0.99);
  });

  it('reaches at least 99% exact match on its 1,000 test inputs here and now', () => {
    const training = meta.training as { validSize: number; testSize: number };
    const { test, valid } = heldOutSets(task, meta.seed!, training.validSize, training.testSize);
    const seen = new Set(valid.map((e) => e.src));
    expect(test.some((e) => seen.has(e.src))).toBe(false);
    const r = evaluateModel(model, task, test);
    expect(r.n).toBe(1000);
    expect(r.exactMatch).toBeGreaterThanOrEqual(0.99);
  });
});

describe('npm run predict', () => {
  it('writes one output per input line and an error line naming the problem for a bad line, then goes on', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/predict.ts', '--task', 'reverse'], {
      cwd: ROOT, input: 'abc\nHeLLo!\n\nabcdefghijklmnopqrstuvwxyz\nxyz\n', encoding: 'utf8',
    });
    const lines = out.split('\n');
    expect(lines.length).toBe(6);
    expect(lines[0]).toBe('cba');
    expect(lines[1]).toMatch(/^error: .*“H”/);
    expect(lines[1]).toMatch(/“!”/);
    expect(lines[2]).toMatch(/^error: .*empty/);
    expect(lines[3]).toMatch(/^error: .*26 characters, at most 12/);
    expect(lines[4]).toBe('zyx');
  });
});
