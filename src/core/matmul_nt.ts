/**
 * a · bᵀ over the last two axes: a [..., M, K], b [..., N, K] -> [..., M, N], batch
 * axes broadcasting as in matmul. Attention scores QKᵀ use it: every score is a dot
 * product of two contiguous rows, so K need not be transposed (copied) by the caller.
 */
import { Tensor, assertShapes, gradOf, needsGrad, record } from './tensor';
import { batchPlan } from './matmul';
import { gemmNN, gemmNT, gemmTN } from './kernels';

export function matmulNT(a: Tensor, b: Tensor): Tensor {
  const { batch, aIdx, bIdx } = batchPlan('matmulNT', a, b);
  const m = a.shape[a.rank - 2], k = a.shape[a.rank - 1];
  const n = b.shape[b.rank - 2], k2 = b.shape[b.rank - 1];
  assertShapes(k === k2, 'matmulNT', 'last dimensions differ', a.shape, b.shape);
  const out = new Tensor([...batch, m, n]);
  for (let bi = 0; bi < aIdx.length; bi++) {
    gemmNT(a.data, aIdx[bi] * m * k, b.data, bIdx[bi] * n * k, out.data, bi * m * n, m, k, n);
  }
  if (!needsGrad(a, b)) return out;
  return record(out, [a, b], () => {
    // dA [M,K] += dOut [M,N] · B [N,K];  dB [N,K] += dOutᵀ [N,M] · A [M,K]
    const g = out.grad!;
    for (let bi = 0; bi < aIdx.length; bi++) {
      if (a.requiresGrad) gemmNN(g, bi * m * n, b.data, bIdx[bi] * n * k, gradOf(a), aIdx[bi] * m * k, m, n, k, true);
      if (b.requiresGrad) gemmTN(g, bi * m * n, a.data, aIdx[bi] * m * k, gradOf(b), bIdx[bi] * n * k, n, m, k, true);
    }
  });
}
