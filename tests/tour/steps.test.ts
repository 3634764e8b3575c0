import { buildWalk, DECODER_STEP_KINDS, ENCODER_LAYER_KINDS, indexOfStep, resolveKeys, stepForLayer, STEP_KINDS } from '../../src/tour';
import { en, zh } from '../../src/i18n';

const CONFIG = { numEncoderLayers: 2, numDecoderLayers: 2, normFirst: false, activation: 'relu' as const };

describe('the walk', () => {
  it('covers tokens, embedding, positions, every encoder layer, the memory, then every decoding step in order', () => {
    const walk = buildWalk({ config: CONFIG, generated: 3, stop: 'eos' });
    expect(walk.map((s) => s.kind).slice(0, 3)).toEqual(['tokens', 'embed', 'pos']);
    expect(walk.slice(3, 13).map((s) => s.kind)).toEqual([...ENCODER_LAYER_KINDS]);
    expect(walk.slice(13, 23).every((s) => s.layer === 1)).toBe(true);
    expect(walk[23].kind).toBe('memory');
    expect(walk.slice(24, 32).map((s) => s.kind)).toEqual([...DECODER_STEP_KINDS]);
    expect(walk.length).toBe(3 + 2 * 10 + 1 + 3 * 8);
  });

  it('the last decoding step ends with the stop step, every other with appending the chosen token', () => {
    const walk = buildWalk({ config: CONFIG, generated: 3, stop: 'eos' });
    expect(walk[walk.length - 1].kind).toBe('stop');
    expect(walk.filter((s) => s.kind === 'append').length).toBe(2);
    expect(walk.filter((s) => s.kind === 'stop').length).toBe(1);
  });

  it('the walk follows the model: one encoder layer and one generated token give a short walk', () => {
    const walk = buildWalk({ config: { ...CONFIG, numEncoderLayers: 1 }, generated: 1, stop: 'max_len' });
    expect(walk.length).toBe(3 + 10 + 1 + 8);
  });

  it('step ids are unique and found again by indexOfStep', () => {
    const walk = buildWalk({ config: CONFIG, generated: 4, stop: 'eos' });
    const ids = walk.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(indexOfStep(walk, 'enc.1.softmax')).toBe(3 + 10 + 3);
    expect(indexOfStep(walk, 'nowhere')).toBe(-1);
  });

  it('the attention steps name their kind: encoder self-attention, decoder self-attention, cross-attention', () => {
    const walk = buildWalk({ config: CONFIG, generated: 1, stop: 'eos' });
    const kinds = Object.fromEntries(walk.filter((s) => s.attention).map((s) => [s.id, s.attention]));
    expect(kinds['enc.0.softmax']).toBe('enc-self');
    expect(kinds['dec.0.decMasked']).toBe('dec-self');
    expect(kinds['dec.0.decWeights']).toBe('dec-self');
    expect(kinds['dec.0.cross']).toBe('cross');
  });

  it('the masked step shows the scores with −∞ before softmax and the next step the weights after', () => {
    const walk = buildWalk({ config: CONFIG, generated: 1, stop: 'eos' });
    const masked = walk.find((s) => s.kind === 'decMasked')!;
    const weights = walk.find((s) => s.kind === 'decWeights')!;
    expect(resolveKeys(masked, 1)).toEqual(['dec.1.self_attn.masked']);
    expect(resolveKeys(weights, 0)).toEqual(['dec.0.self_attn.weights']);
  });

  it('decoder steps take the chosen decoder layer, encoder steps keep their own', () => {
    const walk = buildWalk({ config: CONFIG, generated: 1, stop: 'eos' });
    const cross = walk.find((s) => s.kind === 'cross')!;
    expect(resolveKeys(cross, 1)).toEqual(['dec.1.cross_attn.weights']);
    const enc = walk.find((s) => s.id === 'enc.1.qkv')!;
    expect(resolveKeys(enc, 0)).toEqual(['enc.1.self_attn.q', 'enc.1.self_attn.k', 'enc.1.self_attn.v']);
  });

  it('changing the layer on an encoder step goes to the same kind of step in that layer', () => {
    const walk = buildWalk({ config: CONFIG, generated: 2, stop: 'eos' });
    const i = indexOfStep(walk, 'enc.0.scaled');
    expect(walk[stepForLayer(walk, i, 1)].id).toBe('enc.1.scaled');
    const d = indexOfStep(walk, 'dec.1.cross');
    expect(stepForLayer(walk, d, 1)).toBe(d);
  });

  it('every step has a formula and a title and text in English and Chinese', () => {
    const walk = buildWalk({ config: CONFIG, generated: 2, stop: 'eos' });
    for (const s of walk) {
      expect(s.formula.length, s.id).toBeGreaterThan(3);
      expect(en[s.titleKey], s.id).toBeTruthy();
      expect(zh[s.textKey], s.id).toBeTruthy();
    }
    for (const kind of STEP_KINDS) expect(en[`tour.step.${kind}.text`]).toBeTruthy();
  });

  it('post-LN and pre-LN layers get the formula of their own order', () => {
    const post = buildWalk({ config: CONFIG, generated: 1, stop: 'eos' }).find((s) => s.kind === 'addnorm1')!;
    const pre = buildWalk({ config: { ...CONFIG, normFirst: true }, generated: 1, stop: 'eos' }).find((s) => s.kind === 'addnorm1')!;
    expect(post.formula).toContain('\\mathrm{LayerNorm}\\big(x +');
    expect(pre.formula).toContain('x + \\mathrm{MultiHead}(\\mathrm{LayerNorm}(x))');
  });
});
