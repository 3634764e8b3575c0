/**
 * The model map's layout as data (DESIGN.md rule 8, llm-viz's genGptModelLayout):
 * where each block of the encoder–decoder figure goes, the frames of the layers, and
 * the arrows between blocks — the memory's arrows to the cross-attention of every
 * decoder layer among them. Two layouts from the same blocks:
 *   `column`: the classic figure, encoder left and decoder right, flowing bottom to top;
 *   `strip`:  one row, left to right, for presentation mode (orientation only).
 * Pure geometry; the component draws it. Blocks are described by what the layout needs.
 */
export interface LayoutBlock {
  id: string;
  side: 'enc' | 'dec';
  /** the layer of a layer block; undefined for the blocks before and after the layers */
  layer?: number;
  /** the memory block feeds the cross-attention blocks */
  role?: 'memory' | 'cross';
}

export interface PlacedBlock {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LayerFrame {
  side: 'enc' | 'dec';
  layer: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** where the frame's label goes (top left, inside) */
  labelX: number;
  labelY: number;
}

export interface MapLayout {
  width: number;
  height: number;
  blocks: PlacedBlock[];
  frames: LayerFrame[];
  /** SVG path strings: the flow within each side, then the memory's arrows */
  arrows: { d: string; kind: 'flow' | 'memory' }[];
  /** the side titles (column layout) or group labels (strip layout) */
  titles: { text: 'enc' | 'dec' | string; x: number; y: number; anchor: 'start' | 'middle' }[];
  /** label font size that fits the blocks (px) */
  fontSize: number;
}

export interface ColumnSpec {
  width: number;
  height: number;
  /** the largest row height (px); rows shrink to fit the height */
  maxRow?: number;
}

const TITLE_H = 20;
const FRAME_TOP = 14;
const FRAME_PAD = 4;
const GUTTER = 18;

/**
 * The classic figure: the encoder's blocks in the left column and the decoder's in the
 * right one, inputs at the bottom and outputs at the top; layers framed; arrows up each
 * column and from the memory into every cross-attention block.
 */
export function columnLayout(blocks: readonly LayoutBlock[], spec: ColumnSpec): MapLayout {
  const sides = (['enc', 'dec'] as const).map((side) => blocks.filter((b) => b.side === side));
  const layersOf = (bs: readonly LayoutBlock[]) => new Set(bs.filter((b) => b.layer !== undefined).map((b) => b.layer)).size;
  // rows and frame padding of each column; the taller column sets the row height
  const need = sides.map((bs) => ({ rows: bs.length, frames: layersOf(bs) }));
  const usable = spec.height - TITLE_H - 6;
  const row = Math.max(
    14,
    Math.min(spec.maxRow ?? 40, ...need.map((n) => (usable - n.frames * (FRAME_TOP + FRAME_PAD * 2)) / Math.max(n.rows, 1))),
  );
  const gap = Math.max(3, Math.round(row * 0.18));
  const blockH = row - gap;
  const colW = Math.floor((spec.width - GUTTER) / 2);
  const placed: PlacedBlock[] = [];
  const frames: LayerFrame[] = [];
  const arrows: MapLayout['arrows'] = [];
  let height = 0;

  sides.forEach((bs, si) => {
    const x0 = si === 0 ? 0 : colW + GUTTER;
    const side = si === 0 ? 'enc' : 'dec';
    // walk bottom-up from the column's floor
    let y = spec.height - 4;
    let prev: PlacedBlock | null = null;
    let frameOpen: { layer: number; bottom: number } | null = null;
    const closeFrame = (top: number) => {
      if (!frameOpen) return;
      frames.push({
        side, layer: frameOpen.layer, x: x0, y: top - FRAME_TOP, w: colW, h: frameOpen.bottom - top + FRAME_TOP,
        labelX: x0 + 4, labelY: top - FRAME_TOP + 10,
      });
      y = top - FRAME_TOP - FRAME_PAD;
      frameOpen = null;
    };
    for (const b of bs) {
      if (frameOpen && b.layer !== frameOpen.layer) closeFrame(y + gap);
      if (b.layer !== undefined && !frameOpen) {
        y -= FRAME_PAD;
        frameOpen = { layer: b.layer, bottom: y + FRAME_PAD };
      }
      const inset = b.layer !== undefined ? 6 : 0;
      const p: PlacedBlock = { id: b.id, x: x0 + inset, y: y - blockH, w: colW - 2 * inset, h: blockH };
      placed.push(p);
      if (prev) {
        const cx = prev.x + prev.w / 2;
        arrows.push({ d: `M${cx},${prev.y} L${cx},${p.y + p.h}`, kind: 'flow' });
      }
      prev = p;
      y = p.y - gap;
    }
    if (frameOpen) closeFrame(y + gap);
    height = Math.max(height, spec.height - y);
  });

  // the memory feeds every cross-attention block: out of its right side, down the gutter, into the block's left side
  const memory = blocks.find((b) => b.role === 'memory');
  const mem = memory && placed.find((p) => p.id === memory.id);
  if (mem) {
    const trunk = colW + GUTTER / 2;
    for (const b of blocks.filter((x) => x.role === 'cross')) {
      const c = placed.find((p) => p.id === b.id);
      if (!c) continue;
      const y0 = mem.y + mem.h / 2, y1 = c.y + c.h / 2;
      arrows.push({ d: `M${mem.x + mem.w},${y0} L${trunk},${y0} L${trunk},${y1} L${c.x},${y1}`, kind: 'memory' });
    }
  }
  // a column taller than the room (rows at their minimum) moves down, and the map grows
  const minY = Math.min(...placed.map((p) => p.y), ...frames.map((f) => f.y));
  if (minY < TITLE_H) {
    const dy = TITLE_H - minY;
    for (const p of placed) p.y += dy;
    for (const f of frames) {
      f.y += dy;
      f.labelY += dy;
    }
    for (const a of arrows) a.d = shiftPath(a.d, dy);
    height = Math.max(height, spec.height + dy);
  }
  const top = Math.min(...placed.map((p) => p.y), ...frames.map((f) => f.y));
  const titles: MapLayout['titles'] = [
    { text: 'enc', x: colW / 2, y: top - 6, anchor: 'middle' },
    { text: 'dec', x: colW + GUTTER + colW / 2, y: top - 6, anchor: 'middle' },
  ];
  const fontSize = Math.max(10, Math.min(15, Math.floor(blockH * 0.5)));
  return { width: spec.width, height: Math.max(height, spec.height), blocks: placed, frames, arrows, titles, fontSize };
}

/** A path of M/L commands moved down by `dy`. */
function shiftPath(d: string, dy: number): string {
  return d.replace(/([ML])(-?[\d.]+),(-?[\d.]+)/g, (_, c: string, x: string, y: string) => `${c}${x},${Number(y) + dy}`);
}

export interface StripGroup {
  /** a key for the group's label, e.g. `input`, `enc.0`, `memory`, `decInput`, `dec.1`, `output` */
  key: string;
  ids: string[];
}

/** The blocks in groups for the strip: the input, each layer, the memory, the decoder input, each decoder layer, the output. */
export function stripGroups(blocks: readonly LayoutBlock[]): StripGroup[] {
  const out: StripGroup[] = [];
  for (const b of blocks) {
    const key = b.layer !== undefined ? `${b.side}.${b.layer}`
      : b.side === 'enc' ? (b.role === 'memory' || out.some((g) => g.key.startsWith('enc.')) ? 'memory' : 'input')
        : out.some((g) => g.key.startsWith('dec.')) ? 'output' : 'decInput';
    const last = out[out.length - 1];
    if (last && last.key === key) last.ids.push(b.id);
    else out.push({ key, ids: [b.id] });
  }
  return out;
}

/**
 * One row for presentation mode: each group a labelled box, its blocks small cells in it,
 * left to right in flow order (encoder, then decoder). Labels go on the boxes (`titles`).
 */
export function stripLayout(blocks: readonly LayoutBlock[], spec: { width: number; height: number }): MapLayout & { groups: StripGroup[] } {
  const groups = stripGroups(blocks);
  const gap = 6;
  const cells = blocks.length;
  const cellW = Math.max(4, (spec.width - gap * (groups.length - 1)) / Math.max(cells, 1));
  const placed: PlacedBlock[] = [];
  const titles: MapLayout['titles'] = [];
  const labelH = Math.round(spec.height * 0.55);
  let x = 0;
  for (const g of groups) {
    const x0 = x;
    for (const id of g.ids) {
      placed.push({ id, x, y: labelH + 1, w: cellW - 1, h: spec.height - labelH - 2 });
      x += cellW;
    }
    titles.push({ text: g.key, x: x0 + 2, y: labelH - 3, anchor: 'start' });
    x += gap;
  }
  return {
    width: spec.width, height: spec.height, blocks: placed, frames: [], arrows: [], titles,
    fontSize: Math.max(10, Math.min(14, labelH - 2)), groups,
  };
}
