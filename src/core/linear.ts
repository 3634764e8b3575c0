/**
 * Linear layer in PyTorch layout: y = x · weightᵀ + bias, weight [out, in].
 * x [..., in] -> y [..., out]. Each output is a dot product of two contiguous
 * rows, accumulated in float64.
 */
import { Tensor, assertShapes } from './tensor';

/** y[rows, out] = x[rows, in] · w[out, in]ᵀ (+ b), w rows taken from `wRow0`. */
export function linearKernel(
  x: Float32Array, rows: number, inF: number, w: Float32Array, wRow0: number, outF: number,
  b: Float32Array | null, bOff: number, y: Float32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const xo = r * inF, yo = r * outF;
    for (let o = 0; o < outF; o++) {
      const wo = (wRow0 + o) * inF;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let k = 0;
      for (; k + 3 < inF; k += 4) {
        s0 += x[xo + k] * w[wo + k];
        s1 += x[xo + k + 1] * w[wo + k + 1];
        s2 += x[xo + k + 2] * w[wo + k + 2];
        s3 += x[xo + k + 3] * w[wo + k + 3];
      }
      for (; k < inF; k++) s0 += x[xo + k] * w[wo + k];
      y[yo + o] = s0 + s1 + s2 + s3 + (b ? b[bOff + o] : 0);
    }
  }
}

export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  assertShapes(weight.rank === 2, 'linear', 'weight must be [out, in]', x.shape, weight.shape);
  const [outF, inF] = weight.shape;
  assertShapes(x.rank >= 1 && x.shape[x.rank - 1] === inF, 'linear', 'input features differ from weight [out, in]', x.shape, weight.shape);
  if (bias) assertShapes(bias.rank === 1 && bias.shape[0] === outF, 'linear', 'bias must be [out]', weight.shape, bias.shape);
  const rows = inF === 0 ? 0 : x.size / inF;
  const y = new Tensor([...x.shape.slice(0, -1), outF]);
  linearKernel(x.data, rows, inF, weight.data, 0, outF, bias ? bias.data : null, 0, y.data);
  return y;
}
