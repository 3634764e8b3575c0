/**
 * LayerNorm over the last axis ("横着": each token over its own features):
 * y = (x - mean) / sqrt(var + eps) * weight + bias, with the biased variance,
 * exactly as torch.nn.LayerNorm. Statistics are computed in float64.
 * A constant row has x - mean = 0 exactly, so it returns `bias` (never NaN).
 */
import { Tensor, assertShapes, gradOf, needsGrad, record } from './tensor';

export interface LayerNormStats {
  /** per row: mean and 1/sqrt(var + eps) — kept for the trace and for backward */
  mean: number[];
  rstd: number[];
}

export function layerNormWithStats(x: Tensor, weight: Tensor | null, bias: Tensor | null, eps = 1e-5): { y: Tensor } & LayerNormStats {
  if (x.rank === 0) throw new Error('layerNorm: needs at least one axis, shape is []');
  const d = x.shape[x.rank - 1];
  if (weight) assertShapes(weight.rank === 1 && weight.shape[0] === d, 'layerNorm', 'weight must match the last axis', x.shape, weight.shape);
  if (bias) assertShapes(bias.rank === 1 && bias.shape[0] === d, 'layerNorm', 'bias must match the last axis', x.shape, bias.shape);
  const rows = d === 0 ? 0 : x.size / d;
  const y = new Tensor(x.shape);
  // plain arrays live on the JS heap: cheaper than two off-heap buffers per call
  const mean = new Array<number>(rows), rstd = new Array<number>(rows);
  const src = x.data, dst = y.data;
  const w = weight ? weight.data : null, b = bias ? bias.data : null;
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += src[o + j];
    const mu = s / d;
    let v = 0;
    for (let j = 0; j < d; j++) {
      const c = src[o + j] - mu;
      v += c * c;
    }
    const rs = 1 / Math.sqrt(v / d + eps);
    mean[r] = mu;
    rstd[r] = rs;
    if (rs === Infinity) {
      // constant row with eps = 0: x - mean = 0, so the row is `bias` (not 0 · ∞ = NaN)
      for (let j = 0; j < d; j++) dst[o + j] = b ? b[j] : 0;
      continue;
    }
    if (w && b) {
      for (let j = 0; j < d; j++) dst[o + j] = (src[o + j] - mu) * rs * w[j] + b[j];
    } else {
      for (let j = 0; j < d; j++) {
        const nrm = (src[o + j] - mu) * rs;
        dst[o + j] = (w ? nrm * w[j] : nrm) + (b ? b[j] : 0);
      }
    }
  }
  if (needsGrad(x, weight, bias)) {
    const parents = [x, weight, bias].filter((t): t is Tensor => t !== null);
    record(y, parents, () => {
      // x̂ = (x − μ)·rstd, dx̂ = dy·w, dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))
      const g = y.grad!;
      const gx = x.requiresGrad ? gradOf(x) : null;
      const gw = weight && weight.requiresGrad ? gradOf(weight) : null;
      const gb = bias && bias.requiresGrad ? gradOf(bias) : null;
      for (let r = 0; r < rows; r++) {
        const o = r * d, mu = mean[r], rs = rstd[r];
        if (!Number.isFinite(rs)) continue; // constant row with eps = 0: output is bias
        let sumD = 0, sumDX = 0;
        for (let j = 0; j < d; j++) {
          const xh = (src[o + j] - mu) * rs;
          const dxh = g[o + j] * (w ? w[j] : 1);
          sumD += dxh;
          sumDX += dxh * xh;
          if (gw) gw[j] += g[o + j] * xh;
          if (gb) gb[j] += g[o + j];
        }
        if (!gx) continue;
        const mD = sumD / d, mDX = sumDX / d;
        for (let j = 0; j < d; j++) {
          const xh = (src[o + j] - mu) * rs;
          gx[o + j] += rs * (g[o + j] * (w ? w[j] : 1) - mD - xh * mDX);
        }
      }
    });
  }
  return { y, mean, rstd };
}

export function layerNorm(x: Tensor, weight: Tensor | null, bias: Tensor | null, eps = 1e-5): Tensor {
  return layerNormWithStats(x, weight, bias, eps).y;
}
