/**
 * The GEMM-shaped inner loops of the core, and which implementation runs them:
 *
 *   gemmNN  c[m,n] (=|+=) a[m,k] · b[k,n]             matmul; the input gradients of linear and matmulNT
 *   gemmNT  c[m,n] (=|+=) a[m,k] · b[n,k]ᵀ (+ bias)    linear, attention scores (matmulNT); matmul's dA
 *   gemmTN  c[m,n] (=|+=) a[k,m]ᵀ · b[k,n]            weight gradients; matmul's and matmulNT's dB
 *
 * Two paths compute them (ops call these functions and never choose):
 *   - 'wasm': the WebAssembly SIMD kernel (gemm_wasm.ts), products and sums in float32;
 *   - 'js':   the JavaScript kernels (gemm_js.ts), sums in float64, the reference and fallback.
 * The choice, in order: setKernels(…) if called; else the environment variable
 * SEQ2SEQ_KERNELS = js | wasm | auto (Node: the CLI, the trainer, the tests); else 'auto',
 * which is 'wasm' where WebAssembly SIMD is available and 'js' elsewhere.
 *
 * Instantiation happens once, on first use, synchronously (Node, workers, and browsers'
 * main threads for a module this small). Where an engine refuses synchronous compilation
 * (a RangeError), 'auto' starts an asynchronous compilation and runs on 'js' until it is
 * ready; kernelsReady() resolves when the choice is settled.
 */
import { gemmNNJs, gemmNTJs, gemmTNJs } from './gemm_js';
import { WasmGemm, buildGemmModule, instantiateAsync, instantiateSync } from './gemm_wasm';

export type KernelPath = 'js' | 'wasm';
export type KernelChoice = KernelPath | 'auto';

/** The environment variable that chooses the path for Node processes (CLI, trainer, tests). */
export const KERNELS_ENV = 'SEQ2SEQ_KERNELS';

/** What the WebAssembly kernel's state is: not tried yet, compiling (async), ready, or unavailable (and why). */
type WasmState =
  | { kind: 'untried' }
  | { kind: 'compiling'; done: Promise<void> }
  | { kind: 'ready'; gemm: WasmGemm }
  | { kind: 'unavailable'; reason: string };

/** How a selector reaches WebAssembly (the real engine, or a stand-in in tests). */
export interface WasmEngine {
  /** null when there is no WebAssembly at all */
  validate: ((bytes: Uint8Array) => boolean) | null;
  /** may throw RangeError (synchronous compilation refused), or CompileError */
  instantiateSync(bytes: Uint8Array): WasmGemm;
  instantiateAsync(bytes: Uint8Array): Promise<WasmGemm>;
}

function parseChoice(value: string, source: string): KernelChoice {
  const v = value.trim().toLowerCase();
  if (v === 'js' || v === 'wasm' || v === 'auto') return v;
  throw new Error(`kernels: ${source} must be js, wasm or auto, got "${value}"`);
}

function processEnv(): string | undefined {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const v = proc?.env?.[KERNELS_ENV];
  return v === undefined || v === '' ? undefined : v;
}

const realEngine: WasmEngine = {
  validate: typeof WebAssembly === 'object' ? (bytes) => WebAssembly.validate(bytes as BufferSource) : null,
  instantiateSync,
  instantiateAsync,
};

let moduleBytes: Uint8Array | null = null;

/** The kernel module's bytes (built once). */
export function gemmModuleBytes(): Uint8Array {
  moduleBytes ??= buildGemmModule();
  return moduleBytes;
}

/**
 * Which path products run on: the choice (setKernels, else the environment variable,
 * else 'auto') and the state of the WebAssembly kernel, tried once on first use.
 */
export class KernelSelector {
  private wasm: WasmState = { kind: 'untried' };
  /** null: not set by setKernels (the environment variable, else 'auto', decides) */
  private explicit: KernelChoice | null = null;
  /** the kernel products run on now (null: JS); undefined: to be resolved */
  private active: WasmGemm | null | undefined;

  constructor(private readonly engine: WasmEngine = realEngine, private readonly env: () => string | undefined = processEnv) {}

  /** The choice in force and where it came from. */
  private choice(): { choice: KernelChoice; source: string } {
    if (this.explicit) return { choice: this.explicit, source: 'setKernels' };
    const env = this.env();
    if (env !== undefined) return { choice: parseChoice(env, KERNELS_ENV), source: `${KERNELS_ENV}=${env}` };
    return { choice: 'auto', source: 'default' };
  }

  /** Tries the WebAssembly kernel once: synchronously, else (RangeError) asynchronously. */
  private tryWasm(): void {
    if (this.wasm.kind !== 'untried') return;
    if (!this.engine.validate) {
      this.wasm = { kind: 'unavailable', reason: 'this engine has no WebAssembly' };
      return;
    }
    const bytes = gemmModuleBytes();
    if (!this.engine.validate(bytes)) {
      this.wasm = { kind: 'unavailable', reason: 'this engine does not validate WebAssembly SIMD (128-bit) code' };
      return;
    }
    try {
      this.wasm = { kind: 'ready', gemm: this.engine.instantiateSync(bytes) };
    } catch (e) {
      if (!(e instanceof RangeError)) {
        this.wasm = { kind: 'unavailable', reason: `compilation failed: ${e instanceof Error ? e.message : String(e)}` };
        return;
      }
      // synchronous compilation refused (a browser's main thread): compile in the background
      const done = this.engine.instantiateAsync(bytes).then(
        (gemm) => {
          this.wasm = { kind: 'ready', gemm };
        },
        (err: unknown) => {
          this.wasm = { kind: 'unavailable', reason: `asynchronous compilation failed: ${err instanceof Error ? err.message : String(err)}` };
        },
      ).finally(() => {
        this.active = undefined;
      });
      this.wasm = { kind: 'compiling', done };
    }
  }

  /** The WebAssembly kernel to use now, or null for the JS kernels. Throws when 'wasm' is forced but cannot run. */
  gemm(): WasmGemm | null {
    if (this.active !== undefined) return this.active;
    const { choice: c, source } = this.choice();
    let w: WasmGemm | null = null;
    if (c !== 'js') {
      this.tryWasm();
      const s = this.wasm;
      if (s.kind === 'ready') w = s.gemm;
      else if (c === 'wasm') {
        const why = s.kind === 'compiling' ? 'it is still compiling (await kernelsReady() first)' : s.kind === 'unavailable' ? s.reason : 'it was not tried';
        throw new Error(`kernels: the WebAssembly SIMD path is required (${source}) but cannot run: ${why}`);
      }
    }
    this.active = w;
    return w;
  }

  set(c: KernelChoice | null): KernelPath {
    this.explicit = c === null ? null : parseChoice(c, 'setKernels');
    this.active = undefined;
    return this.path();
  }

  path(): KernelPath {
    return this.gemm() ? 'wasm' : 'js';
  }

  async ready(): Promise<KernelPath> {
    if (this.choice().choice !== 'js') this.tryWasm();
    if (this.wasm.kind === 'compiling') await this.wasm.done;
    this.active = undefined;
    return this.path();
  }

  describe(): string {
    const path = this.path();
    const { choice: c, source } = this.choice();
    const why = source === 'default' ? 'auto' : source;
    if (path === 'wasm') return `wasm (WebAssembly SIMD 128-bit, float32 accumulation; ${why})`;
    const s = this.wasm;
    const fallback = c === 'auto' && s.kind !== 'ready'
      ? `; WebAssembly SIMD ${s.kind === 'compiling' ? 'still compiling' : s.kind === 'unavailable' ? `unavailable: ${s.reason}` : 'not tried'}`
      : '';
    return `js (JavaScript, float64 accumulation; ${why}${fallback})`;
  }
}

/** The selector of this thread (each worker has its own). */
const selector = new KernelSelector();

/**
 * Chooses the path: 'js' (the reference kernels), 'wasm' (the SIMD kernel; throws here
 * when it cannot run), or 'auto' (wasm when available). `null` returns to the
 * environment variable / default. Returns the path products now run on.
 */
export function setKernels(c: KernelChoice | null): KernelPath {
  return selector.set(c);
}

/** The path the next product runs on. */
export function kernelPath(): KernelPath {
  return selector.path();
}

/** Resolves with the path once any asynchronous compilation has finished. */
export function kernelsReady(): Promise<KernelPath> {
  return selector.ready();
}

/** One line for logs and CLI output: the path, its precision, and why it was chosen. */
export function describeKernels(): string {
  return selector.describe();
}

// ------------------------------------------------------------------ the three products

/** c[m,n] (=, or += when accumulate) a[m,k] (at aOff) · b[k,n] (at bOff). Offsets count floats. */
export function gemmNN(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, c: Float32Array, cOff: number,
  m: number, k: number, n: number, accumulate = false,
): void {
  const w = selector.gemm();
  if (w) w.product(a, aOff, false, b, bOff, false, c, cOff, m, k, n, null, 0, accumulate);
  else gemmNNJs(a, aOff, b, bOff, c, cOff, m, k, n, accumulate);
}

/** c[m,n] (=|+=) a[m,k] · b[n,k]ᵀ (+ bias[biasOff : biasOff + n]). */
export function gemmNT(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, c: Float32Array, cOff: number,
  m: number, k: number, n: number, bias: Float32Array | null = null, biasOff = 0, accumulate = false,
): void {
  const w = selector.gemm();
  if (w) w.product(a, aOff, false, b, bOff, true, c, cOff, m, k, n, bias, biasOff, accumulate);
  else gemmNTJs(a, aOff, b, bOff, c, cOff, m, k, n, bias, biasOff, accumulate);
}

/** c[m,n] (=|+=) a[k,m]ᵀ · b[k,n]. */
export function gemmTN(
  a: Float32Array, aOff: number, b: Float32Array, bOff: number, c: Float32Array, cOff: number,
  m: number, k: number, n: number, accumulate = false,
): void {
  const w = selector.gemm();
  if (w) w.product(a, aOff, true, b, bOff, false, c, cOff, m, k, n, null, 0, accumulate);
  else gemmTNJs(a, aOff, b, bOff, c, cOff, m, k, n, accumulate);
}
