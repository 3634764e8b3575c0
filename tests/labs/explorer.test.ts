import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/core';
import { getTask } from '../../src/tasks';
import { runTour, type TourRun } from '../../src/tour';
import {
  ENCODER_PASS, axesOf, defaultSlice, entriesOf, filterEntries, fitSlice, groupEntries, groupOf, headAxis, passCount, sliceOf,
  sliceText, statsOf, stepShowing, traceOfPass, withAxis,
} from '../../src/labs/explorer';
import { smallBundle } from '../tour/helpers';

function run(text = 'hello'): TourRun {
  const out = runTour(getTask('reverse'), smallBundle('reverse', 3), text);
  if (!out.ok) throw new Error('expected a run');
  return out.run;
}

describe('the entries of a run', () => {
  it('lists every entry of the encoder pass and of each decoding step, in the order the pass recorded them', () => {
    const r = run();
    expect(passCount(r)).toBe(1 + r.tokens.length);
    const enc = entriesOf(r, ENCODER_PASS);
    expect(enc.map((e) => e.key)).toEqual(r.result.encoderTrace!.keys());
    expect(enc[0]).toMatchObject({ key: 'enc.embed', shape: [1, 6, 16], group: { kind: 'embedding' } });
    for (let t = 0; t < r.tokens.length; t++) {
      const dec = entriesOf(r, t + 1);
      expect(dec.map((e) => e.key)).toEqual(r.result.steps[t].trace!.keys());
      const w = dec.find((e) => e.key === 'dec.0.self_attn.weights')!;
      expect(w.shape).toEqual([1, 2, t + 1, t + 1]); // the prefix grows by one token a step
    }
    expect(entriesOf(r, passCount(r))).toEqual([]);
    expect(traceOfPass(r, -1)).toBeNull();
  });

  it('groups the entries by embedding, layer, encoder output and output, layers counted from 0 as in the keys', () => {
    expect(groupOf('enc.1.self_attn.q')).toEqual({ kind: 'encLayer', layer: 1 });
    expect(groupOf('dec.0.cross_attn.weights')).toEqual({ kind: 'decLayer', layer: 0 });
    expect(groupOf('enc.memory')).toEqual({ kind: 'encOutput' });
    expect(groupOf('dec.pos')).toEqual({ kind: 'embedding' });
    expect(groupOf('probs')).toEqual({ kind: 'output' });
    const groups = groupEntries(entriesOf(run(), ENCODER_PASS));
    expect(groups.map((g) => g.id)).toEqual(['embedding', 'encLayer.0', 'encLayer.1', 'encOutput']);
    expect(groups[1].entries.every((e) => e.key.startsWith('enc.0.'))).toBe(true);
  });

  it('filters by every word of the query, ignoring case', () => {
    const dec = entriesOf(run(), 2);
    expect(filterEntries(dec, 'WEIGHTS').map((e) => e.key)).toEqual([
      'dec.0.self_attn.weights', 'dec.0.cross_attn.weights', 'dec.1.self_attn.weights', 'dec.1.cross_attn.weights',
    ]);
    expect(filterEntries(dec, ' dec.1  cross weights ').map((e) => e.key)).toEqual(['dec.1.cross_attn.weights']);
    expect(filterEntries(dec, '')).toHaveLength(dec.length);
    expect(filterEntries(dec, 'nothing-like-this')).toEqual([]);
  });
});

describe('axes', () => {
  it('names the axes of every entry of a run by the README’s letters, matching the rank', () => {
    const r = run();
    for (let p = 0; p < passCount(r); p++) {
      for (const e of entriesOf(r, p)) expect(axesOf(e.key, e.shape.length), e.key).not.toBeNull();
    }
    expect(axesOf('enc.0.self_attn.weights', 4)).toEqual(['B', 'H', 'S', 'S']);
    expect(axesOf('dec.1.self_attn.masked', 4)).toEqual(['B', 'H', 'T', 'T']);
    expect(axesOf('dec.1.cross_attn.weights', 4)).toEqual(['B', 'H', 'T', 'S']);
    expect(axesOf('dec.1.cross_attn.k', 4)).toEqual(['B', 'H', 'S', 'Dh']);
    expect(axesOf('dec.1.cross_attn.q', 4)).toEqual(['B', 'H', 'T', 'Dh']);
    expect(axesOf('enc.0.ffn.hidden', 3)).toEqual(['B', 'S', 'F']);
    expect(axesOf('enc.pos', 2)).toEqual(['S', 'D']);
    expect(axesOf('probs', 3)).toEqual(['B', 'T', 'V']);
    expect(axesOf('probs', 2)).toBeNull();
    expect(headAxis(axesOf('enc.0.self_attn.q', 4))).toBe(1);
    expect(headAxis(axesOf('enc.memory', 3))).toBe(-1);
  });

  it('the letters agree with the sizes of the run: S source tokens, T decoder inputs, H heads, D width', () => {
    const r = run('abc'); // S = 4 with EOS
    const dec = entriesOf(r, 2); // decoding step 2: T = 2
    const sizes: Record<string, number> = { B: 1, H: 2, S: 4, T: 2, D: 16, Dh: 8, F: 32, V: r.tgtVocab.length };
    for (const e of dec) {
      const axes = axesOf(e.key, e.shape.length)!;
      axes.forEach((a, i) => expect(e.shape[i], `${e.key} axis ${a}`).toBe(sizes[a]));
    }
  });
});

describe('2-D slices', () => {
  // a [2,3,4] tensor whose value is its own index: 100·i + 10·j + k
  const t = tensor([2, 3, 4], Array.from({ length: 24 }, (_, n) => 100 * Math.floor(n / 12) + 10 * Math.floor((n % 12) / 4) + (n % 4)));

  it('takes the last two axes by default, at index 0 of the others', () => {
    const s = sliceOf(t, defaultSlice(t.shape));
    expect(s.rows).toBe(3);
    expect(s.cols).toBe(4);
    expect(Array.from(s.values)).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
  });

  it('reads any two axes, with the other one at its index, transposed when asked', () => {
    expect(Array.from(sliceOf(t, { rowAxis: 0, colAxis: 2, index: [0, 2, 0] }).values)).toEqual([20, 21, 22, 23, 120, 121, 122, 123]);
    const tr = sliceOf(t, { rowAxis: 2, colAxis: 1, index: [1, 0, 0] });
    expect([tr.rows, tr.cols]).toEqual([4, 3]);
    expect(Array.from(tr.values.subarray(0, 3))).toEqual([100, 110, 120]);
  });

  it('a vector is one row; a slice out of range is brought back into range', () => {
    const v = tensor([5], [1, 2, 3, 4, 5]);
    expect(sliceOf(v, defaultSlice(v.shape))).toMatchObject({ rows: 1, cols: 5 });
    expect(fitSlice({ rowAxis: 7, colAxis: 7, index: [9, -1, 2.5] }, t.shape)).toEqual({ rowAxis: 1, colAxis: 2, index: [0, 0, 0] });
    expect(fitSlice({ rowAxis: 2, colAxis: 2, index: [1, 2, 3] }, t.shape)).toEqual({ rowAxis: 1, colAxis: 2, index: [1, 2, 3] });
  });

  it('choosing an axis that the other side shows swaps the two', () => {
    const d = defaultSlice([2, 3, 4]);
    expect(withAxis(d, 'row', 2)).toMatchObject({ rowAxis: 2, colAxis: 1 });
    expect(withAxis(d, 'col', 0)).toMatchObject({ rowAxis: 1, colAxis: 0 });
    expect(withAxis(d, 'col', 1)).toMatchObject({ rowAxis: 2, colAxis: 1 });
  });

  it('writes the slice as an index expression on the key', () => {
    expect(sliceText('enc.0.self_attn.weights', { rowAxis: 2, colAxis: 3, index: [0, 1, 0, 0] }, 4)).toBe('enc.0.self_attn.weights[0,1,:,:]');
    expect(sliceText('enc.pos', { rowAxis: 0, colAxis: 1, index: [0, 0] }, 2)).toBe('enc.pos[:,:]');
  });

  it('slices a real attention entry exactly as the tour’s head view', () => {
    const r = run();
    const w = r.result.encoderTrace!.get('enc.1.self_attn.weights'); // [1,2,6,6]
    const s = sliceOf(w, { rowAxis: 2, colAxis: 3, index: [0, 1, 0, 0] });
    expect(Array.from(s.values)).toEqual(Array.from(w.data.subarray(36, 72)));
  });
});

describe('statistics', () => {
  it('min, max and mean of the values', () => {
    expect(statsOf([1, -2, 4, 5])).toEqual({ count: 4, min: -2, max: 5, mean: 2, negInf: 0, other: 0 });
  });

  it('leaves masked −∞ out of min and mean and counts them, never giving NaN', () => {
    const s = statsOf([0.5, -Infinity, 1.5, -Infinity]);
    expect(s).toMatchObject({ min: 0.5, max: 1.5, mean: 1, negInf: 2 });
    const none = statsOf([-Infinity, -Infinity]);
    expect(none).toMatchObject({ min: null, max: null, mean: null, negInf: 2 });
    expect(statsOf([NaN, Infinity, 2])).toMatchObject({ min: 2, max: 2, mean: 2, other: 2 });
    expect(statsOf([])).toMatchObject({ count: 0, mean: null });
  });

  it('the weights of a softmax row average 1 / row length', () => {
    const w = run().result.encoderTrace!.get('enc.0.self_attn.weights'); // [1,2,6,6]
    const st = statsOf(w.data);
    expect(st.mean).toBeCloseTo(1 / 6, 6);
    expect(st.min!).toBeGreaterThanOrEqual(0);
    expect(st.max!).toBeLessThanOrEqual(1);
  });
});

describe('the tour step that shows an entry', () => {
  it('finds the step whose trace keys name the entry, in its own pass and layer', () => {
    const r = run();
    const link = stepShowing(r.walk, ENCODER_PASS, 'enc.1.self_attn.weights')!;
    expect(r.walk[link.step]).toMatchObject({ id: 'enc.1.softmax', layer: 1 });
    expect(r.walk[stepShowing(r.walk, ENCODER_PASS, 'enc.embed')!.step].kind).toBe('embed');
    expect(r.walk[stepShowing(r.walk, ENCODER_PASS, 'enc.0.self_attn.k')!.step].kind).toBe('qkv');
    expect(r.walk[stepShowing(r.walk, ENCODER_PASS, 'enc.memory')!.step].kind).toBe('memory');
  });

  it('a decoder entry links to its own decoding step and its own decoder layer', () => {
    const r = run();
    for (let t = 0; t < r.tokens.length; t++) {
      const step = r.walk[stepShowing(r.walk, t + 1, 'dec.1.cross_attn.weights')!.step];
      expect(step.decStep).toBe(t);
      expect(step.layer).toBe(1);
      expect(step.traceKeys).toContain('dec.1.cross_attn.weights');
    }
    expect(r.walk[stepShowing(r.walk, 1, 'probs')!.step]).toMatchObject({ decStep: 0 });
  });

  it('every link points at a step that shows the entry; an entry no step shows has none', () => {
    const r = run();
    let linked = 0, unlinked = 0;
    for (let p = 0; p < passCount(r); p++) {
      for (const e of entriesOf(r, p)) {
        const link = stepShowing(r.walk, p, e.key);
        if (!link) {
          unlinked++;
          continue;
        }
        linked++;
        const step = r.walk[link.step];
        expect(step.decStep, e.key).toBe(p === ENCODER_PASS ? undefined : p - 1);
        expect(step.traceKeys, e.key).toContain(e.key);
        // the first such step: no earlier step of the pass draws it
        expect(r.walk.slice(0, link.step).some((s) => (p === ENCODER_PASS ? s.decStep === undefined : s.decStep === p - 1) && s.traceKeys.includes(e.key))).toBe(false);
      }
    }
    expect(linked).toBeGreaterThan(40);
    expect(unlinked).toBeGreaterThan(0);
    // the encoder's masked scores equal its scaled scores (no mask) and no step draws them
    expect(stepShowing(r.walk, ENCODER_PASS, 'enc.0.self_attn.masked')).toBeNull();
    // a key of the wrong pass is not found
    expect(stepShowing(r.walk, ENCODER_PASS, 'dec.0.cross_attn.weights')).toBeNull();
  });
});
