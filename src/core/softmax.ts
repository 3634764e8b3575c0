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
    let max = -Infinity;
    if (md && mOff) {
      const mo = mOff[r];
      for (let j = 0; j < n; j++) if (md[mo + j] === 0 && src[o + j] > max) max = src[o + j];
      if (max === -Infinity) continue; // fully masked (or all −∞): zeros, never NaN; dst is already zero
      let sum = 0;
      for (let j = 0; j < n; j++) {
        if (md[mo + j] !== 0) continue;
        const e = Math.exp(src[o + j] - max);
        dst[o + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let j = 0; j < n; j++) dst[o + j] *= inv;
    } else {
      for (let j = 0; j < n; j++) if (src[o + j] > max) max = src[o + j];
      if (max === -Infinity) continue;
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(src[o + j] - max);
        dst[o + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let j = 0; j < n; j++) dst[o + j] *= inv;
    }
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
