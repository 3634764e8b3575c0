/** The shipped models served from public/models, for the decoding lab's component tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelLoader, type FetchLike } from '../../../src/tour';

export const diskFetch: FetchLike = async (url: string) => {
  try {
    const bytes = readFileSync(join('public', url));
    return { ok: true, status: 200, text: async () => bytes.toString('utf8'), arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
  } catch {
    return { ok: false, status: 404, text: async () => '', arrayBuffer: async () => new ArrayBuffer(0) };
  }
};

export const diskLoader = () => new ModelLoader(diskFetch);
