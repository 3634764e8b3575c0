/**
 * The model map as data: the blocks of the classic encoder–decoder figure of a loaded
 * model, drawn from its config (layers, post-LN or pre-LN), and which steps of the walk
 * each block stands for. No drawing here (src/viz/modelMap.ts lays the blocks out).
 *
 * Flow order, as in "Attention Is All You Need" (bottom to top when drawn):
 *   encoder: source tokens → embedding × √d → + positional encoding → N × [self-attention,
 *            Add & Norm, feed-forward, Add & Norm] → final LayerNorm → memory
 *   decoder: decoder input (BOS + tokens so far) → embedding × √d → + positional encoding →
 *            M × [masked self-attention, Add & Norm, cross-attention (reads the memory),
 *            Add & Norm, feed-forward, Add & Norm] → final LayerNorm → linear → softmax → next token
 * A pre-LN model shows LayerNorm before each sub-layer and a plain Add after it.
 */
import type { ModelConfig } from '../model';
import type { StepKind, TourStep } from './steps';

export type BlockPart =
  | 'srcTokens' | 'embed' | 'pos'
  | 'selfAttn' | 'maskedSelfAttn' | 'crossAttn' | 'ffn'
  | 'addNorm' | 'norm' | 'add'
  | 'finalNorm' | 'memory'
  | 'decInput' | 'linear' | 'softmax' | 'next';

export interface MapBlock {
  /** stable id, e.g. `enc.0.selfAttn`, `dec.1.addNorm2`, `dec.softmax` */
  id: string;
  side: 'enc' | 'dec';
  part: BlockPart;
  /** the layer (0-based) of a layer block */
  layer?: number;
  /** the step kinds the block stands for (within its layer) */
  kinds: readonly StepKind[];
}

type MapConfig = Pick<ModelConfig, 'numEncoderLayers' | 'numDecoderLayers' | 'normFirst'>;

/** The sub-layer blocks of one layer, with the Add & Norm (post-LN) or LayerNorm … Add (pre-LN) around it. */
function sublayer(side: 'enc' | 'dec', layer: number, part: BlockPart, n: 1 | 2 | 3, kinds: readonly StepKind[], addKind: StepKind, normFirst: boolean): MapBlock[] {
  const p = `${side}.${layer}`;
  const main: MapBlock = { id: `${p}.${part}`, side, part, layer, kinds };
  if (normFirst) {
    return [
      { id: `${p}.norm${n}`, side, part: 'norm', layer, kinds: [addKind] },
      main,
      { id: `${p}.add${n}`, side, part: 'add', layer, kinds: [addKind] },
    ];
  }
  return [main, { id: `${p}.addNorm${n}`, side, part: 'addNorm', layer, kinds: [addKind] }];
}

/** Every block of the map, encoder first, each side in flow order. */
export function mapBlocks(c: MapConfig): MapBlock[] {
  const out: MapBlock[] = [
    { id: 'enc.srcTokens', side: 'enc', part: 'srcTokens', kinds: ['tokens'] },
    { id: 'enc.embed', side: 'enc', part: 'embed', kinds: ['embed'] },
    { id: 'enc.pos', side: 'enc', part: 'pos', kinds: ['pos'] },
  ];
  for (let l = 0; l < c.numEncoderLayers; l++) {
    out.push(...sublayer('enc', l, 'selfAttn', 1, ['qkv', 'scores', 'scaled', 'softmax', 'weighted', 'concat', 'outproj'], 'addnorm1', c.normFirst));
    out.push(...sublayer('enc', l, 'ffn', 2, ['ffn'], 'addnorm2', c.normFirst));
  }
  out.push({ id: 'enc.finalNorm', side: 'enc', part: 'finalNorm', kinds: ['memory'] });
  out.push({ id: 'enc.memory', side: 'enc', part: 'memory', kinds: ['memory'] });
  out.push(
    { id: 'dec.decInput', side: 'dec', part: 'decInput', kinds: ['decInput'] },
    { id: 'dec.embed', side: 'dec', part: 'embed', kinds: ['decInput'] },
    { id: 'dec.pos', side: 'dec', part: 'pos', kinds: ['decInput'] },
  );
  for (let l = 0; l < c.numDecoderLayers; l++) {
    out.push(...sublayer('dec', l, 'maskedSelfAttn', 1, ['decMasked', 'decWeights', 'decWeighted'], 'decAddNorm1', c.normFirst));
    out.push(...sublayer('dec', l, 'crossAttn', 2, ['crossQkv', 'cross', 'crossWeighted'], 'decAddNorm2', c.normFirst));
    out.push(...sublayer('dec', l, 'ffn', 3, ['decFfn'], 'decAddNorm3', c.normFirst));
  }
  out.push(
    { id: 'dec.finalNorm', side: 'dec', part: 'finalNorm', kinds: ['finalNorm'] },
    { id: 'dec.linear', side: 'dec', part: 'linear', kinds: ['logits'] },
    { id: 'dec.softmax', side: 'dec', part: 'softmax', kinds: ['probs'] },
    { id: 'dec.next', side: 'dec', part: 'next', kinds: ['append', 'stop'] },
  );
  return out;
}

/** Whether a step belongs to a block: its kind, and its layer for a layer block. */
export function blockHasStep(b: MapBlock, s: TourStep): boolean {
  if (!b.kinds.includes(s.kind)) return false;
  const side = s.decStep !== undefined ? 'dec' : 'enc';
  if (b.side !== side) return false;
  return b.layer === undefined || b.layer === s.layer;
}

/** The ids of the blocks a step is shown in (two for a pre-LN norm step: its LayerNorm and its Add). */
export function blocksOfStep(blocks: readonly MapBlock[], s: TourStep | undefined): string[] {
  if (!s) return [];
  return blocks.filter((b) => blockHasStep(b, s)).map((b) => b.id);
}

/**
 * The step a click on a block goes to: its first step; for a decoder block, in the
 * decoding step being looked at (the first one while the walk is still in the encoder).
 * -1 when the walk has no such step.
 */
export function firstStepOfBlock(walk: readonly TourStep[], block: MapBlock, decStep: number | undefined): number {
  if (block.side === 'enc') return walk.findIndex((s) => blockHasStep(block, s));
  const t = decStep ?? 0;
  return walk.findIndex((s) => s.decStep === t && blockHasStep(block, s));
}
