/**
 * Linear layer in PyTorch layout: y = x · weightᵀ + bias, weight [out, in].
 * x [..., in] -> y [..., out]. Each output is a dot product of two contiguous
 * rows, accumulated in float64.
 */
import { Tensor, assertShapes, gradOf, needsGrad, record } from './tensor';
import { gemm, transpose2d } from './matmul';

/**
 * y[rows, out] (at yOff) = x[rows, in] (at xOff) · w[wRow0 : wRow0 + out, in]ᵀ (+ b[bOff : bOff + out]).
 * A 4×4 register block: four rows of x against four rows of w share every load,
 * sixteen float64 accumulators (JS numbers) per block; edges fall back to plain dots.
 */
export function linearKernel(
  x: Float32Array, rows: number, inF: number, w: Float32Array, wRow0: number, outF: number,
  b: Float32Array | null, bOff: number, y: Float32Array, xOff = 0, yOff = 0,
): void {
  const rows4 = rows - (rows % 4), out4 = outF - (outF % 4);
  for (let r = 0; r < rows4; r += 4) {
    const x0 = xOff + r * inF, x1 = x0 + inF, x2 = x1 + inF, x3 = x2 + inF;
    for (let o = 0; o < out4; o += 4) {
      const w0 = (wRow0 + o) * inF, w1 = w0 + inF, w2 = w1 + inF, w3 = w2 + inF;
      let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
      let a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
      for (let k = 0; k < inF; k++) {
        const p = w[w0 + k], q = w[w1 + k], s = w[w2 + k], t = w[w3 + k];
        let u = x[x0 + k];
        a00 += u * p; a01 += u * q; a02 += u * s; a03 += u * t;
        u = x[x1 + k];
        a10 += u * p; a11 += u * q; a12 += u * s; a13 += u * t;
        u = x[x2 + k];
        a20 += u * p; a21 += u * q; a22 += u * s; a23 += u * t;
        u = x[x3 + k];
        a30 += u * p; a31 += u * q; a32 += u * s; a33 += u * t;
      }
      const b0 = b ? b[bOff + o] : 0, b1 = b ? b[bOff + o + 1] : 0, b2 = b ? b[bOff + o + 2] : 0, b3 = b ? b[bOff + o + 3] : 0;
      let yo = yOff + r * outF + o;
      y[yo] = a00 + b0; y[yo + 1] = a01 + b1; y[yo + 2] = a02 + b2; y[yo + 3] = a03 + b3; yo += outF;
      y[yo] = a10 + b0; y[yo + 1] = a11 + b1; y[yo + 2] = a12 + b2; y[yo + 3] = a13 + b3; yo += outF;
      y[yo] = a20 + b0; y[yo + 1] = a21 + b1; y[yo + 2] = a22 + b2; y[yo + 3] = a23 + b3; yo += outF;
      y[yo] = a30 + b0; y[yo + 1] = a31 + b1; y[yo + 2] = a32 + b2; y[yo + 3] = a33 + b3;
    }
  }
  // edges: the last rows % 4 rows (all outputs), and the last outF % 4 outputs of the blocked rows.
  // Each output is summed in the same order as in the block (k = 0, 1, …, then the bias), so a
  // row's result does not depend on where it falls in the batch: decoding a source alone or
  // within a padded batch gives bit-identical logits.
  for (let r = 0; r < rows; r++) {
    const oFrom = r < rows4 ? out4 : 0;
    const xo = xOff + r * inF, yo = yOff + r * outF;
    for (let o = oFrom; o < outF; o++) {
      const wo = (wRow0 + o) * inF;
      let s = 0;
      for (let k = 0; k < inF; k++) s += x[xo + k] * w[wo + k];
      y[yo + o] = s + (b ? b[bOff + o] : 0);
    }
  }
}

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
  linearKernel(x.data, rows, inF, weight.data, rowStart, outF, bias ? bias.data : null, rowStart, y.data);
  if (!needsGrad(x, weight, bias)) return y;
  const parents = bias ? [x, weight, bias] : [x, weight];
  return record(y, parents, () => {
    const g = y.grad!; // [rows, outF]
    const acc = new Float64Array(Math.max(inF, outF));
    if (x.requiresGrad) {
      // dX [rows, in] += dY [rows, out] · W[rowStart:rowStart+out] [out, in]
      const tmp = new Float32Array(rows * inF);
      gemm(g, 0, weight.data, rowStart * inF, tmp, 0, rows, outF, inF, acc);
      const gx = gradOf(x);
      for (let i = 0; i < tmp.length; i++) gx[i] += tmp[i];
    }
    if (weight.requiresGrad) {
      // dW[rowStart:rowStart+out] [out, in] += dYᵀ [out, rows] · X [rows, in]
      const gt = new Float32Array(outF * rows);
      transpose2d(g, 0, rows, outF, gt);
      const tmp = new Float32Array(outF * inF);
      gemm(gt, 0, x.data, 0, tmp, 0, outF, rows, inF, acc);
      const gw = gradOf(weight), off = rowStart * inF;
      for (let i = 0; i < tmp.length; i++) gw[off + i] += tmp[i];
    }
    if (bias && bias.requiresGrad) {
      const gb = gradOf(bias);
      for (let r = 0; r < rows; r++) for (let o = 0; o < outF; o++) gb[rowStart + o] += g[r * outF + o];
    }
  });
}
