/**
 * The typed trace of a forward pass: every named intermediate tensor.
 * Keys are a typed union (template literal types), never free strings.
 *
 * Shapes (B batch, S source, T target, D model, H heads, Dh head size, F ffn, V vocab):
 *   enc.embed / enc.input      [B,S,D]   token embedding × √D, and + positional encoding
 *   enc.pos                    [S,D]     sinusoidal positional encoding
 *   enc.L.self_attn.q|k|v      [B,H,S,Dh]
 *   enc.L.self_attn.scores     [B,H,S,S] raw QKᵀ; .scaled ÷√Dh; .masked −∞ where masked; .weights softmax
 *   enc.L.self_attn.head_out   [B,H,S,Dh] weights · V per head; .concat [B,S,D]; .out [B,S,D] after out_proj
 *   enc.L.residual1|norm1|…    [B,S,D]   ffn.hidden [B,S,F]
 *   enc.memory                 [B,S,D]   after the encoder's final LayerNorm
 *   dec.*                      as enc.* with T; cross_attn has Tk = S
 *   logits / probs / log_probs [B,T,V]
 */
import type { Tensor } from '../core';

export type AttnField =
  | 'q' | 'k' | 'v' | 'scores' | 'scaled' | 'masked' | 'weights' | 'head_out' | 'concat' | 'out';

export type LayerField =
  | 'input'
  | 'residual1' | 'norm1'
  | 'residual2' | 'norm2'
  | 'residual3' | 'norm3'
  | 'ffn.hidden' | 'ffn.out'
  | 'output';

export type EncoderKey =
  | 'enc.embed' | 'enc.pos' | 'enc.input' | 'enc.memory'
  | `enc.${number}.${LayerField}`
  | `enc.${number}.self_attn.${AttnField}`;

export type DecoderKey =
  | 'dec.embed' | 'dec.pos' | 'dec.input' | 'dec.output'
  | `dec.${number}.${LayerField}`
  | `dec.${number}.self_attn.${AttnField}`
  | `dec.${number}.cross_attn.${AttnField}`
  | 'logits' | 'probs' | 'log_probs';

export type TraceKey = EncoderKey | DecoderKey;

export const ATTN_FIELDS: readonly AttnField[] = [
  'q', 'k', 'v', 'scores', 'scaled', 'masked', 'weights', 'head_out', 'concat', 'out',
];

/** Which entries a trace keeps (e.g. only the cross-attention weights a training loss needs). */
export type TraceFilter = (key: TraceKey) => boolean;

/** An ordered record of named tensors. `null` when tracing is off (training). */
export class Trace {
  private readonly entries = new Map<TraceKey, Tensor>();

  /** `keep`: record only the entries it accepts (default all). */
  constructor(private readonly keep: TraceFilter | null = null) {}

  /** Whether `set(key, …)` would record: lets a pass skip computing what is not kept. */
  wants(key: TraceKey): boolean {
    return this.keep === null || this.keep(key);
  }

  set(key: TraceKey, t: Tensor): void {
    if (this.wants(key)) this.entries.set(key, t);
  }

  has(key: TraceKey): boolean {
    return this.entries.has(key);
  }

  /** The tensor at `key`; throws naming the key when the pass did not record it. */
  get(key: TraceKey): Tensor {
    const t = this.entries.get(key);
    if (!t) throw new Error(`trace: no entry ${key}`);
    return t;
  }

  keys(): TraceKey[] {
    return [...this.entries.keys()];
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries in the order the forward pass produced them. */
  *[Symbol.iterator](): IterableIterator<[TraceKey, Tensor]> {
    yield* this.entries;
  }

  /** A new trace with the entries of both (later ones win). */
  static merge(...traces: (Trace | null)[]): Trace {
    const out = new Trace();
    for (const t of traces) if (t) for (const [k, v] of t) out.set(k, v);
    return out;
  }
}
