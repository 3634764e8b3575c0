/**
 * The tensor of the core: a shape and row-major float32 data.
 *
 * Tensors are values: ops return new tensors and never write into their inputs
 * (DESIGN.md convention 4). The autograd fields (`requiresGrad`, `grad`, the
 * parents and the backward closure) are filled only when an op sees an input
 * that requires a gradient; a plain forward pass never allocates them.
 */

export type Shape = readonly number[];

export class Tensor {
  readonly shape: Shape;
  readonly data: Float32Array;
  /** Set on leaves (parameters) by the caller, and on every op output that depends on one. */
  requiresGrad = false;
  /** d(loss)/d(this), same layout as `data`; allocated by `backward`. */
  grad: Float32Array | null = null;
  /** @internal the tensors this one was computed from (autograd tape). */
  _parents: readonly Tensor[] = [];
  /** @internal adds this tensor's `grad` into its parents' grads. */
  _backward: (() => void) | null = null;

  constructor(shape: Shape, data?: Float32Array) {
    const n = sizeOf(shape);
    if (data === undefined) data = allocFloat32(n);
    if (data.length !== n) {
      throw new Error(`tensor: data has ${data.length} elements but shape [${shape.join(',')}] needs ${n}`);
    }
    this.shape = Object.freeze(shape.slice());
    this.data = data;
  }

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** The element at a multi-index (slow; for tests and tooltips). */
  get(...index: number[]): number {
    return this.data[offsetOf(this.shape, index)];
  }

  /** Nested arrays, for tests and debugging. */
  toNested(): unknown {
    const build = (dim: number, offset: number): unknown => {
      if (dim === this.shape.length) return this.data[offset];
      const stride = sizeOf(this.shape.slice(dim + 1));
      const out: unknown[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  toString(): string {
    return `Tensor[${this.shape.join(',')}]`;
  }
}

const SLAB_BYTES = 256 * 1024;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;
export function allocFloat32(n: number): Float32Array {
  const bytes = n * 4;
  if (bytes > 16 * 1024) return new Float32Array(n);
  if (slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const a = new Float32Array(slab, slabUsed, n);
  slabUsed += bytes;
  return a;
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    // (d >>> 0) === d holds exactly for whole numbers in [0, 2³²)
    if (d >>> 0 !== d) throw new Error(`tensor: bad dimension ${d} in shape [${shape.join(',')}]`);
    n *= d;
  }
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

function offsetOf(shape: Shape, index: number[]): number {
  if (index.length !== shape.length) {
    throw new Error(`tensor.get: index [${index.join(',')}] does not fit shape [${shape.join(',')}]`);
  }
  let off = 0;
  for (let i = 0; i < shape.length; i++) {
    if (index[i] < 0 || index[i] >= shape[i]) {
      throw new Error(`tensor.get: index [${index.join(',')}] is outside shape [${shape.join(',')}]`);
    }
    off = off * shape[i] + index[i];
  }
  return off;
}

export function fmtShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** Throws `op: message, a is [..], b is [..]` unless `ok` (DESIGN.md convention 3). */
export function assertShapes(ok: boolean, op: string, what: string, a: Shape, b?: Shape): void {
  if (ok) return;
  const tail = b === undefined ? `, shape is ${fmtShape(a)}` : `, a is ${fmtShape(a)}, b is ${fmtShape(b)}`;
  throw new Error(`${op}: ${what}${tail}`);
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Normalises a possibly negative axis. */
export function normAxis(axis: number, rank: number, op: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) throw new Error(`${op}: axis ${axis} is out of range for rank ${rank}`);
  return a;
}

// ---------------------------------------------------------------- constructors

export function tensor(shape: Shape, values: ArrayLike<number>): Tensor {
  return new Tensor(shape, Float32Array.from(values));
}

export function zeros(shape: Shape): Tensor {
  return new Tensor(shape);
}

export function full(shape: Shape, value: number): Tensor {
  return new Tensor(shape, new Float32Array(sizeOf(shape)).fill(value));
}

export function scalar(value: number): Tensor {
  return new Tensor([], Float32Array.of(value));
}

/** A tensor from nested arrays (`[[1,2],[3,4]]`); throws on ragged input. */
export function fromNested(values: unknown): Tensor {
  const shape: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat: number[] = [];
  const walk = (v: unknown, dim: number): void => {
    if (dim === shape.length) {
      if (typeof v !== 'number') throw new Error(`fromNested: expected a number, got ${typeof v}`);
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) throw new Error('fromNested: ragged nested array');
    for (const x of v) walk(x, dim + 1);
  };
  walk(values, 0);
  return tensor(shape, flat);
}

/** The same numbers (shared buffer) as a tensor that takes no part in autograd. */
export function detach(t: Tensor): Tensor {
  return new Tensor(t.shape, t.data);
}

/** Marks a tensor as a parameter that collects gradients. Returns it. */
export function param(t: Tensor): Tensor {
  t.requiresGrad = true;
  return t;
}

/** Whether any input takes part in autograd (then the op records its backward). */
export function needsGrad(...inputs: (Tensor | null | undefined)[]): boolean {
  for (const t of inputs) if (t && t.requiresGrad) return true;
  return false;
}

/** Adds `g` into `t.grad`, allocating it on first use. */
export function accumulateGrad(t: Tensor, g: ArrayLike<number>): void {
  if (!t.grad) t.grad = new Float32Array(t.size);
  const dst = t.grad;
  for (let i = 0; i < dst.length; i++) dst[i] += g[i];
}

/** The gradient buffer of `t`, allocated (zeros) on first use. */
export function gradOf(t: Tensor): Float32Array {
  if (!t.grad) t.grad = new Float32Array(t.size);
  return t.grad;
}

/** Links an op's output into the autograd tape. */
export function record(out: Tensor, parents: Tensor[], backward: () => void): Tensor {
  out.requiresGrad = true;
  out._parents = parents;
  out._backward = backward;
  return out;
}
