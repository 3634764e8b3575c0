import { describe, expect, it } from 'vitest';
import { beamTreeLayout, cursorMove, packRows, type TreeNodeIn } from '../../src/viz/beamTree';
import { loadBundle } from '../../src/cli/models';
import { getTask } from '../../src/tasks';
import { modelBeam, toyExample, treeView } from '../../src/labs/decoding';

const { model } = loadBundle('reverse');
const reverse = getTask('reverse');

function nodesOf(input: string, width: number, perParent = 2) {
  const b = modelBeam(model, reverse, input, { width });
  const v = treeView(b.tree, Infinity, perParent);
  const nodes: TreeNodeIn[] = v.nodes.map((n) => ({ id: n.id, step: n.step, parent: n.parent, rank: n.rank, fate: n.fate, label: n.token < 0 ? 'BOS' : reverse.tgtVocab.tokens[n.token] }));
  return { b, nodes, winnerPath: v.winnerPath };
}

describe('packRows', () => {
  it('keeps the order, puts neighbours at least one row apart, and leaves wishes that fit alone', () => {
    expect(packRows([0, 2, 5])).toEqual([0, 2, 5]);
    const p = packRows([1, 1, 1]);
    expect(p).toEqual([0, 1, 2]); // centred on the common wish
    const q = packRows([0, 0.2, 3, 3.1, 3.2]);
    for (let i = 1; i < q.length; i++) expect(q[i] - q[i - 1]).toBeGreaterThanOrEqual(1 - 1e-9);
  });
});

describe('the beam-tree layout', () => {
  it('puts steps in columns left to right, one node box per node, one link per non-root node', () => {
    const { nodes, winnerPath } = nodesOf('jccmapfwunki', 4);
    const l = beamTreeLayout({ nodes, winnerPath, width: 900, height: 420, fontSize: 15 });
    expect(l.nodes).toHaveLength(nodes.length);
    expect(l.links).toHaveLength(nodes.length - 1);
    for (const n of l.nodes) expect(n.x).toBeCloseTo(l.columns[n.step], 9);
    for (let i = 1; i < l.columns.length; i++) expect(l.columns[i]).toBeGreaterThan(l.columns[i - 1]);
    // everything inside the figure
    for (const n of l.nodes) {
      expect(n.x - n.w / 2).toBeGreaterThanOrEqual(0);
      expect(n.x + n.w / 2).toBeLessThanOrEqual(l.width);
      expect(n.y - n.h / 2).toBeGreaterThanOrEqual(0);
      expect(n.y + n.h / 2).toBeLessThanOrEqual(l.height);
    }
  });

  it('never overlaps two boxes of one step, and orders a parent’s children by rank, top to bottom', () => {
    const { nodes, winnerPath } = nodesOf('jccmapfwunki', 4);
    const l = beamTreeLayout({ nodes, winnerPath, width: 900, height: 420, fontSize: 15 });
    const byStep = new Map<number, typeof l.nodes>();
    for (const n of l.nodes) byStep.set(n.step, [...(byStep.get(n.step) ?? []), n]);
    for (const col of byStep.values()) {
      const ys = col.map((n) => n.y).sort((a, b) => a - b);
      for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(col[0].h);
    }
    const rankOf = new Map(nodes.map((n) => [n.id, n.rank]));
    const kids = new Map<number, typeof l.nodes>();
    for (const n of l.nodes) kids.set(n.parent, [...(kids.get(n.parent) ?? []), n]);
    for (const list of kids.values()) {
      const byY = [...list].sort((a, b) => a.y - b.y).map((n) => rankOf.get(n.id));
      expect(byY).toEqual([...byY].sort((a, b) => (a ?? 0) - (b ?? 0)));
    }
  });

  it('marks the winner’s path from the root to the result, and its links', () => {
    const { b, nodes, winnerPath } = nodesOf('jccmapfwunki', 4);
    const l = beamTreeLayout({ nodes, winnerPath, width: 900, height: 420 });
    const winners = l.nodes.filter((n) => n.winner).map((n) => n.id).sort((x, y) => x - y);
    expect(winners).toEqual([...winnerPath].sort((x, y) => x - y));
    expect(winners).toContain(b.tree.winner);
    expect(l.links.filter((k) => k.winner)).toHaveLength(winnerPath.length - 1);
    expect(l.nodes.find((n) => n.id === b.tree.winner)?.fate).toBe('finished');
  });

  it('is compact: a width-4 tree of 13 steps needs about as many rows as its fullest step', () => {
    const { nodes, winnerPath } = nodesOf('jccmapfwunki', 4, 1);
    const l = beamTreeLayout({ nodes, winnerPath, width: 900, height: 2000, fontSize: 15, minRowGap: 30 });
    const perStep = Math.max(...[...new Set(nodes.map((n) => n.step))].map((s) => nodes.filter((n) => n.step === s).length));
    expect(l.neededHeight).toBeLessThanOrEqual(30 * (perStep + 1) + 100);
  });

  it('grows taller than the room (to scroll) rather than squeezing boxes together', () => {
    const { nodes, winnerPath } = nodesOf('jccmapfwunki', 8, 2);
    const l = beamTreeLayout({ nodes, winnerPath, width: 900, height: 200, fontSize: 15 });
    expect(l.height).toBeGreaterThan(200);
    expect(l.height).toBe(l.neededHeight);
  });

  it('shows the numbers beside the boxes only when there is room for them', () => {
    const { nodes, winnerPath } = nodesOf('jccmapfwunki', 4, 1);
    expect(beamTreeLayout({ nodes, winnerPath, width: 1240, height: 560, fontSize: 20 }).numbersFit).toBe(true);
    expect(beamTreeLayout({ nodes, winnerPath, width: 500, height: 560, fontSize: 15 }).numbersFit).toBe(false);
  });

  it('where two lines of numbers do not fit, one (the score) may: the 1280×720 page’s tree of width 4, its line clear of the next box', () => {
    const { nodes, winnerPath } = nodesOf('jccmapfwunki', 4, 1);
    const at = (height: number, width = 878) => beamTreeLayout({ nodes, winnerPath, width, height, fontSize: 15, steps: 13 });
    expect(at(560).numberLines).toBe(2);
    expect(at(340).numberLines).toBe(1); // the room the page gives the tree at 1280×720
    expect(at(340).numbersFit).toBe(false);
    expect(at(300).numberLines).toBe(0); // squeezed: the readout line has them
    expect(at(340, 500).numberLines).toBe(0); // columns too narrow for “−00.00”
    // a line under a box ends above the box under it (1.25 em below the box, ~10 px numbers)
    const l = at(340);
    for (const step of new Set(l.nodes.map((n) => n.step))) {
      const col = l.nodes.filter((n) => n.step === step).sort((a, b) => a.y - b.y);
      for (let i = 1; i < col.length; i++) expect(col[i - 1].y + col[i - 1].h / 2 + l.numberFont * 1.25).toBeLessThanOrEqual(col[i].y - col[i].h / 2 + 1e-9);
    }
  });

  it('lays out the lecture’s toy: a root, A and B, then their children', () => {
    const tree = toyExample().beam.tree!;
    const nodes: TreeNodeIn[] = tree.nodes.filter((n) => n.logProb > -Infinity).map((n) => ({ ...n, label: ['EOS', 'A', 'B'][n.token] ?? 'BOS' }));
    const l = beamTreeLayout({ nodes, winnerPath: [], width: 500, height: 300 });
    expect(l.columns).toHaveLength(4);
    expect(l.nodes.filter((n) => n.step === 1).map((n) => n.label)).toEqual(['A', 'B']);
  });
});

describe('the tree’s keyboard cursor', () => {
  it('moves within a step with up and down, to the parent with left and to the best child with right', () => {
    const { nodes, winnerPath } = nodesOf('abc', 3);
    const l = beamTreeLayout({ nodes, winnerPath, width: 700, height: 400 });
    const root = l.nodes.find((n) => n.step === 0)!;
    const firstChild = cursorMove(l, root.id, 'right');
    expect(l.nodes.find((n) => n.id === firstChild)?.parent).toBe(root.id);
    expect(cursorMove(l, firstChild, 'left')).toBe(root.id);
    const col = l.nodes.filter((n) => n.step === 1).sort((a, b) => a.y - b.y);
    expect(cursorMove(l, col[0].id, 'down')).toBe(col[1].id);
    expect(cursorMove(l, col[0].id, 'up')).toBe(col[0].id);
    // a node beyond the step shown is never reached
    expect(cursorMove(l, root.id, 'right', 0)).toBe(root.id);
  });
});

describe('the beam-tree layout in a narrow room', () => {
  it('keeps a box’s width per step and grows wider than the room (the figure scrolls) instead of overlapping boxes', () => {
    const { nodes, winnerPath } = nodesOf('jccmapfwunki', 4, 1);
    const l = beamTreeLayout({ nodes, winnerPath, width: 360, height: 400, fontSize: 15 });
    expect(l.width).toBeGreaterThan(360);
    const boxW = Math.min(...l.nodes.map((n) => n.w));
    for (let i = 1; i < l.columns.length; i++) expect(l.columns[i] - l.columns[i - 1]).toBeGreaterThan(boxW);
  });
});
