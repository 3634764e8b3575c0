// The two kernel paths, each against an exact model of what it computes:
//   JS:   fl32(Σ_p a·b in float64, ascending p (+ bias in float64))
//   wasm: Σ_p fl32(a·b) accumulated in float32, ascending p, then fl32(… + bias)
// over shapes that reach every register tile and edge (4×8 tiles, single rows, a 4-column
// vector, the last 1–3 columns), for the three forms and the accumulating variants.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core';
import {
  KernelSelector, describeKernels, gemmModuleBytes, gemmNN, gemmNT, gemmTN, kernelPath, setKernels, type WasmEngine,
} from '../../../src/core/kernels';
import { gemmNNJs, gemmNTJs, gemmTNJs } from '../../../src/core/kernels/gemm_js';
import { TILE_COLS, TILE_ROWS, WasmGemm, buildGemmModule, instantiateSync } from '../../../src/core/kernels/gemm_wasm';
import { expectExact } from '../helpers';

type Form = 'NN' | 'NT' | 'TN';

interface Case {
  form: Form;
  m: number; k: number; n: number;
  a: Float32Array; aOff: number; b: Float32Array; bOff: number;
  bias: Float32Array | null; biasOff: number;
  c0: Float32Array; cOff: number; accumulate: boolean;
}

/** A[i,p] and B[p,j] of a case, whatever its form. */
function operands(t: Case): { A: (i: number, p: number) => number; B: (p: number, j: number) => number } {
  const { m, k, n, a, aOff, b, bOff } = t;
  return {
    A: t.form === 'TN' ? (i, p) => a[aOff + p * m + i] : (i, p) => a[aOff + i * k + p],
    B: t.form === 'NT' ? (p, j) => b[bOff + j * k + p] : (p, j) => b[bOff + p * n + j],
  };
}

/** What each path must give, element by element. */
function expected(t: Case, path: 'js' | 'wasm'): Float32Array {
  const { A, B } = operands(t);
  const c = Float32Array.from(t.c0);
  for (let i = 0; i < t.m; i++) {
    for (let j = 0; j < t.n; j++) {
      let s = 0;
      for (let p = 0; p < t.k; p++) s = path === 'js' ? s + A(i, p) * B(p, j) : Math.fround(s + Math.fround(A(i, p) * B(p, j)));
      if (t.bias) s = path === 'js' ? s + t.bias[t.biasOff + j] : Math.fround(s + t.bias[t.biasOff + j]);
      const v = Math.fround(s);
      c[t.cOff + i * t.n + j] = t.accumulate ? c[t.cOff + i * t.n + j] + v : v;
    }
  }
  return c;
}

function runJs(t: Case): Float32Array {
  const c = Float32Array.from(t.c0);
  if (t.form === 'NN') gemmNNJs(t.a, t.aOff, t.b, t.bOff, c, t.cOff, t.m, t.k, t.n, t.accumulate);
  else if (t.form === 'NT') gemmNTJs(t.a, t.aOff, t.b, t.bOff, c, t.cOff, t.m, t.k, t.n, t.bias, t.biasOff, t.accumulate);
  else gemmTNJs(t.a, t.aOff, t.b, t.bOff, c, t.cOff, t.m, t.k, t.n, t.accumulate);
  return c;
}

const wasm = instantiateSync(buildGemmModule());

function runWasm(t: Case, w: WasmGemm = wasm): Float32Array {
  const c = Float32Array.from(t.c0);
  w.product(t.a, t.aOff, t.form === 'TN', t.b, t.bOff, t.form === 'NT', c, t.cOff, t.m, t.k, t.n, t.bias, t.biasOff, t.accumulate);
  return c;
}

function fill(rng: Rng, n: number, scale = 1): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.uniform(-scale, scale);
  return x;
}

function makeCase(form: Form, m: number, k: number, n: number, seed: number, opts: { bias?: boolean; accumulate?: boolean; offsets?: boolean } = {}): Case {
  const rng = new Rng(seed);
  const aOff = opts.offsets ? 3 : 0, bOff = opts.offsets ? (form === 'NT' ? 2 * k : 5) : 0, cOff = opts.offsets ? 7 : 0, biasOff = opts.offsets ? 2 : 0;
  return {
    form, m, k, n,
    a: fill(rng, aOff + m * k + 2), aOff,
    b: fill(rng, bOff + k * n + 2), bOff,
    bias: opts.bias ? fill(rng, biasOff + n + 1) : null, biasOff,
    c0: fill(rng, cOff + m * n + 3, 2), cOff,
    accumulate: opts.accumulate ?? false,
  };
}

const arbCase = fc.record({
  form: fc.constantFrom<Form>('NN', 'NT', 'TN'),
  // up to three row tiles plus 1–3 rows, and two column tiles plus a vector plus 1–3 columns
  m: fc.integer({ min: 1, max: 3 * TILE_ROWS + 3 }),
  k: fc.integer({ min: 0, max: 11 }),
  n: fc.integer({ min: 1, max: 2 * TILE_COLS + 7 }),
  seed: fc.integer({ min: 0, max: 1 << 30 }),
  bias: fc.boolean(),
  accumulate: fc.boolean(),
  offsets: fc.boolean(),
}).map(({ form, m, k, n, seed, ...o }) => makeCase(form, m, k, n, seed, { ...o, bias: o.bias && form === 'NT' }));

describe('gemm kernels', () => {
  it('the wasm kernel sums float32 products in float32 in ascending order, bit for bit, at every tile and edge', () => {
    fc.assert(fc.property(arbCase, (t) => expectExact(runWasm(t), expected(t, 'wasm'))), { numRuns: 600 });
  });

  it('the JS kernels sum in float64 in ascending order and round once, bit for bit', () => {
    fc.assert(fc.property(arbCase, (t) => expectExact(runJs(t), expected(t, 'js'))), { numRuns: 600 });
  });

  it('both paths agree to float32 accuracy at model shapes (rows 1–130, inner 16–256)', () => {
    const shapes: [number, number, number][] = [[1, 64, 64], [16, 64, 192], [37, 128, 45], [130, 64, 96], [64, 256, 33], [5, 16, 16]];
    for (const [m, k, n] of shapes) {
      for (const form of ['NN', 'NT', 'TN'] as Form[]) {
        const t = makeCase(form, m, k, n, m * 1000 + k + n, { bias: form === 'NT' });
        const js = runJs(t), w = runWasm(t);
        for (let i = 0; i < js.length; i++) {
          // |error of a float32 sum of k terms| ≤ k·2⁻²⁴·Σ|a·b|, and Σ|a·b| ≤ k here (|a|, |b| ≤ 1)
          expect(Math.abs(js[i] - w[i])).toBeLessThanOrEqual(k * k * 2 ** -24 + 1e-7);
        }
        expectExact(w, expected(t, 'wasm'));
      }
    }
  });

  it('the wasm kernel writes the product and nothing around it', () => {
    const t = makeCase('NN', 5, 3, 9, 1, { offsets: true });
    const c = runWasm(t);
    expectExact(c.subarray(0, t.cOff), t.c0.subarray(0, t.cOff));
    expectExact(c.subarray(t.cOff + t.m * t.n), t.c0.subarray(t.cOff + t.m * t.n));
  });

  it('the wasm kernel grows its memory for a large product and still computes small ones after', () => {
    const w = instantiateSync(buildGemmModule());
    const before = w.memoryBytes;
    const big = makeCase('NT', 300, 200, 150, 3, { bias: true });
    expectExact(runWasm(big, w), expected(big, 'wasm'));
    expect(w.memoryBytes).toBeGreaterThan(before);
    const small = makeCase('TN', 3, 2, 5, 4);
    expectExact(runWasm(small, w), expected(small, 'wasm'));
  });

  it('an inner dimension of 0 gives the bias (or zeros), and an empty output writes nothing', () => {
    for (const run of [runWasm, runJs]) {
      const t = makeCase('NT', 3, 0, 5, 5, { bias: true });
      expectExact(run(t), expected(t, 'wasm'));
      const e = makeCase('NN', 0, 4, 6, 6);
      expectExact(run(e), e.c0);
    }
  });

  it('small integers multiply exactly on both paths', () => {
    const rng = new Rng(9);
    const ints = (n: number) => Float32Array.from({ length: n }, () => rng.int(-20, 20));
    const t: Case = { form: 'NN', m: 9, k: 7, n: 13, a: ints(63), aOff: 0, b: ints(91), bOff: 0, bias: null, biasOff: 0, c0: new Float32Array(117), cOff: 0, accumulate: false };
    expectExact(runWasm(t), runJs(t));
  });

  it('the module stays under 4 KB, so that even a browser that limits synchronous compilation on its main thread to 4 KB compiles it at once', () => {
    expect(gemmModuleBytes().length).toBeLessThan(4096);
    expect(WebAssembly.validate(gemmModuleBytes() as BufferSource)).toBe(true);
  });
});

describe('kernel selection', () => {
  afterEach(() => {
    setKernels(null);
  });

  it('setKernels switches the path the ops run on, and describeKernels names it and its precision', () => {
    expect(setKernels('js')).toBe('js');
    expect(describeKernels()).toMatch(/^js \(JavaScript, float64 accumulation; setKernels\)$/);
    const t = makeCase('NT', 6, 9, 11, 7, { bias: true });
    const c = Float32Array.from(t.c0);
    gemmNT(t.a, 0, t.b, 0, c, 0, 6, 9, 11, t.bias, 0);
    expectExact(c, expected(t, 'js'));
    expect(setKernels('wasm')).toBe('wasm');
    expect(kernelPath()).toBe('wasm');
    expect(describeKernels()).toMatch(/^wasm \(WebAssembly SIMD 128-bit, float32 accumulation; setKernels\)$/);
    const d = Float32Array.from(t.c0);
    gemmNT(t.a, 0, t.b, 0, d, 0, 6, 9, 11, t.bias, 0);
    expectExact(d, expected(t, 'wasm'));
    expect(setKernels('auto')).toBe('wasm'); // Node has WebAssembly SIMD
  });

  it('gemmNN and gemmTN follow the path too', () => {
    for (const path of ['js', 'wasm'] as const) {
      setKernels(path);
      const nn = makeCase('NN', 5, 6, 10, 11, { accumulate: true }), tn = makeCase('TN', 9, 4, 3, 12);
      const c1 = Float32Array.from(nn.c0), c2 = Float32Array.from(tn.c0);
      gemmNN(nn.a, 0, nn.b, 0, c1, 0, 5, 6, 10, true);
      gemmTN(tn.a, 0, tn.b, 0, c2, 0, 9, 4, 3);
      expectExact(c1, expected(nn, path));
      expectExact(c2, expected(tn, path));
    }
  });

  it('rejects an unknown choice with a message naming where it came from', () => {
    expect(() => setKernels('gpu' as 'js')).toThrow('kernels: setKernels must be js, wasm or auto, got "gpu"');
    const s = new KernelSelector(undefined, () => 'simd');
    expect(() => s.path()).toThrow('kernels: SEQ2SEQ_KERNELS must be js, wasm or auto, got "simd"');
  });

  it('the environment variable chooses when setKernels has not', () => {
    expect(new KernelSelector(undefined, () => 'js').path()).toBe('js');
    expect(new KernelSelector(undefined, () => 'wasm').describe()).toContain('SEQ2SEQ_KERNELS=wasm');
    expect(new KernelSelector(undefined, () => undefined).path()).toBe('wasm');
    const s = new KernelSelector(undefined, () => 'js');
    expect(s.set('wasm')).toBe('wasm'); // setKernels wins over the variable
    expect(s.set(null)).toBe('js');
  });

  it('without WebAssembly SIMD, auto falls back to JS and says why; forcing wasm throws', () => {
    const noSimd: WasmEngine = { validate: () => false, instantiateSync: () => wasm, instantiateAsync: async () => wasm };
    const auto = new KernelSelector(noSimd, () => undefined);
    expect(auto.path()).toBe('js');
    expect(auto.describe()).toBe('js (JavaScript, float64 accumulation; auto; WebAssembly SIMD unavailable: this engine does not validate WebAssembly SIMD (128-bit) code)');
    const forced = new KernelSelector(noSimd, () => 'wasm');
    expect(() => forced.path()).toThrow('kernels: the WebAssembly SIMD path is required (SEQ2SEQ_KERNELS=wasm) but cannot run: this engine does not validate WebAssembly SIMD (128-bit) code');
    const none = new KernelSelector({ validate: null, instantiateSync: () => wasm, instantiateAsync: async () => wasm }, () => undefined);
    expect(none.describe()).toContain('this engine has no WebAssembly');
    const refused: WasmEngine = {
      validate: () => true,
      instantiateSync: () => {
        throw new WebAssembly.CompileError('Wasm code generation disallowed by embedder');
      },
      instantiateAsync: async () => wasm,
    };
    expect(new KernelSelector(refused, () => undefined).describe()).toContain('compilation failed: Wasm code generation disallowed by embedder');
  });

  it('where synchronous compilation is refused (RangeError), auto runs on JS until the asynchronous compilation is ready', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let asyncCalls = 0;
    const mainThread: WasmEngine = {
      validate: () => true,
      instantiateSync: () => {
        throw new RangeError('WebAssembly.Compile is disallowed on the main thread, if the buffer size is larger than 4KB.');
      },
      instantiateAsync: async (bytes) => {
        asyncCalls++;
        await gate;
        return instantiateSync(bytes);
      },
    };
    const s = new KernelSelector(mainThread, () => undefined);
    expect(s.path()).toBe('js');
    expect(s.describe()).toContain('still compiling');
    expect(() => new KernelSelector(mainThread, () => 'wasm').path()).toThrow(/still compiling \(await kernelsReady\(\) first\)/);
    const ready = s.ready();
    release();
    expect(await ready).toBe('wasm');
    expect(s.path()).toBe('wasm');
    expect(asyncCalls).toBe(2); // once per selector, never twice for one
  });
});
