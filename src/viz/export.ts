/**
 * Figures as standalone SVG files (for slides), and SVG → PNG. A heatmap is
 * re-drawn from its layout as <rect>s, so the export has every cell even when
 * the page drew them on a canvas; other figures are serialised from their SVG.
 * String building is pure and tested; only `svgToPngBlob` and `download` need a browser.
 */
import { legendLayout } from './legend';
import { cellStyles, textWidth, type HeatmapLayout } from './heatmap';
import type { ColorDomain } from './color';
import { MASKED_COLOR, colorOf } from './color';

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const FONT = "system-ui, 'Noto Sans', 'Noto Sans CJK SC', Arial, sans-serif";

/** Escapes text for an XML text node or attribute. */
export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const n = (v: number) => String(Math.round(v * 100) / 100);

const TITLE_FONT = 14;
const TITLE_LINE = 18;

/** A title split into lines no wider than `width` px (at the title font), breaking at spaces and `·`, else anywhere. */
export function wrapTitle(title: string, width: number, fontSize = TITLE_FONT): string[] {
  const max = Math.max(40, width - 8);
  const words = title.split(/(?<=\s)/);
  const lines: string[] = [];
  let line = '';
  const push = (w: string) => {
    if (line === '' || textWidth(line + w, fontSize) * BOLD <= max) {
      line += w;
      return;
    }
    lines.push(line.trimEnd());
    line = w;
  };
  for (const w of words) {
    if (textWidth(w, fontSize) * BOLD <= max) {
      push(w);
      continue;
    }
    // a word longer than a line (a CJK sentence, a long key) is cut where it must be
    for (const ch of w) push(ch);
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines.length > 0 ? lines : [''];
}

/** Bold glyphs are a little wider than `textWidth`'s estimate. */
const BOLD = 1.08;

/** The title of an exported figure: as many lines as it needs to stay inside `width`. */
export function titleBlock(title: string, width: number): { svg: string; height: number } {
  const lines = wrapTitle(title, width);
  const svg = lines
    .map((l, i) => `<text x="4" y="${16 + i * TITLE_LINE}" font-size="${TITLE_FONT}" font-weight="700" fill="#111827">${xmlEscape(l)}</text>`)
    .join('');
  return { svg, height: 8 + lines.length * TITLE_LINE };
}

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
  const legend = o.legend === false ? null : legendLayout(domain, Math.min(260, Math.max(160, l.width - 20)));
  const legendH = legend ? 46 : 0;
  const width = Math.max(l.width, legend ? legend.width + 20 : 0, 320);
  const title = titleBlock(o.title, width);
  const titleH = title.height;
  const height = titleH + l.height + legendH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlEscape(FONT)}">`);
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  parts.push(title.svg);
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
    parts.push(`<text x="${n(l.x0 - 6)}" y="${n(t.pos)}" font-size="${l.rowFontSize}" text-anchor="end" dominant-baseline="central">${xmlEscape(t.label)}</text>`);
  }
  for (const t of l.colTicks) {
    if (t.rotated) {
      parts.push(`<text transform="translate(${n(t.pos)},${n(l.y0 - 6)}) rotate(-90)" text-anchor="start" dominant-baseline="central">${xmlEscape(t.label)}</text>`);
    } else {
      parts.push(`<text x="${n(t.pos)}" y="${n(l.y0 - 6)}" text-anchor="middle">${xmlEscape(t.label)}</text>`);
    }
  }
  if (l.rowTitle) {
    parts.push(
      l.rowTitle.horizontal
        ? `<text x="${n(l.rowTitle.x)}" y="${n(l.rowTitle.y)}" text-anchor="start" font-weight="600" fill="#374151">${xmlEscape(l.rowTitle.text)}</text>`
        : `<text transform="translate(${n(l.rowTitle.x)},${n(l.rowTitle.y)}) rotate(-90)" text-anchor="middle" font-weight="600" fill="#374151">${xmlEscape(l.rowTitle.text)}</text>`,
    );
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
  const w = Math.max(width, 320);
  const t = titleBlock(title, w);
  const body = innerMarkup.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  return (
    `<svg xmlns="${SVG_NS}" width="${w}" height="${height + t.height}" viewBox="0 0 ${w} ${height + t.height}" font-family="${xmlEscape(FONT)}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    t.svg +
    `<g transform="translate(0,${t.height})">${body}</g></svg>`
  );
}

/** The width and height written on an SVG document's root. */
export function svgSize(svg: string): { width: number; height: number } {
  const w = /<svg[^>]*\swidth="([\d.]+)"/.exec(svg);
  const h = /<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
  return { width: w ? Number(w[1]) : 300, height: h ? Number(h[1]) : 150 };
}

/**
 * An ASCII file name from its parts, e.g. `reverse-7-enc.0.self_attn.weights-L1-H1.svg`:
 * anything outside letters, digits, `.`, `_` and `-` becomes `-` (so a Chinese title gives
 * no odd characters), and the name keeps to 100 characters.
 */
export function fileNameOf(name: string, ext: 'svg' | 'png'): string {
  const base = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100);
  return `${base || 'figure'}.${ext}`;
}

/** The export name of a tour figure: `<task>-<step>-<tensor>[-L<layer>][-H<head>][-<view>]` (layer, head, step from 1). */
export function figureFileName(parts: { task: string; step: number; tensor: string; layer?: number; head?: number; view?: string }): string {
  const bits = [parts.task, String(parts.step), parts.tensor];
  if (parts.layer !== undefined) bits.push(`L${parts.layer}`);
  if (parts.head !== undefined) bits.push(`H${parts.head}`);
  if (parts.view) bits.push(parts.view);
  return bits.join('-');
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
  const legend = legendLayout(domain, Math.min(260, Math.max(160, l.width - 40)));
  const legendH = 46;
  const width = Math.max(l.width, legend.width + 40, 320);
  const title = titleBlock(o.title, width);
  const titleH = title.height;
  const height = titleH + l.height + legendH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlEscape(FONT)}">`);
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  parts.push(title.svg);
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
  parts.push('</g>');
  parts.push(`<g transform="translate(20,${titleH + l.height + 8})">${legendSvg(legend)}</g>`);
  parts.push('</svg>');
  return parts.join('');
}

/** A strip of tokens (with their ids and positions) as an SVG document; the last one marked when `markLast`. */
export function tokensSvg(tokens: readonly string[], ids: readonly number[] | undefined, title: string, markLast = false): string {
  const boxW = Math.max(44, ...tokens.map((t) => [...t].length * 11 + 14));
  const boxH = 58, gap = 6;
  const perRow = Math.max(1, Math.floor(760 / (boxW + gap)));
  const rows = Math.ceil(tokens.length / perRow);
  const width = Math.max(Math.min(tokens.length, perRow) * (boxW + gap) + gap, 320);
  const head = titleBlock(title, width);
  const titleH = head.height;
  const height = titleH + rows * (boxH + gap) + gap;
  const parts: string[] = [
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${xmlEscape(FONT)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    head.svg,
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
