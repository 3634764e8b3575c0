/**
 * Log-softmax over the last axis: x - max - log(sum(exp(x - max))), with the
 * same optional mask as softmax. Masked entries are -Infinity (log 0); a fully
 * masked row is all -Infinity. Never NaN for finite or masked inputs.
 */
import { Tensor, gradOf, needsGrad, record } from './tensor';
import { Mask } from './mask';
import { broadcastRowOffsets } from './broadcast';

export function logSoftmax(x: Tensor, mask?: Mask | null): Tensor {
  if (x.rank === 0) throw new Error('logSoftmax: needs at least one axis, shape is []');
  const n = x.shape[x.rank - 1];
  const rows = n === 0 ? 0 : x.size / n;
  const out = new Tensor(x.shape);
  const src = x.data, dst = out.data;
  const mOff = mask ? broadcastRowOffsets('logSoftmax', mask.shape, x.shape) : null;
  const md = mask ? mask.data : null;
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    const mo = mOff ? mOff[r] : 0;
    let max = -Infinity;
    for (let j = 0; j < n; j++) {
      if (md && md[mo + j]) continue;
      if (src[o + j] > max) max = src[o + j];
    }
    if (max === -Infinity) {
      dst.fill(-Infinity, o, o + n);
      continue;
    }
    let sum = 0;
    for (let j = 0; j < n; j++) if (!(md && md[mo + j])) sum += Math.exp(src[o + j] - max);
    const lse = max + Math.log(sum);
    for (let j = 0; j < n; j++) dst[o + j] = md && md[mo + j] ? -Infinity : src[o + j] - lse;
  }
  if (!needsGrad(x)) return out;
  return record(out, [x], () => {
    // dx = dy − softmax(x) · Σ dy over the unmasked entries; masked entries get none
    const g = out.grad!, gx = gradOf(x);
    for (let r = 0; r < rows; r++) {
      const o = r * n;
      const mo = mOff ? mOff[r] : 0;
      let sum = 0;
      for (let j = 0; j < n; j++) if (!(md && md[mo + j]) && dst[o + j] !== -Infinity) sum += g[o + j];
      for (let j = 0; j < n; j++) {
        if ((md && md[mo + j]) || dst[o + j] === -Infinity) continue;
        gx[o + j] += g[o + j] - Math.exp(dst[o + j]) * sum;
      }
    }
  });
}
