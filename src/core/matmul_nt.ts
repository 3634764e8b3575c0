/**
 * a · bᵀ over the last two axes: a [..., M, K], b [..., N, K] -> [..., M, N], batch
 * axes broadcasting as in matmul. Attention scores QKᵀ use it: every score is a dot
 * product of two contiguous rows, so K need not be transposed (copied) first.
 */
import { Tensor, assertShapes, gradOf, needsGrad, record } from './tensor';
import { linearKernel } from './linear';
import { batchPlan, gemm, transpose2d } from './matmul';

export function matmulNT(a: Tensor, b: Tensor): Tensor {
  const { batch, aIdx, bIdx } = batchPlan('matmulNT', a, b);
  const m = a.shape[a.rank - 2], k = a.shape[a.rank - 1];
  const n = b.shape[b.rank - 2], k2 = b.shape[b.rank - 1];
  assertShapes(k === k2, 'matmulNT', 'last dimensions differ', a.shape, b.shape);
  const out = new Tensor([...batch, m, n]);
  for (let bi = 0; bi < aIdx.length; bi++) {
    linearKernel(a.data, m, k, b.data, bIdx[bi] * n, n, null, 0, out.data, aIdx[bi] * m * k, bi * m * n);
  }
  if (!needsGrad(a, b)) return out;
  return record(out, [a, b], () => {
    // dA [M,K] = dOut [M,N] · B [N,K];  dB [N,K] = dOutᵀ [N,M] · A [M,K]
    const g = out.grad!;
    const acc = new Float64Array(Math.max(k, n));
    const tmpA = new Float32Array(m * k), tmpB = new Float32Array(n * k), gt = new Float32Array(n * m);
    for (let bi = 0; bi < aIdx.length; bi++) {
      if (a.requiresGrad) {
        gemm(g, bi * m * n, b.data, bIdx[bi] * n * k, tmpA, 0, m, n, k, acc);
        const ga = gradOf(a), off = aIdx[bi] * m * k;
        for (let i = 0; i < tmpA.length; i++) ga[off + i] += tmpA[i];
      }
      if (b.requiresGrad) {
        transpose2d(g, bi * m * n, m, n, gt);
        gemm(gt, 0, a.data, aIdx[bi] * m * k, tmpB, 0, n, m, k, acc);
        const gb = gradOf(b), off = bIdx[bi] * n * k;
        for (let i = 0; i < tmpB.length; i++) gb[off + i] += tmpB[i];
      }
    }
  });
}
