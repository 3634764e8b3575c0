/**
 * Figures as standalone SVG files (for slides), and SVG → PNG. A heatmap is
 * re-drawn from its layout as <rect>s, so the export has every cell even when
 * the page drew them on a canvas; other figures are serialised from their SVG.
 * String building is pure and tested; only `svgToPngBlob` and `download` need a browser.
 */
import { legendLayout } from './legend';
import { cellStyles, type HeatmapLayout } from './heatmap';
import type { ColorDomain } from './color';
import { MASKED_COLOR, colorOf } from './color';

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const FONT = "system-ui, 'Noto Sans', 'Noto Sans CJK SC', Arial, sans-serif";

/** Escapes text for an XML text node or attribute. */
export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const n = (v: number) => String(Math.round(v * 100) / 100);

export interface HeatmapSvgOptions {
  title: string;
  numbers: boolean;
  /** cells to draw as masked although finite (the zeros after a masked softmax) */
  masked?: ArrayLike<number | boolean>;
  /** a legend below the grid */
  legend?: boolean;
}

/** The whole heatmap (title, labels, cells, numbers, legend) as one SVG document. */
export function heatmapSvg(l: HeatmapLayout, values: ArrayLike<number>, domain: ColorDomain, o: HeatmapSvgOptions): string {
  const titleH = 24;
  const legend = o.legend === false ? null : legendLayout(domain, Math.min(260, Math.max(160, l.width - 20)));
  const legendH = legend ? 46 : 0;
  const width = Math.max(l.width, legend ? legend.width + 20 : 0);
  const height = titleH + l.height + legendH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlEscape(FONT)}">`);
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  parts.push(`<text x="4" y="16" font-size="14" font-weight="700" fill="#111827">${xmlEscape(o.title)}</text>`);
  parts.push(`<g transform="translate(0,${titleH})">`);
  parts.push(heatmapBody(l, values, domain, o.numbers, o.masked));
  parts.push('</g>');
  if (legend) {
    parts.push(`<g transform="translate(10,${titleH + l.height + 8})">${legendSvg(legend)}</g>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The cells, masked hatching, numbers and axis labels of a heatmap, in figure coordinates. */
export function heatmapBody(l: HeatmapLayout, values: ArrayLike<number>, domain: ColorDomain, numbers: boolean, masked?: ArrayLike<number | boolean>): string {
  const styles = cellStyles(values, domain, masked);
  const parts: string[] = [];
  parts.push(`<defs><pattern id="mask-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${MASKED_COLOR}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a8a8a" stroke-width="1.5"/></pattern></defs>`);
  parts.push('<g class="cells">');
  for (let r = 0; r < l.rows; r++) {
    for (let c = 0; c < l.cols; c++) {
      const i = r * l.cols + c;
      const fill = styles[i].masked ? 'url(#mask-hatch)' : styles[i].fill;
      parts.push(`<rect x="${n(l.x0 + c * l.cellW)}" y="${n(l.y0 + r * l.cellH)}" width="${n(l.cellW)}" height="${n(l.cellH)}" fill="${fill}"/>`);
    }
  }
  parts.push('</g>');
  if (numbers) {
    parts.push(`<g class="numbers" font-size="${l.numberFont}" text-anchor="middle" dominant-baseline="central">`);
    for (let r = 0; r < l.rows; r++) {
      for (let c = 0; c < l.cols; c++) {
        const i = r * l.cols + c;
        parts.push(`<text x="${n(l.x0 + c * l.cellW + l.cellW / 2)}" y="${n(l.y0 + r * l.cellH + l.cellH / 2)}" fill="${styles[i].text}">${xmlEscape(styles[i].label)}</text>`);
      }
    }
    parts.push('</g>');
  }
  parts.push(axesSvg(l));
  return parts.join('');
}

/** Row and column labels and axis titles. */
export function axesSvg(l: HeatmapLayout): string {
  const parts: string[] = [`<g class="axes" font-size="${l.fontSize}" fill="#111827">`];
  for (const t of l.rowTicks) {
    parts.push(`<text x="${n(l.x0 - 6)}" y="${n(t.pos)}" text-anchor="end" dominant-baseline="central">${xmlEscape(t.label)}</text>`);
  }
  for (const t of l.colTicks) {
    if (t.rotated) {
      parts.push(`<text transform="translate(${n(t.pos)},${n(l.y0 - 6)}) rotate(-90)" text-anchor="start" dominant-baseline="central">${xmlEscape(t.label)}</text>`);
    } else {
      parts.push(`<text x="${n(t.pos)}" y="${n(l.y0 - 6)}" text-anchor="middle">${xmlEscape(t.label)}</text>`);
    }
  }
  if (l.rowTitle) {
    parts.push(`<text transform="translate(${n(l.rowTitle.x)},${n(l.rowTitle.y)}) rotate(-90)" text-anchor="middle" font-weight="600" fill="#374151">${xmlEscape(l.rowTitle.text)}</text>`);
  }
  if (l.colTitle) {
    parts.push(`<text x="${n(l.colTitle.x)}" y="${n(l.colTitle.y)}" text-anchor="middle" font-weight="600" fill="#374151">${xmlEscape(l.colTitle.text)}</text>`);
  }
  parts.push('</g>');
  return parts.join('');
}

/** A colour legend as SVG (gradient bar and ticks). */
export function legendSvg(lg: ReturnType<typeof legendLayout>): string {
  const id = 'legend-gradient';
  const stops = lg.stops.map((s) => `<stop offset="${n(s.offset * 100)}%" stop-color="${s.color}"/>`).join('');
  const ticks = lg.ticks
    .map((t) => `<line x1="${n(t.x)}" x2="${n(t.x)}" y1="${lg.barHeight}" y2="${lg.barHeight + 4}" stroke="#111827"/><text x="${n(t.x)}" y="${lg.barHeight + 16}" font-size="11" text-anchor="middle" fill="#111827">${xmlEscape(t.label)}</text>`)
    .join('');
  return `<defs><linearGradient id="${id}">${stops}</linearGradient></defs><rect width="${lg.width}" height="${lg.barHeight}" fill="url(#${id})" stroke="#6b7280" stroke-width="0.5"/>${ticks}`;
}

/**
 * A standalone SVG document from an SVG element's markup (as XMLSerializer gives it):
 * adds the namespace, a white background and a title line on top.
 */
export function standaloneSvg(innerMarkup: string, width: number, height: number, title: string): string {
  const titleH = 24;
  const body = innerMarkup.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  return (
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height + titleH}" viewBox="0 0 ${width} ${height + titleH}" font-family="${xmlEscape(FONT)}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="4" y="16" font-size="14" font-weight="700" fill="#111827">${xmlEscape(title)}</text>` +
    `<g transform="translate(0,${titleH})">${body}</g></svg>`
  );
}

/** The width and height written on an SVG document's root. */
export function svgSize(svg: string): { width: number; height: number } {
  const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  const h = /<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
  return { width: w ? Number(w[1]) : 300, height: h ? Number(h[1]) : 150 };
}

/** A file name from a figure title: `enc.0.self_attn.weights-head-1.svg`. */
export function fileNameOf(title: string, ext: 'svg' | 'png'): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
  return `${base || 'figure'}.${ext}`;
}

/** SVG → PNG at `scale` × its size (browser only: Image and canvas). */
export async function svgToPngBlob(svg: string, scale = 2): Promise<Blob> {
  const { width, height } = svgSize(svg);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    const loaded = new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG could not be drawn as an image'));
    });
    img.src = url;
    await loaded;
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves a blob under a file name through a temporary download link. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Small multiples (layers × heads of attention) as one SVG document, every tile re-drawn as rects. */
export function multiplesSvg(
  l: import('./multiples').MultiplesLayout,
  tile: (layer: number, head: number) => ArrayLike<number>,
  rows: number,
  cols: number,
  domain: ColorDomain,
  o: { title: string; layerLabel: (layer: number) => string; headLabel: (head: number) => string },
): string {
  const titleH = 24;
  const parts: string[] = [];
  parts.push(`<svg xmlns="${SVG_NS}" width="${l.width}" height="${l.height + titleH}" viewBox="0 0 ${l.width} ${l.height + titleH}" font-family="${xmlEscape(FONT)}">`);
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  parts.push(`<text x="4" y="16" font-size="14" font-weight="700" fill="#111827">${xmlEscape(o.title)}</text>`);
  parts.push(`<g transform="translate(0,${titleH})" font-size="12" fill="#111827">`);
  for (const r of l.rowLabels) parts.push(`<text x="${l.labelLeft - 8}" y="${n(r.y)}" text-anchor="end" dominant-baseline="central">${xmlEscape(o.layerLabel(r.layer))}</text>`);
  for (const c of l.colLabels) parts.push(`<text x="${n(c.x)}" y="14" text-anchor="middle">${xmlEscape(o.headLabel(c.head))}</text>`);
  for (const t of l.tiles) {
    const values = tile(t.layer, t.head);
    parts.push(`<g class="tile" data-layer="${t.layer}" data-head="${t.head}">`);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const v = values[r * cols + c];
        parts.push(`<rect x="${n(t.x + c * t.cell)}" y="${n(t.y + r * t.cell)}" width="${t.cell}" height="${t.cell}" fill="${colorOf(v, domain)}"/>`);
      }
    }
    parts.push('</g>');
  }
  parts.push('</g></svg>');
  return parts.join('');
}

/** A strip of tokens (with their ids and positions) as an SVG document; the last one marked when `markLast`. */
export function tokensSvg(tokens: readonly string[], ids: readonly number[] | undefined, title: string, markLast = false): string {
  const boxW = Math.max(44, ...tokens.map((t) => [...t].length * 11 + 14));
  const boxH = 58, gap = 6, titleH = 24;
  const perRow = Math.max(1, Math.floor(760 / (boxW + gap)));
  const rows = Math.ceil(tokens.length / perRow);
  const width = Math.min(tokens.length, perRow) * (boxW + gap) + gap;
  const height = titleH + rows * (boxH + gap) + gap;
  const parts: string[] = [
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlEscape(FONT)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="4" y="16" font-size="14" font-weight="700" fill="#111827">${xmlEscape(title)}</text>`,
  ];
  tokens.forEach((tok, i) => {
    const x = gap + (i % perRow) * (boxW + gap), y = titleH + gap + Math.floor(i / perRow) * (boxH + gap);
    const mark = markLast && i === tokens.length - 1;
    parts.push(`<g class="token"><rect x="${x}" y="${y}" width="${boxW}" height="${boxH}" rx="6" fill="${mark ? '#fff7ed' : '#ffffff'}" stroke="${mark ? '#b45309' : '#6b7280'}" stroke-width="2"/>`);
    parts.push(`<text x="${x + boxW / 2}" y="${y + 22}" font-size="18" font-weight="700" text-anchor="middle" fill="#111827">${xmlEscape(tok)}</text>`);
    if (ids) parts.push(`<text x="${x + boxW / 2}" y="${y + 39}" font-size="12" text-anchor="middle" fill="#1d4ed8">${ids[i]}</text>`);
    parts.push(`<text x="${x + boxW / 2}" y="${y + 52}" font-size="10" text-anchor="middle" fill="#374151">${i}</text></g>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
