/**
 * Every layer × head of one kind of attention at once (after BertViz's model
 * view): one small heatmap per head, layers as rows. Each tile is a button that
 * opens that layer and head. Tiles are drawn on small canvases; the export
 * re-draws them as SVG rects.
 */
import { useEffect, useMemo, useRef } from 'react';
import { colorOf, type ColorDomain } from '../viz/color';
import { multiplesLayout, type Tile } from '../viz/multiples';
import { multiplesSvg } from '../viz/export';
import { FigureFrame } from './FigureFrame';
import { Legend } from './Legend';

export interface SmallMultiplesProps {
  layers: number;
  heads: number;
  rows: number;
  cols: number;
  /** the weights of a layer and head, [rows × cols] row-major */
  tile: (layer: number, head: number) => ArrayLike<number>;
  domain: ColorDomain;
  maxWidth: number;
  maxHeight: number;
  current: { layer: number; head: number };
  onOpen: (layer: number, head: number) => void;
  label: string;
  caption: string;
  tileLabel: (layer: number, head: number) => string;
  layerLabel: (layer: number) => string;
  headLabel: (head: number) => string;
  hint: string;
  exportLabels: { svg: string; png: string };
  /** the export file name without extension */
  fileName?: string;
  /** the colour legend's name */
  legendLabel: string;
  legendFont?: number;
}

function TileCanvas({ tile, values, domain, rows, cols }: { tile: Tile; values: ArrayLike<number>; domain: ColorDomain; rows: number; cols: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = contextOf(canvas);
    if (!canvas || !ctx) return;
    const dpr = Math.min(globalThis.devicePixelRatio || 1, 3);
    canvas.width = Math.round(tile.w * dpr);
    canvas.height = Math.round(tile.h * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        ctx.fillStyle = colorOf(values[r * cols + c], domain);
        ctx.fillRect(c * tile.cell, r * tile.cell, tile.cell, tile.cell);
      }
    }
  }, [tile, values, domain, rows, cols]);
  return <canvas ref={ref} style={{ width: tile.w, height: tile.h }} />;
}

/** The 2D context of a canvas, or null where there is none (tests without canvas support). */
function contextOf(canvas: HTMLCanvasElement | null): CanvasRenderingContext2D | null {
  try {
    return canvas?.getContext('2d') ?? null;
  } catch {
    return null;
  }
}

export function SmallMultiples(p: SmallMultiplesProps) {
  const layout = useMemo(
    () => multiplesLayout({ layers: p.layers, heads: p.heads, rows: p.rows, cols: p.cols, maxWidth: p.maxWidth, maxHeight: p.maxHeight }),
    [p.layers, p.heads, p.rows, p.cols, p.maxWidth, p.maxHeight],
  );
  const getSvg = () =>
    multiplesSvg(layout, (l, h) => p.tile(l, h), p.rows, p.cols, p.domain, {
      title: p.caption, layerLabel: p.layerLabel, headLabel: p.headLabel,
    });
  return (
    <FigureFrame
      caption={p.caption}
      className="multiples"
      hint={p.hint}
      legend={<Legend domain={p.domain} label={p.legendLabel} fontSize={p.legendFont ?? 11} />}
      getSvg={getSvg}
      fileName={p.fileName}
      exportLabels={p.exportLabels}
    >
      <div className="multiples-grid" role="group" aria-label={p.label} style={{ width: layout.width, height: layout.height }}>
        {layout.rowLabels.map((r) => (
          <span key={`l${r.layer}`} className="multiples-label row" style={{ top: r.y, width: layout.labelLeft - 8 }}>{p.layerLabel(r.layer)}</span>
        ))}
        {layout.colLabels.map((c) => (
          <span key={`h${c.head}`} className="multiples-label col" style={{ left: c.x, top: 2 }}>{p.headLabel(c.head)}</span>
        ))}
        {layout.tiles.map((tile) => {
          const current = tile.layer === p.current.layer && tile.head === p.current.head;
          return (
            <button
              key={`${tile.layer}-${tile.head}`}
              type="button"
              className={current ? 'tile current' : 'tile'}
              style={{ left: tile.x, top: tile.y, width: tile.w + 4, height: tile.h + 4 }}
              aria-label={p.tileLabel(tile.layer, tile.head)}
              aria-pressed={current}
              onClick={() => p.onOpen(tile.layer, tile.head)}
            >
              <TileCanvas tile={tile} values={p.tile(tile.layer, tile.head)} domain={p.domain} rows={p.rows} cols={p.cols} />
            </button>
          );
        })}
      </div>
    </FigureFrame>
  );
}
