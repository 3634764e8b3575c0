/** Permute axes (torch.permute) and transpose of two axes; both copy into row-major order. */
import { Tensor, fmtShape, normAxis, stridesOf, gradOf, needsGrad, record } from './tensor';

function permuteForward(x: Tensor, axes: readonly number[]): Tensor {
  const r = x.rank;
  if (axes.length !== r) throw new Error(`permute: ${axes.length} axes given for a tensor of shape ${fmtShape(x.shape)}`);
  const perm = axes.map((a) => normAxis(a, r, 'permute'));
  if (new Set(perm).size !== r) throw new Error(`permute: axes [${axes.join(',')}] are not a permutation`);
  const outShape = perm.map((a) => x.shape[a]);
  const inStrides = stridesOf(x.shape);
  const s = perm.map((a) => inStrides[a]); // input stride of each output axis
  const out = new Tensor(outShape);
  const n = out.size;
  if (n === 0) return out;
  const src = x.data, dst = out.data;
  // Innermost two axes unrolled; the rest walked with a counter.
  const last = r - 1;
  if (r === 0) {
    dst[0] = src[0];
    return out;
  }
  const nLast = outShape[last], sLast = s[last];
  const counter = new Array<number>(r).fill(0);
  let base = 0;
  for (let o = 0; o < n; o += nLast) {
    for (let j = 0; j < nLast; j++) dst[o + j] = src[base + j * sLast];
    for (let ax = last - 1; ax >= 0; ax--) {
      counter[ax]++;
      base += s[ax];
      if (counter[ax] < outShape[ax]) break;
      base -= s[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return out;
}

export function permute(x: Tensor, axes: readonly number[]): Tensor {
  const out = permuteForward(x, axes);
  if (!needsGrad(x)) return out;
  return record(out, [x], () => {
    // the gradient goes back through the inverse permutation
    const perm = axes.map((a) => normAxis(a, x.rank, 'permute'));
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    const back = permuteForward(new Tensor(out.shape, out.grad!), inverse);
    const gx = gradOf(x);
    for (let i = 0; i < gx.length; i++) gx[i] += back.data[i];
  });
}

/** Swaps two axes (by default the last two). */
export function transpose(x: Tensor, a = -2, b = -1): Tensor {
  const r = x.rank;
  const i = normAxis(a, r, 'transpose'), j = normAxis(b, r, 'transpose');
  const axes = [...Array(r).keys()];
  axes[i] = j;
  axes[j] = i;
  return permute(x, axes);
}
