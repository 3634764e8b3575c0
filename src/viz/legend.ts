/**
 * The colour legend as data: gradient stops of the one viridis scale across a
 * value domain, and round ticks (d3's `ticks`) placed along a bar.
 */
import { scaleLinear } from 'd3';
import { colorOf, type ColorDomain } from './color';
import { textWidth } from './heatmap';

export interface LegendLayout {
  width: number;
  barHeight: number;
  stops: { offset: number; color: string }[];
  ticks: { value: number; label: string; x: number }[];
}

/**
 * The bar's stops and ticks. Ticks are round numbers (d3's `ticks`), as many as fit:
 * fewer are asked for until no two labels (at `fontSize` px) overlap, down to the two ends.
 */
export function legendLayout(domain: ColorDomain, width = 220, barHeight = 12, tickCount = 5, fontSize = 11): LegendLayout {
  const x = scaleLinear().domain([domain.min, domain.max]).range([0, width]);
  const stops = Array.from({ length: 11 }, (_, i) => {
    const offset = i / 10;
    return { offset, color: colorOf(domain.min + offset * (domain.max - domain.min), domain) };
  });
  const ticksFor = (count: number) => {
    const format = x.tickFormat(count);
    return x.ticks(count).map((value) => ({ value, label: format(value).replace('-', '−'), x: x(value) }));
  };
  let ticks = ticksFor(tickCount);
  for (let count = tickCount; count >= 1 && !ticksFit(ticks, fontSize); count--) ticks = ticksFor(count);
  if (!ticksFit(ticks, fontSize) && ticks.length > 2) ticks = [ticks[0], ticks[ticks.length - 1]];
  return { width, barHeight, stops, ticks };
}

/** Whether tick labels centred on their x leave a gap of at least half a character between neighbours. */
export function ticksFit(ticks: readonly { label: string; x: number }[], fontSize: number): boolean {
  for (let i = 1; i < ticks.length; i++) {
    const half = (textWidth(ticks[i - 1].label, fontSize) + textWidth(ticks[i].label, fontSize)) / 2;
    if (ticks[i].x - ticks[i - 1].x < half + fontSize * 0.5) return false;
  }
  return true;
}
