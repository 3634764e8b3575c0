/**
 * Linear layer in PyTorch layout: y = x · weightᵀ + bias, weight [out, in].
 * x [..., in] -> y [..., out]. Each output is a dot product of two contiguous
 * rows (kernels/: float64 sums on the JS path, float32 on the WebAssembly path).
 */
import { Tensor, assertShapes, gradOf, needsGrad, record } from './tensor';
import { gemmNN, gemmNT, gemmTN } from './kernels';

export { linearKernel } from './kernels/gemm_js';

/**
 * y = x · weight[rows]ᵀ + bias[rows] for the weight rows [rowStart, rowStart + rowCount)
 * (default: all rows). Multi-head attention uses the range to read the query, key
 * and value blocks of PyTorch's packed in_proj_weight without copying them.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null, rowStart = 0, rowCount = -1): Tensor {
  assertShapes(weight.rank === 2, 'linear', 'weight must be [out, in]', x.shape, weight.shape);
  const inF = weight.shape[1];
  const outF = rowCount < 0 ? weight.shape[0] - rowStart : rowCount;
  if (rowStart < 0 || outF < 0 || rowStart + outF > weight.shape[0]) {
    throw new Error(`linear: weight rows [${rowStart}, ${rowStart + outF}) are outside weight [${weight.shape.join(',')}]`);
  }
  assertShapes(x.rank >= 1 && x.shape[x.rank - 1] === inF, 'linear', 'input features differ from weight [out, in]', x.shape, weight.shape);
  if (bias) {
    assertShapes(bias.rank === 1 && bias.shape[0] === weight.shape[0], 'linear', 'bias must be [out]', weight.shape, bias.shape);
  }
  const rows = x.shape.slice(0, -1).reduce((p, d) => p * d, 1); // not x.size / inF: inF may be 0
  const y = new Tensor([...x.shape.slice(0, -1), outF]);
  // y [rows, out] = x [rows, in] · W[rowStart : rowStart+out] [out, in]ᵀ + b[rowStart : rowStart+out]
  gemmNT(x.data, 0, weight.data, rowStart * inF, y.data, 0, rows, inF, outF, bias ? bias.data : null, rowStart);
  if (!needsGrad(x, weight, bias)) return y;
  const parents = bias ? [x, weight, bias] : [x, weight];
  return record(y, parents, () => {
    const g = y.grad!; // [rows, outF]
    // dX [rows, in] += dY [rows, out] · W[rowStart:rowStart+out] [out, in]
    if (x.requiresGrad) gemmNN(g, 0, weight.data, rowStart * inF, gradOf(x), 0, rows, outF, inF, true);
    // dW[rowStart:rowStart+out] [out, in] += dYᵀ [out, rows] · X [rows, in]
    if (weight.requiresGrad) gemmTN(g, 0, x.data, 0, gradOf(weight), rowStart * inF, outF, rows, inF, true);
    if (bias && bias.requiresGrad) {
      const gb = gradOf(bias);
      for (let r = 0; r < rows; r++) for (let o = 0; o < outF; o++) gb[rowStart + o] += g[r * outF + o];
    }
  });
}
