/** Embedding lookup: rows of weight [V, D] for integer ids [...] -> [..., D]. */
import { Tensor, fmtShape, gradOf, needsGrad, record } from './tensor';

export function embedding(ids: readonly (readonly number[])[] | readonly number[], weight: Tensor): Tensor {
  if (weight.rank !== 2) throw new Error(`embedding: weight must be [V, D], shape is ${fmtShape(weight.shape)}`);
  const [v, d] = weight.shape;
  const nested = ids.length > 0 && Array.isArray(ids[0]);
  const rows = nested ? (ids as readonly (readonly number[])[]) : [ids as readonly number[]];
  const t = rows.length === 0 ? 0 : rows[0].length;
  const out = new Tensor(nested ? [rows.length, t, d] : [t, d]);
  let o = 0;
  for (const row of rows) {
    if (row.length !== t) throw new Error(`embedding: rows have different lengths (${t} and ${row.length})`);
    for (const id of row) {
      if (!Number.isInteger(id) || id < 0 || id >= v) throw new Error(`embedding: token id ${id} is outside the vocabulary of ${v}`);
      out.data.set(weight.data.subarray(id * d, id * d + d), o);
      o += d;
    }
  }
  if (!needsGrad(weight)) return out;
  return record(out, [weight], () => {
    // scatter-add each row's gradient into the row of its token
    const g = out.grad!, gw = gradOf(weight);
    let at = 0;
    for (const row of rows) {
      for (const id of row) {
        for (let j = 0; j < d; j++) gw[id * d + j] += g[at + j];
        at += d;
      }
    }
  });
}
