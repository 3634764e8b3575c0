/**
 * A small WebAssembly module builder: enough of the binary format (types, functions,
 * one memory, exports, code) and of the instruction set (integer arithmetic, scalar and
 * 128-bit SIMD float loads, stores and arithmetic, blocks and loops) to emit the GEMM
 * kernels of gemm_wasm.ts as bytes at run time — no .wasm file is checked in and no
 * compiler is needed at build or run time.
 *
 * A function body is written as a sequence of method calls on `Fn`, one per
 * instruction, in the order of the stack machine:
 *
 *   f.get(x).get(y).i32Add().set(z)        // z = x + y
 *
 * Opcodes and encodings follow the WebAssembly 2.0 core specification (binary format,
 * chapter 5); SIMD instructions are the 0xFD prefix followed by a LEB128 sub-opcode.
 */

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };
const EMPTY_BLOCK = 0x40;

/** A local variable (parameters come first), by index. */
export interface Local {
  readonly index: number;
  readonly type: ValType;
}

// ------------------------------------------------------------------ encodings

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`wasm builder: ${n} is not an unsigned 32-bit integer`);
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new Error(`wasm builder: ${n} is not a signed 32-bit integer`);
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7; // arithmetic shift keeps the sign
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function utf8(s: string): number[] {
  return [...new TextEncoder().encode(s)];
}

/** A vector: its length, then its items. */
function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** A section: id, byte size, content. */
function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

// ------------------------------------------------------------------ functions

/** Natural alignment (log2 of bytes) of each memory access width. */
const ALIGN = { 4: 2, 8: 3, 16: 4 } as const;

/**
 * One function: its signature, its locals and its body. Every instruction method
 * appends its encoding and returns `this`, so that a body reads as a chain.
 */
export class Fn {
  readonly params: Local[];
  private readonly extra: Local[] = [];
  private readonly body: number[] = [];
  /** open blocks and loops, innermost last (for branch depths) */
  private depth = 0;

  constructor(readonly name: string, paramTypes: ValType[], readonly results: ValType[]) {
    this.params = paramTypes.map((type, index) => ({ index, type }));
  }

  /** A new local variable. */
  local(type: ValType): Local {
    const l = { index: this.params.length + this.extra.length, type };
    this.extra.push(l);
    return l;
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.body.push(b);
    return this;
  }

  private simd(sub: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(sub), ...imm);
  }

  private memarg(width: 4 | 8 | 16, offset: number): number[] {
    return [...uleb(ALIGN[width]), ...uleb(offset)];
  }

  // ---- variables and constants
  get(l: Local): this {
    return this.op(0x20, ...uleb(l.index));
  }
  set(l: Local): this {
    return this.op(0x21, ...uleb(l.index));
  }
  tee(l: Local): this {
    return this.op(0x22, ...uleb(l.index));
  }
  i32Const(n: number): this {
    return this.op(0x41, ...sleb(n));
  }

  // ---- i32 arithmetic and comparisons
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32Shl(): this {
    return this.op(0x74);
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  i32GtU(): this {
    return this.op(0x4b);
  }
  i32LeU(): this {
    return this.op(0x4d);
  }
  i32GeU(): this {
    return this.op(0x4f);
  }
  i32Ne(): this {
    return this.op(0x47);
  }
  /** l += n (i32) */
  inc(l: Local, n: number | Local): this {
    this.get(l);
    if (typeof n === 'number') this.i32Const(n);
    else this.get(n);
    return this.i32Add().set(l);
  }

  // ---- scalar float memory and arithmetic
  f32Load(offset = 0): this {
    return this.op(0x2a, ...this.memarg(4, offset));
  }
  f32Store(offset = 0): this {
    return this.op(0x38, ...this.memarg(4, offset));
  }
  f64Load(offset = 0): this {
    return this.op(0x2b, ...this.memarg(8, offset));
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f32Mul(): this {
    return this.op(0x94);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  f32DemoteF64(): this {
    return this.op(0xb6);
  }
  f64PromoteF32(): this {
    return this.op(0xbb);
  }

  // ---- SIMD: memory
  v128Load(offset = 0): this {
    return this.simd(0x00, ...this.memarg(16, offset));
  }
  /** four lanes of one f32 read from memory */
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09, ...this.memarg(4, offset));
  }
  /** two lanes of one f64 (or one pair of f32) read from memory */
  v128Load64Splat(offset = 0): this {
    return this.simd(0x0a, ...this.memarg(8, offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, ...this.memarg(16, offset));
  }
  /** 64 bits from memory into the low half, zeros above */
  v128Load64Zero(offset = 0): this {
    return this.simd(0x5d, ...this.memarg(8, offset));
  }
  /** stores lane `lane` (32 bits) of a v128 */
  v128Store32Lane(lane: 0 | 1 | 2 | 3, offset = 0): this {
    return this.simd(0x5a, ...this.memarg(4, offset), lane);
  }
  /** stores lane `lane` (64 bits) of a v128 */
  v128Store64Lane(lane: 0 | 1, offset = 0): this {
    return this.simd(0x5b, ...this.memarg(8, offset), lane);
  }
  v128Const(bytes: readonly number[]): this {
    if (bytes.length !== 16) throw new Error('wasm builder: v128.const takes 16 bytes');
    return this.simd(0x0c, ...bytes);
  }

  // ---- SIMD: lanes and conversions
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  f32x4ExtractLane(lane: number): this {
    return this.simd(0x1f, lane);
  }
  f64x2ExtractLane(lane: number): this {
    return this.simd(0x21, lane);
  }
  /** i8x16.shuffle of the two operands by 16 byte indices (0–15 first operand, 16–31 second) */
  i8x16Shuffle(lanes: readonly number[]): this {
    if (lanes.length !== 16 || lanes.some((l) => !(l >= 0 && l < 32))) throw new Error('wasm builder: i8x16.shuffle takes 16 lane indices in [0, 32)');
    return this.simd(0x0d, ...lanes);
  }
  /** the two low f32 lanes as f64x2 (exact) */
  f64x2PromoteLowF32x4(): this {
    return this.simd(0x5f);
  }
  /** f64x2 rounded to the two low f32 lanes, zeros above */
  f32x4DemoteF64x2Zero(): this {
    return this.simd(0x5e);
  }

  // ---- SIMD: arithmetic (IEEE 754, round to nearest even, lane by lane)
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }

  // ---- control
  /** block … end; `br(0)` inside leaves it */
  block(body: () => void): this {
    this.op(0x02, EMPTY_BLOCK);
    this.depth++;
    body();
    this.depth--;
    return this.op(0x0b);
  }
  /** loop … end; `br(0)` inside jumps back to its start */
  loop(body: () => void): this {
    this.op(0x03, EMPTY_BLOCK);
    this.depth++;
    body();
    this.depth--;
    return this.op(0x0b);
  }
  /** if (pops an i32) … end */
  if(body: () => void): this {
    this.op(0x04, EMPTY_BLOCK);
    this.depth++;
    body();
    this.depth--;
    return this.op(0x0b);
  }
  br(depth: number): this {
    this.checkDepth(depth);
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    this.checkDepth(depth);
    return this.op(0x0d, ...uleb(depth));
  }
  private checkDepth(depth: number): void {
    if (depth >= this.depth) throw new Error(`wasm builder: ${this.name}: branch depth ${depth} but only ${this.depth} open blocks`);
  }

  /**
   * for (i = from; i < to; i += step) body — with the test at the top, so the body may
   * run zero times. `from`, `to` and `step` are i32 locals or constants. Inside `body`,
   * branch depth 0 is the loop and 1 the enclosing block.
   */
  for(i: Local, from: number | Local, to: number | Local, step: number | Local, body: () => void): this {
    const push = (v: number | Local) => (typeof v === 'number' ? this.i32Const(v) : this.get(v));
    push(from).set(i);
    return this.block(() => {
      this.loop(() => {
        this.get(i);
        push(to);
        this.i32GeU().brIf(1);
        body();
        this.get(i);
        push(step);
        this.i32Add().set(i).br(0);
      });
    });
  }

  /** The code section entry: locals (run-length by type) and the body. */
  encode(): number[] {
    if (this.depth !== 0) throw new Error(`wasm builder: ${this.name}: ${this.depth} blocks left open`);
    const groups: [number, ValType][] = [];
    for (const l of this.extra) {
      const last = groups[groups.length - 1];
      if (last && last[1] === l.type) last[0]++;
      else groups.push([1, l.type]);
    }
    const locals = vec(groups.map(([n, t]) => [...uleb(n), VALTYPE[t]]));
    const code = [...locals, ...this.body, 0x0b];
    return [...uleb(code.length), ...code];
  }

  signature(): number[] {
    return [0x60, ...vec(this.params.map((p) => [VALTYPE[p.type]])), ...vec(this.results.map((r) => [VALTYPE[r]]))];
  }
}

// ------------------------------------------------------------------ module

/** A module of exported functions and one exported memory (`memory`). */
export class ModuleBuilder {
  private readonly fns: Fn[] = [];

  /** @param memoryPages the memory's initial size in 64 KiB pages (it may grow) */
  constructor(private readonly memoryPages = 1) {}

  /** Adds an exported function; `build` writes its body. */
  func(name: string, params: ValType[], results: ValType[], build: (f: Fn, ...params: Local[]) => void): Fn {
    if (this.fns.some((f) => f.name === name)) throw new Error(`wasm builder: two functions named ${name}`);
    const f = new Fn(name, params, results);
    build(f, ...f.params);
    this.fns.push(f);
    return f;
  }

  toBytes(): Uint8Array {
    // one type per function (identical signatures are not shared: a few bytes, simpler)
    const types = section(1, vec(this.fns.map((f) => f.signature())));
    const funcs = section(3, vec(this.fns.map((_, i) => uleb(i))));
    const memory = section(5, vec([[0x00, ...uleb(this.memoryPages)]])); // limits: min only
    const exports = section(7, vec([
      [...vec(utf8('memory').map((b) => [b])), 0x02, 0x00],
      ...this.fns.map((f, i) => [...vec(utf8(f.name).map((b) => [b])), 0x00, ...uleb(i)]),
    ]));
    const code = section(10, vec(this.fns.map((f) => f.encode())));
    const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]; // "\0asm", version 1
    return Uint8Array.from([...header, ...types, ...funcs, ...memory, ...exports, ...code]);
  }
}
