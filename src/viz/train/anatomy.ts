/**
 * The layout of the lecture's loss figure for one example, as data: one row per decoder
 * position (its input token, its target token), the predicted distribution over the
 * vocabulary as bars beside the target distribution (one-hot, or smoothed) drawn as
 * outlines on the same slots, and the position's cross-entropy as a bar with its value.
 * Pure: the component draws it, the SVG export uses the same numbers, tests check it
 * without a DOM.
 */
import { scaleLinear } from 'd3';
import { textWidth } from '../heatmap';

export interface AnatomySpec {
  /** the decoder positions (rows) */
  rows: number;
  /** the target vocabulary (columns), as shown */
  vocab: readonly string[];
  /** the whole figure's room, CSS px */
  width: number;
  height: number;
  /** the largest cross-entropy the bars' scale must hold */
  ceMax: number;
  fontSize?: number;
  /** when the slots are too narrow for every label: the tokens to label (e.g. the targets) */
  keep?: readonly number[];
}

export interface ColTick {
  index: number;
  label: string;
  /** centre of the column */
  pos: number;
  /** written upwards because it is wider than its slot */
  rotated: boolean;
}

export interface AnatomyLayout {
  width: number;
  height: number;
  fontSize: number;
  /** x of the position number, the input token (centre), the arrow and the target token (centre) */
  cols: { pos: number; input: number; arrow: number; target: number };
  /** the token chips' width */
  chipW: number;
  /** the distribution area */
  plotX: number;
  plotW: number;
  /** one slot per vocabulary token, and the bar inside it */
  slot: number;
  barW: number;
  /** the header with the vocabulary */
  headerH: number;
  colTicks: ColTick[];
  /** the labels' font size, px */
  tickFont: number;
  /** rows: top and height */
  rowTop: number;
  rowH: number;
  /** the height a probability of 1 reaches */
  barMax: number;
  /** the cross-entropy column: its bars from `ceX` (at most `ceBarW` long), then the value at `valueX`, then right / wrong at `verdictX` */
  ceX: number;
  ceW: number;
  ceBarW: number;
  valueX: number;
  verdictX: number;
  /** the scale of the cross-entropy bars: value → px */
  ceScale: (v: number) => number;
  ceTicks: { value: number; x: number; label: string }[];
}

export function anatomyLayout(s: AnatomySpec): AnatomyLayout {
  const V = Math.max(1, s.vocab.length);
  // a narrow room (a phone) packs the columns tighter, in smaller type
  const compact = s.width < 480;
  const fontSize = compact ? Math.min(s.fontSize ?? 13, 11) : (s.fontSize ?? 13);
  const chipW = Math.round(fontSize * (compact ? 2.9 : 3.2));
  const gap = compact ? 0.6 : 0.9;
  const pos = 4 + fontSize * gap;
  const input = pos + fontSize * (compact ? 0.7 : 1) + chipW / 2;
  const arrow = input + chipW / 2 + fontSize * gap;
  const target = arrow + fontSize * gap + chipW / 2;
  const plotX = target + chipW / 2 + (compact ? 6 : 12);
  const ceBarW = Math.max(compact ? 30 : 50, Math.min(130, Math.round(s.width * 0.12)));
  const valueW = Math.ceil(fontSize * 0.62 * 5) + 6;
  const verdictW = Math.ceil(fontSize * 0.62 * 5);
  const ceW = ceBarW + 6 + valueW + verdictW;
  const plotW = Math.max(V * 3.5, s.width - plotX - ceW - (compact ? 8 : 16));
  const slot = plotW / V;
  const barW = Math.max(2, slot * 0.72);
  // the vocabulary's labels: as large as a single character fits its slot (at least 9 px), longer ones written upwards
  const tickFont = Math.max(9, Math.min(fontSize - 1, Math.floor((slot - 1) / 0.62)));
  // slots narrower than a character: only the tokens asked for are labelled
  const crowded = slot < tickFont * 0.62 + 1 && s.keep !== undefined;
  const colTicks: ColTick[] = s.vocab
    .map((label, index) => ({ index, label, pos: plotX + slot * (index + 0.5), rotated: textWidth(label, tickFont) > slot - 1 }))
    .filter((c) => !crowded || s.keep!.includes(c.index));
  const longest = Math.max(0, ...colTicks.filter((c) => c.rotated).map((c) => textWidth(c.label, tickFont)));
  const headerH = Math.ceil(Math.max(fontSize + 10, longest > 0 ? Math.min(longest, fontSize * 4) + 10 : 0));
  const footer = fontSize + 8;
  const rows = Math.max(1, s.rows);
  const rowH = Math.max(fontSize * 2, Math.min(fontSize * 4.4, (s.height - headerH - footer) / rows));
  const rowTop = headerH;
  const height = Math.ceil(rowTop + rowH * rows + footer);
  const ceX = plotX + plotW + (compact ? 8 : 16);
  const ceMax = Math.max(0.5, s.ceMax);
  const scale = scaleLinear().domain([0, ceMax]).range([0, ceBarW]).nice();
  const ticks = scale.ticks(3);
  return {
    width: Math.ceil(ceX + ceW),
    height,
    fontSize,
    cols: { pos, input, arrow, target },
    chipW,
    plotX,
    plotW,
    slot,
    barW,
    headerH,
    colTicks,
    tickFont,
    rowTop,
    rowH,
    barMax: rowH - 8,
    ceX,
    ceW,
    ceBarW,
    valueX: ceX + ceBarW + 6,
    verdictX: ceX + ceBarW + 6 + valueW,
    ceScale: (v) => Math.max(0, scale(Math.max(0, v))),
    ceTicks: ticks.map((value) => ({ value, x: ceX + scale(value), label: String(value) })),
  };
}

/** The row and column under a point of the figure (the column is −1 over the cross-entropy column or the labels). */
export function anatomyCellAt(l: AnatomyLayout, x: number, y: number, rows: number): { row: number; col: number } | null {
  const row = Math.floor((y - l.rowTop) / l.rowH);
  if (row < 0 || row >= rows) return null;
  const col = x >= l.plotX && x < l.plotX + l.plotW ? Math.floor((x - l.plotX) / l.slot) : -1;
  return { row, col };
}
