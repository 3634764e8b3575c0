/**
 * Batched matrix product, broadcasting over leading (batch) axes like torch.matmul:
 * a [..., M, K] · b [..., K, N] -> [..., M, N].
 */
import { Tensor, assertShapes, fmtShape } from './tensor';
import { broadcastShapes, broadcastIndex } from './broadcast';

/** out[M,N] (at outOff) = a[M,K] (at aOff) · b[K,N] (at bOff); float64 accumulation. */
export function gemm(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, out: Float32Array, outOff: number,
  m: number, k: number, n: number, acc: Float64Array,
): void {
  for (let i = 0; i < m; i++) {
    acc.fill(0, 0, n);
    const ar = aOff + i * k;
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const a0 = a[ar + p], a1 = a[ar + p + 1], a2 = a[ar + p + 2], a3 = a[ar + p + 3];
      const b0 = bOff + p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        acc[j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
    }
    for (; p < k; p++) {
      const a0 = a[ar + p];
      const b0 = bOff + p * n;
      for (let j = 0; j < n; j++) acc[j] += a0 * b[b0 + j];
    }
    const or = outOff + i * n;
    for (let j = 0; j < n; j++) out[or + j] = acc[j];
  }
}

/** Shared by matmul and its backward: batch layout of a broadcast product. */
export function matmulPlan(a: Tensor, b: Tensor) {
  assertShapes(a.rank >= 2 && b.rank >= 2, 'matmul', 'both operands need at least 2 dimensions', a.shape, b.shape);
  const m = a.shape[a.rank - 2], k = a.shape[a.rank - 1];
  const k2 = b.shape[b.rank - 2], n = b.shape[b.rank - 1];
  assertShapes(k === k2, 'matmul', 'inner dimensions differ', a.shape, b.shape);
  const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes('matmul', batchA, batchB);
  } catch {
    throw new Error(`matmul: batch dimensions do not broadcast, a is ${fmtShape(a.shape)}, b is ${fmtShape(b.shape)}`);
  }
  const aIdx = broadcastIndex(batchA, batch);
  const bIdx = broadcastIndex(batchB, batch);
  return { m, k, n, batch, aIdx, bIdx };
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  const { m, k, n, batch, aIdx, bIdx } = matmulPlan(a, b);
  const out = new Tensor([...batch, m, n]);
  const acc = new Float64Array(n);
  for (let bi = 0; bi < aIdx.length; bi++) {
    gemm(a.data, aIdx[bi] * m * k, b.data, bIdx[bi] * k * n, out.data, bi * m * n, m, k, n, acc);
  }
  return out;
}
