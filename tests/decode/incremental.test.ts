import fc from 'fast-check';
import { createModel, decode, encode, type ModelConfig } from '../../src/model';
import { IncrementalDecoder } from '../../src/decode/incremental';
import { modelNextToken, logSoftmaxRow } from '../../src/decode/next';

const CONFIG: ModelConfig = {
  srcVocab: 9, tgtVocab: 7, dModel: 8, nHead: 2, numEncoderLayers: 1, numDecoderLayers: 2,
  dimFeedforward: 16, normFirst: false, activation: 'relu', eps: 1e-5, pad: 0, bos: 1, eos: 2, maxLen: 10,
};

/** The last position's logits of the full masked decoder over BOS + prefix. */
function fullLastLogits(m: ReturnType<typeof createModel>, src: number[], prefix: number[]): Float32Array {
  const enc = encode(m, [src], { trace: false });
  const { logits } = decode(m, enc, [[m.config.bos, ...prefix]], { trace: false });
  const V = m.config.tgtVocab;
  return logits.data.slice(prefix.length * V, (prefix.length + 1) * V);
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('incremental decoding with a key/value cache', () => {
  const arbCase = fc.record({
    seed: fc.integer({ min: 0, max: 1000 }),
    normFirst: fc.boolean(),
    gelu: fc.boolean(),
    // token 0 is pad: a generated pad must be masked as a key, as the full pass masks it
    src: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 6 }).filter((s) => s.some((t) => t !== 0)),
    steps: fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
    parents: fc.array(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }), { minLength: 8, maxLength: 8 }),
  });

  it('gives the numbers of re-running the whole prefix at every step, whatever rows the beam reorders', () => {
    fc.assert(
      fc.property(arbCase, ({ seed, normFirst, gelu, src, steps, parents }) => {
        const m = createModel({ ...CONFIG, normFirst, activation: gelu ? 'gelu' : 'relu' }, seed);
        const dec = new IncrementalDecoder(m, src);
        let prefixes: number[][] = [[], [], []];
        for (let t = 0; t < steps.length; t++) {
          // each row continues some row of the previous step (as a beam reorders them)
          prefixes = t === 0 ? prefixes : prefixes.map((_, b) => [...prefixes[parents[t][b]]]);
          if (t > 0) prefixes.forEach((p, b) => p.push(steps[t - 1][b]));
          const cached = dec.logitsCached(prefixes);
          const V = CONFIG.tgtVocab;
          prefixes.forEach((p, b) => {
            const d = maxDiff(cached.subarray(b * V, (b + 1) * V), fullLastLogits(m, src, p));
            if (!(d <= 1e-5)) throw new Error(`step ${t}, row ${b}, prefix [${p.join(',')}]: |Δlogit| = ${d}`);
          });
        }
      }),
      { numRuns: 60 },
    );
  });

  it('counts one decoder pass per cached step, and rebuilds from BOS for a prefix it has not seen', () => {
    const m = createModel(CONFIG, 3);
    const dec = new IncrementalDecoder(m, [3, 4, 5]);
    dec.logitsCached([[]]);
    dec.logitsCached([[3], [4]]);
    dec.logitsCached([[3, 5], [4, 6], [4, 3]]);
    expect(dec.passes).toBe(3);
    const unseen = dec.logitsCached([[6, 6, 6]]); // not an extension of the last call: 4 steps from BOS
    expect(dec.passes).toBe(7);
    expect(maxDiff(unseen, fullLastLogits(m, [3, 4, 5], [6, 6, 6]))).toBeLessThanOrEqual(1e-5);
  });

  it('the cached and uncached next-token functions agree, and rows of mixed lengths fall back to the full pass', () => {
    const m = createModel(CONFIG, 5);
    const a = modelNextToken(m, [3, 4], { cache: true });
    const b = modelNextToken(m, [3, 4], { cache: false });
    for (const batch of [[[]], [[3], [5]], [[3, 4], [5, 5]], [[1], [3, 4, 5]]]) {
      const ra = a.logProbs(batch), rb = b.logProbs(batch);
      ra.forEach((row, i) => expect(maxDiff(row, rb[i])).toBeLessThanOrEqual(1e-5));
    }
  });

  it('log-softmax rows are normalised in float64 and keep −∞', () => {
    const r = logSoftmaxRow([1000, 1001, -Infinity, 999]);
    expect(r[2]).toBe(-Infinity);
    expect(Math.abs(Array.from(r).reduce((s, x) => s + Math.exp(x), 0) - 1)).toBeLessThan(1e-12);
    expect(r[1]).toBeCloseTo(-Math.log(1 + Math.exp(-1) + Math.exp(-2)), 12);
  });
});
