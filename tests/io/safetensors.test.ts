import { Tensor } from '../../src/core';
import { readSafetensors, writeSafetensors } from '../../src/io/safetensors';

describe('safetensors', () => {
  const tensors = new Map<string, Tensor>([
    ['b.weight', new Tensor([2, 3], Float32Array.from([1, 2, 3, 4, 5, -6.5]))],
    ['a.bias', new Tensor([3], Float32Array.from([0.1, 0.2, 0.3]))],
  ]);

  it('writes the 8-byte little-endian header length, a JSON header padded to 8 bytes, then raw float32 data', () => {
    const bytes = writeSafetensors(tensors, { task: 'reverse' });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.__metadata__).toEqual({ task: 'reverse' });
    expect(header['a.bias']).toEqual({ dtype: 'F32', shape: [3], data_offsets: [0, 12] });
    expect(header['b.weight']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [12, 36] });
    expect(bytes.length).toBe(8 + n + 36);
    const data = new DataView(bytes.buffer, 8 + n);
    expect(data.getFloat32(12 + 5 * 4, true)).toBe(-6.5);
  });

  it('reads back what it wrote', () => {
    const back = readSafetensors(writeSafetensors(tensors, { x: 'y' }));
    expect(back.metadata).toEqual({ x: 'y' });
    expect([...back.tensors.keys()].sort()).toEqual(['a.bias', 'b.weight']);
    expect(back.tensors.get('b.weight')!.shape).toEqual([2, 3]);
    expect(back.tensors.get('b.weight')!.data).toEqual(tensors.get('b.weight')!.data);
  });

  it('gives the same bytes for the same tensors whatever the insertion order', () => {
    const other = new Map([...tensors.entries()].reverse());
    expect(writeSafetensors(other)).toEqual(writeSafetensors(tensors));
  });

  it('refuses a truncated file and a header that lies about its size, naming the problem', () => {
    const bytes = writeSafetensors(tensors);
    expect(() => readSafetensors(bytes.subarray(0, 4))).toThrow(/truncated: it has 4 bytes, fewer than the 8/);
    expect(() => readSafetensors(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated: b\.weight needs the data bytes \[12, 36\] but the data holds only 32 bytes/);
  });
});
