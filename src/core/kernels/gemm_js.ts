/**
 * The plain JavaScript GEMM kernels: the reference, and the fallback when WebAssembly SIMD
 * is missing or when forced (SEQ2SEQ_KERNELS=js, or setKernels('js')).
 *
 * Every output is fl32(Σ_p a·b), the products summed in ascending order of p in float64
 * (JS numbers: a product of two float32 values is exact in float64), plus the bias in
 * float64 where there is one, rounded to float32 once when stored. The register blocks and
 * the edge loops below all compute exactly that, so which loop computes an output (where
 * its row falls in the batch) never changes its value.
 */

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

/** dst[cols, rows] (at dstOff) = src[rows, cols] (at srcOff)ᵀ */
export function transpose2d(src: Float32Array, srcOff: number, rows: number, cols: number, dst: Float32Array, dstOff = 0): void {
  for (let i = 0; i < rows; i++) {
    const so = srcOff + i * cols;
    for (let j = 0; j < cols; j++) dst[dstOff + j * rows + i] = src[so + j];
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

let tmpBuf = new Float32Array(1024);

/** A float32 scratch buffer of at least n elements (for the accumulating forms), reused across calls. */
function tmp(n: number): Float32Array {
  if (tmpBuf.length < n) tmpBuf = new Float32Array(Math.max(n, 2 * tmpBuf.length));
  return tmpBuf;
}

function addInto(c: Float32Array, cOff: number, t: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) c[cOff + i] += t[i];
}

// ------------------------------------------------------------------ the three forms (kernels/index.ts)

/** c[m,n] (=|+=) a[m,k] · b[k,n] */
export function gemmNNJs(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, c: Float32Array, cOff: number,
  m: number, k: number, n: number, accumulate: boolean,
): void {
  if (!accumulate) return gemm(a, aOff, b, bOff, c, cOff, m, k, n, scratch(n));
  const t = tmp(m * n);
  gemm(a, aOff, b, bOff, t, 0, m, k, n, scratch(n));
  addInto(c, cOff, t, m * n);
}

/** c[m,n] (=|+=) a[m,k] · b[n,k]ᵀ (+ bias[n]) */
export function gemmNTJs(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, c: Float32Array, cOff: number,
  m: number, k: number, n: number, bias: Float32Array | null, biasOff: number, accumulate: boolean,
): void {
  // linearKernel reads rows wRow0… of w: b's rows start at bOff = wRow0·k
  if (k > 0 && bOff % k !== 0) throw new Error(`gemmNT: b's offset ${bOff} is not a whole number of rows of ${k}`);
  const wRow0 = k > 0 ? bOff / k : 0;
  if (!accumulate) return linearKernel(a, m, k, b, wRow0, n, bias, biasOff, c, aOff, cOff);
  const t = tmp(m * n);
  linearKernel(a, m, k, b, wRow0, n, bias, biasOff, t, aOff, 0);
  addInto(c, cOff, t, m * n);
}

/** c[m,n] (=|+=) a[k,m]ᵀ · b[k,n] */
export function gemmTNJs(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, c: Float32Array, cOff: number,
  m: number, k: number, n: number, accumulate: boolean,
): void {
  const at = new Float32Array(m * k);
  transpose2d(a, aOff, k, m, at);
  gemmNNJs(at, 0, b, bOff, c, cOff, m, k, n, accumulate);
}
