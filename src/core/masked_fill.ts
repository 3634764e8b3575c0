/**
 * Writes `value` wherever the (broadcast) mask is true — the "masked scores" of
 * attention, where future or pad positions become -Infinity before softmax.
 */
import { Tensor, gradOf, needsGrad, record } from './tensor';
import { Mask } from './mask';
import { broadcastRowOffsets } from './broadcast';

export function maskedFill(x: Tensor, mask: Mask, value: number): Tensor {
  const n = x.shape[x.rank - 1];
  const rows = n === 0 ? 0 : x.size / n;
  const mOff = broadcastRowOffsets('maskedFill', mask.shape, x.shape);
  const out = new Tensor(x.shape, x.data.slice());
  const md = mask.data, dst = out.data;
  for (let r = 0; r < rows; r++) {
    const o = r * n, mo = mOff[r];
    for (let j = 0; j < n; j++) if (md[mo + j]) dst[o + j] = value;
  }
  if (!needsGrad(x)) return out;
  return record(out, [x], () => {
    const g = out.grad!, gx = gradOf(x);
    for (let r = 0; r < rows; r++) {
      const o = r * n, mo = mOff[r];
      for (let j = 0; j < n; j++) if (!md[mo + j]) gx[o + j] += g[o + j];
    }
  });
}
