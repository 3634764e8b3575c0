import { colorOf, domainOf, normalize, textColorOn, MASKED_COLOR } from '../../src/viz/color';

/** Relative luminance-like lightness of `#rrggbb` or `rgb(r, g, b)`. */
function lightness(color: string): number {
  const [r, g, b] = color.startsWith('#')
    ? [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16))
    : color.match(/\d+/g)!.map(Number);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('colour scale', () => {
  it('the domain ignores masked (−∞) and NaN values', () => {
    expect(domainOf([0.2, -Infinity, 0.8, NaN])).toEqual({ min: 0.2, max: 0.8 });
  });

  it('a constant or empty set still gets a usable domain', () => {
    expect(domainOf([3, 3])).toEqual({ min: 2.5, max: 3.5 });
    expect(domainOf([])).toEqual({ min: 0, max: 1 });
  });

  it('reads in greyscale: lightness rises with the value', () => {
    const d = { min: 0, max: 1 };
    let prev = -1;
    for (let v = 0; v <= 1.0001; v += 0.1) {
      const l = lightness(colorOf(v, d));
      expect(l).toBeGreaterThan(prev);
      prev = l;
    }
  });

  it('masked cells get the neutral masked colour and values are clamped to the domain', () => {
    expect(colorOf(-Infinity, { min: 0, max: 1 })).toBe(MASKED_COLOR);
    expect(normalize(5, { min: 0, max: 1 })).toBe(1);
    expect(normalize(-5, { min: 0, max: 1 })).toBe(0);
  });

  it('numbers in cells are white on dark colours and black on light ones', () => {
    const d = { min: 0, max: 1 };
    expect(textColorOn(0, d)).toBe('#ffffff');
    expect(textColorOn(1, d)).toBe('#111111');
  });
});
