/**
 * The safetensors format (read and write):
 *   8 bytes   little-endian u64 N, the length of the JSON header
 *   N bytes   JSON {name: {dtype: "F32", shape: [...], data_offsets: [begin, end]}, "__metadata__": {...}}
 *             starting with `{`, padded with spaces (to a multiple of 8 when we write)
 *   rest      the raw little-endian data, offsets relative to the end of the header; the
 *             tensors cover it exactly, without gaps or overlaps
 * Written: float32, tensors in name order, so that the same parameters give the same bytes.
 * Read: F32, and F16 and BF16 (what PyTorch users often save) widened to float32 exactly.
 * A file that breaks any rule is refused with a `ModelFileError` naming the problem: it is
 * read as untrusted input, and nothing is read outside the bytes given.
 */
import { Tensor } from '../core';
import { ModelFileError, type ModelFileProblem } from './problems';

export interface SafetensorsFile {
  tensors: Map<string, Tensor>;
  metadata: Record<string, string>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function writeSafetensors(tensors: Map<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, HeaderEntry | Record<string, string>> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__') throw new Error('safetensors: a tensor may not be called __metadata__');
    const t = tensors.get(name)!;
    const bytes = t.size * 4;
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  const enc = new TextEncoder();
  let headerBytes = enc.encode(json);
  const pad = (8 - (headerBytes.length % 8)) % 8;
  if (pad > 0) {
    json += ' '.repeat(pad);
    headerBytes = enc.encode(json);
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    const t = tensors.get(name)!;
    if (littleEndian) {
      out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.size * 4), at);
    } else {
      for (let i = 0; i < t.size; i++) view.setFloat32(at + i * 4, t.data[i], true);
    }
    at += t.size * 4;
  }
  return out;
}

/** The dtypes `readSafetensors` reads, and their sizes in bytes. */
export const READABLE_DTYPES = { F32: 4, F16: 2, BF16: 2 } as const;
export type ReadableDtype = keyof typeof READABLE_DTYPES;
const SUPPORTED = Object.keys(READABLE_DTYPES);

/** The reference implementation's limit on the header (100 MB): a larger one is refused unread. */
export const MAX_HEADER_BYTES = 100_000_000;

const F16_SUBNORMAL = Math.pow(2, -24);

/** The value of an IEEE 754 half-precision number given by its 16 bits. */
export function float16ToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * F16_SUBNORMAL; // zero and subnormals: frac · 2^-24
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * Math.pow(2, exp - 15);
}

const bf16Scratch = new DataView(new ArrayBuffer(4));

/** The value of a bfloat16 given by its 16 bits (the upper half of a float32). */
export function bfloat16ToFloat32(bits: number): number {
  bf16Scratch.setUint32(0, (bits & 0xffff) << 16);
  return bf16Scratch.getFloat32(0);
}

function fail(p: ModelFileProblem): never {
  throw new ModelFileError(p);
}

function malformed(detail: string): never {
  fail({ kind: 'malformed', file: 'safetensors', detail });
}

function truncated(detail: string): never {
  fail({ kind: 'truncated', file: 'safetensors', detail });
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

interface Entry {
  name: string;
  dtype: ReadableDtype;
  shape: number[];
  begin: number;
  end: number;
}

/** Reads a safetensors file; throws a `ModelFileError` naming the first problem. */
export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) truncated(`it has ${bytes.length} bytes, fewer than the 8 of the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER_BYTES)) malformed(`the header length ${n64} is over the limit of ${MAX_HEADER_BYTES} bytes`);
  const n = Number(n64);
  if (n > bytes.length - 8) truncated(`the header is ${n} bytes long but only ${bytes.length - 8} bytes follow the length`);
  if (n < 2 || bytes[8] !== 0x7b) malformed('the header does not start with “{”');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    malformed(`the header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) malformed('the header is not a JSON object');
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const entries: Entry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) malformed('__metadata__ is not an object');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') malformed(`__metadata__.${k} is not a string`);
      }
      metadata = value as Record<string, string>;
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) malformed(`the entry of ${name} is not an object`);
    const e = value as Record<string, unknown>;
    if (typeof e.dtype !== 'string') malformed(`${name} has no dtype`);
    if (!Object.hasOwn(READABLE_DTYPES, e.dtype)) fail({ kind: 'dtype', tensor: name, dtype: e.dtype, supported: SUPPORTED });
    const dtype = e.dtype as ReadableDtype;
    if (!Array.isArray(e.shape) || !e.shape.every(isCount)) malformed(`${name} has a shape that is not a list of whole numbers ≥ 0`);
    const shape = e.shape as number[];
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !isCount(off[0]) || !isCount(off[1]) || off[1] < off[0]) {
      malformed(`${name} has data_offsets that are not [begin, end] with 0 ≤ begin ≤ end`);
    }
    const [begin, end] = off as [number, number];
    const count = shape.reduce((p, d) => p * d, 1);
    if (!Number.isSafeInteger(count * READABLE_DTYPES[dtype]) || end - begin !== count * READABLE_DTYPES[dtype]) {
      malformed(`${name} has offsets [${begin}, ${end}] (${end - begin} bytes), but ${dtype} shape [${shape.join(',')}] needs ${count * READABLE_DTYPES[dtype]} bytes`);
    }
    if (end > dataLen) truncated(`${name} needs the data bytes [${begin}, ${end}] but the data holds only ${dataLen} bytes`);
    entries.push({ name, dtype, shape, begin, end });
  }
  // the tensors must cover the data exactly: no gap, no overlap, nothing after the last
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of byOffset) {
    if (e.begin < at) malformed(`${e.name} overlaps the bytes of another tensor (its data starts at ${e.begin}, before ${at})`);
    if (e.begin > at) malformed(`the data bytes [${at}, ${e.begin}) before ${e.name} belong to no tensor`);
    at = e.end;
  }
  if (at !== dataLen) malformed(`the data has ${dataLen - at} bytes after the last tensor that belong to no tensor`);
  const tensors = new Map<string, Tensor>();
  for (const e of entries) tensors.set(e.name, new Tensor(e.shape, decodeData(bytes, dataStart + e.begin, e.end - e.begin, e.dtype)));
  return { tensors, metadata };
}

/** The little-endian elements of one tensor, widened to float32. */
function decodeData(bytes: Uint8Array, at: number, length: number, dtype: ReadableDtype): Float32Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + at, length);
  const count = length / READABLE_DTYPES[dtype];
  const data = new Float32Array(count);
  switch (dtype) {
    case 'F32':
      for (let i = 0; i < count; i++) data[i] = dv.getFloat32(i * 4, true);
      break;
    case 'F16':
      for (let i = 0; i < count; i++) data[i] = float16ToFloat32(dv.getUint16(i * 2, true));
      break;
    case 'BF16':
      for (let i = 0; i < count; i++) data[i] = bfloat16ToFloat32(dv.getUint16(i * 2, true));
      break;
  }
  return data;
}
