/**
 * The WebAssembly SIMD (128-bit) GEMM kernel: the module is emitted by TypeScript
 * (buildGemmModule, with wasm_builder.ts) and run by WasmGemm, which copies the operands
 * into the module's memory, calls the kernel and copies the product out.
 *
 * What the kernel computes: C[m,n] = A·B (+ bias[n]) in float32. Every output is
 * Σ_p A[i,p]·B[p,j] with each product rounded to float32 and the sum accumulated in
 * float32 in ascending order of p (lane-wise IEEE 754 mul then add: no fused multiply-add,
 * no reassociation), then + bias[j]. An output's value does not depend on which register
 * tile computed it, so a row's result does not depend on its place in the batch, and the
 * kernel is deterministic (one thread, a fixed order).
 *
 * Register blocking: a tile of 4 rows × 8 columns keeps its 32 sums in eight f32x4
 * accumulators; per step p it loads 8 values of B's row p (two v128 loads), and for each
 * of the 4 rows splats A[i,p] to four lanes (v128.load32_splat) and does two multiplies and
 * two adds. That is 11 live v128 registers, within the 16 of x64 and arm64. Edges: tiles
 * of 1 row, of 4 columns (one vector), and a last vector of 1–3 valid columns whose other
 * lanes are computed from whatever follows B's row (never stored).
 *
 * A is read through strides (rsA between rows, csA between columns, in bytes), so the
 * same code multiplies A (rsA = 4k, csA = 4) and Aᵀ (rsA = 4, csA = 4m) without copying
 * a transpose. B is row-major [k,n]; a B given as [n,k] (the a·bᵀ form of linear and
 * attention scores) is transposed inside the module first (`transpose`).
 */
import { ModuleBuilder, type Fn, type Local } from './wasm_builder';

/** Rows and columns of the register tile. */
export const TILE_ROWS = 4;
export const TILE_COLS = 8;
/** Bytes 0–63 of memory are never handed out, so that address 0 can mean "no bias". */
const RESERVED_BYTES = 64;

// ------------------------------------------------------------------ the module

/**
 * The module's bytes. Exports `memory`, and
 *   gemm(a, rsA, csA, b, c, m, k, n, bias, accumulate): C[m,n] = A·B (+ bias), or, when
 *     accumulate ≠ 0, C += (A·B (+ bias)); A element (i,p) at a + i·rsA + p·csA, B row-major
 *     [k,n] at b, C row-major [m,n] at c, bias [n] at `bias` or none when bias = 0 (all
 *     byte addresses and byte strides);
 *   transpose(src, dst, rows, cols): dst[cols,rows] = src[rows,cols]ᵀ.
 * B, bias and (when accumulating) C are read up to 3 floats past their end (lanes that
 * are never stored).
 */
export function buildGemmModule(): Uint8Array {
  const mb = new ModuleBuilder(1);
  mb.func('gemm', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], [], (f, a, rsA, csA, b, c, m, k, n, bias, accumulate) => {
    emitGemm(f, { a, rsA, csA, b, c, m, k, n, bias, accumulate });
  });
  mb.func('transpose', ['i32', 'i32', 'i32', 'i32'], [], (f, src, dst, rows, cols) => {
    emitTranspose(f, src, dst, rows, cols);
  });
  return mb.toBytes();
}

interface GemmParams {
  a: Local; rsA: Local; csA: Local; b: Local; c: Local; m: Local; k: Local; n: Local; bias: Local; accumulate: Local;
}

function emitGemm(f: Fn, P: GemmParams): void {
  const ldb = f.local('i32'); // bytes per row of B and of C (= 4n)
  const j = f.local('i32'), i = f.local('i32'), p = f.local('i32');
  const arow = f.local('i32'), bp = f.local('i32'), cp = f.local('i32'), q = f.local('i32'), rem = f.local('i32');
  const ap = Array.from({ length: TILE_ROWS }, () => f.local('i32'));
  const acc = Array.from({ length: TILE_ROWS }, () => Array.from({ length: TILE_COLS / 4 }, () => f.local('v128')));
  const bv = Array.from({ length: TILE_COLS / 4 }, () => f.local('v128'));
  const av = f.local('v128'), zero = f.local('v128');

  /**
   * One register tile: rows i … i+mr-1 (A row pointer `arow`, C row pointer `cp`) times
   * columns j … j+4nv-1; `partial`: only the first `rem` (1–3) columns are stored.
   */
  const tile = (mr: number, nv: number, partial: boolean) => {
    for (let r = 0; r < mr; r++) {
      f.get(r === 0 ? arow : ap[r - 1]);
      if (r > 0) f.get(P.rsA).i32Add();
      f.set(ap[r]);
      for (let v = 0; v < nv; v++) f.get(zero).set(acc[r][v]);
    }
    f.get(P.b).get(j).i32Const(2).i32Shl().i32Add().set(bp);
    f.for(p, 0, P.k, 1, () => {
      for (let v = 0; v < nv; v++) f.get(bp).v128Load(16 * v).set(bv[v]);
      for (let r = 0; r < mr; r++) {
        f.get(ap[r]).v128Load32Splat().set(av);
        for (let v = 0; v < nv; v++) f.get(acc[r][v]).get(av).get(bv[v]).f32x4Mul().f32x4Add().set(acc[r][v]);
        f.inc(ap[r], P.csA);
      }
      f.inc(bp, ldb);
    });
    // + bias, after the sum (as the JS kernels add it)
    f.get(P.bias).if(() => {
      for (let v = 0; v < nv; v++) f.get(P.bias).get(j).i32Const(2).i32Shl().i32Add().v128Load(16 * v).set(bv[v]);
      for (let r = 0; r < mr; r++) for (let v = 0; v < nv; v++) f.get(acc[r][v]).get(bv[v]).f32x4Add().set(acc[r][v]);
    });
    // C += …: the old value plus the new one, rounded once (as the JS kernels' c[i] += t[i])
    f.get(P.accumulate).if(() => {
      f.get(cp).set(q);
      for (let r = 0; r < mr; r++) {
        for (let v = 0; v < nv; v++) f.get(q).v128Load(16 * v).get(acc[r][v]).f32x4Add().set(acc[r][v]);
        if (r + 1 < mr) f.inc(q, ldb);
      }
    });
    f.get(cp).set(q);
    for (let r = 0; r < mr; r++) {
      if (!partial) {
        for (let v = 0; v < nv; v++) f.get(q).get(acc[r][v]).v128Store(16 * v);
      } else {
        f.get(q).get(acc[r][0]).v128Store32Lane(0, 0);
        f.get(rem).i32Const(2).i32GeU().if(() => f.get(q).get(acc[r][0]).v128Store32Lane(1, 4));
        f.get(rem).i32Const(3).i32GeU().if(() => f.get(q).get(acc[r][0]).v128Store32Lane(2, 8));
      }
      if (r + 1 < mr) f.inc(q, ldb);
    }
  };

  /** Every row (tiles of TILE_ROWS, then single rows) for columns j … j+4nv-1. */
  const columnBlock = (nv: number, partial: boolean) => {
    f.get(P.a).set(arow);
    f.get(P.c).get(j).i32Const(2).i32Shl().i32Add().set(cp);
    f.i32Const(0).set(i);
    f.block(() => f.loop(() => {
      f.get(i).i32Const(TILE_ROWS).i32Add().get(P.m).i32GtU().brIf(1);
      tile(TILE_ROWS, nv, partial);
      for (let r = 0; r < TILE_ROWS; r++) f.inc(arow, P.rsA).inc(cp, ldb);
      f.inc(i, TILE_ROWS).br(0);
    }));
    f.block(() => f.loop(() => {
      f.get(i).get(P.m).i32GeU().brIf(1);
      tile(1, nv, partial);
      f.inc(arow, P.rsA).inc(cp, ldb).inc(i, 1).br(0);
    }));
  };

  f.v128Const(new Array<number>(16).fill(0)).set(zero);
  f.get(P.n).i32Const(2).i32Shl().set(ldb);
  f.i32Const(0).set(j);
  // columns in blocks of TILE_COLS, then one of 4, then the last 1–3
  f.block(() => f.loop(() => {
    f.get(j).i32Const(TILE_COLS).i32Add().get(P.n).i32GtU().brIf(1);
    columnBlock(TILE_COLS / 4, false);
    f.inc(j, TILE_COLS).br(0);
  }));
  f.get(j).i32Const(4).i32Add().get(P.n).i32LeU().if(() => {
    columnBlock(1, false);
    f.inc(j, 4);
  });
  f.get(j).get(P.n).i32LtU().if(() => {
    f.get(P.n).get(j).i32Sub().set(rem);
    columnBlock(1, true);
  });
}

/** Byte indices of i8x16.shuffle picking the 32-bit lanes `lanes` (0–3 first operand, 4–7 second). */
function lanes32(lanes: readonly number[]): number[] {
  return lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);
}

/**
 * dst[cols,rows] = src[rows,cols]ᵀ: blocks of 4×4 are read as four row vectors, turned
 * into four column vectors by eight shuffles and stored as rows of dst; the last
 * rows % 4 rows and cols % 4 columns are copied one float at a time.
 */
function emitTranspose(f: Fn, src: Local, dst: Local, rows: Local, cols: Local): void {
  const r = f.local('i32'), cc = f.local('i32'), s = f.local('i32'), d = f.local('i32');
  const srcRow = f.local('i32'), dstRow = f.local('i32'), rows4 = f.local('i32'), cols4 = f.local('i32');
  const v = Array.from({ length: 4 }, () => f.local('v128'));
  const t = Array.from({ length: 4 }, () => f.local('v128'));
  f.get(rows).i32Const(-4).i32And().set(rows4);
  f.get(cols).i32Const(-4).i32And().set(cols4);
  /** one float: dst[cc, r] = src[r, cc] */
  const scalar = () => {
    f.get(dst).get(cc).get(rows).i32Mul().get(r).i32Add().i32Const(2).i32Shl().i32Add();
    f.get(src).get(r).get(cols).i32Mul().get(cc).i32Add().i32Const(2).i32Shl().i32Add().f32Load();
    f.f32Store();
  };
  f.for(r, 0, rows4, 4, () => {
    f.get(src).get(r).get(cols).i32Mul().i32Const(2).i32Shl().i32Add().set(srcRow);
    f.get(dst).get(r).i32Const(2).i32Shl().i32Add().set(dstRow);
    f.for(cc, 0, cols4, 4, () => {
      // v_i = src[r+i, cc … cc+3]
      f.get(srcRow).get(cc).i32Const(2).i32Shl().i32Add().set(s);
      for (let i = 0; i < 4; i++) {
        f.get(s).v128Load().set(v[i]);
        if (i < 3) f.get(s).get(cols).i32Const(2).i32Shl().i32Add().set(s);
      }
      f.get(v[0]).get(v[1]).i8x16Shuffle(lanes32([0, 4, 1, 5])).set(t[0]); // a0 b0 a1 b1
      f.get(v[0]).get(v[1]).i8x16Shuffle(lanes32([2, 6, 3, 7])).set(t[1]); // a2 b2 a3 b3
      f.get(v[2]).get(v[3]).i8x16Shuffle(lanes32([0, 4, 1, 5])).set(t[2]); // c0 d0 c1 d1
      f.get(v[2]).get(v[3]).i8x16Shuffle(lanes32([2, 6, 3, 7])).set(t[3]); // c2 d2 c3 d3
      // dst[cc+i, r … r+3] = (a_i b_i c_i d_i)
      f.get(dstRow).get(cc).get(rows).i32Mul().i32Const(2).i32Shl().i32Add().set(d);
      const out: [number, number, number[]][] = [[0, 2, [0, 1, 4, 5]], [0, 2, [2, 3, 6, 7]], [1, 3, [0, 1, 4, 5]], [1, 3, [2, 3, 6, 7]]];
      out.forEach(([x, y, l], i) => {
        f.get(d).get(t[x]).get(t[y]).i8x16Shuffle(lanes32(l)).v128Store();
        if (i < 3) f.get(d).get(rows).i32Const(2).i32Shl().i32Add().set(d);
      });
    });
  });
  // the last cols % 4 columns of the first rows4 rows, then every column of the last rows % 4 rows
  f.for(r, 0, rows4, 1, () => f.for(cc, cols4, cols, 1, scalar));
  f.for(r, rows4, rows, 1, () => f.for(cc, 0, cols, 1, scalar));
}

// ------------------------------------------------------------------ running it

interface GemmExports {
  memory: WebAssembly.Memory;
  gemm(a: number, rsA: number, csA: number, b: number, c: number, m: number, k: number, n: number, bias: number, accumulate: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
}

/** Floats of slack after B and bias: the last vector of a row may read 3 floats past the end. */
const SLACK = 4;

/** n floats, rounded up to whole 16-byte vectors. */
function vec4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * The instantiated kernel and its memory. Operands are copied into the memory for every
 * product (the memory is a bump region reused by every call: nothing in it outlives one
 * product) and the result copied out: tensors live in ordinary JS ArrayBuffers that the
 * garbage collector owns, which a WebAssembly memory cannot be.
 */
export class WasmGemm {
  private readonly ex: GemmExports;
  private f32: Float32Array;

  constructor(instance: WebAssembly.Instance) {
    this.ex = instance.exports as unknown as GemmExports;
    this.f32 = new Float32Array(this.ex.memory.buffer);
  }

  /** Bytes of memory the module has now (it grows as larger products need it, never shrinks). */
  get memoryBytes(): number {
    return this.ex.memory.buffer.byteLength;
  }

  /** Makes the memory at least `floats` floats long; refreshes the view after growing. */
  private reserve(floats: number): Float32Array {
    const bytes = floats * 4;
    const have = this.ex.memory.buffer.byteLength;
    if (bytes > have) {
      if (bytes > 2 ** 31) throw new Error(`wasm gemm: a product needs ${bytes} bytes of memory, more than the kernel's 2 GiB`);
      this.ex.memory.grow(Math.ceil((bytes - have) / 65536));
    }
    if (this.f32.buffer !== this.ex.memory.buffer) this.f32 = new Float32Array(this.ex.memory.buffer);
    return this.f32;
  }

  /**
   * c[m,n] (=, or += when accumulate) op(a) · op(b) (+ bias[n]), where op(a) is a[m,k] or,
   * when aT, a[k,m]ᵀ; op(b) is b[k,n] or, when bT, b[n,k]ᵀ. Offsets count floats.
   */
  product(
    a: Float32Array, aOff: number, aT: boolean, b: Float32Array, bOff: number, bT: boolean,
    c: Float32Array, cOff: number, m: number, k: number, n: number,
    bias: Float32Array | null, biasOff: number, accumulate: boolean,
  ): void {
    if (m === 0 || n === 0) return;
    // layout, in floats: [reserved][A][B as given][B row-major][C][bias]
    const aAt = RESERVED_BYTES / 4;
    const bIn = aAt + vec4(m * k);
    const bAt = bT ? bIn + vec4(n * k + SLACK) : bIn;
    const cAt = bAt + vec4(k * n + SLACK);
    const biasAt = cAt + vec4(m * n + SLACK);
    const mem = this.reserve(biasAt + (bias ? vec4(n + SLACK) : 0));
    mem.set(a.subarray(aOff, aOff + m * k), aAt);
    mem.set(b.subarray(bOff, bOff + k * n), bIn);
    if (bT) this.ex.transpose(bIn * 4, bAt * 4, n, k);
    if (bias) mem.set(bias.subarray(biasOff, biasOff + n), biasAt);
    if (accumulate) mem.set(c.subarray(cOff, cOff + m * n), cAt);
    const rsA = aT ? 4 : 4 * k, csA = aT ? 4 * m : 4;
    this.ex.gemm(aAt * 4, rsA, csA, bAt * 4, cAt * 4, m, k, n, bias ? biasAt * 4 : 0, accumulate ? 1 : 0);
    c.set(mem.subarray(cAt, cAt + m * n), cOff);
  }

  /**
   * For the benchmark: the product of `product` (no bias, no accumulation) with its
   * operands already in the module's memory — what sharing memory with the tensors would
   * leave: the transpose of a [n,k] B, and the kernel — as a function to time. Fills the
   * operands with `fill`; the next `product` overwrites them.
   */
  residentProduct(m: number, k: number, n: number, bT: boolean, fill: (i: number) => number): () => void {
    const aAt = RESERVED_BYTES / 4, bIn = aAt + vec4(m * k);
    const bAt = bT ? bIn + vec4(n * k + SLACK) : bIn, cAt = bAt + vec4(k * n + SLACK);
    const mem = this.reserve(cAt + vec4(m * n + SLACK));
    for (let i = 0; i < m * k; i++) mem[aAt + i] = fill(i);
    for (let i = 0; i < k * n; i++) mem[bIn + i] = fill(m * k + i);
    const ex = this.ex;
    return () => {
      if (bT) ex.transpose(bIn * 4, bAt * 4, n, k);
      ex.gemm(aAt * 4, 4 * k, 4, bAt * 4, cAt * 4, m, k, n, 0, 0);
    };
  }
}

/**
 * Compiles and instantiates the module synchronously. Throws what the engine throws:
 * a CompileError where WebAssembly SIMD is missing (or code generation is forbidden), a
 * RangeError where synchronous compilation is refused (Chromium's main thread before
 * version 115 refused modules over 4 KB; this one is smaller — see the test).
 */
export function instantiateSync(bytes: Uint8Array): WasmGemm {
  return new WasmGemm(new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {}));
}

export async function instantiateAsync(bytes: Uint8Array): Promise<WasmGemm> {
  const { instance } = await WebAssembly.instantiate(bytes as BufferSource, {});
  return new WasmGemm(instance);
}
