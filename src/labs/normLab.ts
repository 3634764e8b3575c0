/**
 * BatchNorm vs LayerNorm as data: the presets of the lab and one run of the
 * core's own ops over a small matrix. BatchNorm groups each feature down its
 * column over every sample and position (竖着); LayerNorm groups each row (one
 * sample, one token) over its features (横着). No React here.
 */
import { Tensor, batchNorm, layerNormWithStats, tensor } from '../core';

export const NORM_KINDS = ['bn', 'ln'] as const;
export type NormKind = (typeof NORM_KINDS)[number];

/** The BatchNorm-vs-LayerNorm presets, in the order the lab lists them. */
export const NORM_PRESETS = ['scales', 'outlier', 'single', 'padding', 'running'] as const;
export type NormPresetId = (typeof NORM_PRESETS)[number];

/** BatchNorm's mode: training normalises with the batch's statistics, eval with the running ones. */
export const NORM_MODES = ['train', 'eval'] as const;
export type NormMode = (typeof NORM_MODES)[number];

/** ε of both norms, as torch.nn.BatchNorm1d and torch.nn.LayerNorm default. */
export const NORM_EPS = 1e-5;
/** BatchNorm's running-statistics momentum (PyTorch's default). */
export const NORM_MOMENTUM = 0.1;

export interface RunningStats {
  mean: number[];
  var: number[];
}

export interface NormPreset {
  id: NormPresetId;
  /** a plain batch (rows are samples) or a batch of token sequences (B × T × D, rows are tokens) */
  layout: 'matrix' | 'sequence';
  values: number[][];
  gamma: number[];
  beta: number[];
  /** sequence layout: tokens per sequence (T); rows = B · T */
  seqLen?: number;
  /** sequence layout: which rows are padding */
  pad?: boolean[];
  /** the running statistics BatchNorm starts from (PyTorch starts at mean 0, variance 1) */
  running?: RunningStats;
}

const ones = (n: number) => new Array<number>(n).fill(1);
const zeros = (n: number) => new Array<number>(n).fill(0);

export const NORM_PRESETS_DATA: Record<NormPresetId, NormPreset> = {
  // age in years, income per month, a rate, a yes/no flag: four very different scales
  scales: {
    id: 'scales',
    layout: 'matrix',
    values: [
      [23, 4200, 0.012, 1],
      [35, 5100, 0.02, 0],
      [47, 3900, 0.008, 1],
      [52, 6100, 0.031, 0],
      [29, 4800, 0.015, 1],
    ],
    gamma: ones(4),
    beta: zeros(4),
  },
  // four ordinary samples and one far away
  outlier: {
    id: 'outlier',
    layout: 'matrix',
    values: [
      [1.0, 0.5, -0.3, 0.8],
      [0.7, -0.2, 0.4, 1.1],
      [-0.5, 0.9, 0.2, -0.1],
      [0.3, 0.1, -0.8, 0.6],
      [25, 18, 30, 22],
    ],
    gamma: ones(4),
    beta: zeros(4),
  },
  single: {
    id: 'single',
    layout: 'matrix',
    values: [[0.5, 2.0, -1.0, 3.0]],
    gamma: ones(4),
    beta: zeros(4),
  },
  // two sentences of 4 tokens × 3 features; the second has only 2 real tokens, then 2 pads (zeros)
  padding: {
    id: 'padding',
    layout: 'sequence',
    seqLen: 4,
    values: [
      [2.1, 3.0, 1.2],
      [1.8, 2.6, 0.9],
      [2.5, 3.4, 1.5],
      [1.6, 2.2, 1.1],
      [2.3, 2.8, 1.3],
      [1.9, 3.1, 0.8],
      [0, 0, 0],
      [0, 0, 0],
    ],
    pad: [false, false, false, false, false, false, true, true],
    gamma: ones(3),
    beta: zeros(3),
  },
  running: {
    id: 'running',
    layout: 'matrix',
    values: [
      [5, 10, -3],
      [7, 12, -1],
      [6, 9, -2],
      [8, 11, 0],
    ],
    gamma: ones(3),
    beta: zeros(3),
    running: { mean: zeros(3), var: ones(3) },
  },
};

export interface GroupStat {
  mean: number;
  /** √(variance + ε): what the group is divided by */
  std: number;
}

export interface NormOutcome {
  /** rows × cols, the same shape as the input */
  output: number[][];
  /** one per group: per column for BatchNorm, per row for LayerNorm */
  stats: GroupStat[];
  /** BatchNorm with padding: the statistics over the real tokens only (what they would be without the pads) */
  cleanStats?: GroupStat[];
  /** BatchNorm in training: the running statistics after this batch */
  runningAfter?: RunningStats;
}

export interface NormOptions {
  /** BatchNorm: training (batch statistics) or eval (running statistics); LayerNorm ignores it */
  training: boolean;
  running?: RunningStats;
  /** sequence layout: tokens per sequence, so the tensor is [B, T, D] */
  seqLen?: number;
  pad?: boolean[];
}

function toTensor(values: number[][], seqLen?: number): Tensor {
  const rows = values.length, cols = rows > 0 ? values[0].length : 0;
  const flat = values.flat();
  if (seqLen && seqLen > 0 && rows % seqLen === 0) return tensor([rows / seqLen, seqLen, cols], flat); // [B,T,D]
  return tensor([rows, cols], flat); // [N,C]
}

function toRows(t: Tensor, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from(t.data.subarray(r * cols, (r + 1) * cols)));
}

/** Normalises `values` with the core's batchNorm or layerNorm; every number comes from the core. */
export function runNorm(kind: NormKind, values: number[][], gamma: number[], beta: number[], opts: NormOptions): NormOutcome {
  const rows = values.length, cols = rows > 0 ? values[0].length : 0;
  if (rows === 0 || cols === 0) throw new Error(`runNorm: the matrix is empty (${rows} × ${cols})`);
  const x = toTensor(values, opts.seqLen);
  const w = tensor([cols], gamma), b = tensor([cols], beta);
  if (kind === 'ln') {
    const r = layerNormWithStats(x, w, b, NORM_EPS); // y [.., D], mean/rstd per row
    const stats = Array.from(r.mean, (m, i) => ({ mean: m, std: 1 / r.rstd[i] }));
    return { output: toRows(r.y, rows, cols), stats };
  }
  const state = opts.running ? { runningMean: tensor([cols], opts.running.mean), runningVar: tensor([cols], opts.running.var) } : null;
  const r = batchNorm(x, w, b, state, { training: opts.training, eps: NORM_EPS, momentum: NORM_MOMENTUM }); // y [.., C], stats [C]
  const stats = Array.from(r.mean.data, (m, j) => ({ mean: m, std: Math.sqrt(r.var.data[j] + NORM_EPS) }));
  const out: NormOutcome = { output: toRows(r.y, rows, cols), stats };
  if (opts.training) out.runningAfter = { mean: Array.from(r.runningMean.data), var: Array.from(r.runningVar.data) };
  if (opts.pad && opts.pad.some((p) => p) && opts.pad.some((p) => !p)) {
    const real = values.filter((_, i) => !opts.pad![i]);
    const c = batchNorm(tensor([real.length, cols], real.flat()), null, null, null, { training: true, eps: NORM_EPS });
    out.cleanStats = Array.from(c.mean.data, (m, j) => ({ mean: m, std: Math.sqrt(c.var.data[j] + NORM_EPS) }));
  }
  return out;
}

/** The running statistics after one training step of BatchNorm on `values` (the core's update, momentum 0.1). */
export function trainingStep(values: number[][], running: RunningStats, seqLen?: number): RunningStats {
  const cols = values[0].length;
  const r = batchNorm(
    toTensor(values, seqLen), null, null,
    { runningMean: tensor([cols], running.mean), runningVar: tensor([cols], running.var) },
    { training: true, eps: NORM_EPS, momentum: NORM_MOMENTUM },
  );
  return { mean: Array.from(r.runningMean.data), var: Array.from(r.runningVar.data) };
}

/** Resizes γ or β to `n` features: keeps the first values, new features get `fill`. */
export function resizeVector(v: number[], n: number, fill: number): number[] {
  return Array.from({ length: n }, (_, i) => (i < v.length ? v[i] : fill));
}

/**
 * Where BatchNorm's running statistics settle after many training steps on the
 * same batch: the batch mean, and the batch's *unbiased* variance
 * (Σ(x − μ)² / (n − 1), PyTorch's update), which is n/(n − 1) times the biased
 * variance that training divides by. `n` counts every row (B·T for sequences).
 */
export function settledRunning(values: number[][]): RunningStats {
  const n = values.length, cols = n > 0 ? values[0].length : 0;
  const mean: number[] = [], variance: number[] = [];
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[i][j];
    const m = s / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (values[i][j] - m) ** 2;
    mean.push(m);
    variance.push(n > 1 ? v / (n - 1) : 0);
  }
  return { mean, var: variance };
}

/**
 * Eval output ÷ training output once the running statistics have settled (ε aside):
 * eval divides by √(n/(n − 1) · σ²) where training divides by √σ², so eval gives
 * √((n − 1)/n) of the training output, never the same. 1 for n ≤ 1.
 */
export function evalSettleRatio(n: number): number {
  return n > 1 ? Math.sqrt((n - 1) / n) : 1;
}
