/**
 * BatchNorm with the features on the last axis ("竖着": each feature over every
 * sample and position). For x [N, C] or [B, T, C], statistics are per feature
 * over all other axes, as torch.nn.BatchNorm1d computes them per channel.
 *
 * Training mode normalises with the batch mean and the biased batch variance
 * and updates the running statistics: running = (1 - momentum) * running +
 * momentum * batch, with the *unbiased* variance for running_var (as PyTorch).
 * Eval mode normalises with the running statistics.
 *
 * A batch of one row: every feature's variance is 0 and x - mean = 0, so the
 * output is `bias`. (PyTorch refuses this in training mode; we return `bias` and
 * leave the running variance update at variance 0 instead of dividing by n - 1 = 0.)
 */
import { Tensor, assertShapes, gradOf, needsGrad, record } from './tensor';

export interface BatchNormState {
  runningMean: Tensor;
  runningVar: Tensor;
}

export interface BatchNormResult {
  y: Tensor;
  /** the statistics used to normalise, per feature [C] */
  mean: Tensor;
  var: Tensor;
  /** updated running statistics (training) or the ones given (eval) */
  runningMean: Tensor;
  runningVar: Tensor;
}

export interface BatchNormOptions {
  training: boolean;
  eps?: number;
  momentum?: number;
}

export function batchNorm(
  x: Tensor, weight: Tensor | null, bias: Tensor | null,
  state: BatchNormState | null, opts: BatchNormOptions,
): BatchNormResult {
  if (x.rank < 2) throw new Error(`batchNorm: needs a batch axis and a feature axis, shape is [${x.shape.join(',')}]`);
  const c = x.shape[x.rank - 1];
  const n = x.size / c;
  const eps = opts.eps ?? 1e-5, momentum = opts.momentum ?? 0.1;
  if (weight) assertShapes(weight.rank === 1 && weight.shape[0] === c, 'batchNorm', 'weight must match the feature axis', x.shape, weight.shape);
  if (bias) assertShapes(bias.rank === 1 && bias.shape[0] === c, 'batchNorm', 'bias must match the feature axis', x.shape, bias.shape);
  const rm0 = state ? state.runningMean : new Tensor([c], new Float32Array(c).fill(0));
  const rv0 = state ? state.runningVar : new Tensor([c], new Float32Array(c).fill(1));
  assertShapes(rm0.rank === 1 && rm0.shape[0] === c, 'batchNorm', 'running mean must match the feature axis', x.shape, rm0.shape);
  assertShapes(rv0.rank === 1 && rv0.shape[0] === c, 'batchNorm', 'running var must match the feature axis', x.shape, rv0.shape);
  const src = x.data;
  const mean = new Float64Array(c), variance = new Float64Array(c);
  const runningMean = new Tensor([c]), runningVar = new Tensor([c]);
  if (opts.training) {
    if (n === 0) throw new Error('batchNorm: an empty batch has no statistics');
    for (let r = 0; r < n; r++) for (let j = 0; j < c; j++) mean[j] += src[r * c + j];
    for (let j = 0; j < c; j++) mean[j] /= n;
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < c; j++) {
        const d = src[r * c + j] - mean[j];
        variance[j] += d * d;
      }
    }
    for (let j = 0; j < c; j++) {
      const biased = variance[j] / n;
      variance[j] = biased;
      const unbiased = n > 1 ? (biased * n) / (n - 1) : biased;
      runningMean.data[j] = (1 - momentum) * rm0.data[j] + momentum * mean[j];
      runningVar.data[j] = (1 - momentum) * rv0.data[j] + momentum * unbiased;
    }
  } else {
    for (let j = 0; j < c; j++) {
      mean[j] = rm0.data[j];
      variance[j] = rv0.data[j];
    }
    runningMean.data.set(rm0.data);
    runningVar.data.set(rv0.data);
  }
  const y = new Tensor(x.shape);
  const w = weight ? weight.data : null, b = bias ? bias.data : null;
  const rstd = new Float64Array(c);
  // In training a batch variance of 0 means a constant column (x - mean = 0 exactly): with eps = 0
  // use rstd 0 so the column is `bias`, not 0 · ∞ = NaN.
  for (let j = 0; j < c; j++) rstd[j] = opts.training && variance[j] + eps === 0 ? 0 : 1 / Math.sqrt(variance[j] + eps);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < c; j++) {
      const nrm = (src[r * c + j] - mean[j]) * rstd[j];
      y.data[r * c + j] = (w ? nrm * w[j] : nrm) + (b ? b[j] : 0);
    }
  }
  if (needsGrad(x, weight, bias)) {
    const parents = [x, weight, bias].filter((t): t is Tensor => t !== null);
    const training = opts.training;
    record(y, parents, () => {
      // per feature j over the n rows: x̂ = (x − μ)·rstd, dx̂ = dy·w;
      // training (μ, σ² depend on x): dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)); eval: dx = rstd·dx̂
      const g = y.grad!;
      const gx = x.requiresGrad ? gradOf(x) : null;
      const gw = weight && weight.requiresGrad ? gradOf(weight) : null;
      const gb = bias && bias.requiresGrad ? gradOf(bias) : null;
      const sumD = new Float64Array(c), sumDX = new Float64Array(c);
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < c; j++) {
          const i = r * c + j;
          const xh = (src[i] - mean[j]) * rstd[j];
          const dxh = g[i] * (w ? w[j] : 1);
          sumD[j] += dxh;
          sumDX[j] += dxh * xh;
          if (gw) gw[j] += g[i] * xh;
          if (gb) gb[j] += g[i];
        }
      }
      if (!gx) return;
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < c; j++) {
          const i = r * c + j;
          const dxh = g[i] * (w ? w[j] : 1);
          if (!training) {
            gx[i] += rstd[j] * dxh;
            continue;
          }
          const xh = (src[i] - mean[j]) * rstd[j];
          gx[i] += rstd[j] * (dxh - sumD[j] / n - (xh * sumDX[j]) / n);
        }
      }
    });
  }
  return {
    y,
    mean: new Tensor([c], Float32Array.from(mean)),
    var: new Tensor([c], Float32Array.from(variance)),
    runningMean,
    runningVar,
  };
}
