import { describe, expect, it } from 'vitest';
import { encodeSource } from '../../src/state';
import { SHELL_CONFIG, formatShape, groupOf, runShell } from '../../src/panels/traceView';

function idsOf(text: string): number[] {
  const r = encodeSource(text, SHELL_CONFIG.maxLen);
  if (!r.ok) throw new Error(`invalid test source ${text}`);
  return r.ids;
}

describe('trace view', () => {
  it('groups trace keys by embedding, layer and output', () => {
    expect(groupOf('enc.embed')).toEqual({ kind: 'encEmbedding' });
    expect(groupOf('enc.1.self_attn.weights')).toEqual({ kind: 'encLayer', layer: 1 });
    expect(groupOf('enc.memory')).toEqual({ kind: 'encOutput' });
    expect(groupOf('dec.pos')).toEqual({ kind: 'decEmbedding' });
    expect(groupOf('dec.0.cross_attn.q')).toEqual({ kind: 'decLayer', layer: 0 });
    expect(groupOf('logits')).toEqual({ kind: 'output' });
  });

  it('formats a shape as in the design, without spaces', () => {
    expect(formatShape([1, 2, 5, 5])).toBe('[1,2,5,5]');
  });

  it('a run of four characters gives attention weights of shape [1,2,5,5] (EOS appended)', () => {
    const run = runShell(idsOf('abcd'));
    const layer0 = run.encoder.find((g) => g.id === 'encLayer.0');
    const w = layer0?.entries.find((e) => e.key === 'enc.0.self_attn.weights');
    expect(w && formatShape(w.shape)).toBe('[1,2,5,5]');
  });

  it('lists encoder groups in forward order and the first decoder step with one target position', () => {
    const run = runShell(idsOf('hello'));
    expect(run.encoder.map((g) => g.id)).toEqual(['encEmbedding', 'encLayer.0', 'encLayer.1', 'encOutput']);
    expect(run.decoderStep1.map((g) => g.id)).toEqual(['decEmbedding', 'decLayer.0', 'decLayer.1', 'output']);
    const cross = run.decoderStep1[1].entries.find((e) => e.key === 'dec.0.cross_attn.weights');
    expect(cross && formatShape(cross.shape)).toBe('[1,2,1,6]');
    expect(run.dims).toMatchObject({ B: 1, H: 2, S: 6, T: 1, D: 32 });
  });

  it('greedy decoding of the seeded model is the same on every run', () => {
    expect(runShell(idsOf('abc')).tokens).toEqual(runShell(idsOf('abc')).tokens);
  });

  it('generates at most maxLen minus one tokens, each inside the vocabulary', () => {
    const run = runShell(idsOf('zz top 9'));
    expect(run.tokens.length).toBeGreaterThan(0);
    expect(run.tokens.length).toBeLessThanOrEqual(SHELL_CONFIG.maxLen - 1);
    for (const id of run.tokens) expect(id).toBeLessThan(SHELL_CONFIG.tgtVocab);
  });
});
