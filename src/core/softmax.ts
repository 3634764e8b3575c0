/**
 * Softmax over the last axis, with an optional boolean mask (true = masked out)
 * that broadcasts over the leading axes (e.g. a [B,1,T,T] mask on [B,H,T,T] scores).
 *
 * Numerically honest: the row maximum is subtracted before exp, so logits of
 * ±1e4 stay finite; masked entries are exactly 0; a fully masked row is all
 * zeros (PyTorch gives NaN there).
 */
import { Tensor, gradOf, needsGrad, record } from './tensor';
import { Mask } from './mask';
import { broadcastRowOffsets } from './broadcast';

export function softmax(x: Tensor, mask?: Mask | null): Tensor {
  if (x.rank === 0) throw new Error('softmax: needs at least one axis, shape is []');
  const n = x.shape[x.rank - 1];
  const rows = n === 0 ? 0 : x.size / n;
  const out = new Tensor(x.shape);
  const src = x.data, dst = out.data;
  const mOff = mask ? broadcastRowOffsets('softmax', mask.shape, x.shape) : null;
  const md = mask ? mask.data : null;
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    const mo = mOff ? mOff[r] : 0;
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      if (md && md[mo + j]) continue;
      const v = src[o + j];
      if (v > max) max = v;
    }
    if (max === -Infinity) {
      // fully masked (or all -inf): zeros, never NaN. dst is already zero.
      continue;
    }
    let sum = 0;
    for (let j = 0; j < n; j++) {
      if (md && md[mo + j]) continue;
      const e = Math.exp(src[o + j] - max);
      dst[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < n; j++) dst[o + j] *= inv;
  }
  if (!needsGrad(x)) return out;
  return record(out, [x], () => {
    // dx = y ⊙ (dy − Σ_j y_j dy_j); masked entries have y = 0 and get no gradient
    const g = out.grad!, gx = gradOf(x);
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += dst[o + j] * g[o + j];
      for (let j = 0; j < n; j++) gx[o + j] += dst[o + j] * (g[o + j] - dot);
    }
  });
}
