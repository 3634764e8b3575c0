import { describe, expect, it } from 'vitest';
import { ModuleBuilder, sleb, uleb } from '../../../src/core/kernels/wasm_builder';

/** Instantiates a module and returns its exports. */
function run(mb: ModuleBuilder): Record<string, unknown> {
  return new WebAssembly.Instance(new WebAssembly.Module(mb.toBytes() as BufferSource), {}).exports;
}

describe('wasm builder', () => {
  it('encodes unsigned LEB128 as the specification does', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => uleb(-1)).toThrow(/unsigned 32-bit/);
    expect(() => uleb(1.5)).toThrow(/unsigned 32-bit/);
  });

  it('encodes signed LEB128 as the specification does', () => {
    expect(sleb(0)).toEqual([0]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(0x7fffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
    expect(() => sleb(2 ** 31)).toThrow(/signed 32-bit/);
  });

  it('an empty module is the 8-byte header plus the memory and its export, and validates', () => {
    const bytes = new ModuleBuilder().toBytes();
    expect([...bytes.subarray(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    expect(WebAssembly.validate(bytes as BufferSource)).toBe(true);
    expect((run(new ModuleBuilder(2)).memory as WebAssembly.Memory).buffer.byteLength).toBe(2 * 65536);
  });

  it('a loop written with for() sums 0 + 1 + … + n-1 in i32 arithmetic', () => {
    const mb = new ModuleBuilder();
    mb.func('sum', ['i32'], ['i32'], (f, n) => {
      const i = f.local('i32'), s = f.local('i32');
      f.for(i, 0, n, 1, () => f.inc(s, i));
      f.get(s);
    });
    const sum = run(mb).sum as (n: number) => number;
    expect(sum(0)).toBe(0);
    expect(sum(1)).toBe(0);
    expect(sum(100)).toBe(4950);
  });

  it('SIMD loads, splats, f32x4 arithmetic and stores compute lane by lane in float32', () => {
    // out[0..4] = a[0..4] * splat(s) + b[0..4]
    const mb = new ModuleBuilder();
    mb.func('axpy', ['i32', 'i32', 'i32', 'i32'], [], (f, a, s, b, out) => {
      f.get(out).get(a).v128Load().get(s).v128Load32Splat().f32x4Mul().get(b).v128Load().f32x4Add().v128Store();
    });
    const ex = run(mb);
    const mem = new Float32Array((ex.memory as WebAssembly.Memory).buffer);
    mem.set([0.1, -2, 3.5, 1e-3], 4); // a at byte 16
    mem[8] = 0.3; // s at byte 32
    mem.set([1, 2, 3, 4], 12); // b at byte 48
    (ex.axpy as (...x: number[]) => void)(16, 32, 48, 64);
    const want = [0.1, -2, 3.5, 1e-3].map((x, i) => Math.fround(Math.fround(Math.fround(x) * Math.fround(0.3)) + [1, 2, 3, 4][i]));
    expect([...mem.subarray(16, 20)]).toEqual(want);
  });

  it('f64x2 promotion is exact and demotion rounds to float32', () => {
    // out[0..2] (f32) = demote(promote(x[0..2]) * promote(x[0..2]))
    const mb = new ModuleBuilder();
    mb.func('sq', ['i32', 'i32'], [], (f, x, out) => {
      const v = f.local('v128');
      f.get(x).v128Load64Zero().f64x2PromoteLowF32x4().set(v);
      f.get(out).get(v).get(v).f64x2Mul().f32x4DemoteF64x2Zero().v128Store64Lane(0);
    });
    const ex = run(mb);
    const mem = new Float32Array((ex.memory as WebAssembly.Memory).buffer);
    mem.set([1.1, -3.3], 4);
    (ex.sq as (...x: number[]) => void)(16, 32);
    expect([...mem.subarray(8, 10)]).toEqual([Math.fround(mem[4] * mem[4]), Math.fround(mem[5] * mem[5])]);
  });

  it('stores single lanes and shuffles bytes', () => {
    const mb = new ModuleBuilder();
    // out[0] = lane 2 of the reversed vector x (= x[1])
    const reverse = [12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3];
    mb.func('pick', ['i32', 'i32'], [], (f, x, out) => {
      f.get(out).get(x).v128Load().get(x).v128Load().i8x16Shuffle(reverse).v128Store32Lane(2);
    });
    const ex = run(mb);
    const mem = new Float32Array((ex.memory as WebAssembly.Memory).buffer);
    mem.set([10, 20, 30, 40], 4);
    mem[8] = -1;
    (ex.pick as (...x: number[]) => void)(16, 32);
    expect(mem[8]).toBe(20);
    expect(mem[9]).toBe(0); // only one lane was written
  });

  it('refuses to build malformed code, naming the function', () => {
    const mb = new ModuleBuilder();
    expect(() => mb.func('bad', [], [], (f) => f.br(0))).toThrow('wasm builder: bad: branch depth 0 but only 0 open blocks');
    expect(() => mb.func('twice', [], [], () => undefined) && mb.func('twice', [], [], () => undefined)).toThrow(/two functions named twice/);
    expect(() => new ModuleBuilder().func('s', [], [], (f) => f.i8x16Shuffle([0, 1]))).toThrow(/16 lane indices/);
  });
});
