/**
 * Boolean masks. As in PyTorch's attention masks and in the reference fixtures,
 * **true means masked out** (the position may not be attended to).
 */
import { type Shape, sizeOf, fmtShape } from './tensor';

export class Mask {
  readonly shape: Shape;
  readonly data: Uint8Array;
  constructor(shape: Shape, data?: Uint8Array) {
    const n = sizeOf(shape);
    data ??= new Uint8Array(n);
    if (data.length !== n) throw new Error(`mask: data has ${data.length} elements but shape ${fmtShape(shape)} needs ${n}`);
    this.shape = Object.freeze([...shape]);
    this.data = data;
  }
  get(...index: number[]): boolean {
    let off = 0;
    for (let i = 0; i < this.shape.length; i++) off = off * this.shape[i] + index[i];
    return this.data[off] !== 0;
  }
}

export function maskFrom(shape: Shape, values: ArrayLike<number | boolean>): Mask {
  const d = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) d[i] = values[i] ? 1 : 0;
  return new Mask(shape, d);
}

/**
 * The causal (look-ahead) mask [T, T] of the decoder's self-attention:
 * position i may see positions j <= i, so (i, j) is masked when j > i.
 */
export function causalMask(t: number): Mask {
  const m = new Mask([t, t]);
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) m.data[i * t + j] = 1;
  return m;
}

/** Key-padding mask [B, T]: true where the token is `pad`. */
export function paddingMask(tokens: readonly (readonly number[])[], pad: number): Mask {
  const b = tokens.length;
  const t = b === 0 ? 0 : tokens[0].length;
  const m = new Mask([b, t]);
  for (let i = 0; i < b; i++) {
    if (tokens[i].length !== t) throw new Error(`paddingMask: rows have different lengths (${t} and ${tokens[i].length})`);
    for (let j = 0; j < t; j++) m.data[i * t + j] = tokens[i][j] === pad ? 1 : 0;
  }
  return m;
}

/**
 * Combines an attention mask [Tq, Tk] and a key-padding mask [B, Tk] into one
 * mask [B, 1, Tq, Tk] that broadcasts over heads (either may be absent).
 * Returns null when both are absent.
 */
export function attentionMask(b: number, tq: number, tk: number, attn?: Mask | null, keyPadding?: Mask | null): Mask | null {
  if (!attn && !keyPadding) return null;
  if (attn && !(attn.shape.length === 2 && attn.shape[0] === tq && attn.shape[1] === tk)) {
    throw new Error(`attentionMask: attn_mask must be [${tq},${tk}], got ${fmtShape(attn.shape)}`);
  }
  if (keyPadding && !(keyPadding.shape.length === 2 && keyPadding.shape[0] === b && keyPadding.shape[1] === tk)) {
    throw new Error(`attentionMask: key_padding_mask must be [${b},${tk}], got ${fmtShape(keyPadding.shape)}`);
  }
  const m = new Mask([b, 1, tq, tk]);
  for (let bi = 0; bi < b; bi++) {
    for (let i = 0; i < tq; i++) {
      const row = (bi * tq + i) * tk;
      for (let j = 0; j < tk; j++) {
        const masked = (attn !== null && attn !== undefined && attn.data[i * tk + j] !== 0) ||
          (keyPadding !== null && keyPadding !== undefined && keyPadding.data[bi * tk + j] !== 0);
        m.data[row + j] = masked ? 1 : 0;
      }
    }
  }
  return m;
}
