import { describe, expect, it } from 'vitest';
import { heatmapLayout, textWidth } from '../../src/viz/heatmap';
import { heatmapSvg } from '../../src/viz/export';

const labels = ['a', 'b', 'c', 'd', 'e', 'f'];
const spec = { rows: 6, cols: 6, rowLabels: labels, colLabels: labels, maxWidth: 500, maxHeight: 400 };

describe('heatmap axis titles in Chinese', () => {
  it('a Latin row title is turned along the rows, in a band left of the labels', () => {
    const l = heatmapLayout({ ...spec, rowTitle: 'query', colTitle: 'key' });
    expect(l.rowTitle).toMatchObject({ text: 'query' });
    expect(l.rowTitle?.horizontal).toBeUndefined();
    expect(heatmapSvg(l, new Float32Array(36), { min: 0, max: 1 }, { title: 't', numbers: false })).toMatch(/rotate\(-90\)" text-anchor="middle" font-weight="600" fill="#374151">query</);
  });

  it('a Chinese row title is set flat at the top left, above the row labels, and never turned', () => {
    const latin = heatmapLayout({ ...spec, rowTitle: 'query', colTitle: 'key' });
    const l = heatmapLayout({ ...spec, rowTitle: '查询 query', colTitle: '键 key' });
    expect(l.rowTitle).toMatchObject({ text: '查询 query ↓', x: 0, y: l.fontSize, horizontal: true });
    // no band for a turned title on the left: the grid starts further left
    expect(l.x0).toBeLessThan(latin.x0);
    // the column title stays clear of the row title
    const rowEnd = textWidth('查询 query ↓', l.fontSize);
    expect(l.colTitle!.x - textWidth('键 key', l.fontSize) / 2).toBeGreaterThan(rowEnd);
    const svg = heatmapSvg(l, new Float32Array(36), { min: 0, max: 1 }, { title: 't', numbers: false });
    expect(svg).toContain('text-anchor="start" font-weight="600" fill="#374151">查询 query ↓<');
    expect(svg).not.toMatch(/rotate\(-90\)[^>]*>查询/);
  });

  it('a Chinese row title without a column title gets a title line of its own', () => {
    const none = heatmapLayout({ ...spec });
    const l = heatmapLayout({ ...spec, rowTitle: '位置' });
    expect(l.rowTitle?.horizontal).toBe(true);
    expect(l.y0).toBeGreaterThan(none.y0);
  });
});
