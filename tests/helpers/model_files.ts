/**
 * Model pairs as another program would write them, for the loading tests: a safetensors
 * writer that takes any dtype, key order and padding (as Python's `safetensors.torch.save_file`
 * does, header keys in its own order with `{"format": "pt"}` metadata), bit encoders for
 * values exactly representable in F16 / BF16, and a model from a PyTorch reference case.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor } from '../../src/core';
import { parseReferenceFile, toTensor, type ReferenceCase } from '../../src/io/reference';
import type { ModelConfig, Params } from '../../src/model';

export interface RawTensor {
  name: string;
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

/** A safetensors file from raw entries, in the order given, data laid out in that order. */
export function rawSafetensors(entries: RawTensor[], metadata: Record<string, string> | null = { format: 'pt' }): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const e of entries) {
    header[e.name] = { dtype: e.dtype, shape: e.shape, data_offsets: [offset, offset + e.bytes.length] };
    offset += e.bytes.length;
  }
  return assemble(JSON.stringify(header), entries.map((e) => e.bytes));
}

/** 8-byte length + header text padded with spaces to a multiple of 8 + the data. */
export function assemble(headerText: string, data: Uint8Array[]): Uint8Array {
  let h = new TextEncoder().encode(headerText);
  const pad = (8 - (h.length % 8)) % 8;
  if (pad) h = new TextEncoder().encode(headerText + ' '.repeat(pad));
  const total = data.reduce((n, d) => n + d.length, 0);
  const out = new Uint8Array(8 + h.length + total);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  let at = 8 + h.length;
  for (const d of data) {
    out.set(d, at);
    at += d.length;
  }
  return out;
}

export function f32Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) dv.setFloat32(i * 4, values[i], true);
  return out;
}

/** Half-precision bits of a value that F16 holds exactly; throws for any other value. */
export function f16Bits(x: number): number {
  if (x === 0) return Object.is(x, -0) ? 0x8000 : 0;
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a < Math.pow(2, -14)) {
    const frac = a / Math.pow(2, -24);
    if (!Number.isInteger(frac)) throw new Error(`f16Bits: ${x} is not exactly representable`);
    return sign | frac;
  }
  const e = Math.floor(Math.log2(a));
  const frac = (a / Math.pow(2, e) - 1) * 1024;
  if (!Number.isInteger(frac) || e > 15) throw new Error(`f16Bits: ${x} is not exactly representable`);
  return sign | ((e + 15) << 10) | frac;
}

/** BF16 bits of a value that BF16 holds exactly (its float32 has 16 zero low bits). */
export function bf16Bits(x: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x);
  if (dv.getFloat32(0) !== x || (dv.getUint32(0) & 0xffff) !== 0) throw new Error(`bf16Bits: ${x} is not exactly representable`);
  return dv.getUint32(0) >>> 16;
}

export function u16Bytes(bits: number[]): Uint8Array {
  const out = new Uint8Array(bits.length * 2);
  const dv = new DataView(out.buffer);
  bits.forEach((b, i) => dv.setUint16(i * 2, b, true));
  return out;
}

/** Raw entries of a parameter map in F32 (name order reversed: the reader must not depend on order). */
export function f32Entries(params: Params): RawTensor[] {
  return [...params.keys()].sort().reverse().map((name) => {
    const t = params.get(name)!;
    return { name, dtype: 'F32', shape: [...t.shape], bytes: f32Bytes(t.data) };
  });
}

const REF = join(__dirname, '..', 'fixtures', 'reference', 'seq2seq.json');

/** A whole-model case of the PyTorch fixtures (0: post-LN relu d16, 1: pre-LN relu d8). */
export function referenceCase(i: number): ReferenceCase {
  return parseReferenceFile(readFileSync(REF, 'utf8')).cases.filter((c) => c.op === 'seq2seq_transformer')[i];
}

/** The parameters of a reference case (its state_dict, as PyTorch saved it). */
export function referenceParams(c: ReferenceCase): Params {
  const params: Params = new Map();
  for (const [k, v] of Object.entries(c.inputs)) {
    if (k.includes('.')) params.set(k, toTensor(v));
  }
  return params;
}

/** The config of a reference case with a given maxLen. */
export function referenceConfig(c: ReferenceCase, maxLen: number): ModelConfig {
  const p = c.params as Record<string, unknown>;
  return {
    srcVocab: c.inputs['src_embed.weight'].shape[0], tgtVocab: c.inputs['tgt_embed.weight'].shape[0],
    dModel: p.d_model as number, nHead: p.nhead as number,
    numEncoderLayers: p.num_encoder_layers as number, numDecoderLayers: p.num_decoder_layers as number,
    dimFeedforward: p.dim_feedforward as number, normFirst: p.norm_first as boolean,
    activation: p.activation as 'relu' | 'gelu', eps: p.eps as number,
    pad: 0, bos: 1, eos: 2, maxLen,
  };
}

/** `n` tokens: the three specials, then characters of `chars`. */
export function tokens(chars: string, n: number): string[] {
  const list = ['<pad>', '<bos>', '<eos>', ...Array.from(chars)];
  if (list.length < n) throw new Error(`tokens: ${chars} gives only ${list.length} of ${n}`);
  return list.slice(0, n);
}

export function tensorOf(shape: number[], values: number[]): Tensor {
  return new Tensor(shape, Float32Array.from(values));
}
