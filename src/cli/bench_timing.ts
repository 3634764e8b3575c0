/**
 * The timing method of `npm run bench`, shared by the main thread (which times our core)
 * and the tfjs worker (which times @tensorflow/tfjs-core). It imports neither tfjs nor
 * the core: the main thread must never load tfjs (see bench.ts for why).
 *
 * Every timing: a warm-up, then the median over ≥ minRuns samples. A sample times a
 * batch of `inner` back-to-back calls (enough to last ≥ minSampleMs, so microsecond
 * ops are not lost in the clock) and divides by the batch size. The samples of the
 * functions compared are interleaved (a, b, c, a, b, c, …) so that a change in
 * machine load hits all of them alike and their ratio stays fair.
 */

export interface BenchOptions {
  /** warm-up calls before measuring (at least this many, and for at least warmupMs) */
  warmup: number;
  warmupMs: number;
  /** samples whose median is reported */
  minRuns: number;
  maxRuns: number;
  /** target measuring time per case; more samples for fast ops, up to maxRuns */
  budgetMs: number;
  /** a sample repeats the call until it lasts at least this long */
  minSampleMs: number;
  /** model seed (weights) */
  seed: number;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  warmup: 20, warmupMs: 500, minRuns: 20, maxRuns: 500, budgetMs: 400, minSampleMs: 0.2, seed: 0,
};

/** Tiny repetition counts for tests: numbers are meaningless, shapes and agreement are checked. */
export const QUICK_OPTIONS: BenchOptions = {
  warmup: 1, warmupMs: 0, minRuns: 2, maxRuns: 2, budgetMs: 0, minSampleMs: 0, seed: 0,
};

let sink = 0; // results flow here so no call is optimised away

/** Adds a result of a timed call to the sink (so that no timed call is dead code). */
export function consume(x: number): void {
  sink += x;
}

/** The running sum of sampled results. */
export function benchSink(): number {
  return sink;
}

/**
 * A function being timed, in this thread or in another one. `prepare` warms it up and
 * estimates one call (ms); `sample(inner)` runs `inner` calls back to back and returns
 * ms per call, measured around those calls only (so a message round trip to another
 * thread is outside the timed region).
 */
export interface Sampler {
  prepare(o: BenchOptions): number | Promise<number>;
  sample(inner: number): number | Promise<number>;
}

/** Warm-up (≥ o.warmup calls and ≥ o.warmupMs), then ms per call estimated over ≥ o.minSampleMs (at least one call). */
export function warmUp(fn: () => void, o: BenchOptions): number {
  const w0 = performance.now();
  for (let i = 0; i < o.warmup || performance.now() - w0 < o.warmupMs; i++) fn();
  let n = 0;
  const e0 = performance.now();
  do {
    fn();
    n++;
  } while (performance.now() - e0 < o.minSampleMs && n < 1e6);
  return Math.max((performance.now() - e0) / n, 1e-6);
}

/** One sample: ms per call over `inner` back-to-back calls. */
export function timeSample(fn: () => void, inner: number): number {
  const t0 = performance.now();
  for (let i = 0; i < inner; i++) fn();
  return (performance.now() - t0) / inner;
}

export function localSampler(fn: () => void): Sampler {
  return { prepare: (o) => warmUp(fn, o), sample: (inner) => timeSample(fn, inner) };
}

/**
 * Median ms per call of each function or sampler. Each is warmed up first (in turn);
 * then the samples alternate, one of each per round, never two at the same time.
 */
export async function timeMedians(fns: readonly (Sampler | (() => void))[], o: BenchOptions): Promise<number[]> {
  const samplers = fns.map((f) => (typeof f === 'function' ? localSampler(f) : f));
  const plans: { s: Sampler; inner: number; sampleMs: number }[] = [];
  for (const s of samplers) {
    const one = await s.prepare(o);
    const inner = Math.max(1, Math.ceil(o.minSampleMs / one));
    plans.push({ s, inner, sampleMs: inner * one });
  }
  const roundMs = plans.reduce((t, p) => t + p.sampleMs, 0);
  const runs = Math.min(o.maxRuns, Math.max(o.minRuns, Math.floor((o.budgetMs * fns.length) / roundMs)));
  const samples = plans.map(() => new Float64Array(runs));
  for (let r = 0; r < runs; r++) {
    for (let f = 0; f < plans.length; f++) samples[f][r] = await plans[f].s.sample(plans[f].inner);
  }
  return samples.map(median);
}

export async function timeMedian(fn: Sampler | (() => void), o: BenchOptions): Promise<number> {
  return (await timeMedians([fn], o))[0];
}

export function median(xs: ArrayLike<number>): number {
  const s = Float64Array.from(xs).sort();
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i] - b[i]);
    if (!(x <= d)) d = x; // NaN propagates as NaN
  }
  return d;
}

/** Four significant digits (what the table and the JSON show). */
export function round(x: number): number {
  return Number(x.toPrecision(4));
}
