// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { ownsArrowKeys, stepKeyOf, typesText } from '../../src/components/useStepKeys';

function input(type: string): HTMLInputElement {
  const el = document.createElement('input');
  el.type = type;
  return el;
}

describe('which elements keep their keys', () => {
  it('a radio button or a slider owns the arrow keys but takes no typed letters: p and Esc still work there', () => {
    for (const type of ['radio', 'range']) {
      expect(ownsArrowKeys(input(type))).toBe(true);
      expect(typesText(input(type))).toBe(false);
    }
    expect(typesText(input('checkbox'))).toBe(false);
    expect(typesText(document.createElement('button'))).toBe(false);
  });

  it('text fields take typed letters and own the arrows', () => {
    for (const el of [input('text'), input('number'), input('search'), document.createElement('textarea')]) {
      expect(typesText(el)).toBe(true);
      expect(ownsArrowKeys(el)).toBe(true);
    }
    const box = document.createElement('div');
    box.setAttribute('role', 'combobox');
    expect(typesText(box)).toBe(true);
  });

  it('stepping keys are not taken from a radio group', () => {
    const e = { key: 'ArrowRight', altKey: false, ctrlKey: false, metaKey: false };
    expect(stepKeyOf({ ...e, target: input('radio') })).toBeNull();
    expect(stepKeyOf({ ...e, target: document.createElement('button') })).toBe('next');
  });
});
