// The benchmark's machinery with tiny repetition counts: the JSON has the documented
// shape, the tfjs model computes our logits, the tfjs training step computes our loss
// and gradients — on tfjs's cpu backend and on its wasm backend — and the tfjs workers
// start and stop. No timing assertions (DESIGN.md: timings belong in benchmarks, not in
// unit tests).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Tensor, param } from '../../src/core';
import { createModel, forward, type ModelConfig } from '../../src/model';
import { Adam } from '../../src/train';
import {
  BENCH_CONFIG, GRAD_TOLERANCE, LOSS_TOLERANCE, QUICK_OPTIONS, SRC_LEN, TGT_LEN, TOLERANCE, TRAIN_ADAM, TRAIN_BATCH, USAGE,
  assertAgreement, assertTrainAgreement, benchTokens, checkForwardAgreement, checkTargets, checkTrainAgreement, formatTable,
  main, matmulShapes, measureMatmul, oursTrainer, toJson, trainBatch, trainOptions, type BenchResult,
} from '../../src/cli/bench';
import { TfjsWorker } from '../../src/cli/bench_client';
import { beamBenchCase, measureBeam, runBeamCase } from '../../src/cli/bench_beam';
import {
  disposeTfModel, disposeTfTrainer, initTf, tfForwardData, tfLossAndGrads, tfModelFrom, tfTrainStep, tfTrainerFrom,
} from '../../src/cli/bench_tfjs';
import { timeMedians } from '../../src/cli/bench_timing';

const ROOT = join(__dirname, '..', '..');
const ANCHORED_KEYS = ['ours_ms', 'tfjs_ms', 'speedup', 'tfjs_wasm_ms', 'speedup_wasm'];
const MATMUL_KEYS = ['m', 'k', 'n', ...ANCHORED_KEYS];
const FORWARD_KEYS = [...ANCHORED_KEYS, 'with_trace_ms'];
const TRAIN_KEYS = ANCHORED_KEYS;

function positiveFinite(x: unknown): boolean {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

/** Runs a command to its end; rejects if it has not exited by itself within `ms`. */
function run(args: string[], ms: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`did not exit within ${ms} ms (a worker left running?)\n${stdout}\n${stderr}`));
    }, ms);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
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

  it('prints one JSON object of the documented shape, with every case, and exits by itself (the worker is shut down)', async () => {
    const { code, stdout, stderr } = await run(['--import', 'tsx', 'src/cli/bench.ts', '--quick', '--json'], 150_000);
    expect(stderr).toBe(''); // no leaked tfjs tensors, tfjs not loaded into the main thread
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const j = JSON.parse(lines[lines.length - 1]) as Record<string, Record<string, unknown> & Record<string, unknown>[]>;
    expect(Object.keys(j)).toEqual(['matmul', 'forward', 'train_step', 'beam']);
    expect(Object.keys(j.beam)).toEqual(['width', 'tokens', 'ms']);
    expect(j.beam).toMatchObject({ width: 4, tokens: 24 });
    expect(positiveFinite(j.beam.ms)).toBe(true);
    expect(j.matmul.map(({ m, k, n }) => ({ m, k, n }))).toEqual(matmulShapes().map(({ m, k, n }) => ({ m, k, n })));
    for (const row of j.matmul) {
      expect(Object.keys(row).sort()).toEqual([...MATMUL_KEYS].sort());
      for (const key of ANCHORED_KEYS) expect(positiveFinite(row[key])).toBe(true);
    }
    expect(Object.keys(j.forward).sort()).toEqual([...FORWARD_KEYS].sort());
    for (const key of FORWARD_KEYS) expect(positiveFinite(j.forward[key])).toBe(true);
    expect(Object.keys(j.train_step)).toEqual(TRAIN_KEYS);
    for (const key of TRAIN_KEYS) expect(positiveFinite(j.train_step[key])).toBe(true);
    // the table names our kernel path, every case and every target, and says where tfjs ran
    const table = lines.slice(0, -1).join('\n');
    expect(table).toMatch(/^ours \(src\/core, kernels: wasm \(WebAssembly SIMD/m);
    expect(table).toContain('each in a worker thread');
    expect(table).toContain('wasm backend (XNNPACK, SIMD, 1 thread)');
    expect(lines.filter((l) => l.startsWith('matmul '))).toHaveLength(18);
    // the wasm target applies from T = 32 on
    expect(lines.filter((l) => /^matmul .*≥ 1× (met|MISSED)$/.test(l))).toHaveLength(12);
    expect(table).toContain('forward with trace');
    expect(table).toMatch(/^forward with full trace \(ours\) .*< 1 ms (met|MISSED)$/m);
    expect(table).toMatch(/^train step .*≥ 3× (met|MISSED); ≥ 1\.5× (met|MISSED)$/m);
    expect(table).toContain('tfjs training step agrees with ours');
    expect(table).toMatch(/^beam width 4, 24 tokens.*< 50 ms (met|MISSED)$/m);
    // what the wasm kernel's copies cost, for each product measured
    expect(table).toContain('wasm kernel, copying operands in and out');
    expect(lines.filter((l) => /^ {2}N[NT] \[.*ms with copies, .* ms resident \(copies -?\d+% of the product\)$/.test(l))).toHaveLength(5);
    // all three took the same number of training steps
    const steps = /after (\d+) steps of ours, (\d+) of tfjs-cpu and (\d+) of tfjs-wasm/.exec(table);
    expect(steps).not.toBeNull();
    expect(steps?.[2]).toBe(steps?.[1]);
    expect(steps?.[3]).toBe(steps?.[1]);
  }, 180_000);

  it('measures only the matmul shapes it is given', async () => {
    const rows = await measureMatmul(QUICK_OPTIONS, [{ m: 3, k: 5, n: 7, kind: 'TD·DD' }]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ m: 3, k: 5, n: 7 });
  });

  it('the tfjs model computes the logits of ours from the same weights', async () => {
    expect(await checkForwardAgreement({ seed: 0 })).toBeLessThan(TOLERANCE);
    expect(await checkForwardAgreement({ seed: 7 })).toBeLessThan(TOLERANCE);
  });

  it('so does the tfjs model on the wasm backend, and its training step (one-hot embedding) gives our loss and gradients', async () => {
    const w = await TfjsWorker.start('wasm');
    try {
      expect(w.backend).toBe('wasm');
      expect(await checkForwardAgreement({ seed: 0 }, w)).toBeLessThan(TOLERANCE);
      const { lossDiff, gradDiff } = await checkTrainAgreement({ seed: 0 }, BENCH_CONFIG, w);
      expect(lossDiff).toBeLessThan(LOSS_TOLERANCE);
      expect(gradDiff).toBeLessThan(GRAD_TOLERANCE);
    } finally {
      await w.close();
    }
  }, 120_000);

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

  it('the training batch is 32 rows of 16 tokens, a few padded at the end, targets shifted by one', () => {
    const c = BENCH_CONFIG;
    const b = trainBatch(c, 0);
    for (const rows of [b.src, b.tgtIn, b.tgtOut]) {
      expect(rows).toHaveLength(TRAIN_BATCH);
      for (const r of rows) expect(r).toHaveLength(rows === b.src ? SRC_LEN : TGT_LEN);
    }
    const padded = b.src.filter((r) => r.includes(c.pad));
    expect(padded.length).toBeGreaterThan(0);
    expect(padded.length).toBeLessThan(TRAIN_BATCH / 4);
    for (let i = 0; i < TRAIN_BATCH; i++) {
      expect(b.src[i][0]).not.toBe(c.pad); // no row is all padding
      expect(b.tgtIn[i][0]).toBe(c.bos);
      expect(b.tgtIn[i].slice(1)).toEqual(b.tgtOut[i].slice(0, -1).map((y) => (y === c.eos ? c.pad : y)));
      expect(b.tgtOut[i]).toContain(c.eos);
    }
    expect(trainBatch(c, 0)).toEqual(b); // seeded
  });

  it('the tfjs training step computes our loss and gradients from the same weights (in the worker)', async () => {
    const { lossDiff, gradDiff } = await checkTrainAgreement({ seed: 0 });
    expect(lossDiff).toBeLessThan(LOSS_TOLERANCE);
    expect(gradDiff).toBeLessThan(GRAD_TOLERANCE);
  }, 120_000);

  it('the tfjs training step agrees for pre-LN and gelu too, and so does every later step', async () => {
    await initTf();
    const config: ModelConfig = { ...BENCH_CONFIG, normFirst: true, activation: 'gelu', numEncoderLayers: 1, numDecoderLayers: 2 };
    const batch = trainBatch(config, 5, 8);
    const ours = oursTrainer(config, 5, batch);
    const tr = tfTrainerFrom(config, ours.model.params, TRAIN_ADAM);
    try {
      const first = tfLossAndGrads(tr, batch);
      const r = assertTrainAgreement(ours.lossAndGrads(), { loss: first.loss, grads: [...first.grads].map(([n, g]) => [n, [], g]) });
      expect(r.gradDiff).toBeLessThan(GRAD_TOLERANCE);
      // three Adam steps on each side from the same weights: the losses go down together
      const losses: [number, number][] = [];
      for (let i = 0; i < 3; i++) losses.push([ours.step(), tfTrainStep(tr, batch)]);
      for (const [a, b] of losses) expect(Math.abs(a - b)).toBeLessThan(1e-3);
      expect(losses[2][0]).toBeLessThan(losses[0][0]);
    } finally {
      disposeTfTrainer(tr);
    }
  }, 60_000);

  it('fails loudly when the training steps disagree', async () => {
    await initTf();
    const batch = trainBatch(BENCH_CONFIG, 0, 4);
    const ours = oursTrainer(BENCH_CONFIG, 0, batch);
    const other = tfTrainerFrom(BENCH_CONFIG, createModel(BENCH_CONFIG, 1).params, TRAIN_ADAM);
    try {
      const theirs = tfLossAndGrads(other, batch);
      const asList = [...theirs.grads].map(([n, g]): [string, number[], Float32Array] => [n, [], g]);
      expect(() => assertTrainAgreement(ours.lossAndGrads(), { loss: theirs.loss, grads: asList })).toThrow(/not be like for like/);
      expect(() => assertTrainAgreement(ours.lossAndGrads(), { loss: NaN, grads: asList })).toThrow(/differs/);
      expect(() => assertTrainAgreement(ours.lossAndGrads(), { loss: 0, grads: asList.slice(1) })).toThrow(/differs/);
    } finally {
      disposeTfTrainer(other);
    }
  });

  it("tfjs's Adam and ours make the same updates with the bench's settings", async () => {
    await initTf();
    const w0 = Float32Array.of(0.5, -1, 2, 0, 1e-3);
    const grads = [Float32Array.of(0.1, -0.2, 0.3, 0, 1e-4), Float32Array.of(-0.3, 0.1, 0.2, 0.5, -1e-4), Float32Array.of(0.2, 0.2, -0.1, 0.05, 0)];
    const p = param(new Tensor([5], Float32Array.from(w0)));
    const adam = new Adam([p], { beta1: TRAIN_ADAM.beta1, beta2: TRAIN_ADAM.beta2, eps: TRAIN_ADAM.eps });
    const v = tf.variable(tf.tensor1d(w0), true, 'adam-check');
    const opt = tf.train.adam(TRAIN_ADAM.lr, TRAIN_ADAM.beta1, TRAIN_ADAM.beta2, TRAIN_ADAM.eps);
    try {
      for (const g of grads) {
        p.grad = Float32Array.from(g);
        adam.update(TRAIN_ADAM.lr);
        adam.zeroGrad();
        tf.tidy(() => opt.applyGradients([{ name: v.name, tensor: tf.tensor1d(g) }]));
        const theirs = v.dataSync();
        for (let i = 0; i < w0.length; i++) expect(p.data[i]).toBeCloseTo(theirs[i], 6);
      }
    } finally {
      v.dispose();
      opt.dispose();
    }
  });

  it('the worker starts, answers, reports its errors, and stops', async () => {
    const w = await TfjsWorker.start();
    try {
      expect(w.running).toBe(true);
      expect(w.version).toMatch(/^\d+\.\d+\.\d+/);
      const before = (await w.request({ op: 'memory' })).numTensors;
      const { id, data } = await w.request({ op: 'matmul', a: { shape: [1, 2], data: Float32Array.of(1, 2) }, b: { shape: [2, 1], data: Float32Array.of(3, 4) } });
      expect([...data]).toEqual([11]);
      // a worker-side case times like a local function: one sample at a time
      const [ms] = await timeMedians([w.sampler(id)], QUICK_OPTIONS);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(await w.dispose(id)).toBe(before);
      await expect(w.request({ op: 'sample', id, inner: 1 })).rejects.toThrow(/no case/);
    } finally {
      await w.close();
    }
    expect(w.running).toBe(false);
    await expect(w.request({ op: 'memory' })).rejects.toThrow(/closed/);
    await w.close(); // twice is fine
  });

  it('times the training step with the same number of steps on both sides', () => {
    const t = trainOptions({ ...QUICK_OPTIONS, warmup: 20, warmupMs: 500, minSampleMs: 0.2, maxRuns: 500, minRuns: 20 });
    expect(t).toMatchObject({ warmupMs: 0, minSampleMs: 0, minRuns: 20, maxRuns: 20 });
    expect(t.warmup).toBeGreaterThanOrEqual(1);
  });

  it('reports each target as met or missed, for both anchors', () => {
    const r: BenchResult = {
      matmul: [
        { m: 8, k: 32, n: 32, ours_ms: 1, tfjs_ms: 3, speedup: 3, tfjs_wasm_ms: 0.5, speedup_wasm: 0.5 }, // T < 32: no wasm target
        { m: 32, k: 32, n: 8, ours_ms: 1, tfjs_ms: 1.5, speedup: 1.5, tfjs_wasm_ms: 1.2, speedup_wasm: 1.2 },
      ],
      forward: { ours_ms: 1, tfjs_ms: 4, speedup: 4, tfjs_wasm_ms: 2, speedup_wasm: 2, with_trace_ms: 1.5 },
      train_step: { ours_ms: 100, tfjs_ms: 250, speedup: 2.5, tfjs_wasm_ms: 160, speedup_wasm: 1.6 },
    };
    expect(checkTargets(r).map((t) => t.met)).toEqual([false, true, true, false, false, false, true]);
    // on the JS kernels the trace budget is 2 ms
    expect(checkTargets({ ...r, kernels: 'js' })[4]).toMatchObject({ target: '< 2 ms', met: true });
    const table = formatTable(r);
    expect(table).toContain('[MISSED] every matmul speedup vs tfjs-cpu ≥ 2×: min 1.5× at [32×32]·[32×8]');
    expect(table).toContain('[met]    every matmul with T ≥ 32 speedup vs tfjs-wasm ≥ 1×: min 1.2× at [32×32]·[32×8]');
    expect(table).toContain('[met]    forward speedup vs tfjs-cpu');
    expect(table).toContain('[MISSED] forward speedup vs tfjs-wasm ≥ 3×: 2×');
    expect(table).toContain('[MISSED] forward with trace < 1 ms: 1.5 ms');
    expect(table).toContain('[MISSED] train step speedup vs tfjs-cpu');
    expect(table).toContain('[met]    train step speedup vs tfjs-wasm ≥ 1.5×: 1.6×');
    const j = JSON.parse(toJson(r)) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(['matmul', 'forward', 'train_step']);
    expect(j.train_step).toEqual({ ours_ms: 100, tfjs_ms: 250, speedup: 2.5, tfjs_wasm_ms: 160, speedup_wasm: 1.6 });
  });

  it('times beam search of width 4 over exactly 24 tokens on a shipped-size model, and reports it', async () => {
    const { model, src } = beamBenchCase(0);
    expect(model.config).toMatchObject({ dModel: 64, nHead: 4, dimFeedforward: 128, numEncoderLayers: 2, numDecoderLayers: 2 });
    const r = runBeamCase(model, src);
    expect(r.tokens).toHaveLength(24);
    // the beam stays full: 4 live hypotheses expanded by every token but BOS and PAD at every step after the first
    expect(r.tree!.steps.slice(2).every((ids) => ids.length === 4 * (model.config.tgtVocab - 2))).toBe(true);
    const row = await measureBeam(QUICK_OPTIONS);
    expect(row).toMatchObject({ width: 4, tokens: 24 });
    const base: BenchResult = {
      matmul: [{ m: 32, k: 32, n: 32, ours_ms: 1, tfjs_ms: 3, speedup: 3, tfjs_wasm_ms: 1.5, speedup_wasm: 1.5 }],
      forward: { ours_ms: 0.5, tfjs_ms: 4, speedup: 8, tfjs_wasm_ms: 2, speedup_wasm: 4, with_trace_ms: 0.5 },
      train_step: { ours_ms: 100, tfjs_ms: 350, speedup: 3.5, tfjs_wasm_ms: 200, speedup_wasm: 2 },
    };
    const withBeam = { ...base, beam: { width: 4, tokens: 24, ms: 60 } };
    expect(JSON.parse(toJson(withBeam)).beam).toEqual({ width: 4, tokens: 24, ms: 60 });
    const beamTarget = (r: BenchResult) => checkTargets(r).find((t) => t.what.startsWith('beam search'))!;
    expect(checkTargets(withBeam).filter((t) => !t.met).map((t) => t.what)).toEqual(['beam search width 4 over 24 tokens']);
    expect(beamTarget({ ...withBeam, beam: { width: 4, tokens: 24, ms: 12 } }).met).toBe(true);
    expect(formatTable(withBeam)).toContain('[MISSED] beam search width 4 over 24 tokens < 50 ms: 60 ms');
    expect(USAGE).toContain('"beam":{"width","tokens","ms"}');
  });

  it('prints usage for --help and rejects unknown options', async () => {
    expect(USAGE).toContain('--json');
    expect(USAGE).toContain('"train_step"');
    expect(USAGE).toContain('"speedup_wasm"');
    expect(USAGE).toContain('SEQ2SEQ_KERNELS');
    expect(USAGE).toContain('worker thread');
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
