/**
 * One object holds every dimension of the model (nanoGPT's GPTConfig).
 * Dimension names used in shape comments across src/model:
 *   B batch, S source length, T target length, D d_model, H heads,
 *   Dh = D / H head size, F feed-forward width, V vocabulary size.
 */
export type Activation = 'relu' | 'gelu';

export interface ModelConfig {
  /** source and target vocabulary sizes (V) */
  srcVocab: number;
  tgtVocab: number;
  /** D */
  dModel: number;
  /** H; D must be divisible by H */
  nHead: number;
  numEncoderLayers: number;
  numDecoderLayers: number;
  /** F */
  dimFeedforward: number;
  /** false: post-LN (the original paper, PyTorch's default); true: pre-LN */
  normFirst: boolean;
  activation: Activation;
  /** LayerNorm epsilon */
  eps: number;
  /** special token ids */
  pad: number;
  bos: number;
  eos: number;
  /** longest source or target sequence the model accepts (including BOS/EOS) */
  maxLen: number;
}

export const DEFAULT_CONFIG: ModelConfig = {
  srcVocab: 32,
  tgtVocab: 32,
  dModel: 64,
  nHead: 4,
  numEncoderLayers: 2,
  numDecoderLayers: 2,
  dimFeedforward: 256,
  normFirst: false,
  activation: 'relu',
  eps: 1e-5,
  pad: 0,
  bos: 1,
  eos: 2,
  maxLen: 64,
};

/** Throws a message naming the first inconsistent field. */
export function validateConfig(c: ModelConfig): void {
  const pos = (name: keyof ModelConfig) => {
    const v = c[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new Error(`config: ${name} must be a positive integer, got ${String(v)}`);
  };
  (['srcVocab', 'tgtVocab', 'dModel', 'nHead', 'dimFeedforward', 'maxLen'] as const).forEach(pos);
  for (const n of ['numEncoderLayers', 'numDecoderLayers'] as const) {
    if (!Number.isInteger(c[n]) || c[n] < 0) throw new Error(`config: ${n} must be an integer ≥ 0, got ${c[n]}`);
  }
  if (c.dModel % c.nHead !== 0) throw new Error(`config: dModel ${c.dModel} is not divisible by nHead ${c.nHead}`);
  if (c.activation !== 'relu' && c.activation !== 'gelu') throw new Error(`config: activation must be relu or gelu, got ${String(c.activation)}`);
  if (!(c.eps > 0)) throw new Error(`config: eps must be > 0, got ${c.eps}`);
  for (const n of ['pad', 'bos', 'eos'] as const) {
    if (!Number.isInteger(c[n]) || c[n] < 0 || c[n] >= Math.min(c.srcVocab, c.tgtVocab)) {
      throw new Error(`config: ${n} id ${c[n]} is outside the vocabulary`);
    }
  }
}
