/**
 * Batched matrix product, broadcasting over leading (batch) axes like torch.matmul:
 * a [..., M, K] · b [..., K, N] -> [..., M, N].
 */
import { Tensor, assertShapes, fmtShape, gradOf, needsGrad, record } from './tensor';
import { broadcastShapes, broadcastIndex } from './broadcast';
import { gemmNN, gemmNT, gemmTN } from './kernels';

export { gemm, scratch, transpose2d } from './kernels/gemm_js';

/**
 * The batch layout of a product of two operands whose last two axes are the matrices
 * (shared by matmul and matmulNT): the broadcast batch shape and, for each batch entry,
 * which matrix of a and of b it uses. Shape errors name `op` and both shapes.
 */
export function batchPlan(op: string, a: Tensor, b: Tensor) {
  assertShapes(a.rank >= 2 && b.rank >= 2, op, 'both operands need at least 2 dimensions', a.shape, b.shape);
  const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes(op, batchA, batchB);
  } catch (e) {
    throw new Error(`${op}: batch dimensions do not broadcast, a is ${fmtShape(a.shape)}, b is ${fmtShape(b.shape)}`, { cause: e });
  }
  return { batch, aIdx: broadcastIndex(batchA, batch), bIdx: broadcastIndex(batchB, batch) };
}

/** The plan of a · b: a [..., M, K], b [..., K, N]. */
export function matmulPlan(a: Tensor, b: Tensor) {
  const { batch, aIdx, bIdx } = batchPlan('matmul', a, b);
  const m = a.shape[a.rank - 2], k = a.shape[a.rank - 1];
  const k2 = b.shape[b.rank - 2], n = b.shape[b.rank - 1];
  assertShapes(k === k2, 'matmul', 'inner dimensions differ', a.shape, b.shape);
  return { m, k, n, batch, aIdx, bIdx };
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  const { m, k, n, batch, aIdx, bIdx } = matmulPlan(a, b);
  const out = new Tensor([...batch, m, n]);
  for (let bi = 0; bi < aIdx.length; bi++) {
    gemmNN(a.data, aIdx[bi] * m * k, b.data, bIdx[bi] * k * n, out.data, bi * m * n, m, k, n);
  }
  if (!needsGrad(a, b)) return out;
  return record(out, [a, b], () => {
    // dA [M,K] += dOut [M,N] · B [K,N]ᵀ, dB [K,N] += A [M,K]ᵀ · dOut [M,N], summed over broadcast batch entries
    const g = out.grad!;
    for (let bi = 0; bi < aIdx.length; bi++) {
      if (a.requiresGrad) gemmNT(g, bi * m * n, b.data, bIdx[bi] * k * n, gradOf(a), aIdx[bi] * m * k, m, n, k, null, 0, true);
      if (b.requiresGrad) gemmTN(a.data, aIdx[bi] * m * k, g, bi * m * n, gradOf(b), bIdx[bi] * k * n, k, m, n, true);
    }
  });
}
