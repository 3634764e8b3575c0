// The benchmark's machinery with tiny repetition counts: the JSON has the documented
// shape and the tfjs model computes our logits. No timing assertions (DESIGN.md:
// timings belong in benchmarks, not in unit tests).
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../src/core';
import { createModel, forward, type ModelConfig } from '../../src/model';
import {
  BENCH_CONFIG, QUICK_OPTIONS, TOLERANCE, USAGE, assertAgreement, benchTokens, checkForwardAgreement, checkTargets,
  formatTable, main, matmulShapes, measureMatmul, runBench, toJson, type BenchResult,
} from '../../src/cli/bench';
import { disposeTfModel, initTf, tfForwardData, tfModelFrom } from '../../src/cli/bench_tfjs';

const MATMUL_KEYS = ['m', 'k', 'n', 'ours_ms', 'tfjs_ms', 'speedup'];
const FORWARD_KEYS = ['ours_ms', 'tfjs_ms', 'speedup', 'with_trace_ms'];

function positiveFinite(x: unknown): boolean {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

describe('bench', () => {
  it('lists matmul [T×D]·[D×D] and [T×D]·[D×T] for T in {8,32,64} and D in {32,64,128}', () => {
    const shapes = matmulShapes();
    expect(shapes).toHaveLength(18);
    for (const T of [8, 32, 64]) {
      for (const D of [32, 64, 128]) {
        expect(shapes).toContainEqual({ m: T, k: D, n: D, kind: 'TD·DD' });
        expect(shapes).toContainEqual({ m: T, k: D, n: T, kind: 'TD·DT' });
      }
    }
  });

  it('prints one JSON object of the documented shape, with every case', async () => {
    const r = await runBench(QUICK_OPTIONS);
    expect(r.tfTensorsLeaked).toBe(0);
    expect(r.maxAbsDiff).toBeLessThan(TOLERANCE);
    const line = toJson(r);
    expect(line).not.toContain('\n');
    const j = JSON.parse(line) as { matmul: Record<string, unknown>[]; forward: Record<string, unknown> };
    expect(Object.keys(j).sort()).toEqual(['forward', 'matmul']);
    expect(j.matmul.map(({ m, k, n }) => ({ m, k, n }))).toEqual(matmulShapes().map(({ m, k, n }) => ({ m, k, n })));
    for (const row of j.matmul) {
      expect(Object.keys(row).sort()).toEqual([...MATMUL_KEYS].sort());
      for (const key of ['ours_ms', 'tfjs_ms', 'speedup']) expect(positiveFinite(row[key])).toBe(true);
    }
    expect(Object.keys(j.forward).sort()).toEqual([...FORWARD_KEYS].sort());
    for (const key of FORWARD_KEYS) expect(positiveFinite(j.forward[key])).toBe(true);
    // the table names every case and every target
    const table = formatTable(r);
    expect(table.split('\n').filter((l) => l.startsWith('matmul '))).toHaveLength(18);
    expect(table).toContain('forward with trace');
  });

  it('measures only the matmul shapes it is given', async () => {
    const rows = await measureMatmul(QUICK_OPTIONS, [{ m: 3, k: 5, n: 7, kind: 'TD·DD' }]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ m: 3, k: 5, n: 7 });
  });

  it('the tfjs model computes the logits of ours from the same weights', async () => {
    expect(await checkForwardAgreement({ seed: 0 })).toBeLessThan(TOLERANCE);
    expect(await checkForwardAgreement({ seed: 7 })).toBeLessThan(TOLERANCE);
  });

  it('the tfjs model agrees for pre-LN, gelu and padded sources too', async () => {
    await initTf();
    const config: ModelConfig = { ...BENCH_CONFIG, normFirst: true, activation: 'gelu', numEncoderLayers: 1, numDecoderLayers: 3 };
    const model = createModel(config, 3);
    const tm = tfModelFrom(config, model.params);
    try {
      const { src, tgtIn } = benchTokens(config, 3);
      const padded = [[...src[0].slice(0, 12), config.pad, config.pad, config.pad, config.pad]];
      for (const s of [src, padded]) {
        const ours = forward(model, s, tgtIn, { trace: false }).logits;
        expect(assertAgreement(ours, tfForwardData(tm, s, tgtIn))).toBeLessThan(TOLERANCE);
      }
    } finally {
      disposeTfModel(tm);
    }
  });

  it('fails loudly when the two models disagree', async () => {
    await initTf();
    const ours = createModel(BENCH_CONFIG, 0);
    const other = tfModelFrom(BENCH_CONFIG, createModel(BENCH_CONFIG, 1).params);
    try {
      const { src, tgtIn } = benchTokens(BENCH_CONFIG, 0);
      const logits = forward(ours, src, tgtIn, { trace: false }).logits;
      expect(() => assertAgreement(logits, tfForwardData(other, src, tgtIn))).toThrow(/not be like for like/);
    } finally {
      disposeTfModel(other);
    }
    const t = new Tensor([2], Float32Array.of(1, 2));
    expect(() => assertAgreement(t, Float32Array.of(1, NaN))).toThrow(/differ/);
    expect(() => assertAgreement(t, Float32Array.of(1))).toThrow(/differ/);
  });

  it('reports each target as met or missed', () => {
    const r: BenchResult = {
      matmul: [
        { m: 8, k: 32, n: 32, ours_ms: 1, tfjs_ms: 3, speedup: 3 },
        { m: 8, k: 32, n: 8, ours_ms: 1, tfjs_ms: 1.5, speedup: 1.5 },
      ],
      forward: { ours_ms: 1, tfjs_ms: 4, speedup: 4, with_trace_ms: 2.5 },
    };
    expect(checkTargets(r).map((t) => t.met)).toEqual([false, true, false]);
    const table = formatTable(r);
    expect(table).toContain('[MISSED] every matmul speedup');
    expect(table).toContain('[met]    forward speedup');
    expect(table).toContain('[MISSED] forward with trace');
  });

  it('prints usage for --help and rejects unknown options', async () => {
    expect(USAGE).toContain('--json');
    const writes: string[] = [];
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((s: string) => writes.push(s) > 0) as typeof process.stdout.write;
    process.stderr.write = ((s: string) => writes.push(s) > 0) as typeof process.stderr.write;
    try {
      expect(await main(['--help'])).toBe(0);
      expect(await main(['--nope'])).toBe(2);
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
    expect(writes.join('')).toContain('usage:');
    expect(writes.join('')).toContain('unknown option --nope');
  });
});
