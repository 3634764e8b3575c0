// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { LinesView } from '../../src/components/LinesView';
import { SmallMultiples } from '../../src/components/SmallMultiples';
import { BarChart } from '../../src/components/BarChart';

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null); // jsdom has no 2D canvas
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const exportLabels = { svg: 'Export SVG', png: 'Export PNG' };

describe('LinesView', () => {
  const props = {
    left: ['<bos>', 'x'], right: ['a', 'b', 'c'], weights: [0.7, 0.3, 0, 0.1, 0.1, 0.8], width: 400,
    label: 'cross-attention, layer 0, head 1: Attention weights', caption: 'dec.0.cross_attn.weights [1,4,2,3]',
    leftTitle: 'queries', rightTitle: 'keys', hint: 'Hover a token', exportLabels,
  };

  it('is a figure named after the attention it shows, with a line per visible weight', () => {
    const { container } = render(<LinesView {...props} />);
    expect(screen.getByRole('group', { name: /cross-attention, layer 0, head 1/ })).toBeTruthy();
    expect(container.querySelectorAll('.lines path').length).toBe(5);
  });

  it('every token is a tab stop: focusing one keeps only its lines, as hovering does', () => {
    const { container } = render(<LinesView {...props} tokenLabel={(side, i, tok) => `${side} ${tok} ${i}`} />);
    const x = screen.getByRole('button', { name: 'left x 1' });
    expect(x.getAttribute('tabindex')).toBe('0');
    fireEvent.focus(x);
    expect(container.querySelectorAll('.lines path').length).toBe(3);
    expect(x.getAttribute('aria-pressed')).toBe('true');
    fireEvent.blur(x);
    expect(container.querySelectorAll('.lines path').length).toBe(5);
  });

  it('hovering a token keeps only its lines, and leaving brings them all back', () => {
    const { container } = render(<LinesView {...props} />);
    fireEvent.mouseEnter(screen.getByText('x'));
    const weights = [...container.querySelectorAll('.lines path')].map((p) => p.getAttribute('data-weight'));
    expect(weights).toEqual(['0.100', '0.100', '0.800']);
    fireEvent.mouseLeave(screen.getByText('x'));
    expect(container.querySelectorAll('.lines path').length).toBe(5);
    fireEvent.mouseEnter(screen.getByText('a'));
    expect(container.querySelectorAll('.lines path').length).toBe(2);
  });
});

describe('SmallMultiples', () => {
  it('has one button per layer and head, the open one pressed; clicking one opens it', () => {
    const onOpen = vi.fn();
    render(
      <SmallMultiples
        layers={2} heads={4} rows={3} cols={3} tile={() => new Float32Array(9).fill(0.3)} domain={{ min: 0, max: 1 }}
        maxWidth={600} maxHeight={300} current={{ layer: 1, head: 2 }} onOpen={onOpen}
        label="encoder self-attention: Attention weights" caption="enc.*.self_attn.weights"
        tileLabel={(l, h) => `Open layer ${l}, head ${h}`} layerLabel={(l) => `layer ${l}`} headLabel={(h) => `head ${h}`}
        hint="Click one" exportLabels={exportLabels} legendLabel="Colour scale"
      />,
    );
    const tiles = screen.getAllByRole('button', { name: /^Open layer/ });
    expect(tiles.length).toBe(8);
    expect(screen.getByRole('button', { name: 'Open layer 1, head 2' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Open layer 0, head 3' }));
    expect(onOpen).toHaveBeenCalledWith(0, 3);
    expect(screen.getByText('layer 1')).toBeTruthy();
    expect(screen.getByText('head 3')).toBeTruthy();
    // one colour scale for every tile, with its legend
    expect(screen.getByRole('group', { name: 'Colour scale' })).toBeTruthy();
  });
});

describe('BarChart', () => {
  it('draws a bar per vocabulary entry, marks the chosen one and says a bar’s value on hover', () => {
    const { container } = render(
      <BarChart
        labels={['pad', 'bos', 'eos', 'a', 'b']} values={[0, 0, 0.1, 0.7, 0.2]} highlight={3} width={400} height={200} domain={[0, 1]}
        label="Probabilities at the last position (probs [1,2,5])" caption="probs [1,2,5]" chosenText="chosen: “a”, p = 0.700"
        describeBar={(i, v) => `bar ${i}: ${v}`} exportLabels={exportLabels}
      />,
    );
    expect(screen.getByRole('img', { name: /Probabilities at the last position/ })).toBeTruthy();
    expect(container.querySelectorAll('rect.bar').length).toBe(5);
    expect(container.querySelectorAll('rect.bar.chosen').length).toBe(1);
    expect(screen.getByText('chosen: “a”, p = 0.700')).toBeTruthy();
    fireEvent.mouseEnter(container.querySelectorAll('rect.bar')[4]);
    expect(screen.getByText('bar 4: 0.2')).toBeTruthy();
  });
});
