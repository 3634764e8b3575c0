/**
 * What the trace panel shows, as data: the shell's small seeded model, one run
 * of greedy decoding on a source, and the trace entries grouped for display
 * (embedding, encoder layer i, encoder output, decoder layer i, output).
 * No React here, so tests can check it without a DOM.
 */
import { DEFAULT_CONFIG, createModel, type ModelConfig, type Seq2SeqModel, type Trace, type TraceKey } from '../model';
import { greedyDecode, type StopReason } from '../decode/greedy';
import { BOS, CHAR_VOCAB_SIZE, EOS, PAD } from '../state';

/** A small model for the page shell (trained models come later). */
export const SHELL_CONFIG: ModelConfig = {
  ...DEFAULT_CONFIG,
  srcVocab: CHAR_VOCAB_SIZE,
  tgtVocab: CHAR_VOCAB_SIZE,
  dModel: 32,
  nHead: 2,
  numEncoderLayers: 2,
  numDecoderLayers: 2,
  dimFeedforward: 64,
  pad: PAD,
  bos: BOS,
  eos: EOS,
  maxLen: 32,
};

export const SHELL_SEED = 1;

let shellModel: Seq2SeqModel | null = null;

/** The shell's randomly initialised model, created once on first use. */
export function getShellModel(): Seq2SeqModel {
  shellModel ??= createModel(SHELL_CONFIG, SHELL_SEED);
  return shellModel;
}

export type GroupKind = 'encEmbedding' | 'encLayer' | 'encOutput' | 'decEmbedding' | 'decLayer' | 'output' | 'other';

export interface TraceEntryView {
  key: TraceKey;
  shape: readonly number[];
}

export interface TraceGroup {
  /** stable id, e.g. `encLayer.0` */
  id: string;
  kind: GroupKind;
  /** the layer index for encLayer / decLayer */
  layer?: number;
  entries: TraceEntryView[];
}

/** The group a trace key belongs to, and its layer when it has one. */
export function groupOf(key: TraceKey): { kind: GroupKind; layer?: number } {
  const layer = /^(enc|dec)\.(\d+)\./.exec(key);
  if (layer) return { kind: layer[1] === 'enc' ? 'encLayer' : 'decLayer', layer: Number(layer[2]) };
  if (/^enc\.(embed|pos|input)$/.test(key)) return { kind: 'encEmbedding' };
  if (key === 'enc.memory') return { kind: 'encOutput' };
  if (/^dec\.(embed|pos|input)$/.test(key)) return { kind: 'decEmbedding' };
  if (key === 'dec.output' || key === 'logits' || key === 'probs' || key === 'log_probs') return { kind: 'output' };
  return { kind: 'other' };
}

/** Trace entries grouped, groups and entries in the order the forward pass recorded them. */
export function groupTrace(trace: Trace): TraceGroup[] {
  const groups = new Map<string, TraceGroup>();
  for (const [key, tensor] of trace) {
    const g = groupOf(key);
    const id = g.layer === undefined ? g.kind : `${g.kind}.${g.layer}`;
    let group = groups.get(id);
    if (!group) {
      group = { id, kind: g.kind, ...(g.layer === undefined ? {} : { layer: g.layer }), entries: [] };
      groups.set(id, group);
    }
    group.entries.push({ key, shape: tensor.shape });
  }
  return [...groups.values()];
}

/** `[1,2,5,5]` */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

export interface ShellRun {
  srcIds: number[];
  tokens: number[];
  stop: StopReason;
  encoder: TraceGroup[];
  /** the first decoding step (decoder input: BOS) */
  decoderStep1: TraceGroup[];
  /** the dimensions the shape letters stand for */
  dims: { B: number; H: number; S: number; T: number; D: number; F: number; V: number };
}

/** Greedy decoding of `srcIds` (EOS included) with the shell model, grouped for display. */
export function runShell(srcIds: readonly number[], model: Seq2SeqModel = getShellModel()): ShellRun {
  const result = greedyDecode(model, srcIds);
  const first = result.steps[0];
  const c = model.config;
  return {
    srcIds: [...srcIds],
    tokens: result.tokens,
    stop: result.stop,
    encoder: result.encoderTrace ? groupTrace(result.encoderTrace) : [],
    decoderStep1: first?.trace ? groupTrace(first.trace) : [],
    dims: { B: 1, H: c.nHead, S: srcIds.length, T: first ? first.prefix.length : 0, D: c.dModel, F: c.dimFeedforward, V: c.tgtVocab },
  };
}
