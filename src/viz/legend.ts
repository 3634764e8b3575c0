/**
 * The colour legend as data: gradient stops of the one viridis scale across a
 * value domain, and round ticks (d3's `ticks`) placed along a bar.
 */
import { scaleLinear } from 'd3';
import { colorOf, type ColorDomain } from './color';

export interface LegendLayout {
  width: number;
  barHeight: number;
  stops: { offset: number; color: string }[];
  ticks: { value: number; label: string; x: number }[];
}

export function legendLayout(domain: ColorDomain, width = 220, barHeight = 12, tickCount = 5): LegendLayout {
  const x = scaleLinear().domain([domain.min, domain.max]).range([0, width]);
  const stops = Array.from({ length: 11 }, (_, i) => {
    const offset = i / 10;
    return { offset, color: colorOf(domain.min + offset * (domain.max - domain.min), domain) };
  });
  const format = x.tickFormat(tickCount);
  const ticks = x.ticks(tickCount).map((value) => ({ value, label: format(value).replace('-', '−'), x: x(value) }));
  return { width, barHeight, stops, ticks };
}
