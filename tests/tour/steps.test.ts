import { buildWalk, DECODER_HEAD_KINDS, DECODER_LAYER_KINDS, ENCODER_LAYER_KINDS, indexOfStep, stepForLayer, STEP_KINDS, tokenStart } from '../../src/tour';
import { en, zh } from '../../src/i18n/all';

const CONFIG = { numEncoderLayers: 2, numDecoderLayers: 2, normFirst: false, activation: 'relu' as const };

describe('the walk', () => {
  it('covers tokens, embedding, positions, every encoder layer, the memory, then every decoder layer of every decoding step', () => {
    const walk = buildWalk({ config: CONFIG, generated: 3, stop: 'eos' });
    expect(walk.map((s) => s.kind).slice(0, 3)).toEqual(['tokens', 'embed', 'pos']);
    expect(walk.slice(3, 13).map((s) => s.kind)).toEqual([...ENCODER_LAYER_KINDS]);
    expect(walk.slice(13, 23).every((s) => s.layer === 1)).toBe(true);
    expect(walk[23].kind).toBe('memory');
    // one decoding step: its input, then each decoder layer's ten sub-steps, then the final norm, logits, softmax, the token
    const first = walk.slice(24, 24 + 25);
    expect(first[0].kind).toBe('decInput');
    expect(first.slice(1, 11).map((s) => s.kind)).toEqual([...DECODER_LAYER_KINDS]);
    expect(first.slice(1, 11).every((s) => s.layer === 0 && s.decStep === 0)).toBe(true);
    expect(first.slice(11, 21).map((s) => s.kind)).toEqual([...DECODER_LAYER_KINDS]);
    expect(first.slice(11, 21).every((s) => s.layer === 1)).toBe(true);
    expect(first.slice(21).map((s) => s.kind)).toEqual([...DECODER_HEAD_KINDS]);
    expect(walk.length).toBe(3 + 2 * 10 + 1 + 3 * (1 + 2 * 10 + 4));
  });

  it('each decoder layer visits masked self-attention, cross-attention and the feed-forward network, each with its Add & LayerNorm', () => {
    expect(DECODER_LAYER_KINDS).toEqual([
      'decMasked', 'decWeights', 'decWeighted', 'decAddNorm1', 'crossQkv', 'cross', 'crossWeighted', 'decAddNorm2', 'decFfn', 'decAddNorm3',
    ]);
    const walk = buildWalk({ config: CONFIG, generated: 1, stop: 'eos' });
    const keys = (id: string) => walk[indexOfStep(walk, id)].traceKeys;
    expect(keys('dec.0.1.crossQkv')).toEqual(['dec.1.cross_attn.q', 'dec.1.cross_attn.k', 'dec.1.cross_attn.v']);
    expect(keys('dec.0.1.crossWeighted')).toEqual(['dec.1.cross_attn.head_out', 'dec.1.cross_attn.out']);
    expect(keys('dec.0.0.decAddNorm3')).toEqual(['dec.0.residual3', 'dec.0.norm3']);
    expect(keys('dec.0.finalNorm')).toEqual(['dec.output']);
  });

  it('the last decoding step ends with the stop step, every other with appending the chosen token', () => {
    const walk = buildWalk({ config: CONFIG, generated: 3, stop: 'eos' });
    expect(walk[walk.length - 1].kind).toBe('stop');
    expect(walk.filter((s) => s.kind === 'append').length).toBe(2);
    expect(walk.filter((s) => s.kind === 'stop').length).toBe(1);
  });

  it('the walk follows the model: one encoder layer and one generated token give a short walk', () => {
    const walk = buildWalk({ config: { ...CONFIG, numEncoderLayers: 1 }, generated: 1, stop: 'max_len' });
    expect(walk.length).toBe(3 + 10 + 1 + (1 + 2 * 10 + 4));
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
    expect(kinds['dec.0.0.decMasked']).toBe('dec-self');
    expect(kinds['dec.0.1.decWeights']).toBe('dec-self');
    expect(kinds['dec.0.1.cross']).toBe('cross');
  });

  it('the masked step shows the scores with −∞ before softmax and the next step the weights after, in its own layer', () => {
    const walk = buildWalk({ config: CONFIG, generated: 1, stop: 'eos' });
    expect(walk[indexOfStep(walk, 'dec.0.1.decMasked')].traceKeys).toEqual(['dec.1.self_attn.masked']);
    expect(walk[indexOfStep(walk, 'dec.0.0.decWeights')].traceKeys).toEqual(['dec.0.self_attn.weights']);
  });

  it('every step names its layer in its keys, so a link shows exactly what walking to it shows', () => {
    const walk = buildWalk({ config: CONFIG, generated: 2, stop: 'eos' });
    for (const s of walk) {
      for (const k of s.traceKeys) {
        const m = /^(enc|dec)\.(\d+)\./.exec(k);
        if (m) expect(Number(m[2]), `${s.id} ${k}`).toBe(s.layer);
      }
    }
    const enc = walk.find((s) => s.id === 'enc.1.qkv')!;
    expect(enc.traceKeys).toEqual(['enc.1.self_attn.q', 'enc.1.self_attn.k', 'enc.1.self_attn.v']);
  });

  it('changing the layer on an encoder step goes to the same kind of step in that layer', () => {
    const walk = buildWalk({ config: CONFIG, generated: 2, stop: 'eos' });
    const i = indexOfStep(walk, 'enc.0.scaled');
    expect(walk[stepForLayer(walk, i, 1)].id).toBe('enc.1.scaled');
    // a decoder step goes to the same sub-step of the other layer, in the same decoding step
    const d = indexOfStep(walk, 'dec.1.0.cross');
    expect(walk[stepForLayer(walk, d, 1)].id).toBe('dec.1.1.cross');
    const logits = indexOfStep(walk, 'dec.1.logits');
    expect(stepForLayer(walk, logits, 1)).toBe(logits);
  });

  it('next token and previous token jump to the start of a decoding step', () => {
    const walk = buildWalk({ config: CONFIG, generated: 3, stop: 'eos' });
    const start = (t: number) => indexOfStep(walk, `dec.${t}.decInput`);
    expect(tokenStart(walk, 0, 1)).toBe(start(0));
    expect(tokenStart(walk, start(0), 1)).toBe(start(1));
    expect(tokenStart(walk, start(1) + 5, -1)).toBe(start(1));
    expect(tokenStart(walk, start(1), -1)).toBe(start(0));
    expect(tokenStart(walk, start(0), -1)).toBe(-1);
    expect(tokenStart(walk, start(2), 1)).toBe(-1);
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
