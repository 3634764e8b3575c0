import type { PickedFile } from '../../../src/panels/models/modelFiles';

/** A picked file from bytes or text (what `File` offers the page). */
export function picked(name: string, content: string | Uint8Array): PickedFile {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    name,
    text: async () => new TextDecoder().decode(bytes),
    arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer,
  };
}
