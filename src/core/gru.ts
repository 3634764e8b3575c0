/**
 * The gated recurrent unit as torch.nn.GRU(batch_first=True), one layer, uni- or
 * bidirectional, with an optional initial state and variable lengths handled as
 * PyTorch's packed sequences. Gate order r, z, n (PyTorch's):
 *
 *   r_t = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)
 *   z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)
 *   n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t−1} + b_hn))
 *   h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
 *
 * Packed sequences: row b has `lengths[b]` valid steps. Its outputs past that length are 0,
 * the forward direction's final state is its state at step lengths[b] − 1, and the reverse
 * direction starts at step lengths[b] − 1 (from h0) and ends at step 0: padding is never read.
 *
 * The input projections W_i· x_t + b_i· of all steps are one `linear` over [B,T,I] (the
 * core's matrix kernels, forward and backward); the recurrence over the hidden state is one
 * op with its backward (backpropagation through time) right below it. Its per-step products
 * h·W_hhᵀ and dG·W_hh also go through `linear` and `matmul`.
 */
import { Tensor, fmtShape, gradOf, needsGrad, record, detach } from './tensor';
import { linear } from './linear';
import { matmul } from './matmul';
import { transpose } from './permute';
import { narrow } from './narrow';
import { reshape } from './reshape';
import { concat } from './concat';

/** The parameters of one direction, in PyTorch's layout (rows r, z, n). */
export interface GruWeights {
  /** [3H, I] (weight_ih_l0 or weight_ih_l0_reverse) */
  weightIh: Tensor;
  /** [3H, H] */
  weightHh: Tensor;
  /** [3H], optional (bias=False) */
  biasIh?: Tensor | null;
  /** [3H], optional */
  biasHh?: Tensor | null;
}

export interface GruOptions {
  /** initial state [D, B, H] (zeros when absent) */
  h0?: Tensor | null;
  /** valid steps of each row, each in 1..T (all T when absent) */
  lengths?: readonly number[] | null;
  /** also return the gates r, z, n of every step (for a trace; zero past a row's length) */
  keepGates?: boolean;
}

/** The gates of one direction, each [B, T, H], in input-position order. */
export interface GruGates {
  r: Tensor;
  z: Tensor;
  n: Tensor;
}

export interface GruResult {
  /** [B, T, D·H]: forward states, then (bidirectional) reverse states, at each position; 0 past a row's length */
  output: Tensor;
  /** [D, B, H]: each direction's final state (forward: at the row's last step; reverse: at step 0) */
  hN: Tensor;
  /** per direction, when `keepGates` */
  gates: GruGates[] | null;
}

/** PyTorch's packed-sequence lengths, checked: whole numbers in 1..T, one per row. */
function checkLengths(lengths: readonly number[] | null | undefined, B: number, T: number): Int32Array {
  const out = new Int32Array(B).fill(T);
  if (!lengths) return out;
  if (lengths.length !== B) throw new Error(`gru: ${lengths.length} lengths for a batch of ${B}`);
  for (let b = 0; b < B; b++) {
    const n = lengths[b];
    if (!Number.isInteger(n) || n < 1 || n > T) throw new Error(`gru: length ${n} of row ${b} is outside 1..${T} (the input has ${T} steps)`);
    out[b] = n;
  }
  return out;
}

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

/**
 * One direction of the recurrence over precomputed input projections.
 * xi [B, T, 3H] = W_ih x + b_ih; h0 [B, H] or null -> out [B, T, H] (0 past each row's length).
 */
function recurrence(
  xi: Tensor, weightHh: Tensor, biasHh: Tensor | null, h0: Tensor | null, lengths: Int32Array, reverse: boolean,
  gates: GruGates | null,
): Tensor {
  const [B, T, G] = xi.shape;
  const H = G / 3;
  const whh = detach(weightHh), bhh = biasHh ? detach(biasHh) : null;
  const out = new Tensor([B, T, H]);
  const o = out.data, a = xi.data;
  // saved for the backward, by processing order k (k = 0 is the first step taken):
  // the state before the step, r, z, n and W_hn h + b_hn, each [B, H]
  const hPrev = new Float32Array(T * B * H);
  const rS = new Float32Array(T * B * H), zS = new Float32Array(T * B * H), nS = new Float32Array(T * B * H);
  const ghnS = new Float32Array(T * B * H);
  let h = h0 ? Float32Array.from(h0.data) : new Float32Array(B * H); // [B,H]
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    hPrev.set(h, k * B * H);
    const g = linear(new Tensor([B, H], h), whh, bhh).data; // [B,3H] = h·W_hhᵀ + b_hh
    const next = new Float32Array(B * H);
    for (let b = 0; b < B; b++) {
      const s = k * B * H + b * H, hb = b * H;
      if (t >= lengths[b]) {
        // past the row's length: the state passes through unchanged, the output stays 0
        next.set(h.subarray(hb, hb + H), hb);
        continue;
      }
      const ai = (b * T + t) * G, gi = b * G;
      for (let j = 0; j < H; j++) {
        const r = sigmoid(a[ai + j] + g[gi + j]);
        const z = sigmoid(a[ai + H + j] + g[gi + H + j]);
        const ghn = g[gi + 2 * H + j];
        const n = Math.tanh(a[ai + 2 * H + j] + r * ghn);
        const hNew = (1 - z) * n + z * h[hb + j];
        rS[s + j] = r;
        zS[s + j] = z;
        nS[s + j] = n;
        ghnS[s + j] = ghn;
        next[hb + j] = hNew;
        o[(b * T + t) * H + j] = hNew;
      }
    }
    h = next;
  }
  if (gates) {
    for (let k = 0; k < T; k++) {
      const t = reverse ? T - 1 - k : k;
      for (let b = 0; b < B; b++) {
        if (t >= lengths[b]) continue;
        const src = k * B * H + b * H, dst = (b * T + t) * H;
        gates.r.data.set(rS.subarray(src, src + H), dst);
        gates.z.data.set(zS.subarray(src, src + H), dst);
        gates.n.data.set(nS.subarray(src, src + H), dst);
      }
    }
  }
  const parents = [xi, weightHh, ...(biasHh ? [biasHh] : []), ...(h0 ? [h0] : [])];
  if (!needsGrad(...parents)) return out;
  return record(out, parents, () => {
    // backpropagation through time, from the last step taken to the first
    const gOut = out.grad!;
    const dA = new Float32Array(B * T * G); // d xi
    const dGall = new Float32Array(T * B * G); // d (h·W_hhᵀ + b_hh), by step
    let dh = new Float32Array(B * H); // d h carried from the later step
    for (let k = T - 1; k >= 0; k--) {
      const t = reverse ? T - 1 - k : k;
      const dG = dGall.subarray(k * B * G, (k + 1) * B * G);
      const dPrev = new Float32Array(B * H);
      for (let b = 0; b < B; b++) {
        const hb = b * H;
        if (t >= lengths[b]) {
          for (let j = 0; j < H; j++) dPrev[hb + j] = dh[hb + j]; // passed through
          continue;
        }
        const s = k * B * H + b * H, ai = (b * T + t) * G, gi = b * G, oi = (b * T + t) * H;
        for (let j = 0; j < H; j++) {
          const d = dh[hb + j] + gOut[oi + j];
          const r = rS[s + j], z = zS[s + j], n = nS[s + j], hp = hPrev[s + j];
          const dz = d * (hp - n) * z * (1 - z);
          const dnPre = d * (1 - z) * (1 - n * n);
          const dr = dnPre * ghnS[s + j] * r * (1 - r);
          dA[ai + j] = dr;
          dA[ai + H + j] = dz;
          dA[ai + 2 * H + j] = dnPre;
          dG[gi + j] = dr;
          dG[gi + H + j] = dz;
          dG[gi + 2 * H + j] = dnPre * r;
          dPrev[hb + j] = d * z;
        }
      }
      // through h·W_hhᵀ: dPrev += dG [B,3H] · W_hh [3H,H]
      const back = matmul(new Tensor([B, G], dG), whh).data;
      for (let i = 0; i < B * H; i++) dPrev[i] += back[i];
      dh = dPrev;
    }
    if (xi.requiresGrad) {
      const gx = gradOf(xi);
      for (let i = 0; i < dA.length; i++) gx[i] += dA[i];
    }
    if (weightHh.requiresGrad) {
      // dW_hh [3H,H] = Σ_steps dGᵀ · h_prev
      const dW = matmul(transpose(new Tensor([T * B, G], dGall)), new Tensor([T * B, H], hPrev)).data;
      const gw = gradOf(weightHh);
      for (let i = 0; i < dW.length; i++) gw[i] += dW[i];
    }
    if (biasHh && biasHh.requiresGrad) {
      const gb = gradOf(biasHh);
      const acc = new Float64Array(G);
      for (let r = 0; r < T * B; r++) for (let j = 0; j < G; j++) acc[j] += dGall[r * G + j];
      for (let j = 0; j < G; j++) gb[j] += acc[j];
    }
    if (h0 && h0.requiresGrad) {
      const gh = gradOf(h0);
      for (let i = 0; i < dh.length; i++) gh[i] += dh[i];
    }
  });
}

/**
 * The final state [B, H] of one direction, read from its outputs [B, T, H]: the state at
 * each row's last step (forward) or at step 0 (reverse), where the output equals the state.
 */
function finalState(out: Tensor, lengths: Int32Array, reverse: boolean): Tensor {
  const [B, T, H] = out.shape;
  const hN = new Tensor([B, H]);
  const at = (b: number) => (b * T + (reverse ? 0 : lengths[b] - 1)) * H;
  for (let b = 0; b < B; b++) hN.data.set(out.data.subarray(at(b), at(b) + H), b * H);
  if (!needsGrad(out)) return hN;
  return record(hN, [out], () => {
    const g = hN.grad!, go = gradOf(out);
    for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) go[at(b) + j] += g[b * H + j];
  });
}

/**
 * torch.nn.GRU(batch_first=True), one layer: x [B, T, I] and one `GruWeights` per direction
 * (two: bidirectional, the second the reverse direction) -> output [B, T, D·H], h_n [D, B, H].
 */
export function gru(x: Tensor, directions: readonly GruWeights[], opts: GruOptions = {}): GruResult {
  const D = directions.length;
  if (D !== 1 && D !== 2) throw new Error(`gru: needs the weights of 1 or 2 directions, got ${D}`);
  if (x.rank !== 3) throw new Error(`gru: x must be [B, T, I], shape is ${fmtShape(x.shape)}`);
  const [B, T, I] = x.shape;
  if (B === 0 || T === 0) throw new Error(`gru: the batch and the sequence must not be empty, x is ${fmtShape(x.shape)}`);
  const H = directions[0].weightHh.shape[1];
  directions.forEach((w, d) => {
    const name = d === 0 ? 'weight' : 'reverse weight';
    if (w.weightIh.rank !== 2 || w.weightIh.shape[0] !== 3 * H || w.weightIh.shape[1] !== I) {
      throw new Error(`gru: ${name}_ih must be [3H, I] = [${3 * H},${I}], a is ${fmtShape(w.weightIh.shape)}, x is ${fmtShape(x.shape)}`);
    }
    if (w.weightHh.rank !== 2 || w.weightHh.shape[0] !== 3 * H || w.weightHh.shape[1] !== H) {
      throw new Error(`gru: ${name}_hh must be [3H, H] = [${3 * H},${H}], shape is ${fmtShape(w.weightHh.shape)}`);
    }
    for (const [bn, bias] of [['ih', w.biasIh], ['hh', w.biasHh]] as const) {
      if (bias && !(bias.rank === 1 && bias.shape[0] === 3 * H)) {
        throw new Error(`gru: bias_${bn} of direction ${d} must be [${3 * H}], shape is ${fmtShape(bias.shape)}`);
      }
    }
  });
  const h0 = opts.h0 ?? null;
  if (h0 && !(h0.rank === 3 && h0.shape[0] === D && h0.shape[1] === B && h0.shape[2] === H)) {
    throw new Error(`gru: h0 must be [D, B, H] = [${D},${B},${H}], shape is ${fmtShape(h0.shape)}`);
  }
  const lengths = checkLengths(opts.lengths, B, T);
  const outs: Tensor[] = [], finals: Tensor[] = [];
  const gates: GruGates[] | null = opts.keepGates ? [] : null;
  directions.forEach((w, d) => {
    const reverse = d === 1;
    const xi = linear(x, w.weightIh, w.biasIh ?? null); // [B,T,3H]
    const h0d = h0 ? (D === 1 ? reshape(h0, [B, H]) : reshape(narrow(h0, 0, d, 1), [B, H])) : null; // [B,H]
    const g = gates ? { r: new Tensor([B, T, H]), z: new Tensor([B, T, H]), n: new Tensor([B, T, H]) } : null;
    const out = recurrence(xi, w.weightHh, w.biasHh ?? null, h0d, lengths, reverse, g); // [B,T,H]
    if (gates && g) gates.push(g);
    outs.push(out);
    finals.push(reshape(finalState(out, lengths, reverse), [1, B, H])); // [1,B,H]
  });
  const output = D === 1 ? outs[0] : concat(outs, 2); // [B,T,D·H]
  const hN = D === 1 ? finals[0] : concat(finals, 0); // [D,B,H]
  return { output, hN, gates };
}

/**
 * One step of a GRU (torch.nn.GRUCell): x [B, I], h [B, H] -> h' [B, H]. A decoder whose
 * input depends on its previous state (attention) runs the recurrence one step at a time.
 */
export function gruCell(x: Tensor, h: Tensor, w: GruWeights): Tensor {
  if (x.rank !== 2 || h.rank !== 2 || x.shape[0] !== h.shape[0]) {
    throw new Error(`gruCell: x must be [B, I] and h [B, H], a is ${fmtShape(x.shape)}, b is ${fmtShape(h.shape)}`);
  }
  const [B, I] = x.shape, H = h.shape[1];
  const r = gru(reshape(x, [B, 1, I]), [w], { h0: reshape(h, [1, B, H]) });
  return reshape(r.hN, [B, H]);
}
