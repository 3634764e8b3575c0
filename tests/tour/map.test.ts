import { blocksOfStep, buildWalk, firstStepOfBlock, indexOfStep, mapBlocks } from '../../src/tour';

const POST = { numEncoderLayers: 2, numDecoderLayers: 2, normFirst: false };

describe('the model map as data', () => {
  it('draws the loaded model from its config: N encoder layers of four blocks and M decoder layers of six (post-LN)', () => {
    const blocks = mapBlocks(POST);
    const enc = blocks.filter((b) => b.side === 'enc');
    const dec = blocks.filter((b) => b.side === 'dec');
    expect(enc.map((b) => b.part)).toEqual([
      'srcTokens', 'embed', 'pos',
      'selfAttn', 'addNorm', 'ffn', 'addNorm',
      'selfAttn', 'addNorm', 'ffn', 'addNorm',
      'finalNorm', 'memory',
    ]);
    expect(dec.map((b) => b.part)).toEqual([
      'decInput', 'embed', 'pos',
      'maskedSelfAttn', 'addNorm', 'crossAttn', 'addNorm', 'ffn', 'addNorm',
      'maskedSelfAttn', 'addNorm', 'crossAttn', 'addNorm', 'ffn', 'addNorm',
      'finalNorm', 'linear', 'softmax', 'next',
    ]);
    expect(mapBlocks({ numEncoderLayers: 3, numDecoderLayers: 1, normFirst: false }).filter((b) => b.part === 'crossAttn')).toHaveLength(1);
    expect(mapBlocks({ numEncoderLayers: 3, numDecoderLayers: 1, normFirst: false }).filter((b) => b.part === 'selfAttn')).toHaveLength(3);
  });

  it('draws a pre-LN model with LayerNorm before each sub-layer and a plain Add after it', () => {
    const dec0 = mapBlocks({ ...POST, normFirst: true }).filter((b) => b.side === 'dec' && b.layer === 0);
    expect(dec0.map((b) => b.part)).toEqual(['norm', 'maskedSelfAttn', 'add', 'norm', 'crossAttn', 'add', 'norm', 'ffn', 'add']);
  });

  it('every step of the walk is shown in at least one block, and a pre-LN norm step in both its LayerNorm and its Add', () => {
    const walk = buildWalk({ config: { ...POST, activation: 'relu' }, generated: 2, stop: 'eos' });
    const blocks = mapBlocks(POST);
    for (const s of walk) expect(blocksOfStep(blocks, s).length, s.id).toBeGreaterThan(0);
    expect(blocksOfStep(blocks, walk[indexOfStep(walk, 'dec.1.1.cross')])).toEqual(['dec.1.crossAttn']);
    const pre = mapBlocks({ ...POST, normFirst: true });
    const preWalk = buildWalk({ config: { ...POST, normFirst: true, activation: 'relu' }, generated: 1, stop: 'eos' });
    expect(blocksOfStep(pre, preWalk[indexOfStep(preWalk, 'enc.0.addnorm1')])).toEqual(['enc.0.norm1', 'enc.0.add1']);
  });

  it('a block goes to its first step; a decoder block to its first step in the decoding step looked at', () => {
    const walk = buildWalk({ config: { ...POST, activation: 'relu' }, generated: 3, stop: 'eos' });
    const blocks = mapBlocks(POST);
    const byId = (id: string) => blocks.find((b) => b.id === id)!;
    expect(walk[firstStepOfBlock(walk, byId('enc.1.selfAttn'), undefined)].id).toBe('enc.1.qkv');
    expect(walk[firstStepOfBlock(walk, byId('enc.memory'), 2)].id).toBe('memory');
    expect(walk[firstStepOfBlock(walk, byId('dec.0.crossAttn'), 2)].id).toBe('dec.2.0.crossQkv');
    expect(walk[firstStepOfBlock(walk, byId('dec.1.addNorm3'), 1)].id).toBe('dec.1.1.decAddNorm3');
    // while the walk is still in the encoder, decoder blocks open in the first decoding step
    expect(walk[firstStepOfBlock(walk, byId('dec.softmax'), undefined)].id).toBe('dec.0.probs');
    expect(walk[firstStepOfBlock(walk, byId('dec.next'), 2)].kind).toBe('stop');
  });
});
