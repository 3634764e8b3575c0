/** What the parts of the decoding lab share: the context they decode in, number formats, timing. */
import type { ModelBundle } from '../../io/bundle';
import type { Task } from '../../tasks';
import type { StoredDecoding, DecodingSetting } from '../../labs/decoding';
import type { StrategyOutput } from '../../labs/decoding_view';
import type { Strategy } from '../../state/slices/decoding';
import type { UserModel } from '../../state/slices/models';

export interface LabContext {
  bundle: ModelBundle;
  task: Task;
  /** a valid source for the task and model */
  source: string;
  settings: Record<DecodingSetting, number>;
  strategy: Strategy;
  stored: StoredDecoding | null;
  presenting: boolean;
  /** what the chosen strategy outputs */
  output: StrategyOutput;
  /** the right outputs of the source, or null when the page has no ground truth for the model's task */
  refs: string[] | null;
  /** the model opened in the page that the lab decodes with, or null for the task's shipped model */
  user: UserModel | null;
  /** the name to show: the task's, or the user model's */
  modelName: string;
}

/** A log-probability as the page writes it: 3 decimals, a real minus sign, −∞. */
export function fmtLogProb(v: number): string {
  if (v === -Infinity) return '−∞';
  return v.toFixed(3).replace('-', '−');
}

/** A probability with 2 or 3 decimals. */
export function fmtProb(v: number, digits = 3): string {
  return v.toFixed(digits);
}

/** A token as the figures show it: EOS and BOS by name, a space as ␣. */
export function tokenLabel(vocab: readonly string[], id: number): string {
  if (id < 0) return 'BOS';
  const s = vocab[id] ?? `<${id}>`;
  return s === '<eos>' ? 'EOS' : s === '<bos>' ? 'BOS' : s === '<pad>' ? 'PAD' : s === ' ' ? '␣' : s;
}

/** Runs `fn` and records its duration as a performance measure named `name` (read by the browser tests). */
export function timed<T>(name: string, fn: () => T): T {
  const t0 = performance.now();
  const out = fn();
  try {
    performance.measure(name, { start: t0, end: performance.now() });
  } catch {
    // no User Timing here (old browsers)
  }
  return out;
}
