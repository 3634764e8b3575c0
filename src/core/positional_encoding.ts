/**
 * Sinusoidal positional encoding of "Attention Is All You Need":
 * PE[pos, 2i] = sin(pos / 10000^(2i/D)), PE[pos, 2i+1] = cos(pos / 10000^(2i/D)).
 * Computed in float64, stored as float32; cached per (length, D) since it is a constant.
 */
import { Tensor } from './tensor';

const cache = new Map<string, Tensor>();

export function positionalEncoding(length: number, dModel: number): Tensor {
  if (!Number.isInteger(length) || length < 0 || !Number.isInteger(dModel) || dModel <= 0) {
    throw new Error(`positionalEncoding: length must be ≥ 0 and d_model ≥ 1, got ${length} and ${dModel}`);
  }
  const key = `${length}x${dModel}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const pe = new Tensor([length, dModel]);
  for (let pos = 0; pos < length; pos++) {
    for (let i = 0; i < dModel; i += 2) {
      const angle = pos / Math.pow(10000, i / dModel);
      pe.data[pos * dModel + i] = Math.sin(angle);
      if (i + 1 < dModel) pe.data[pos * dModel + i + 1] = Math.cos(angle);
    }
  }
  if (cache.size > 64) cache.clear();
  cache.set(key, pe);
  return pe;
}
