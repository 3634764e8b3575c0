/**
 * The safetensors format (read and write), float32 tensors only:
 *   8 bytes   little-endian u64 N, the length of the JSON header
 *   N bytes   JSON {name: {dtype: "F32", shape: [...], data_offsets: [begin, end]}, "__metadata__": {...}}
 *             padded with spaces to a multiple of 8
 *   rest      the raw little-endian data, offsets relative to the end of the header
 * Tensors are written in name order so that the same parameters give the same bytes.
 */
import { Tensor } from '../core';

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

export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) throw new Error(`safetensors: file is ${bytes.length} bytes, too short for a header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > bytes.length - 8) throw new Error(`safetensors: header length ${n} is larger than the file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw new Error(`safetensors: the header is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  const tensors = new Map<string, Tensor>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = value as Record<string, string>;
      continue;
    }
    const e = value as HeaderEntry;
    if (e.dtype !== 'F32') throw new Error(`safetensors: ${name} has dtype ${e.dtype}; only F32 is supported`);
    const [begin, end] = e.data_offsets;
    const count = e.shape.reduce((p, d) => p * d, 1);
    if (end - begin !== count * 4 || begin < 0 || end > dataLen) {
      throw new Error(`safetensors: ${name} has offsets [${begin}, ${end}] that do not fit shape [${e.shape.join(',')}] or the file`);
    }
    const data = new Float32Array(count);
    const dv = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, count * 4);
    for (let i = 0; i < count; i++) data[i] = dv.getFloat32(i * 4, true);
    tensors.set(name, new Tensor(e.shape, data));
  }
  return { tensors, metadata };
}
