/**
 * `npm run bench`: our core against @tensorflow/tfjs-core on its CPU backend, in one
 * process and one run (DESIGN.md, Budgets).
 *
 *   - matmul [T×D]·[D×D] and [T×D]·[D×T] for T ∈ {8, 32, 64}, D ∈ {32, 64, 128};
 *   - a whole forward pass of the 2+2-layer, D 64, 4-head, relu, post-LN model in the
 *     architecture of the shipped models (feed-forward width F 128 = 2·D, the trainer's
 *     DEFAULT_ARCH) on a 16-token source and a 16-token target (batch 1), with the SAME
 *     weights in both, checked to agree (max |Δlogit| < 1e-3) before anything is timed;
 *     the same model with F 256 (= 4·D, the paper's ratio) is timed too, for reference.
 *
 * Every timing: a warm-up, then the median over ≥ 20 samples. A sample times a batch
 * of calls (enough to last ≥ 0.2 ms, so microsecond ops are not lost in the clock)
 * and divides by the batch size; fast ops get more samples (up to 500). Ours and
 * tfjs are sampled alternately. tfjs calls run in tf.tidy and include reading the
 * result back with dataSync().
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Rng, Tensor, matmul } from '../core';
import { DEFAULT_CONFIG, createModel, forward, type ModelConfig } from '../model';
import { DEFAULT_ARCH } from '../train';
import { disposeTfModel, initTf, tfForwardData, tfModelFrom, tfVersion, toTf } from './bench_tfjs';

// ------------------------------------------------------------------ options

export interface BenchOptions {
  /** warm-up calls before measuring (at least this many, and for at least warmupMs) */
  warmup: number;
  warmupMs: number;
  /** samples whose median is reported */
  minRuns: number;
  maxRuns: number;
  /** target measuring time per case; more samples for fast ops, up to maxRuns */
  budgetMs: number;
  /** a sample repeats the call until it lasts at least this long */
  minSampleMs: number;
  /** model seed (weights) */
  seed: number;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  warmup: 20, warmupMs: 500, minRuns: 20, maxRuns: 500, budgetMs: 400, minSampleMs: 0.2, seed: 0,
};

/** Tiny repetition counts for tests: numbers are meaningless, shapes and agreement are checked. */
export const QUICK_OPTIONS: BenchOptions = {
  warmup: 1, warmupMs: 0, minRuns: 2, maxRuns: 2, budgetMs: 0, minSampleMs: 0, seed: 0,
};

export const TARGETS = { matmulSpeedup: 2, forwardSpeedup: 3, withTraceMs: 2 } as const;

/** The model the forward benchmark runs: the shipped models' architecture (DESIGN.md budget). */
export const BENCH_CONFIG: ModelConfig = {
  ...DEFAULT_CONFIG,
  ...DEFAULT_ARCH,
  dModel: 64, nHead: 4, numEncoderLayers: 2, numDecoderLayers: 2,
};
/** The same with the paper's feed-forward ratio F = 4·D, reported beside it (no target). */
export const BENCH_CONFIG_F4D: ModelConfig = { ...BENCH_CONFIG, dimFeedforward: 4 * BENCH_CONFIG.dModel };
export const SRC_LEN = 16;
export const TGT_LEN = 16;
export const T_VALUES = [8, 32, 64] as const;
export const D_VALUES = [32, 64, 128] as const;
/** max |ours − tfjs| allowed before timing */
export const TOLERANCE = 1e-3;

// ------------------------------------------------------------------ results

export interface MatmulRow { m: number; k: number; n: number; ours_ms: number; tfjs_ms: number; speedup: number }
/** Which product a case is (when T = D both have the same shapes); not part of the JSON. */
export type MatmulKind = 'TD·DD' | 'TD·DT';
export interface MatmulCase { m: number; k: number; n: number; kind: MatmulKind }
export interface ForwardRow { ours_ms: number; tfjs_ms: number; speedup: number; with_trace_ms: number }
export interface BenchResult { matmul: MatmulRow[]; forward: ForwardRow }
/** What runBench returns: the JSON's content plus the labels and checks the table prints. */
export interface BenchReport extends BenchResult {
  matmul: (MatmulRow & { kind?: MatmulKind })[];
  maxAbsDiff: number;
  /** the same model with F = 4·D, for reference (no target) */
  forwardF4D: ForwardRow;
  tfTensorsLeaked: number;
  /** where it ran: timings from a busy machine are slower (the ratios stay fair, samples interleave) */
  machine: string;
}

function machine(): string {
  const c = cpus();
  return `node ${process.version}, ${c.length} × ${c[0]?.model ?? 'cpu'}, 1-min load average ${loadavg()[0].toFixed(2)}`;
}

// ------------------------------------------------------------------ timing

let sink = 0; // results flow here so no call is optimised away

/** The running sum of sampled results (exists so that no timed call is dead code). */
export function benchSink(): number {
  return sink;
}

/**
 * Median ms per call of each function (see the header for the method). The functions'
 * samples are interleaved (a, b, c, a, b, c, …) so that a change in machine load hits
 * all of them alike and their ratio stays fair.
 */
export function timeMedians(fns: readonly (() => void)[], o: BenchOptions): number[] {
  const plans = fns.map((fn) => {
    const w0 = performance.now();
    for (let i = 0; i < o.warmup || performance.now() - w0 < o.warmupMs; i++) fn();
    let n = 0; // estimate one call
    const e0 = performance.now();
    do {
      fn();
      n++;
    } while (performance.now() - e0 < o.minSampleMs && n < 1e6);
    const one = Math.max((performance.now() - e0) / n, 1e-6);
    const inner = Math.max(1, Math.ceil(o.minSampleMs / one));
    return { fn, inner, sampleMs: inner * one };
  });
  const roundMs = plans.reduce((t, p) => t + p.sampleMs, 0);
  const runs = Math.min(o.maxRuns, Math.max(o.minRuns, Math.floor(o.budgetMs * fns.length / roundMs)));
  const samples = plans.map(() => new Float64Array(runs));
  for (let r = 0; r < runs; r++) {
    plans.forEach(({ fn, inner }, f) => {
      const t0 = performance.now();
      for (let i = 0; i < inner; i++) fn();
      samples[f][r] = (performance.now() - t0) / inner;
    });
  }
  return samples.map(median);
}

export function timeMedian(fn: () => void, o: BenchOptions): number {
  return timeMedians([fn], o)[0];
}

function median(xs: Float64Array): number {
  const s = Float64Array.from(xs).sort();
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function randomTensor(rng: Rng, shape: number[]): Tensor {
  const t = new Tensor(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(-1, 1);
  return t;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i] - b[i]);
    if (!(x <= d)) d = x; // NaN propagates as NaN
  }
  return d;
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

// ------------------------------------------------------------------ measurements

/** The matmul cases: [T×D]·[D×D] and [T×D]·[D×T] as {m, k, n}. */
export function matmulShapes(): MatmulCase[] {
  const out: MatmulCase[] = [];
  for (const T of T_VALUES) for (const D of D_VALUES) out.push({ m: T, k: D, n: D, kind: 'TD·DD' }, { m: T, k: D, n: T, kind: 'TD·DT' });
  return out;
}

export async function measureMatmul(opts: Partial<BenchOptions> = {}, shapes = matmulShapes()): Promise<(MatmulRow & { kind: MatmulKind })[]> {
  const o = { ...DEFAULT_OPTIONS, ...opts };
  const tf = await initTf();
  const rng = new Rng(o.seed + 1);
  const rows: (MatmulRow & { kind: MatmulKind })[] = [];
  for (const { m, k, n, kind } of shapes) {
    const a = randomTensor(rng, [m, k]), b = randomTensor(rng, [k, n]);
    const ta = toTf(a), tb = toTf(b);
    const ours = () => {
      sink += matmul(a, b).data[0];
    };
    const theirs = () => {
      tf.tidy(() => {
        sink += tf.matMul(ta, tb).dataSync()[0];
      });
    };
    // like for like: both compute the same product
    const mine = matmul(a, b).data;
    const their = tf.tidy(() => tf.matMul(ta, tb).dataSync());
    const diff = maxAbsDiff(mine, their);
    if (!(diff < TOLERANCE)) throw new Error(`bench: matmul [${m}×${k}]·[${k}×${n}] differs from tfjs by ${diff}`);
    const [ours_ms, tfjs_ms] = timeMedians([ours, theirs], o);
    ta.dispose();
    tb.dispose();
    rows.push({ kind, m, k, n, ours_ms: round(ours_ms), tfjs_ms: round(tfjs_ms), speedup: round(tfjs_ms / ours_ms) });
  }
  return rows;
}

/** Seeded source (16 ids) and decoder input (BOS + 15 ids), no padding, batch 1. */
export function benchTokens(c: ModelConfig, seed: number): { src: number[][]; tgtIn: number[][] } {
  const rng = new Rng(seed + 2);
  const first = Math.max(c.pad, c.bos, c.eos) + 1;
  const src = [Array.from({ length: SRC_LEN }, () => rng.int(first, c.srcVocab - 1))];
  const tgtIn = [[c.bos, ...Array.from({ length: TGT_LEN - 1 }, () => rng.int(first, c.tgtVocab - 1))]];
  return { src, tgtIn };
}

/**
 * Checks that the tfjs model gives our logits; throws (loudly) when it does not.
 * Returns the max |Δ| it found.
 */
export async function checkForwardAgreement(opts: Partial<BenchOptions> = {}): Promise<number> {
  const o = { ...DEFAULT_OPTIONS, ...opts };
  await initTf();
  const model = createModel(BENCH_CONFIG, o.seed);
  const tm = tfModelFrom(BENCH_CONFIG, model.params);
  try {
    const { src, tgtIn } = benchTokens(BENCH_CONFIG, o.seed);
    return assertAgreement(forward(model, src, tgtIn, { trace: false }).logits, tfForwardData(tm, src, tgtIn));
  } finally {
    disposeTfModel(tm);
  }
}

/** max |ours − theirs|; throws unless it is below TOLERANCE (NaN and length mismatch throw too). */
export function assertAgreement(ours: Tensor, theirs: Float32Array): number {
  const diff = maxAbsDiff(ours.data, theirs);
  if (!(diff < TOLERANCE)) {
    throw new Error(`bench: the tfjs model's logits differ from ours by max |Δ| = ${diff} (tolerance ${TOLERANCE}); the comparison would not be like for like`);
  }
  return diff;
}

export async function measureForward(opts: Partial<BenchOptions> = {}, config: ModelConfig = BENCH_CONFIG): Promise<ForwardRow & { max_abs_diff: number }> {
  const o = { ...DEFAULT_OPTIONS, ...opts };
  await initTf();
  const model = createModel(config, o.seed);
  const tm = tfModelFrom(config, model.params); // weights converted once, outside timing
  try {
    const { src, tgtIn } = benchTokens(config, o.seed);
    const max_abs_diff = assertAgreement(forward(model, src, tgtIn, { trace: false }).logits, tfForwardData(tm, src, tgtIn));
    const [ours_ms, with_trace_ms, tfjs_ms] = timeMedians([
      () => {
        sink += forward(model, src, tgtIn, { trace: false }).logits.data[0];
      },
      () => {
        sink += forward(model, src, tgtIn, { trace: true }).trace!.size;
      },
      () => {
        sink += tfForwardData(tm, src, tgtIn)[0];
      },
    ], o);
    return {
      ours_ms: round(ours_ms), tfjs_ms: round(tfjs_ms), speedup: round(tfjs_ms / ours_ms),
      with_trace_ms: round(with_trace_ms), max_abs_diff,
    };
  } finally {
    disposeTfModel(tm);
  }
}

export async function runBench(opts: Partial<BenchOptions> = {}): Promise<BenchReport> {
  const tf = await initTf();
  const before = tf.memory().numTensors;
  const matmulRows = await measureMatmul(opts);
  const { max_abs_diff, ...fwd } = await measureForward(opts);
  const { max_abs_diff: _unused, ...fwdF4D } = await measureForward(opts, BENCH_CONFIG_F4D);
  const leaked = tf.memory().numTensors - before;
  return { matmul: matmulRows, forward: fwd, forwardF4D: fwdF4D, maxAbsDiff: max_abs_diff, tfTensorsLeaked: leaked, machine: machine() };
}

// ------------------------------------------------------------------ report

/** The documented JSON object (and nothing else). */
export function toJson(r: BenchResult): string {
  const matmulRows = r.matmul.map(({ m, k, n, ours_ms, tfjs_ms, speedup }) => ({ m, k, n, ours_ms, tfjs_ms, speedup }));
  const { ours_ms, tfjs_ms, speedup, with_trace_ms } = r.forward;
  return JSON.stringify({ matmul: matmulRows, forward: { ours_ms, tfjs_ms, speedup, with_trace_ms } });
}

export interface TargetCheck { what: string; target: string; value: string; met: boolean }

export function checkTargets(r: BenchResult): TargetCheck[] {
  const worst = r.matmul.reduce((w, row) => (row.speedup < w.speedup ? row : w), r.matmul[0]);
  return [
    {
      what: 'every matmul speedup', target: `≥ ${TARGETS.matmulSpeedup}×`,
      value: worst ? `min ${worst.speedup}× at [${worst.m}×${worst.k}]·[${worst.k}×${worst.n}]` : 'n/a',
      met: r.matmul.every((row) => row.speedup >= TARGETS.matmulSpeedup),
    },
    { what: 'forward speedup', target: `≥ ${TARGETS.forwardSpeedup}×`, value: `${r.forward.speedup}×`, met: r.forward.speedup >= TARGETS.forwardSpeedup },
    { what: 'forward with trace', target: `< ${TARGETS.withTraceMs} ms`, value: `${r.forward.with_trace_ms} ms`, met: r.forward.with_trace_ms < TARGETS.withTraceMs },
  ];
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function ms(x: number): string {
  return x < 0.1 ? x.toFixed(4) : x < 10 ? x.toFixed(3) : x.toFixed(1);
}

export function formatTable(r: BenchResult & { matmul: (MatmulRow & { kind?: MatmulKind })[]; forwardF4D?: ForwardRow; maxAbsDiff?: number; machine?: string }): string {
  const lines: string[] = [];
  if (r.machine) lines.push(`ours (src/core) vs @tensorflow/tfjs-core ${tfVersion()} cpu backend; ${r.machine}`, `median ms per call; speedup = tfjs / ours`, '');
  const W = 42;
  const head = `${pad('case', W)}${pad('ours ms', 11, true)}${pad('tfjs ms', 11, true)}${pad('speedup', 10, true)}   target`;
  lines.push(head, '-'.repeat(head.length + 12));
  for (const row of r.matmul) {
    const kind = (row.kind ?? (row.n === row.k ? 'TD·DD' : 'TD·DT')) === 'TD·DD' ? '[T×D]·[D×D]' : '[T×D]·[D×T]';
    const name = `matmul ${kind} [${row.m}×${row.k}]·[${row.k}×${row.n}]`;
    const ok = row.speedup >= TARGETS.matmulSpeedup;
    lines.push(`${pad(name, W)}${pad(ms(row.ours_ms), 11, true)}${pad(ms(row.tfjs_ms), 11, true)}${pad(`${row.speedup.toFixed(2)}×`, 10, true)}   ≥ ${TARGETS.matmulSpeedup}× ${ok ? 'met' : 'MISSED'}`);
  }
  const f = r.forward;
  const fOk = f.speedup >= TARGETS.forwardSpeedup;
  const arch = `forward 2+2 D${BENCH_CONFIG.dModel} H${BENCH_CONFIG.nHead} F${BENCH_CONFIG.dimFeedforward}, S${SRC_LEN} T${TGT_LEN}`;
  lines.push(`${pad(arch, W)}${pad(ms(f.ours_ms), 11, true)}${pad(ms(f.tfjs_ms), 11, true)}${pad(`${f.speedup.toFixed(2)}×`, 10, true)}   ≥ ${TARGETS.forwardSpeedup}× ${fOk ? 'met' : 'MISSED'}`);
  const tOk = f.with_trace_ms < TARGETS.withTraceMs;
  lines.push(`${pad('forward with full trace (ours)', W)}${pad(ms(f.with_trace_ms), 11, true)}${pad('', 21)}   < ${TARGETS.withTraceMs} ms ${tOk ? 'met' : 'MISSED'}`);
  const g = r.forwardF4D;
  if (g) {
    lines.push(`${pad(`  same, F${BENCH_CONFIG_F4D.dimFeedforward} (4·D), for reference`, W)}${pad(ms(g.ours_ms), 11, true)}${pad(ms(g.tfjs_ms), 11, true)}${pad(`${g.speedup.toFixed(2)}×`, 10, true)}   (no target)`);
    lines.push(`${pad(`  same, F${BENCH_CONFIG_F4D.dimFeedforward}, with full trace`, W)}${pad(ms(g.with_trace_ms), 11, true)}${pad('', 21)}   (no target)`);
  }
  if (r.maxAbsDiff !== undefined) lines.push('', `tfjs logits agree with ours: max |Δ| = ${r.maxAbsDiff.toExponential(2)} (< ${TOLERANCE})`);
  lines.push('', 'targets:');
  for (const t of checkTargets(r)) lines.push(`  ${t.met ? '[met]   ' : '[MISSED]'} ${t.what} ${t.target}: ${t.value}`);
  return lines.join('\n');
}

export const USAGE = `usage: npm run bench [-- options]
       tsx src/cli/bench.ts [options]

Times our tensor core against @tensorflow/tfjs-core (cpu backend) in one run:
matmul [T×D]·[D×D] and [T×D]·[D×T] for T in {${T_VALUES.join(', ')}}, D in {${D_VALUES.join(', ')}},
and a forward pass of the shipped models' architecture, 2+2 layers, D64, 4 heads, F${BENCH_CONFIG.dimFeedforward}
(S=${SRC_LEN}, T=${TGT_LEN}, batch 1; F${BENCH_CONFIG_F4D.dimFeedforward} is timed too, for reference) with the same
weights (checked to agree within ${TOLERANCE} before timing). Medians of >= 20 samples after warm-up.

options:
  --json     also print one JSON object as the last line of stdout:
             {"matmul":[{"m","k","n","ours_ms","tfjs_ms","speedup"}],
              "forward":{"ours_ms","tfjs_ms","speedup","with_trace_ms"}}
  --quick    tiny repetition counts (smoke test; numbers are not meaningful)
  --strict   exit with status 1 when a target is missed
  --help     print this and exit

targets: every matmul speedup >= ${TARGETS.matmulSpeedup}, forward speedup >= ${TARGETS.forwardSpeedup}, forward with trace < ${TARGETS.withTraceMs} ms median.`;

export async function main(argv: string[]): Promise<number> {
  const known = new Set(['--json', '--quick', '--strict', '--help', '-h']);
  const bad = argv.filter((a) => !known.has(a));
  if (bad.length > 0) {
    process.stderr.write(`bench: unknown option ${bad.join(' ')}\n${USAGE}\n`);
    return 2;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const r = await runBench(argv.includes('--quick') ? QUICK_OPTIONS : DEFAULT_OPTIONS);
  process.stdout.write(`${formatTable(r)}\n`);
  if (r.tfTensorsLeaked !== 0) process.stderr.write(`bench: warning: ${r.tfTensorsLeaked} tfjs tensors were not disposed\n`);
  if (argv.includes('--json')) process.stdout.write(`${toJson(r)}\n`);
  return argv.includes('--strict') && checkTargets(r).some((t) => !t.met) ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
