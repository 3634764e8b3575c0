/**
 * The three shipped reverse-long models (RNN with a fixed context vector, RNN with additive
 * attention, Transformer): each loads, fits the size limit, stores its scores for every input
 * length, and reproduces them here and now for a few lengths.
 */
import { statSync } from 'node:fs';
import { setKernels, type KernelPath } from '../../src/core';
import { byLengthSet, getTask } from '../../src/tasks';
import { predictAny, scoreGroups } from '../../src/train';
import { loadAnyModel, ARCH_NAMES } from '../../src/cli/rnn_models';

const task = getTask('reverse-long');
const loaded = ARCH_NAMES.map((arch) => ({ arch, ...loadAnyModel(task.name, arch) }));

describe.each(loaded)('the shipped reverse-long $arch model', ({ arch, model, meta, paths }) => {
  it('fits the size limit and says what it is', () => {
    expect(statSync(paths.safetensors).size).toBeLessThanOrEqual(1024 * 1024);
    expect(statSync(paths.json).size).toBeLessThanOrEqual(64 * 1024);
    expect(meta.task).toBe('reverse-long');
    expect(meta.arch ?? 'transformer').toBe(arch);
    expect(model.arch).toBe(arch);
    expect(meta.srcVocab).toEqual([...task.srcVocab.tokens]);
    expect(meta.metrics?.test.n).toBe(1000);
  });

  it('stores exact match and token accuracy for every input length 1..24 (100 reserved inputs each, all 4 of length 1)', () => {
    const bl = meta.metrics!.byLength!;
    expect(bl.lengths.map((l) => l.length)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(bl.lengths.map((l) => l.n)).toEqual([4, ...Array(23).fill(100)]);
    for (const l of bl.lengths) {
      expect(l.exactMatch).toBeGreaterThanOrEqual(0);
      expect(l.tokenAccuracy).toBeGreaterThanOrEqual(l.exactMatch);
      expect(l.tokenAccuracy).toBeLessThanOrEqual(1);
    }
  });

  it('reproduces its stored scores for lengths 1, 12 and 24 here and now, on the kernel path it records', () => {
    const bl = meta.metrics!.byLength!;
    const kernels = (meta.training as { kernels?: KernelPath }).kernels;
    expect(kernels).toBe('js');
    setKernels(kernels!);
    try {
      const groups = byLengthSet(task, bl.seed, bl.perLength).filter((g) => [1, 12, 24].includes(g.length));
      const preds = groups.map((g) => predictAny(model, task, g.examples.map((e) => e.src)));
      expect(scoreGroups(groups, preds)).toEqual(bl.lengths.filter((l) => [1, 12, 24].includes(l.length)));
    } finally {
      setKernels(null);
    }
  });
});

describe('the three reverse-long models', () => {
  it('have comparable sizes: parameter counts within 15% of each other', () => {
    const counts = loaded.map((l) => l.meta.parameters!);
    expect(Math.max(...counts) / Math.min(...counts)).toBeLessThanOrEqual(1.15);
  });

  it('were trained with the same schedule family, batch, label smoothing, clipping and number of steps', () => {
    const t = loaded.map((l) => l.meta.training as { steps: number; batchSize: number; warmup: number; labelSmoothing: number; clipNorm: number; seed: number });
    for (const key of ['steps', 'batchSize', 'warmup', 'labelSmoothing', 'clipNorm', 'seed'] as const) {
      expect([key, new Set(t.map((x) => x[key])).size]).toEqual([key, 1]);
    }
  });
});
