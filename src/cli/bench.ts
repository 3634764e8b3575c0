/**
 * `npm run bench`: our core against @tensorflow/tfjs-core on two backends — the CPU
 * backend (plain JavaScript) and the wasm backend (XNNPACK, WebAssembly SIMD, one
 * thread) — in one process and one run (DESIGN.md, Budgets). Our side runs on the
 * kernel path SEQ2SEQ_KERNELS chooses (WebAssembly SIMD by default; the table names it).
 *
 *   - matmul [T×D]·[D×D] and [T×D]·[D×T] for T ∈ {8, 32, 64}, D ∈ {32, 64, 128};
 *   - a whole forward pass of the 2+2-layer, D 64, 4-head, relu, post-LN model in the
 *     architecture of the shipped models (feed-forward width F 128 = 2·D, the trainer's
 *     DEFAULT_ARCH) on a 16-token source and a 16-token target (batch 1), with the SAME
 *     weights in both, checked to agree (max |Δlogit| < 1e-3) before anything is timed;
 *     the same model with F 256 (= 4·D, the paper's ratio) is timed too, for reference;
 *   - one training step of that model (forward, cross-entropy ignoring pad, backward,
 *     Adam β1 0.9, β2 0.98, ε 1e-9, lr 1e-3) on a batch of 32 sources and targets of 16
 *     tokens (4 rows padded), from the same weights, checked to agree (|Δloss| < 1e-4,
 *     max |Δgrad| < 1e-3) before timing; tfjs differentiates with tf.variableGrads and
 *     updates with tf.train.adam. Both sides then take the same number of steps, so
 *     their weights follow the same path.
 *
 * Each tfjs backend runs in a worker thread of its own (bench_worker.ts), never in the
 * main thread: loading tfjs makes a heap much larger, and our forward pass allocates
 * ~0.7 MB of ArrayBuffers per call, so in a shared heap V8's external-memory-triggered
 * marking runs more often and costs more, and ours measured ~10% slower merely because
 * tfjs was imported. Each library is timed in a heap of its own, still in one process and
 * one run.
 *
 * Every timing: a warm-up, then the median over ≥ 20 samples (bench_timing.ts). A sample
 * times a batch of calls (enough to last ≥ 0.2 ms, so microsecond ops are not lost in the
 * clock) and divides by the batch size; fast ops get more samples (up to 500). Ours and
 * tfjs are sampled alternately: the main thread times one sample of ours, then asks the
 * worker to time one sample of tfjs and waits for the measured ms (the message round
 * trip is outside both timed regions; the two never run at the same time), then the
 * other backend's worker. tfjs calls run in tf.tidy and include reading the result back
 * with dataSync(). The wasm backend has no kernel for the gradient of tf.gather
 * (UnsortedSegmentSum), so its training step looks embeddings up as a one-hot matrix
 * times the table (bench_tfjs.ts); its loss and gradients are checked against ours too.
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Rng, Tensor, backward, crossEntropy, describeKernels, kernelPath, matmul, param } from '../core';
import { DEFAULT_CONFIG, createModel, forward, type ModelConfig } from '../model';
import { Adam, DEFAULT_ARCH } from '../train';
import { buildGemmModule, instantiateSync } from '../core/kernels/gemm_wasm';
import { TfjsWorker, withWorker, type WeightList } from './bench_client';
import type { AdamSettings, TfBackend, TrainBatch } from './bench_tfjs';
import { DEFAULT_OPTIONS, QUICK_OPTIONS, consume, maxAbsDiff, round, timeMedians, type BenchOptions } from './bench_timing';
import { BEAM_BENCH, BEAM_TARGET_MS, measureBeam, type BeamRow } from './bench_beam';

export { DEFAULT_OPTIONS, QUICK_OPTIONS, benchSink, maxAbsDiff, timeMedian, timeMedians, type BenchOptions } from './bench_timing';
export type { AdamSettings, TfBackend, TrainBatch } from './bench_tfjs';

// ------------------------------------------------------------------ options

/**
 * The budgets of DESIGN.md. Against tfjs's CPU backend: every matmul ≥ 2×, forward ≥ 3×,
 * train step ≥ 3×; against its wasm backend: every matmul with T ≥ 32 ≥ 1×, forward ≥ 3×,
 * train step ≥ 1.5×. Forward with the full trace: < 1 ms on the SIMD kernel, < 2 ms on the
 * JS kernels (withTraceBudget).
 */
export const TARGETS = {
  matmulSpeedup: 2, forwardSpeedup: 3, withTraceMs: 2, trainSpeedup: 3,
  matmulSpeedupWasm: 1, matmulMinTWasm: 32, forwardSpeedupWasm: 3, trainSpeedupWasm: 1.5, withTraceMsSimd: 1,
} as const;

/** The with-trace budget for the kernel path that ran. */
export function withTraceBudget(path: 'js' | 'wasm' = kernelPath()): number {
  return path === 'wasm' ? TARGETS.withTraceMsSimd : TARGETS.withTraceMs;
}

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

/** The training step: batch size, and Adam's settings on both sides (the trainer's β and ε, a fixed rate). */
export const TRAIN_BATCH = 32;
export const TRAIN_ADAM: AdamSettings = { lr: 1e-3, beta1: 0.9, beta2: 0.98, eps: 1e-9 };
/** |Δloss| and max |Δgrad| allowed for the first step from the same weights */
export const LOSS_TOLERANCE = 1e-4;
export const GRAD_TOLERANCE = 1e-3;
/**
 * Warm-up steps of the training step: a count, not a time, so that both sides take the same
 * steps. Each side has also run a forward and backward pass for the agreement check, and
 * the first step a sample makes is timed only for the estimate: two more unmeasured steps.
 */
export const TRAIN_WARMUP_STEPS = 1;

// ------------------------------------------------------------------ results

/** tfjs_ms / speedup: the CPU backend; tfjs_wasm_ms / speedup_wasm: the wasm backend (speedup = tfjs / ours). */
export interface Anchored { ours_ms: number; tfjs_ms: number; speedup: number; tfjs_wasm_ms: number; speedup_wasm: number }
export interface MatmulRow extends Anchored { m: number; k: number; n: number }
/** Which product a case is (when T = D both have the same shapes); not part of the JSON. */
export type MatmulKind = 'TD·DD' | 'TD·DT';
export interface MatmulCase { m: number; k: number; n: number; kind: MatmulKind }
export interface ForwardRow extends Anchored { with_trace_ms: number }
export type TrainRow = Anchored;
export interface BenchResult {
  matmul: MatmulRow[];
  forward: ForwardRow;
  train_step: TrainRow;
  /** beam search of width 4 over 24 tokens, ours alone (bench_beam.ts) */
  beam?: BeamRow;
  /** which kernel path our side ran on (absent: the machine's default, wasm) */
  kernels?: 'js' | 'wasm';
}
/** The like-for-like check of the training step, and where both sides ended. */
export interface TrainCheck {
  /** |ours − tfjs| of the first step's loss, and max |Δ| over every gradient element, per backend */
  lossDiff: Record<TfBackend, number>;
  gradDiff: Record<TfBackend, number>;
  /** the loss of the last timed step on each side, and how many steps each took */
  finalLoss: { ours: number } & Record<TfBackend, number>;
  steps: { ours: number } & Record<TfBackend, number>;
}
/** What runBench returns: the JSON's content plus the labels and checks the table prints. */
export interface BenchReport extends BenchResult {
  matmul: (MatmulRow & { kind?: MatmulKind })[];
  /** max |ours − tfjs| of the forward logits, per backend */
  maxAbsDiff: Record<TfBackend, number>;
  /** describeKernels(): our kernel path, its precision, and why */
  kernelsLine: string;
  /** the wasm kernel's copies: each product with its copies against the same on resident operands */
  copies?: CopyRow[];
  /** the same model with F = 4·D, for reference (no target) */
  forwardF4D: ForwardRow;
  train: TrainCheck;
  tfTensorsLeaked: number;
  /** @tensorflow/tfjs-core's version, as the worker loaded it */
  tfjsVersion: string;
  /** whether tfjs got into the main thread after all (it must not: it slows ours; see the header) */
  tfjsInMainThread: boolean;
  /** where it ran: timings from a busy machine are slower (the ratios stay fair, samples interleave) */
  machine: string;
}

function machine(): string {
  const c = cpus();
  return `node ${process.version}, ${c.length} × ${c[0]?.model ?? 'cpu'}, 1-min load average ${loadavg()[0].toFixed(2)}`;
}

function randomTensor(rng: Rng, shape: number[]): Tensor {
  const t = new Tensor(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(-1, 1);
  return t;
}

/** The model's parameters for the worker (copies). */
function weightList(params: Map<string, Tensor>): WeightList {
  return [...params].map(([name, t]) => [name, [...t.shape], Float32Array.from(t.data)]);
}

// ------------------------------------------------------------------ measurements

/** The matmul cases: [T×D]·[D×D] and [T×D]·[D×T] as {m, k, n}. */
export function matmulShapes(): MatmulCase[] {
  const out: MatmulCase[] = [];
  for (const T of T_VALUES) for (const D of D_VALUES) out.push({ m: T, k: D, n: D, kind: 'TD·DD' }, { m: T, k: D, n: T, kind: 'TD·DT' });
  return out;
}

/** One product on the wasm kernel, with its copies in and out, and on operands already in its memory. */
export interface CopyRow { m: number; k: number; n: number; form: 'NN' | 'NT'; product_ms: number; resident_ms: number }

/** The products of the shipped models' forward pass (16 rows, NT: linear) and two larger ones (NN). */
export const COPY_SHAPES: readonly Omit<CopyRow, 'product_ms' | 'resident_ms'>[] = [
  { m: 16, k: 64, n: 192, form: 'NT' }, { m: 16, k: 64, n: 128, form: 'NT' }, { m: 16, k: 128, n: 64, form: 'NT' },
  { m: 64, k: 128, n: 128, form: 'NN' }, { m: 512, k: 64, n: 128, form: 'NN' },
];

/**
 * What copying operands in and out of the wasm kernel's memory costs: WasmGemm.product
 * against the transpose (NT) and kernel alone on operands already in the memory — the
 * least a design sharing memory with the tensors could cost.
 */
export async function measureCopies(opts: Partial<BenchOptions> = {}, shapes = COPY_SHAPES): Promise<CopyRow[]> {
  const o = { ...DEFAULT_OPTIONS, ...opts };
  const w = instantiateSync(buildGemmModule());
  const rng = new Rng(o.seed + 4);
  const rows: CopyRow[] = [];
  for (const { m, k, n, form } of shapes) {
    const a = randomTensor(rng, [m, k]).data, b = randomTensor(rng, [k, n]).data, c = new Float32Array(m * n);
    const product = () => w.product(a, 0, false, b, 0, form === 'NT', c, 0, m, k, n, null, 0, false);
    const resident = w.residentProduct(m, k, n, form === 'NT', (i) => (i % 17) / 17 - 0.5);
    const [product_ms, resident_ms] = await timeMedians([product, resident], o);
    rows.push({ m, k, n, form, product_ms: round(product_ms), resident_ms: round(resident_ms) });
  }
  return rows;
}

/** The two tfjs backends the benchmark compares against, each in a worker thread of its own. */
export type Anchors = Record<TfBackend, TfjsWorker>;
const BACKENDS: readonly TfBackend[] = ['cpu', 'wasm'];

/** Starts one worker per backend (and stops those already started if one fails). */
export async function startAnchors(): Promise<Anchors> {
  const started: TfjsWorker[] = [];
  try {
    for (const b of BACKENDS) started.push(await TfjsWorker.start(b));
  } catch (e) {
    await Promise.all(started.map((w) => w.close()));
    throw e;
  }
  return { cpu: started[0], wasm: started[1] };
}

export async function closeAnchors(a: Anchors): Promise<void> {
  await Promise.all(BACKENDS.map((b) => a[b].close()));
}

/** Runs `fn` with the given anchors, or with workers of its own that it stops afterwards. */
export async function withAnchors<T>(anchors: Anchors | undefined, fn: (a: Anchors) => Promise<T>): Promise<T> {
  if (anchors) return fn(anchors);
  const a = await startAnchors();
  try {
    return await fn(a);
  } finally {
    await closeAnchors(a);
  }
}

/** A case set up on every backend: its id per backend. */
type CaseIds = Record<TfBackend, number>;

async function disposeAll(a: Anchors, ids: Partial<CaseIds>): Promise<void> {
  for (const b of BACKENDS) if (ids[b] !== undefined) await a[b].dispose(ids[b]);
}

/** ours and both backends sampled alternately; the row of medians and speedups. */
async function timeAnchored(ours: () => void, a: Anchors, ids: CaseIds, o: BenchOptions): Promise<Anchored> {
  const [ours_ms, tfjs_ms, tfjs_wasm_ms] = await timeMedians([ours, a.cpu.sampler(ids.cpu), a.wasm.sampler(ids.wasm)], o);
  return {
    ours_ms: round(ours_ms), tfjs_ms: round(tfjs_ms), speedup: round(tfjs_ms / ours_ms),
    tfjs_wasm_ms: round(tfjs_wasm_ms), speedup_wasm: round(tfjs_wasm_ms / ours_ms),
  };
}

export async function measureMatmul(opts: Partial<BenchOptions> = {}, shapes = matmulShapes(), anchors?: Anchors): Promise<(MatmulRow & { kind: MatmulKind })[]> {
  const o = { ...DEFAULT_OPTIONS, ...opts };
  return withAnchors(anchors, async (a) => {
    const rng = new Rng(o.seed + 1);
    const rows: (MatmulRow & { kind: MatmulKind })[] = [];
    for (const { m, k, n, kind } of shapes) {
      const x = randomTensor(rng, [m, k]), y = randomTensor(rng, [k, n]);
      const ours = () => consume(matmul(x, y).data[0]);
      const ids: Partial<CaseIds> = {};
      try {
        for (const b of BACKENDS) {
          const { id, data: their } = await a[b].request({ op: 'matmul', a: { shape: [m, k], data: Float32Array.from(x.data) }, b: { shape: [k, n], data: Float32Array.from(y.data) } });
          ids[b] = id;
          // like for like: both compute the same product
          const diff = maxAbsDiff(matmul(x, y).data, their);
          if (!(diff < TOLERANCE)) throw new Error(`bench: matmul [${m}×${k}]·[${k}×${n}] differs from tfjs (${b}) by ${diff}`);
        }
        rows.push({ kind, m, k, n, ...(await timeAnchored(ours, a, ids as CaseIds, o)) });
      } finally {
        await disposeAll(a, ids);
      }
    }
    return rows;
  });
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
 * The training batch: TRAIN_BATCH seeded rows of SRC_LEN source ids, and a target of
 * TGT_LEN ids ending in EOS, as decoder input (BOS + target without its last id) and
 * targets. Every 8th row is shorter (source 12 ids, target 13) and padded at the end,
 * so padding is masked in attention and ignored by the loss. No row is all padding.
 */
export function trainBatch(c: ModelConfig, seed: number, batch = TRAIN_BATCH): TrainBatch {
  const rng = new Rng(seed + 3);
  const first = Math.max(c.pad, c.bos, c.eos) + 1;
  const padTo = (xs: number[], n: number) => [...xs, ...Array<number>(n - xs.length).fill(c.pad)];
  const out: TrainBatch = { src: [], tgtIn: [], tgtOut: [] };
  for (let b = 0; b < batch; b++) {
    const short = b % 8 === 7;
    const S = short ? SRC_LEN - 4 : SRC_LEN, T = short ? TGT_LEN - 3 : TGT_LEN;
    const tgt = [...Array.from({ length: T - 1 }, () => rng.int(first, c.tgtVocab - 1)), c.eos];
    out.src.push(padTo(Array.from({ length: S }, () => rng.int(first, c.srcVocab - 1)), SRC_LEN));
    out.tgtIn.push(padTo([c.bos, ...tgt.slice(0, -1)], TGT_LEN));
    out.tgtOut.push(padTo(tgt, TGT_LEN));
  }
  return out;
}

/**
 * Checks that the tfjs model gives our logits; throws (loudly) when it does not.
 * Returns the max |Δ| it found.
 */
export async function checkForwardAgreement(opts: Partial<BenchOptions> = {}, worker?: TfjsWorker): Promise<number> {
  const o = { ...DEFAULT_OPTIONS, ...opts };
  return withWorker(worker, async (w) => {
    const model = createModel(BENCH_CONFIG, o.seed);
    const { src, tgtIn } = benchTokens(BENCH_CONFIG, o.seed);
    const { id, data } = await w.request({ op: 'forward', config: BENCH_CONFIG, weights: weightList(model.params), src, tgtIn });
    await w.dispose(id);
    return assertAgreement(forward(model, src, tgtIn, { trace: false }).logits, data);
  });
}

/** max |ours − theirs|; throws unless it is below TOLERANCE (NaN and length mismatch throw too). */
export function assertAgreement(ours: Tensor, theirs: Float32Array): number {
  const diff = maxAbsDiff(ours.data, theirs);
  if (!(diff < TOLERANCE)) {
    throw new Error(`bench: the tfjs model's logits differ from ours by max |Δ| = ${diff} (tolerance ${TOLERANCE}); the comparison would not be like for like`);
  }
  return diff;
}

export async function measureForward(opts: Partial<BenchOptions> = {}, config: ModelConfig = BENCH_CONFIG, anchors?: Anchors): Promise<ForwardRow & { max_abs_diff: Record<TfBackend, number> }> {
  const o = { ...DEFAULT_OPTIONS, ...opts };
  return withAnchors(anchors, async (a) => {
    const model = createModel(config, o.seed);
    const { src, tgtIn } = benchTokens(config, o.seed);
    const ids: Partial<CaseIds> = {};
    try {
      const max_abs_diff = { cpu: NaN, wasm: NaN };
      for (const b of BACKENDS) {
        // the worker converts the weights once, outside timing, and returns its logits
        const { id, data } = await a[b].request({ op: 'forward', config, weights: weightList(model.params), src, tgtIn });
        ids[b] = id;
        max_abs_diff[b] = assertAgreement(forward(model, src, tgtIn, { trace: false }).logits, data);
      }
      const plain = () => consume(forward(model, src, tgtIn, { trace: false }).logits.data[0]);
      const traced = () => consume(forward(model, src, tgtIn, { trace: true }).trace!.size);
      // the comparison: ours and tfjs sampled alternately, so that load hits both alike
      const row = await timeAnchored(plain, a, ids as CaseIds, o);
      // the budget of a forward with the full trace is absolute, not a comparison: timed on
      // its own, as a page runs it, without tfjs flushing the caches between samples
      const [with_trace_ms] = await timeMedians([traced, plain], o);
      return { ...row, with_trace_ms: round(with_trace_ms), max_abs_diff };
    } finally {
      await disposeAll(a, ids);
    }
  });
}

/** Our side of the training step: the model's parameters marked, Adam over them, one batch. */
export function oursTrainer(config: ModelConfig, seed: number, batch: TrainBatch, adam: AdamSettings = TRAIN_ADAM) {
  const model = createModel(config, seed);
  const params = [...model.params.values()].map(param);
  const optimizer = new Adam(params, { beta1: adam.beta1, beta2: adam.beta2, eps: adam.eps });
  const targets = batch.tgtOut.flat();
  const loss = () => crossEntropy(forward(model, batch.src, batch.tgtIn, { trace: false }).logits, targets, { ignoreIndex: config.pad }).loss;
  return {
    model,
    /** loss and every parameter's gradient from the current weights; no update */
    lossAndGrads(): { loss: number; grads: Map<string, Float32Array> } {
      const l = loss();
      backward(l);
      const grads = new Map([...model.params].map(([name, p]) => [name, p.grad ? Float32Array.from(p.grad) : new Float32Array(p.size)]));
      optimizer.zeroGrad();
      return { loss: l.data[0], grads };
    },
    /** one step: forward, loss, backward, Adam update; returns the loss */
    step(): number {
      const l = loss();
      backward(l);
      optimizer.update(adam.lr);
      optimizer.zeroGrad();
      return l.data[0];
    },
  };
}

/** |Δloss| and max |Δgrad| of the two sides; throws unless within LOSS_TOLERANCE and GRAD_TOLERANCE. */
export function assertTrainAgreement(
  ours: { loss: number; grads: Map<string, Float32Array> }, theirs: { loss: number; grads: WeightList }, backend: TfBackend = 'cpu',
): { lossDiff: number; gradDiff: number } {
  const lossDiff = Math.abs(ours.loss - theirs.loss);
  let gradDiff = theirs.grads.length === ours.grads.size ? 0 : Infinity;
  let worst = '';
  for (const [name, , g] of theirs.grads) {
    const mine = ours.grads.get(name);
    const d = mine ? maxAbsDiff(mine, g) : Infinity;
    if (!(d <= gradDiff)) {
      gradDiff = d;
      worst = name;
    }
  }
  if (!(lossDiff < LOSS_TOLERANCE) || !(gradDiff < GRAD_TOLERANCE)) {
    throw new Error(
      `bench: the tfjs (${backend}) training step differs from ours: |Δloss| = ${lossDiff} (tolerance ${LOSS_TOLERANCE}), max |Δgrad| = ${gradDiff}${worst ? ` at ${worst}` : ''} (tolerance ${GRAD_TOLERANCE}); the comparison would not be like for like`,
    );
  }
  return { lossDiff, gradDiff };
}

/** Loss and gradients of the first step from the same weights, on both sides; throws when they disagree. */
export async function checkTrainAgreement(opts: Partial<BenchOptions> = {}, config: ModelConfig = BENCH_CONFIG, worker?: TfjsWorker): Promise<{ lossDiff: number; gradDiff: number }> {
  const o = { ...DEFAULT_OPTIONS, ...opts };
  return withWorker(worker, async (w) => {
    const batch = trainBatch(config, o.seed);
    const ours = oursTrainer(config, o.seed, batch);
    const { id, loss, grads } = await w.request({ op: 'train', config, weights: weightList(ours.model.params), batch, adam: TRAIN_ADAM });
    await w.dispose(id);
    return assertTrainAgreement(ours.lossAndGrads(), { loss, grads }, w.backend);
  });
}

/**
 * Options for the training step: exactly `warmup` warm-up steps (no time rule), one call
 * per sample and minRuns samples, so that both sides take the same number of steps.
 */
export function trainOptions(o: BenchOptions): BenchOptions {
  return { ...o, warmup: Math.max(1, Math.min(o.warmup, TRAIN_WARMUP_STEPS)), warmupMs: 0, minSampleMs: 0, maxRuns: o.minRuns };
}

export async function measureTrainStep(opts: Partial<BenchOptions> = {}, anchors?: Anchors): Promise<TrainRow & TrainCheck> {
  const o = trainOptions({ ...DEFAULT_OPTIONS, ...opts });
  return withAnchors(anchors, async (a) => {
    const batch = trainBatch(BENCH_CONFIG, o.seed);
    const ours = oursTrainer(BENCH_CONFIG, o.seed, batch);
    const first = ours.lossAndGrads();
    const ids: Partial<CaseIds> = {};
    try {
      const lossDiff = { cpu: NaN, wasm: NaN }, gradDiff = { cpu: NaN, wasm: NaN };
      for (const b of BACKENDS) {
        // same weights on both sides; the first step's loss and gradients must agree before timing
        const theirs = await a[b].request({ op: 'train', config: BENCH_CONFIG, weights: weightList(ours.model.params), batch, adam: TRAIN_ADAM });
        ids[b] = theirs.id;
        const d = assertTrainAgreement(first, theirs, b);
        lossDiff[b] = d.lossDiff;
        gradDiff[b] = d.gradDiff;
      }
      let last = NaN, steps = 0;
      const row = await timeAnchored(() => {
        last = ours.step();
        steps++;
        consume(last);
      }, a, ids as CaseIds, o);
      const cpu = await a.cpu.request({ op: 'last', id: ids.cpu! });
      const wasm = await a.wasm.request({ op: 'last', id: ids.wasm! });
      return {
        ...row, lossDiff, gradDiff,
        finalLoss: { ours: last, cpu: cpu.value, wasm: wasm.value }, steps: { ours: steps, cpu: cpu.calls, wasm: wasm.calls },
      };
    } finally {
      await disposeAll(a, ids);
    }
  });
}

/** Whether @tensorflow/tfjs-core was loaded into this thread (its engine lives in a global). */
export function tfjsLoadedHere(): boolean {
  return '_tfengine' in globalThis;
}

/** Everything, with one worker per tfjs backend, shut down at the end (also on failure). */
export async function runBench(opts: Partial<BenchOptions> = {}): Promise<BenchReport> {
  const a = await startAnchors();
  try {
    const before = await Promise.all(BACKENDS.map(async (b) => (await a[b].request({ op: 'memory' })).numTensors));
    const matmulRows = await measureMatmul(opts, matmulShapes(), a);
    const { max_abs_diff, ...fwd } = await measureForward(opts, BENCH_CONFIG, a);
    const { max_abs_diff: _unused, ...fwdF4D } = await measureForward(opts, BENCH_CONFIG_F4D, a);
    const { lossDiff, gradDiff, finalLoss, steps, ...trainRow } = await measureTrainStep(opts, a);
    const after = await Promise.all(BACKENDS.map(async (b) => (await a[b].request({ op: 'memory' })).numTensors));
    const beam = await measureBeam(opts); // ours only (bench_beam.ts)
    return {
      matmul: matmulRows, forward: fwd, train_step: trainRow, beam, forwardF4D: fwdF4D, maxAbsDiff: max_abs_diff,
      train: { lossDiff, gradDiff, finalLoss, steps }, tfTensorsLeaked: after[0] - before[0] + after[1] - before[1],
      tfjsVersion: a.cpu.version, tfjsInMainThread: tfjsLoadedHere(), machine: machine(),
      kernels: kernelPath(), kernelsLine: describeKernels(),
      copies: kernelPath() === 'wasm' ? await measureCopies(opts) : undefined,
    };
  } finally {
    await closeAnchors(a);
  }
}

// ------------------------------------------------------------------ report

/** The documented JSON object (and nothing else). */
export function toJson(r: BenchResult): string {
  const anchored = ({ ours_ms, tfjs_ms, speedup, tfjs_wasm_ms, speedup_wasm }: Anchored) => ({ ours_ms, tfjs_ms, speedup, tfjs_wasm_ms, speedup_wasm });
  return JSON.stringify({
    matmul: r.matmul.map((row) => ({ m: row.m, k: row.k, n: row.n, ...anchored(row) })),
    forward: { ...anchored(r.forward), with_trace_ms: r.forward.with_trace_ms },
    train_step: anchored(r.train_step),
    ...(r.beam ? { beam: { width: r.beam.width, tokens: r.beam.tokens, ms: r.beam.ms } } : {}),
  });
}

export interface TargetCheck { what: string; target: string; value: string; met: boolean }

function worstOf<R extends MatmulRow>(rows: R[], key: 'speedup' | 'speedup_wasm'): R | undefined {
  return rows.reduce<R | undefined>((w, row) => (w === undefined || row[key] < w[key] ? row : w), undefined);
}

function shapeOf(row: MatmulRow): string {
  return `[${row.m}×${row.k}]·[${row.k}×${row.n}]`;
}

export function checkTargets(r: BenchResult): TargetCheck[] {
  const worst = worstOf(r.matmul, 'speedup');
  const bigRows = r.matmul.filter((row) => row.m >= TARGETS.matmulMinTWasm);
  const worstWasm = worstOf(bigRows, 'speedup_wasm');
  const traceBudget = withTraceBudget(r.kernels ?? 'wasm');
  return [
    {
      what: 'every matmul speedup vs tfjs-cpu', target: `≥ ${TARGETS.matmulSpeedup}×`,
      value: worst ? `min ${worst.speedup}× at ${shapeOf(worst)}` : 'n/a',
      met: r.matmul.every((row) => row.speedup >= TARGETS.matmulSpeedup),
    },
    {
      what: `every matmul with T ≥ ${TARGETS.matmulMinTWasm} speedup vs tfjs-wasm`, target: `≥ ${TARGETS.matmulSpeedupWasm}×`,
      value: worstWasm ? `min ${worstWasm.speedup_wasm}× at ${shapeOf(worstWasm)}` : 'n/a',
      met: bigRows.every((row) => row.speedup_wasm >= TARGETS.matmulSpeedupWasm),
    },
    { what: 'forward speedup vs tfjs-cpu', target: `≥ ${TARGETS.forwardSpeedup}×`, value: `${r.forward.speedup}×`, met: r.forward.speedup >= TARGETS.forwardSpeedup },
    { what: 'forward speedup vs tfjs-wasm', target: `≥ ${TARGETS.forwardSpeedupWasm}×`, value: `${r.forward.speedup_wasm}×`, met: r.forward.speedup_wasm >= TARGETS.forwardSpeedupWasm },
    { what: 'forward with trace', target: `< ${traceBudget} ms`, value: `${r.forward.with_trace_ms} ms`, met: r.forward.with_trace_ms < traceBudget },
    { what: 'train step speedup vs tfjs-cpu', target: `≥ ${TARGETS.trainSpeedup}×`, value: `${r.train_step.speedup}×`, met: r.train_step.speedup >= TARGETS.trainSpeedup },
    { what: 'train step speedup vs tfjs-wasm', target: `≥ ${TARGETS.trainSpeedupWasm}×`, value: `${r.train_step.speedup_wasm}×`, met: r.train_step.speedup_wasm >= TARGETS.trainSpeedupWasm },
    ...(r.beam ? [{ what: `beam search width ${r.beam.width} over ${r.beam.tokens} tokens`, target: `< ${BEAM_TARGET_MS} ms`, value: `${r.beam.ms} ms`, met: r.beam.ms < BEAM_TARGET_MS }] : []),
  ];
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function ms(x: number): string {
  return x < 0.1 ? x.toFixed(4) : x < 10 ? x.toFixed(3) : x.toFixed(1);
}

const W = 42;

/** A table row: name, ours, both anchors with their speedups, and the targets. */
function tableRow(name: string, row: Anchored, cpuTarget: number | null, wasmTarget: number | null): string {
  const mark = (speedup: number, target: number | null) => (target === null ? '' : `≥ ${target}× ${speedup >= target ? 'met' : 'MISSED'}`);
  const targets = [mark(row.speedup, cpuTarget), mark(row.speedup_wasm, wasmTarget)].filter((t) => t !== '');
  return `${pad(name, W)}${pad(ms(row.ours_ms), 10, true)}${pad(ms(row.tfjs_ms), 11, true)}${pad(`${row.speedup.toFixed(2)}×`, 9, true)}`
    + `${pad(ms(row.tfjs_wasm_ms), 11, true)}${pad(`${row.speedup_wasm.toFixed(2)}×`, 9, true)}   ${targets.length ? targets.join('; ') : '(no target)'}`;
}

export function formatTable(r: BenchResult & Partial<Pick<BenchReport, 'forwardF4D' | 'maxAbsDiff' | 'train' | 'tfjsVersion' | 'machine' | 'kernelsLine' | 'copies'>> & { matmul: (MatmulRow & { kind?: MatmulKind })[] }): string {
  const lines: string[] = [];
  if (r.machine) {
    lines.push(
      `ours (src/core, kernels: ${r.kernelsLine ?? r.kernels ?? 'wasm'})`,
      `vs @tensorflow/tfjs-core ${r.tfjsVersion ?? ''} on its cpu backend and on its wasm backend (XNNPACK, SIMD, 1 thread), each in a worker thread, a heap of its own`,
      `${r.machine}`,
      'median ms per call; speedup = tfjs / ours', '',
    );
  }
  const head = `${pad('case', W)}${pad('ours ms', 10, true)}${pad('cpu ms', 11, true)}${pad('speedup', 9, true)}${pad('wasm ms', 11, true)}${pad('speedup', 9, true)}   targets (cpu; wasm)`;
  lines.push(head, '-'.repeat(head.length + 14));
  for (const row of r.matmul) {
    const kind = (row.kind ?? (row.n === row.k ? 'TD·DD' : 'TD·DT')) === 'TD·DD' ? '[T×D]·[D×D]' : '[T×D]·[D×T]';
    lines.push(tableRow(`matmul ${kind} ${shapeOf(row)}`, row, TARGETS.matmulSpeedup, row.m >= TARGETS.matmulMinTWasm ? TARGETS.matmulSpeedupWasm : null));
  }
  const f = r.forward;
  lines.push(tableRow(`forward 2+2 D${BENCH_CONFIG.dModel} H${BENCH_CONFIG.nHead} F${BENCH_CONFIG.dimFeedforward}, S${SRC_LEN} T${TGT_LEN}`, f, TARGETS.forwardSpeedup, TARGETS.forwardSpeedupWasm));
  const budget = withTraceBudget(r.kernels ?? 'wasm');
  lines.push(`${pad('forward with full trace (ours)', W)}${pad(ms(f.with_trace_ms), 10, true)}${pad('', 40)}   < ${budget} ms ${f.with_trace_ms < budget ? 'met' : 'MISSED'}`);
  const g = r.forwardF4D;
  if (g) {
    lines.push(tableRow(`  same, F${BENCH_CONFIG_F4D.dimFeedforward} (4·D), for reference`, g, null, null));
    lines.push(`${pad(`  same, F${BENCH_CONFIG_F4D.dimFeedforward}, with full trace`, W)}${pad(ms(g.with_trace_ms), 10, true)}${pad('', 40)}   (no target)`);
  }
  lines.push(tableRow(`train step (fwd+bwd+Adam) B${TRAIN_BATCH} S${SRC_LEN} T${TGT_LEN}`, r.train_step, TARGETS.trainSpeedup, TARGETS.trainSpeedupWasm));
  if (r.beam) {
    const bOk = r.beam.ms < BEAM_TARGET_MS;
    lines.push(`${pad(`beam width ${r.beam.width}, ${r.beam.tokens} tokens, D64 F128 (ours)`, W)}${pad(ms(r.beam.ms), 10, true)}${pad('', 40)}   < ${BEAM_TARGET_MS} ms ${bOk ? 'met' : 'MISSED'}`);
  }
  if (r.maxAbsDiff !== undefined) {
    lines.push('', `tfjs logits agree with ours: max |Δ| = ${r.maxAbsDiff.cpu.toExponential(2)} (cpu), ${r.maxAbsDiff.wasm.toExponential(2)} (wasm) (< ${TOLERANCE})`);
  }
  if (r.train) {
    const c = r.train;
    lines.push(
      `tfjs training step agrees with ours (first step, same weights): |Δloss| = ${c.lossDiff.cpu.toExponential(2)} (cpu), ${c.lossDiff.wasm.toExponential(2)} (wasm) (< ${LOSS_TOLERANCE}), `
        + `max |Δgrad| = ${c.gradDiff.cpu.toExponential(2)} (cpu), ${c.gradDiff.wasm.toExponential(2)} (wasm) (< ${GRAD_TOLERANCE}); the wasm backend's embedding is a one-hot product`,
      `after ${c.steps.ours} steps of ours, ${c.steps.cpu} of tfjs-cpu and ${c.steps.wasm} of tfjs-wasm (lr ${TRAIN_ADAM.lr}), loss ${c.finalLoss.ours.toFixed(5)} vs ${c.finalLoss.cpu.toFixed(5)} (cpu), ${c.finalLoss.wasm.toFixed(5)} (wasm)`,
    );
  }
  if (r.copies && r.copies.length > 0) {
    lines.push('', 'wasm kernel, copying operands in and out (what it does) vs operands already in its memory (the least sharing memory could cost):');
    for (const c of r.copies) {
      const share = (c.product_ms - c.resident_ms) / c.product_ms;
      lines.push(`  ${c.form} [${c.m}×${c.k}]·${c.form === 'NT' ? `[${c.n}×${c.k}]ᵀ` : `[${c.k}×${c.n}]`}: ${ms(c.product_ms)} ms with copies, ${ms(c.resident_ms)} ms resident (copies ${(100 * share).toFixed(0)}% of the product)`);
    }
  }
  lines.push('', 'targets:');
  for (const t of checkTargets(r)) lines.push(`  ${t.met ? '[met]   ' : '[MISSED]'} ${t.what} ${t.target}: ${t.value}`);
  return lines.join('\n');
}

export const USAGE = `usage: npm run bench [-- options]
       tsx src/cli/bench.ts [options]

Times our tensor core against @tensorflow/tfjs-core in one run, on two of its backends:
cpu (plain JavaScript) and wasm (XNNPACK, WebAssembly SIMD, one thread, .wasm files from
node_modules): matmul [T×D]·[D×D] and [T×D]·[D×T] for T in {${T_VALUES.join(', ')}}, D in {${D_VALUES.join(', ')}},
a forward pass of the shipped models' architecture, 2+2 layers, D64, 4 heads, F${BENCH_CONFIG.dimFeedforward}
(S=${SRC_LEN}, T=${TGT_LEN}, batch 1; F${BENCH_CONFIG_F4D.dimFeedforward} is timed too, for reference) with the same
weights (checked to agree within ${TOLERANCE} before timing), and one training step of it
(forward, backward, Adam lr ${TRAIN_ADAM.lr}) on a batch of ${TRAIN_BATCH}, S=${SRC_LEN}, T=${TGT_LEN} (tfjs: tf.variableGrads +
tf.train.adam; on wasm the embedding is a one-hot product, as tfjs-wasm cannot differentiate
gather; loss and gradients checked to agree before timing). Medians of >= 20 samples after
warm-up; ours and both backends are sampled in turn, never at the same time.

Our side runs on the kernel path SEQ2SEQ_KERNELS chooses (wasm: the WebAssembly SIMD
kernel, the default; js: the JavaScript reference kernels); the table names it.
Each tfjs backend runs in a worker thread of the same process, so that it has a heap of
its own: imported into the main thread, tfjs enlarges the heap and makes V8's garbage
collection of our core's buffers slower (~10% on the forward pass).

options:
  --json     also print one JSON object as the last line of stdout:
             {"matmul":[{"m","k","n","ours_ms","tfjs_ms","speedup","tfjs_wasm_ms","speedup_wasm"}],
              "forward":{"ours_ms","tfjs_ms","speedup","tfjs_wasm_ms","speedup_wasm","with_trace_ms"},
              "train_step":{"ours_ms","tfjs_ms","speedup","tfjs_wasm_ms","speedup_wasm"},
              "beam":{"width","tokens","ms"}}
             (tfjs_ms, speedup: the cpu backend; tfjs_wasm_ms, speedup_wasm: the wasm backend; beam: ours alone)
  --quick    tiny repetition counts (smoke test; numbers are not meaningful)
  --strict   exit with status 1 when a target is missed
  --help     print this and exit

targets: vs cpu, every matmul speedup >= ${TARGETS.matmulSpeedup}, forward >= ${TARGETS.forwardSpeedup}, train step >= ${TARGETS.trainSpeedup};
vs wasm, every matmul with T >= ${TARGETS.matmulMinTWasm} >= ${TARGETS.matmulSpeedupWasm}, forward >= ${TARGETS.forwardSpeedupWasm}, train step >= ${TARGETS.trainSpeedupWasm};
forward with trace < ${TARGETS.withTraceMsSimd} ms median on the SIMD kernel (< ${TARGETS.withTraceMs} ms on the JS kernels);
beam search of width ${BEAM_BENCH.width} over ${BEAM_BENCH.tokens} tokens (ours, key/value cache, D64 F128, a ${BEAM_BENCH.srcLen}-token source) < ${BEAM_TARGET_MS} ms median.`;

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
  if (r.tfjsInMainThread) process.stderr.write('bench: warning: tfjs was loaded into the main thread; our timings may be slowed by its heap\n');
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
