import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Tensor, backward, gru, gruCell, concat, reshape, tensor, type GruWeights } from '../../src/core';
import { expectClose, snapshot } from './helpers';
import { gradCheck, randomTensor } from '../helpers/gradcheck';

/** Random weights of one direction: [3H,I], [3H,H], [3H], [3H]. */
function weights(I: number, H: number, seed: number, scale = 0.6): GruWeights {
  return {
    weightIh: randomTensor([3 * H, I], seed, -scale, scale),
    weightHh: randomTensor([3 * H, H], seed + 1, -scale, scale),
    biasIh: randomTensor([3 * H], seed + 2, -scale, scale),
    biasHh: randomTensor([3 * H], seed + 3, -scale, scale),
  };
}

/**
 * A plain float64 GRU over one sequence (the equations of the torch.nn.GRU docs, written
 * out element by element): xs [T][I], h [H] -> the states after every step.
 */
function naiveGru(xs: number[][], w: GruWeights, h0: number[]): number[][] {
  const H = h0.length, I = xs.length > 0 ? xs[0].length : 0;
  const wi = (row: number, k: number) => w.weightIh.data[row * I + k];
  const wh = (row: number, k: number) => w.weightHh.data[row * H + k];
  const bi = (row: number) => (w.biasIh ? w.biasIh.data[row] : 0);
  const bh = (row: number) => (w.biasHh ? w.biasHh.data[row] : 0);
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  let h = [...h0];
  const states: number[][] = [];
  for (const x of xs) {
    const pre = (row: number, withH: boolean) => {
      let a = bi(row);
      for (let k = 0; k < I; k++) a += wi(row, k) * x[k];
      let g = bh(row);
      for (let k = 0; k < H; k++) g += wh(row, k) * h[k];
      return withH ? [a, g] : [a + g, 0];
    };
    const next: number[] = [];
    for (let j = 0; j < H; j++) {
      const r = sig(pre(j, false)[0]);
      const z = sig(pre(H + j, false)[0]);
      const [an, gn] = pre(2 * H + j, true);
      const n = Math.tanh(an + r * gn);
      next.push((1 - z) * n + z * h[j]);
    }
    h = next;
    states.push(h);
  }
  return states;
}

function rowsOf(x: Tensor, b: number, T: number): number[][] {
  const [, , I] = x.shape;
  const out: number[][] = [];
  for (let t = 0; t < T; t++) out.push(Array.from(x.data.subarray((b * x.shape[1] + t) * I, (b * x.shape[1] + t + 1) * I)));
  return out;
}

describe('gru', () => {
  it('gru of one unit matches the gate equations worked by hand', () => {
    // I = H = 1, all weights 1, biases 0, x = [1], h0 = 0:
    // r = z = σ(1) , n = tanh(1 + r·0) = tanh 1, h = (1 − σ(1))·tanh 1
    const one = tensor([3, 1], [1, 1, 1]);
    const r = gru(tensor([1, 1, 1], [1]), [{ weightIh: one, weightHh: one }]);
    const s = 1 / (1 + Math.exp(-1));
    expectClose(r.output.data, [(1 - s) * Math.tanh(1)], 1e-7);
    expect(r.hN.shape).toEqual([1, 1, 1]);
  });

  it('gru matches a plain float64 implementation of the equations, step by step, with h0', () => {
    const B = 3, T = 5, I = 4, H = 3;
    const x = randomTensor([B, T, I], 11), w = weights(I, H, 20), h0 = randomTensor([1, B, H], 30);
    const r = gru(x, [w], { h0 });
    expect(r.output.shape).toEqual([B, T, H]);
    for (let b = 0; b < B; b++) {
      const states = naiveGru(rowsOf(x, b, T), w, Array.from(h0.data.subarray(b * H, b * H + H)));
      expectClose(r.output.data.subarray(b * T * H, (b + 1) * T * H), states.flat(), 2e-6);
      expectClose(r.hN.data.subarray(b * H, b * H + H), states[T - 1], 2e-6);
    }
  });

  it('gru without biases equals gru with zero biases', () => {
    const x = randomTensor([2, 3, 2], 1), w = weights(2, 4, 2);
    const a = gru(x, [{ weightIh: w.weightIh, weightHh: w.weightHh }]);
    const b = gru(x, [{ ...w, biasIh: new Tensor([12]), biasHh: new Tensor([12]) }]);
    expect(Array.from(a.output.data)).toEqual(Array.from(b.output.data));
  });

  it('bidirectional: the second half of each position is the reverse direction, whose final state is at step 0', () => {
    const B = 2, T = 4, I = 3, H = 2;
    const x = randomTensor([B, T, I], 5), f = weights(I, H, 6), rv = weights(I, H, 7);
    const r = gru(x, [f, rv]);
    expect(r.output.shape).toEqual([B, T, 2 * H]);
    expect(r.hN.shape).toEqual([2, B, H]);
    for (let b = 0; b < B; b++) {
      const fw = naiveGru(rowsOf(x, b, T), f, [0, 0]);
      const bw = naiveGru(rowsOf(x, b, T).reverse(), rv, [0, 0]).reverse(); // state at each input position
      for (let t = 0; t < T; t++) {
        const o = (b * T + t) * 2 * H;
        expectClose(r.output.data.subarray(o, o + H), fw[t], 2e-6);
        expectClose(r.output.data.subarray(o + H, o + 2 * H), bw[t], 2e-6);
      }
      expectClose(r.hN.data.subarray(b * H, b * H + H), fw[T - 1], 2e-6);
      expectClose(r.hN.data.subarray((B + b) * H, (B + b) * H + H), bw[0], 2e-6);
    }
  });

  it('packed lengths: outputs past a row\'s length are 0, h_n is the state at its last step, and the reverse direction starts there', () => {
    const B = 3, T = 6, I = 2, H = 3;
    const lengths = [6, 2, 4];
    const x = randomTensor([B, T, I], 40), f = weights(I, H, 41), rv = weights(I, H, 42), h0 = randomTensor([2, B, H], 43);
    const r = gru(x, [f, rv], { h0, lengths });
    for (let b = 0; b < B; b++) {
      const L = lengths[b];
      const rows = rowsOf(x, b, L);
      const fw = naiveGru(rows, f, Array.from(h0.data.subarray(b * H, b * H + H)));
      const bw = naiveGru([...rows].reverse(), rv, Array.from(h0.data.subarray((B + b) * H, (B + b) * H + H))).reverse();
      for (let t = 0; t < T; t++) {
        const o = (b * T + t) * 2 * H;
        const got = Array.from(r.output.data.subarray(o, o + 2 * H));
        if (t >= L) expect(got).toEqual(new Array(2 * H).fill(0));
        else expectClose(got, [...fw[t], ...bw[t]], 2e-6);
      }
      expectClose(r.hN.data.subarray(b * H, b * H + H), fw[L - 1], 2e-6);
      expectClose(r.hN.data.subarray((B + b) * H, (B + b) * H + H), bw[0], 2e-6);
    }
  });

  it('keepGates returns r, z and n of every step, zero past a row\'s length', () => {
    const x = randomTensor([2, 3, 2], 50), w = weights(2, 2, 51);
    const r = gru(x, [w], { lengths: [3, 1], keepGates: true });
    const g = r.gates![0];
    expect(g.z.shape).toEqual([2, 3, 2]);
    // h_t = (1 − z) n + z h_{t−1}: check the first step of row 0 (h0 = 0) from the gates
    expectClose([(1 - g.z.data[0]) * g.n.data[0]], [r.output.data[0]], 1e-6);
    expect(Array.from(g.r.data.subarray(8, 12))).toEqual([0, 0, 0, 0]); // row 1, steps 1 and 2
    for (const v of g.r.data.subarray(0, 6)) expect(v > 0 && v < 1).toBe(true);
    expect(gru(x, [w]).gates).toBeNull();
  });

  it('gruCell is one step of gru from the given state', () => {
    const x = randomTensor([3, 4], 60), h = randomTensor([3, 5], 61), w = weights(4, 5, 62);
    const a = gruCell(x, h, w);
    const b = gru(reshape(x, [3, 1, 4]), [w], { h0: reshape(h, [1, 3, 5]) });
    expect(a.shape).toEqual([3, 5]);
    expect(Array.from(a.data)).toEqual(Array.from(b.output.data));
  });

  it('gru does not mutate its inputs', () => {
    const x = randomTensor([2, 3, 2], 70), w = weights(2, 3, 71), h0 = randomTensor([1, 2, 3], 72);
    const snap = snapshot(x, w.weightIh, w.weightHh, w.biasIh!, w.biasHh!, h0);
    gru(x, [w], { h0, lengths: [1, 3] });
    snap.check();
  });

  it('gru names the problem: shapes, the number of directions, lengths', () => {
    const x = randomTensor([2, 3, 4], 80), w = weights(4, 5, 81);
    expect(() => gru(reshape(x, [6, 4]), [w])).toThrow('gru: x must be [B, T, I], shape is [6,4]');
    expect(() => gru(randomTensor([2, 3, 3], 1), [w])).toThrow('gru: weight_ih must be [3H, I] = [15,3], a is [15,4], x is [2,3,3]');
    expect(() => gru(x, [w, weights(4, 4, 1)])).toThrow('gru: reverse weight_ih must be [3H, I] = [15,4], a is [12,4]');
    expect(() => gru(x, [])).toThrow('gru: needs the weights of 1 or 2 directions, got 0');
    expect(() => gru(x, [w], { h0: new Tensor([2, 2, 5]) })).toThrow('gru: h0 must be [D, B, H] = [1,2,5], shape is [2,2,5]');
    expect(() => gru(x, [w], { lengths: [3, 0] })).toThrow('gru: length 0 of row 1 is outside 1..3');
    expect(() => gru(x, [w], { lengths: [3] })).toThrow('gru: 1 lengths for a batch of 2');
    expect(() => gru(x, [{ ...w, biasHh: new Tensor([4]) }])).toThrow('gru: bias_hh of direction 0 must be [15], shape is [4]');
  });

  it('a row\'s result does not depend on the other rows, its padding or the batch\'s padded length', () => {
    const I = 2, H = 3, w = [weights(I, H, 90), weights(I, H, 91)];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 1000 }),
        (lengths, extra, seed) => {
          const B = lengths.length, T = Math.max(...lengths) + extra;
          const x = randomTensor([B, T, I], seed);
          const noisy = new Tensor(x.shape, Float32Array.from(x.data));
          for (let b = 0; b < B; b++) for (let t = lengths[b]; t < T; t++) for (let k = 0; k < I; k++) noisy.data[(b * T + t) * I + k] = 99;
          const all = gru(noisy, w, { lengths });
          for (let b = 0; b < B; b++) {
            const L = lengths[b];
            const alone = gru(new Tensor([1, L, I], x.data.slice(b * T * I, (b * T + L) * I)), w);
            expectClose(all.output.data.subarray(b * T * 2 * H, (b * T + L) * 2 * H), alone.output.data, 1e-6);
            expectClose([...all.hN.data.subarray(b * H, b * H + H), ...all.hN.data.subarray((B + b) * H, (B + b) * H + H)], alone.hN.data, 1e-6);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('states stay inside (−1, 1) when h0 does (a convex mix of tanh and the previous state)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 6 }), (seed, T) => {
        const r = gru(randomTensor([2, T, 3], seed, -5, 5), [weights(3, 4, seed + 1, 3)], { h0: randomTensor([1, 2, 4], seed + 2, -0.999, 0.999) });
        for (const v of r.output.data) expect(Math.abs(v)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });
});

describe('gru backward', () => {
  const flat = (r: { output: Tensor; hN: Tensor }) => concat([reshape(r.output, [-1]), reshape(r.hN, [-1])], 0);

  it('gru passes the finite-difference check for x, every weight and h0', () => {
    const w = weights(3, 4, 100);
    const f = (x: Tensor, wi: Tensor, wh: Tensor, bi: Tensor, bh: Tensor, h0: Tensor) =>
      flat(gru(x, [{ weightIh: wi, weightHh: wh, biasIh: bi, biasHh: bh }], { h0 }));
    const res = gradCheck(f, [randomTensor([2, 4, 3], 101), w.weightIh, w.weightHh, w.biasIh!, w.biasHh!, randomTensor([1, 2, 4], 102)]);
    expect(res.worst).not.toBeNull();
    expect(res.ok).toBe(true);
  });

  it('bidirectional gru with packed lengths passes the finite-difference check', () => {
    const a = weights(2, 3, 110), b = weights(2, 3, 111);
    const f = (x: Tensor, h0: Tensor, ...p: Tensor[]) =>
      flat(gru(x, [
        { weightIh: p[0], weightHh: p[1], biasIh: p[2], biasHh: p[3] },
        { weightIh: p[4], weightHh: p[5], biasIh: p[6], biasHh: p[7] },
      ], { h0, lengths: [2, 4, 1] }));
    const inputs = [randomTensor([3, 4, 2], 112), randomTensor([2, 3, 3], 113), a.weightIh, a.weightHh, a.biasIh!, a.biasHh!, b.weightIh, b.weightHh, b.biasIh!, b.biasHh!];
    expect(gradCheck(f, inputs).ok).toBe(true);
  });

  it('padding gets no gradient: x past a row\'s length has gradient 0', () => {
    const x = randomTensor([2, 3, 2], 120);
    x.requiresGrad = true;
    const r = gru(x, [weights(2, 2, 121), weights(2, 2, 122)], { lengths: [3, 1] });
    backward(flat(r)); // every output and final state with weight 1
    const g = x.grad!;
    expect(Array.from(g.subarray(8, 12))).toEqual([0, 0, 0, 0]); // row 1, steps 1 and 2
    expect(g.subarray(0, 6).some((v) => v !== 0)).toBe(true);
  });

  it('gruCell passes the finite-difference check', () => {
    const w = weights(2, 3, 130);
    const f = (x: Tensor, h: Tensor, wi: Tensor, wh: Tensor) => gruCell(x, h, { weightIh: wi, weightHh: wh, biasIh: w.biasIh, biasHh: w.biasHh });
    expect(gradCheck(f, [randomTensor([2, 2], 131), randomTensor([2, 3], 132), w.weightIh, w.weightHh]).ok).toBe(true);
  });
});
