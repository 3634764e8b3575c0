/**
 * Batched matrix product, broadcasting over leading (batch) axes like torch.matmul:
 * a [..., M, K] · b [..., K, N] -> [..., M, N].
 */
import { Tensor, assertShapes, fmtShape, gradOf, needsGrad, record } from './tensor';
import { broadcastShapes, broadcastIndex } from './broadcast';

/**
 * out[M,N] (at outOff) = a[M,K] (at aOff) · b[K,N] (at bOff).
 * A 4×4 register block (four rows of a, four columns of b, sixteen float64
 * accumulators) shares every load; the edges use a row-times-matrix loop with a
 * float64 accumulator row `acc` (length ≥ N).
 */
export function gemm(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, out: Float32Array, outOff: number,
  m: number, k: number, n: number, acc: Float64Array,
): void {
  const m4 = m - (m % 4), n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = aOff + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let bo = bOff + j;
      for (let p = 0; p < k; p++, bo += n) {
        const p0 = b[bo], p1 = b[bo + 1], p2 = b[bo + 2], p3 = b[bo + 3];
        let u = a[a0 + p];
        c00 += u * p0; c01 += u * p1; c02 += u * p2; c03 += u * p3;
        u = a[a1 + p];
        c10 += u * p0; c11 += u * p1; c12 += u * p2; c13 += u * p3;
        u = a[a2 + p];
        c20 += u * p0; c21 += u * p1; c22 += u * p2; c23 += u * p3;
        u = a[a3 + p];
        c30 += u * p0; c31 += u * p1; c32 += u * p2; c33 += u * p3;
      }
      let o = outOff + i * n + j;
      out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03; o += n;
      out[o] = c10; out[o + 1] = c11; out[o + 2] = c12; out[o + 3] = c13; o += n;
      out[o] = c20; out[o + 1] = c21; out[o + 2] = c22; out[o + 3] = c23; o += n;
      out[o] = c30; out[o + 1] = c31; out[o + 2] = c32; out[o + 3] = c33;
    }
  }
  // edges: rows m4..m-1 over all columns, and columns n4..n-1 of rows 0..m4-1
  for (let i = 0; i < m; i++) {
    const jFrom = i < m4 ? n4 : 0;
    if (jFrom >= n) continue;
    acc.fill(0, jFrom, n);
    const ar = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const u = a[ar + p];
      const br = bOff + p * n;
      for (let j = jFrom; j < n; j++) acc[j] += u * b[br + j];
    }
    const or = outOff + i * n;
    for (let j = jFrom; j < n; j++) out[or + j] = acc[j];
  }
}

let scratchBuf = new Float64Array(256);

/**
 * A float64 scratch row for gemm's edge loop, reused across calls (JS is single-threaded
 * and gemm never re-enters itself); grows when a wider product needs it.
 */
export function scratch(n: number): Float64Array {
  if (scratchBuf.length < n) scratchBuf = new Float64Array(Math.max(n, 2 * scratchBuf.length));
  return scratchBuf;
}

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
  const acc = scratch(n);
  for (let bi = 0; bi < aIdx.length; bi++) {
    gemm(a.data, aIdx[bi] * m * k, b.data, bIdx[bi] * k * n, out.data, bi * m * n, m, k, n, acc);
  }
  if (!needsGrad(a, b)) return out;
  return record(out, [a, b], () => {
    // dA = dOut · Bᵀ, dB = Aᵀ · dOut, summed over broadcast batch entries
    const g = out.grad!;
    const tmpA = new Float32Array(m * k), tmpB = new Float32Array(k * n);
    const bt = new Float32Array(n * k), at = new Float32Array(k * m);
    const accK = new Float64Array(Math.max(k, n));
    for (let bi = 0; bi < aIdx.length; bi++) {
      if (a.requiresGrad) {
        transpose2d(b.data, bIdx[bi] * k * n, k, n, bt);
        gemm(g, bi * m * n, bt, 0, tmpA, 0, m, n, k, accK);
        addInto(gradOf(a), aIdx[bi] * m * k, tmpA);
      }
      if (b.requiresGrad) {
        transpose2d(a.data, aIdx[bi] * m * k, m, k, at);
        gemm(at, 0, g, bi * m * n, tmpB, 0, k, m, n, accK);
        addInto(gradOf(b), bIdx[bi] * k * n, tmpB);
      }
    }
  });
}

/** dst[cols, rows] = src[rows, cols] (at srcOff)ᵀ */
export function transpose2d(src: Float32Array, srcOff: number, rows: number, cols: number, dst: Float32Array): void {
  for (let i = 0; i < rows; i++) {
    const so = srcOff + i * cols;
    for (let j = 0; j < cols; j++) dst[j * rows + i] = src[so + j];
  }
}

function addInto(dst: Float32Array, off: number, src: Float32Array): void {
  for (let i = 0; i < src.length; i++) dst[off + i] += src[i];
}
