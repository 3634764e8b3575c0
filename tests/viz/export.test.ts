import { figureFileName, wrapTitle, fileNameOf, heatmapSvg, multiplesSvg, standaloneSvg, svgSize, tokensSvg, xmlEscape } from '../../src/viz/export';
import { heatmapLayout, textWidth } from '../../src/viz/heatmap';
import { multiplesLayout } from '../../src/viz/multiples';

const labels = ['<bos>', 'a', 'b'];

describe('exporting figures as SVG', () => {
  it('a heatmap export has every cell as a rect, the labels, the title and the numbers', () => {
    const l = heatmapLayout({ rows: 3, cols: 3, rowLabels: labels, colLabels: labels, rowTitle: 'query', colTitle: 'key', maxWidth: 400, maxHeight: 400 });
    const values = [1, -Infinity, -Infinity, 0.2, 0.8, -Infinity, 0.1, 0.3, 0.6];
    const svg = heatmapSvg(l, values, { min: 0, max: 1 }, { title: 'decoder self-attention · dec.0.self_attn.masked [1,4,3,3]', numbers: true });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g class="cells">(.*?)<\/g>/)?.[1].match(/<rect /g)?.length).toBe(9);
    expect(svg).toContain('&lt;bos&gt;');
    expect(svg).toContain('>query<');
    expect(svg).toContain('dec.0.self_attn.masked [1,4,3,3]');
    expect(svg).toContain('>0.80<');
    expect(svg).toContain('>−∞<');
    expect(svg.match(/url\(#mask-hatch\)/g)?.length).toBe(3);
    expect(svg).toContain('linearGradient');
    const size = svgSize(svg);
    expect(size.width).toBeGreaterThanOrEqual(l.width);
    expect(size.height).toBeGreaterThan(l.height);
  });

  it('cells marked as masked (the zeros after softmax) are hatched in the export too', () => {
    const l = heatmapLayout({ rows: 2, cols: 2, rowLabels: ['a', 'b'], colLabels: ['a', 'b'], maxWidth: 300, maxHeight: 300 });
    const svg = heatmapSvg(l, [1, 0, 0.4, 0.6], { min: 0, max: 1 }, { title: 't', numbers: true, masked: [0, 1, 0, 0] });
    expect(svg.match(/url\(#mask-hatch\)/g)?.length).toBe(1);
  });

  it('a dense heatmap exports every cell even though the page draws it on a canvas', () => {
    const l = heatmapLayout({ rows: 12, cols: 128, rowLabels: [], colLabels: [], maxWidth: 900, maxHeight: 400 });
    expect(l.dense).toBe(true);
    const svg = heatmapSvg(l, new Float32Array(12 * 128).fill(0.5), { min: 0, max: 1 }, { title: 'ffn', numbers: false });
    expect(svg.match(/<rect x=/g)?.length).toBe(12 * 128);
  });

  it('small multiples export every tile with its layer and head labels', () => {
    const l = multiplesLayout({ layers: 2, heads: 4, rows: 3, cols: 5, maxWidth: 700, maxHeight: 300 });
    const svg = multiplesSvg(l, () => new Float32Array(15).fill(0.2), 3, 5, { min: 0, max: 1 }, {
      title: 'cross-attention', layerLabel: (x) => `layer ${x}`, headLabel: (h) => `head ${h}`,
    });
    expect(svg.match(/class="tile"/g)?.length).toBe(8);
    expect(svg.match(/<rect x=/g)?.length).toBe(8 * 15);
    expect(svg).toContain('>layer 1<');
    expect(svg).toContain('>head 3<');
  });

  it('a serialised SVG figure becomes a standalone document with a white background and its title', () => {
    const svg = standaloneSvg('<svg width="10" height="10"><path d="M0 0L5 5"/></svg>', 100, 50, 'lines & weights');
    expect(svg).toContain('<path d="M0 0L5 5"/>');
    expect(svg).toContain('lines &amp; weights');
    expect(svg).toContain('fill="#ffffff"');
    expect(svgSize(svg)).toEqual({ width: 320, height: 76 });
  });

  it('a long title wraps onto as many lines as it needs, so that all of it is inside the image', () => {
    const title = 'cross-attention · Attention weights · dec.1.cross_attn.weights [1,4,12,13] · layer 2 · head 3';
    const lines = wrapTitle(title, 320);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toBe(title);
    for (const l of lines) expect(textWidth(l, 14) * 1.08).toBeLessThanOrEqual(320 - 8);
    const svg = standaloneSvg('<svg/>', 320, 50, title);
    expect(svgSize(svg).height).toBe(50 + 8 + lines.length * 18);
    // a Chinese title without spaces is cut where it must be
    const zhLines = wrapTitle('交叉注意力 · 注意力权重 · 第 2 层 · 第 3 个头'.repeat(3), 200);
    expect(zhLines.length).toBeGreaterThan(2);
    for (const l of zhLines) expect(textWidth(l, 14) * 1.08).toBeLessThanOrEqual(200 - 8);
  });

  it('file names are ASCII: <task>-<step>-<tensor>-L<layer>-H<head>, and text is escaped', () => {
    expect(fileNameOf(figureFileName({ task: 'reverse', step: 7, tensor: 'enc.0.self_attn.weights', layer: 1, head: 1 }), 'svg')).toBe('reverse-7-enc.0.self_attn.weights-L1-H1.svg');
    expect(fileNameOf(figureFileName({ task: 'zh-numerals', step: 40, tensor: 'dec.self_attn.weights', view: 'overview' }), 'png')).toBe('zh-numerals-40-dec.self_attn.weights-overview.png');
    expect(fileNameOf('编码器', 'png')).toBe('figure.png');
    expect(fileNameOf('a b/c', 'svg')).toBe('a-b-c.svg');
    expect(xmlEscape(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });
});

describe('exporting a token strip', () => {
  it('draws a box per token with its id and position, the appended one marked', () => {
    const svg = tokensSvg(['<bos>', 'c', 'b'], [1, 5, 4], 'Append the chosen token · [1,3]', true);
    expect(svg.match(/class="token"/g)?.length).toBe(3);
    expect(svg).toContain('&lt;bos&gt;');
    expect(svg).toContain('>5<');
    expect(svg.match(/#b45309/g)?.length).toBe(1);
  });
});
