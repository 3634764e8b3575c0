/**
 * The beam-search tree as positions, before it is drawn (DESIGN.md rule 8): steps left to
 * right (one column per decoding step, the root in column 0), every node's children in
 * rank order top to bottom around their parent. The hierarchy is d3-hierarchy's; the rows
 * are packed column by column (a tidy tree would give every pruned leaf a row of its own,
 * ten times the height): each node wishes to sit level with its parent, and a column keeps
 * its order with one row between neighbours, as close to the wishes as possible. Then the
 * rows are scaled into the room. Pure: nodes in, boxes and link paths out.
 *
 * The layout is made once for the whole (trimmed) tree; a view that grows step by step
 * shows the nodes up to its step at the same places, so nothing jumps as it grows.
 */
import { hierarchy, linkHorizontal, type HierarchyNode } from 'd3';
import { textWidth } from './heatmap';

export type TreeFate = 'kept' | 'pruned' | 'finished';

/** What the layout needs of a node of a `BeamTree` (src/decode/beam.ts). */
export interface TreeNodeIn {
  id: number;
  step: number;
  /** −1 for the root */
  parent: number;
  rank: number;
  fate: TreeFate;
  label: string;
}

export interface TreeNodeBox {
  id: number;
  step: number;
  parent: number;
  fate: TreeFate;
  label: string;
  /** centre of the token box */
  x: number;
  y: number;
  /** the token box */
  w: number;
  h: number;
  /** on the winner's path (root to the returned hypothesis) */
  winner: boolean;
}

export interface TreeLink {
  /** the child's id */
  id: number;
  parent: number;
  step: number;
  fate: TreeFate;
  winner: boolean;
  path: string;
}

export interface TreeLayout {
  width: number;
  height: number;
  nodes: TreeNodeBox[];
  links: TreeLink[];
  /** x of each step's column (index = step) */
  columns: number[];
  /** vertical distance between neighbouring siblings, px */
  rowGap: number;
  /** whether both numbers under the boxes (log p, then the score) have room (rowGap and column width) */
  numbersFit: boolean;
  /** how many lines of numbers fit under a box: 2 (log p and the score), 1 (the score only) or 0 */
  numberLines: 0 | 1 | 2;
  fontSize: number;
  numberFont: number;
  /** the width of the numbers beside a box */
  numberW: number;
  /** the height the tree would need for `minRowGap` between siblings (≥ height when it does not fit); the width, too, grows past the room when every step needs more than its share */
  neededHeight: number;
}

export interface TreeLayoutSpec {
  nodes: readonly TreeNodeIn[];
  winnerPath: readonly number[];
  width: number;
  height: number;
  /** token size, px (presentation mode asks for more) */
  fontSize?: number;
  /** the columns to make room for (default: the deepest node's step); keeps columns fixed as a tree grows */
  steps?: number;
  /** the height is at least this many px per sibling row (the figure grows taller, and scrolls, when the room is smaller) */
  minRowGap?: number;
  /** room on top for the step labels */
  top?: number;
}

export function beamTreeLayout(s: TreeLayoutSpec): TreeLayout {
  const fontSize = s.fontSize ?? 14;
  const numberFont = Math.max(10, Math.round(fontSize * 0.56));
  /** the numbers beside a box (log p, then the score): room for “−00.00” */
  const numberW = Math.ceil(textWidth('−00.00', numberFont) + 4);
  const top = s.top ?? fontSize + 12;
  const bottom = Math.round(fontSize * 1.6); // the last row's numbers
  const byId = new Map(s.nodes.map((n) => [n.id, n]));
  const root = s.nodes.find((n) => n.parent < 0 || !byId.has(n.parent));
  const maxStep = Math.max(1, s.steps ?? 0, ...s.nodes.map((n) => n.step));
  const minRowGap = s.minRowGap ?? Math.round(fontSize * 2.1);
  const boxH = Math.round(fontSize * 1.5);
  const empty: TreeLayout = {
    width: s.width, height: s.height, nodes: [], links: [], columns: [], rowGap: 0, numbersFit: false, numberLines: 0, fontSize, numberFont, numberW, neededHeight: s.height,
  };
  if (!root) return empty;

  // children in rank order, only nodes whose parent is in the list
  const children = new Map<number, TreeNodeIn[]>();
  for (const n of s.nodes) {
    if (n === root) continue;
    const list = children.get(n.parent) ?? [];
    list.push(n);
    children.set(n.parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.rank - b.rank || a.id - b.id);
  const h = hierarchy<TreeNodeIn>(root, (d) => children.get(d.id) ?? []);
  // rows: column by column, each node wants to sit level with its parent (siblings centred
  // around it, best rank first); the column keeps that order with at least one row between
  // neighbours, as close to the wishes as possible (least squares, pool-adjacent-violators)
  const row = new Map<number, number>();
  const byDepth = new Map<number, HierarchyNode<TreeNodeIn>[]>();
  h.each((d) => {
    const list = byDepth.get(d.depth) ?? [];
    list.push(d);
    byDepth.set(d.depth, list);
  });
  // every column keeps within as many rows as the fullest column has (plus one), so the
  // spread of one step does not widen the next
  let R = 1;
  for (const col of byDepth.values()) R = Math.max(R, col.length + 1);
  row.set(root.id, (R - 1) / 2);
  for (let depth = 1; byDepth.has(depth); depth++) {
    const col = byDepth.get(depth)!;
    const wish = col.map((d) => {
      const sibs = d.parent!.children!;
      const j = sibs.indexOf(d);
      return row.get(d.parent!.data.id)! + (j - (sibs.length - 1) / 2);
    });
    const order = col.map((_, i) => i).sort((a, b) => wish[a] - wish[b] || a - b);
    const n = order.length;
    const placed = packRows(order.map((i) => wish[i])).map((p, k) => Math.min(Math.max(p, k), R - 1 - (n - 1 - k)));
    order.forEach((i, k) => row.set(col[i].data.id, placed[k]));
  }
  let lo = Infinity, hi = -Infinity;
  for (const r of row.values()) {
    lo = Math.min(lo, r);
    hi = Math.max(hi, r);
  }
  const rows = hi - lo; // in sibling gaps

  // columns: the widest label decides the box; numbers sit to the right of the box
  // (BOS and EOS get boxes of their own width; the columns are spaced for the tokens)
  const widthOf = (label: string) => Math.ceil(textWidth(label, fontSize) + fontSize * 0.8);
  const widest = Math.max(fontSize * 0.62, ...s.nodes.filter((n) => [...n.label].length <= 2).map((n) => textWidth(n.label, fontSize)));
  const boxW = Math.ceil(widest + fontSize * 0.8);
  const rootW = Math.max(boxW, widthOf(root.label));
  const left = rootW / 2 + 4;
  const widestBox = Math.max(boxW, ...s.nodes.map((n) => widthOf(n.label)));
  const right = Math.max(widestBox, numberW) / 2 + 6;
  // never narrower than a box and a little air: a narrow room (a phone) gets a wider tree, which scrolls
  const colW = Math.max((s.width - left - right) / maxStep, boxW + fontSize * 0.6);
  const width = Math.max(s.width, Math.ceil(left + right + colW * maxStep));
  const columns = Array.from({ length: maxStep + 1 }, (_, i) => left + i * colW);

  const available = s.height - top - bottom - boxH;
  const fitGap = rows > 0 ? available / rows : available;
  const rowGap = rows > 0 ? Math.max(fitGap, minRowGap) : 0;
  const neededHeight = rows > 0 ? Math.ceil(top + bottom + boxH + rows * minRowGap) : s.height;
  const height = rows > 0 && fitGap < minRowGap ? neededHeight : s.height;
  // centre a small tree vertically rather than spreading it over the whole height
  const gap = rows > 0 ? Math.min(rowGap, fontSize * 4) : 0;
  const used = rows * gap;
  const y0 = top + boxH / 2 + Math.max(0, (height - top - bottom - boxH - used) / 2);
  const yOf = (d: HierarchyNode<TreeNodeIn>) => (rows > 0 ? y0 + (row.get(d.data.id)! - lo) * gap : top + (height - top - bottom) / 2);
  const laid = h;

  const onPath = new Set(s.winnerPath);
  const nodes: TreeNodeBox[] = [];
  const pos = new Map<number, { x: number; y: number }>();
  laid.each((d) => {
    const n = d.data;
    const x = columns[Math.min(n.step, maxStep)], y = yOf(d);
    pos.set(n.id, { x, y });
    nodes.push({ id: n.id, step: n.step, parent: n.parent, fate: n.fate, label: n.label, x, y, w: Math.max(boxW, widthOf(n.label)), h: boxH, winner: onPath.has(n.id) });
  });
  nodes.sort((a, b) => a.step - b.step || a.y - b.y);
  // the numbers sit under their box: room for two lines between rows, and for “−00.00” between columns
  const numbersFit = gap >= boxH + numberFont * 2.2 + 4 && colW >= numberW + 8;
  // one line (the score) where two do not fit: a 1280×720 projector's tree of width 4
  // (the line's descent ends 1.25 em under the box, clear of the next row's box top)
  const numberLines: 0 | 1 | 2 = numbersFit ? 2 : gap >= boxH + numberFont * 1.25 && colW >= numberW + 8 ? 1 : 0;
  const link = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>();
  const links: TreeLink[] = [];
  const byBox = new Map(nodes.map((n) => [n.id, n.w]));
  for (const n of nodes) {
    const p = pos.get(n.parent);
    if (!p) continue;
    const pw = byBox.get(n.parent) ?? boxW;
    const path = link({ source: [p.x + pw / 2, p.y], target: [n.x - n.w / 2, n.y] }) ?? '';
    links.push({ id: n.id, parent: n.parent, step: n.step, fate: n.fate, winner: n.winner && onPath.has(n.parent), path });
  }
  return { width, height, nodes, links, columns, rowGap: gap, numbersFit, numberLines, fontSize, numberFont, numberW, neededHeight };
}

/**
 * Positions for values wished in increasing order, at least 1 apart, as close to the
 * wishes as possible in least squares: isotonic regression of wish[i] − i by
 * pool-adjacent-violators, then + i.
 */
export function packRows(wish: readonly number[]): number[] {
  const blocks: { sum: number; n: number }[] = [];
  wish.forEach((w, i) => {
    blocks.push({ sum: w - i, n: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1], a = blocks[blocks.length - 2];
      if (a.sum / a.n <= b.sum / b.n) break;
      blocks.pop();
      a.sum += b.sum;
      a.n += b.n;
    }
  });
  const out: number[] = [];
  for (const b of blocks) for (let k = 0; k < b.n; k++) out.push(b.sum / b.n + out.length);
  return out;
}

/**
 * The node the keyboard cursor moves to from `id`: up / down = the neighbour in the same
 * step (by position), left = the parent, right = the first (best-ranked) child shown.
 * Returns `id` itself when there is nowhere to go.
 */
export function cursorMove(layout: Pick<TreeLayout, 'nodes'>, id: number, dir: 'up' | 'down' | 'left' | 'right', maxStep = Infinity): number {
  const shown = layout.nodes.filter((n) => n.step <= maxStep);
  const here = shown.find((n) => n.id === id);
  if (!here) return shown[0]?.id ?? id;
  if (dir === 'left') return shown.some((n) => n.id === here.parent) ? here.parent : id;
  if (dir === 'right') {
    const kids = shown.filter((n) => n.parent === id).sort((a, b) => a.y - b.y);
    const best = kids.find((k) => k.fate !== 'pruned') ?? kids[0];
    return best ? best.id : id;
  }
  const column = shown.filter((n) => n.step === here.step).sort((a, b) => a.y - b.y);
  const i = column.findIndex((n) => n.id === id);
  const j = dir === 'up' ? i - 1 : i + 1;
  return column[j]?.id ?? id;
}
