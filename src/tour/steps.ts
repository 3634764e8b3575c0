/**
 * The forward-pass tour as data: an ordered list of steps, each naming the
 * trace entries it shows, a formula (KaTeX source, the same in every language)
 * and the catalog key of its text. Panels look the entries up in a run's trace;
 * nothing here draws or computes attention.
 *
 * Order: tokens → embedding × √d → positional encoding → for each encoder layer
 * (Q/K/V → QKᵀ → ÷√d_k → softmax → weighted sum of V → concatenated heads →
 * output projection → Add & LayerNorm → feed-forward → Add & LayerNorm) → the
 * encoder memory → for each decoding step: the decoder input, then for each
 * decoder layer (masked scores → masked weights → weighted sum → Add & LayerNorm →
 * cross-attention Q from the decoder, K and V from the memory → weights → weighted
 * sum of the memory's values → Add & LayerNorm → feed-forward → Add & LayerNorm),
 * then the decoder's final LayerNorm → logits → softmax → the chosen token appended,
 * or the stop. Every step names its layer, so a link reopens exactly what walking shows.
 */
import type { ModelConfig, TraceKey } from '../model';
import type { StopReason } from '../decode/greedy';

/** What a step shows; the text of a step is the catalog key `tour.step.${kind}.text`. */
export const STEP_KINDS = [
  'tokens', 'embed', 'pos',
  'qkv', 'scores', 'scaled', 'softmax', 'weighted', 'concat', 'outproj', 'addnorm1', 'ffn', 'addnorm2',
  'memory',
  'decInput',
  'decMasked', 'decWeights', 'decWeighted', 'decAddNorm1',
  'crossQkv', 'cross', 'crossWeighted', 'decAddNorm2',
  'decFfn', 'decAddNorm3',
  'finalNorm', 'logits', 'probs', 'append', 'stop',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Which of the three attention kinds a step shows, if any. */
export type AttentionKind = 'enc-self' | 'dec-self' | 'cross';

/** The part of the walk a step belongs to (for the grouped step list). */
export type StepGroup =
  | { kind: 'input' }
  | { kind: 'encLayer'; layer: number }
  | { kind: 'encOutput' }
  | { kind: 'decStep'; step: number };

export interface TourStep {
  /** stable id, e.g. `enc.1.softmax`, `dec.3.1.cross` (decoding step 3, decoder layer 1) or `dec.3.logits` */
  id: string;
  kind: StepKind;
  group: StepGroup;
  /** the encoder or decoder layer a layer step belongs to (0-based, as in the trace keys) */
  layer?: number;
  /** the decoding step (0 = the first token generated) */
  decStep?: number;
  /**
   * the trace entries shown, in the order they are drawn. Encoder keys are read from the
   * encoder's trace, decoder keys from the trace of decoding step `decStep`.
   */
  traceKeys: readonly TraceKey[];
  /** the attention kind shown, when the step shows attention weights or scores */
  attention?: AttentionKind;
  /** KaTeX source */
  formula: string;
  /** catalog key of the step's title and text */
  titleKey: `tour.step.${StepKind}.title`;
  textKey: `tour.step.${StepKind}.text`;
}

/** The parts of a run that shape the walk. */
export interface WalkShape {
  config: Pick<ModelConfig, 'numEncoderLayers' | 'numDecoderLayers' | 'normFirst' | 'activation'>;
  /** tokens generated (EOS included when it was produced) */
  generated: number;
  stop: StopReason;
}

const ffnFormula = (activation: string) =>
  activation === 'gelu'
    ? String.raw`\mathrm{FFN}(x) = \mathrm{GELU}(x W_1 + b_1)\, W_2 + b_2`
    : String.raw`\mathrm{FFN}(x) = \max(0,\ x W_1 + b_1)\, W_2 + b_2`;

const addNorm = (normFirst: boolean, sub: string) =>
  normFirst ? String.raw`x + \mathrm{${sub}}(\mathrm{LayerNorm}(x))` : String.raw`\mathrm{LayerNorm}\big(x + \mathrm{${sub}}(x)\big)`;

function formulaOf(kind: StepKind, c: WalkShape['config']): string {
  switch (kind) {
    case 'tokens':
      return String.raw`x = (x_1, \dots, x_S), \quad x_S = \langle\mathrm{eos}\rangle`;
    case 'embed':
      return String.raw`e_i = E[x_i] \cdot \sqrt{d_{\mathrm{model}}}`;
    case 'pos':
      return String.raw`\begin{aligned} PE_{p,2i} &= \sin\!\big(p / 10000^{2i/d}\big) \\ PE_{p,2i+1} &= \cos\!\big(p / 10000^{2i/d}\big) \\ h^{(0)}_p &= e_p + PE_p \end{aligned}`;
    case 'qkv':
      return String.raw`Q_h = X W^Q_h,\quad K_h = X W^K_h,\quad V_h = X W^V_h`;
    case 'scores':
      return String.raw`S_h = Q_h K_h^{\top}`;
    case 'scaled':
      return String.raw`S_h / \sqrt{d_k}, \quad d_k = d_{\mathrm{model}} / H`;
    case 'softmax':
      return String.raw`\begin{aligned} A_h &= \mathrm{softmax}\!\left(\frac{Q_h K_h^{\top}}{\sqrt{d_k}}\right) \\ \textstyle\sum_j A_{ij} &= 1 \end{aligned}`;
    case 'weighted':
      return String.raw`\mathrm{head}_h = A_h V_h`;
    case 'concat':
      return String.raw`\mathrm{Concat}(\mathrm{head}_1, \dots, \mathrm{head}_H)`;
    case 'outproj':
      return String.raw`\mathrm{MultiHead}(X) = \mathrm{Concat}(\mathrm{head}_1, \dots, \mathrm{head}_H)\, W^O`;
    case 'addnorm1':
    case 'decAddNorm1':
      return addNorm(c.normFirst, kind === 'addnorm1' ? 'MultiHead' : 'MaskedMultiHead');
    case 'ffn':
    case 'decFfn':
      return ffnFormula(c.activation);
    case 'addnorm2':
    case 'decAddNorm3':
      return addNorm(c.normFirst, 'FFN');
    case 'memory':
      return String.raw`M = \mathrm{LayerNorm}\big(h^{(N)}\big)`;
    case 'decInput':
      return String.raw`\begin{aligned} y_{<t} &= (\langle\mathrm{bos}\rangle, y_1, \dots, y_{t-1}) \\ h^{(0)} &= E[y]\sqrt{d_{\mathrm{model}}} + PE \end{aligned}`;
    case 'decMasked':
      return String.raw`\begin{aligned} &\frac{Q K^{\top}}{\sqrt{d_k}} + M \\ &M_{ij} = \begin{cases} 0 & j \le i \\ -\infty & j > i \end{cases} \end{aligned}`;
    case 'decWeights':
      return String.raw`\begin{aligned} A &= \mathrm{softmax}\!\left(\frac{Q K^{\top}}{\sqrt{d_k}} + M\right) \\ e^{-\infty} &= 0 \end{aligned}`;
    case 'decWeighted':
      return String.raw`\mathrm{Concat}(A_1 V_1, \dots, A_H V_H)\, W^O`;
    case 'crossQkv':
      return String.raw`Q_h = Y W^Q_h,\quad K_h = M W^K_h,\quad V_h = M W^V_h`;
    case 'cross':
      return String.raw`A_h = \mathrm{softmax}\!\left(\frac{Q_h K_h^{\top}}{\sqrt{d_k}}\right)`;
    case 'crossWeighted':
      return String.raw`\mathrm{Concat}(A_1 V_1, \dots, A_H V_H)\, W^O`;
    case 'decAddNorm2':
      return addNorm(c.normFirst, 'CrossAttn');
    case 'finalNorm':
      return String.raw`h_t = \mathrm{LayerNorm}\big(h^{(N)}_t\big)`;
    case 'logits':
      return String.raw`z = h_t\, W_{\mathrm{vocab}}^{\top} + b`;
    case 'probs':
      return String.raw`p(y_t = v \mid y_{<t}, x) = \frac{e^{z_v}}{\sum_u e^{z_u}}`;
    case 'append':
    case 'stop':
      return String.raw`y_t = \arg\max_v\, p_v`;
  }
}

function encoderKeys(kind: StepKind, layer: number): TraceKey[] {
  const e = `enc.${layer}` as const;
  const a = `${e}.self_attn` as const;
  switch (kind) {
    case 'embed':
      return ['enc.embed'];
    case 'pos':
      return ['enc.pos', 'enc.input'];
    case 'qkv':
      return [`${a}.q`, `${a}.k`, `${a}.v`];
    case 'scores':
      return [`${a}.scores`];
    case 'scaled':
      return [`${a}.scaled`];
    case 'softmax':
      return [`${a}.weights`];
    case 'weighted':
      return [`${a}.head_out`];
    case 'concat':
      return [`${a}.concat`];
    case 'outproj':
      return [`${a}.out`];
    case 'addnorm1':
      return [`${e}.residual1`, `${e}.norm1`];
    case 'ffn':
      return [`${e}.ffn.hidden`, `${e}.ffn.out`];
    case 'addnorm2':
      return [`${e}.residual2`, `${e}.norm2`];
    case 'memory':
      return ['enc.memory'];
    default:
      return [];
  }
}

function decoderKeys(kind: StepKind, layer: number): TraceKey[] {
  const d = `dec.${layer}` as const;
  const sa = `${d}.self_attn` as const;
  const ca = `${d}.cross_attn` as const;
  switch (kind) {
    case 'decInput':
      return ['dec.input'];
    case 'decMasked':
      return [`${sa}.masked`];
    case 'decWeights':
      return [`${sa}.weights`];
    case 'decWeighted':
      return [`${sa}.head_out`, `${sa}.out`];
    case 'decAddNorm1':
      return [`${d}.residual1`, `${d}.norm1`];
    case 'crossQkv':
      return [`${ca}.q`, `${ca}.k`, `${ca}.v`];
    case 'cross':
      return [`${ca}.weights`];
    case 'crossWeighted':
      return [`${ca}.head_out`, `${ca}.out`];
    case 'decAddNorm2':
      return [`${d}.residual2`, `${d}.norm2`];
    case 'decFfn':
      return [`${d}.ffn.hidden`, `${d}.ffn.out`];
    case 'decAddNorm3':
      return [`${d}.residual3`, `${d}.norm3`];
    case 'finalNorm':
      return ['dec.output'];
    case 'logits':
      return ['logits'];
    case 'probs':
    case 'append':
    case 'stop':
      return ['probs'];
    default:
      return [];
  }
}

const ATTENTION: Partial<Record<StepKind, AttentionKind>> = {
  scores: 'enc-self', scaled: 'enc-self', softmax: 'enc-self',
  decMasked: 'dec-self', decWeights: 'dec-self', cross: 'cross',
};

function makeStep(kind: StepKind, group: StepGroup, c: WalkShape['config'], extra: { layer?: number; decStep?: number } = {}): TourStep {
  const layer = extra.layer ?? 0;
  const id =
    group.kind === 'encLayer' ? `enc.${layer}.${kind}`
      : group.kind === 'decStep' ? (extra.layer !== undefined ? `dec.${group.step}.${layer}.${kind}` : `dec.${group.step}.${kind}`)
        : kind;
  const attention = ATTENTION[kind];
  return {
    id,
    kind,
    group,
    ...(extra.layer !== undefined ? { layer: extra.layer } : {}),
    ...(extra.decStep !== undefined ? { decStep: extra.decStep } : {}),
    traceKeys: group.kind === 'decStep' ? decoderKeys(kind, layer) : encoderKeys(kind, layer),
    ...(attention ? { attention } : {}),
    formula: formulaOf(kind, c),
    titleKey: `tour.step.${kind}.title`,
    textKey: `tour.step.${kind}.text`,
  };
}

/** The sub-steps of one encoder layer, in order. */
export const ENCODER_LAYER_KINDS: readonly StepKind[] = [
  'qkv', 'scores', 'scaled', 'softmax', 'weighted', 'concat', 'outproj', 'addnorm1', 'ffn', 'addnorm2',
];

/** The sub-steps of one decoder layer within a decoding step, in order. */
export const DECODER_LAYER_KINDS: readonly StepKind[] = [
  'decMasked', 'decWeights', 'decWeighted', 'decAddNorm1',
  'crossQkv', 'cross', 'crossWeighted', 'decAddNorm2',
  'decFfn', 'decAddNorm3',
];

/** The steps of one decoding step after its decoder layers; the last is `append` or `stop`. */
export const DECODER_HEAD_KINDS: readonly StepKind[] = ['finalNorm', 'logits', 'probs', 'append'];

/** The whole walk for a run: its length follows the model's layers and the tokens generated. */
export function buildWalk(shape: WalkShape): TourStep[] {
  const c = shape.config;
  const steps: TourStep[] = [
    makeStep('tokens', { kind: 'input' }, c),
    makeStep('embed', { kind: 'input' }, c),
    makeStep('pos', { kind: 'input' }, c),
  ];
  for (let l = 0; l < c.numEncoderLayers; l++) {
    for (const kind of ENCODER_LAYER_KINDS) steps.push(makeStep(kind, { kind: 'encLayer', layer: l }, c, { layer: l }));
  }
  steps.push(makeStep('memory', { kind: 'encOutput' }, c));
  for (let t = 0; t < shape.generated; t++) {
    const group: StepGroup = { kind: 'decStep', step: t };
    steps.push(makeStep('decInput', group, c, { decStep: t }));
    for (let l = 0; l < c.numDecoderLayers; l++) {
      for (const kind of DECODER_LAYER_KINDS) steps.push(makeStep(kind, group, c, { decStep: t, layer: l }));
    }
    const last = t === shape.generated - 1;
    for (const kind of DECODER_HEAD_KINDS) steps.push(makeStep(kind === 'append' && last ? 'stop' : kind, group, c, { decStep: t }));
  }
  return steps;
}

/**
 * The step to go to when another layer is picked: the same kind of step in that layer
 * (for a decoder step, within the same decoding step), or the same step when there is none.
 */
export function stepForLayer(walk: readonly TourStep[], index: number, layer: number): number {
  const s = walk[index];
  if (!s || s.layer === undefined) return index;
  const id = s.decStep !== undefined ? `dec.${s.decStep}.${layer}.${s.kind}` : `enc.${layer}.${s.kind}`;
  const j = walk.findIndex((w) => w.id === id);
  return j < 0 ? index : j;
}

/** The index of a step id in the walk, or -1. */
export function indexOfStep(walk: readonly TourStep[], id: string): number {
  return walk.findIndex((s) => s.id === id);
}

/**
 * Where "next token" / "previous token" go: the first step (decoder input) of the next
 * decoding step after `index`, or the nearest one before it (the start of the current
 * decoding step, or of the one before when already there); -1 when there is none.
 */
export function tokenStart(walk: readonly TourStep[], index: number, dir: 1 | -1): number {
  if (dir === 1) return walk.findIndex((w, i) => i > index && w.kind === 'decInput');
  for (let i = Math.min(index, walk.length) - 1; i >= 0; i--) if (walk[i].kind === 'decInput') return i;
  return -1;
}
