import { columnLayout, stripGroups, stripLayout, type LayoutBlock } from '../../src/viz/modelMap';
import { mapBlocks } from '../../src/tour';

function layoutBlocks(layers: number): LayoutBlock[] {
  return mapBlocks({ numEncoderLayers: layers, numDecoderLayers: layers, normFirst: false }).map((b) => ({
    id: b.id, side: b.side, ...(b.layer !== undefined ? { layer: b.layer } : {}),
    ...(b.part === 'memory' ? { role: 'memory' as const } : b.part === 'crossAttn' ? { role: 'cross' as const } : {}),
  }));
}

const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('the model map layout', () => {
  it('puts the encoder on the left and the decoder on the right, inputs at the bottom, without overlaps, inside the room', () => {
    const blocks = layoutBlocks(2);
    const l = columnLayout(blocks, { width: 300, height: 560 });
    const at = (id: string) => l.blocks.find((b) => b.id === id)!;
    expect(at('enc.srcTokens').x).toBeLessThan(at('dec.decInput').x);
    expect(at('enc.srcTokens').y).toBeGreaterThan(at('enc.memory').y);
    expect(at('dec.decInput').y).toBeGreaterThan(at('dec.next').y);
    for (let i = 0; i < l.blocks.length; i++) {
      for (let j = i + 1; j < l.blocks.length; j++) expect(overlap(l.blocks[i], l.blocks[j]), `${l.blocks[i].id} ${l.blocks[j].id}`).toBe(false);
      const b = l.blocks[i];
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(300);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.y + b.h).toBeLessThanOrEqual(l.height);
    }
    expect(l.height).toBe(560);
    expect(l.frames).toHaveLength(4);
  });

  it('draws one arrow from the memory into the cross-attention of every decoder layer', () => {
    for (const layers of [1, 2, 4]) {
      const l = columnLayout(layoutBlocks(layers), { width: 300, height: 700 });
      expect(l.arrows.filter((a) => a.kind === 'memory')).toHaveLength(layers);
    }
  });

  it('a model too tall for the room keeps its rows readable and grows the map instead of overlapping', () => {
    const l = columnLayout(layoutBlocks(6), { width: 300, height: 400 });
    expect(Math.min(...l.blocks.map((b) => b.y))).toBeGreaterThanOrEqual(0);
    expect(l.height).toBeGreaterThan(400);
    expect(Math.min(...l.blocks.map((b) => b.h))).toBeGreaterThanOrEqual(10);
  });

  it('the strip for presentation mode keeps every block in flow order, in labelled groups, within the width', () => {
    const blocks = layoutBlocks(2);
    expect(stripGroups(blocks).map((g) => g.key)).toEqual(['input', 'enc.0', 'enc.1', 'memory', 'decInput', 'dec.0', 'dec.1', 'output']);
    const s = stripLayout(blocks, { width: 1200, height: 30 });
    expect(s.blocks.map((b) => b.id)).toEqual(blocks.map((b) => b.id));
    expect(Math.max(...s.blocks.map((b) => b.x + b.w))).toBeLessThanOrEqual(1200);
    for (let i = 1; i < s.blocks.length; i++) expect(s.blocks[i].x).toBeGreaterThan(s.blocks[i - 1].x);
  });
});
