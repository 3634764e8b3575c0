/**
 * The map of the whole model beside a walk: the classic encoder–decoder figure drawn
 * from the loaded model's blocks (src/viz/modelMap.ts lays them out), the current
 * step's block highlighted, and every block a button that jumps to its first step.
 * A `nav` landmark; one tab stop (the current block), ↑ ↓ move between blocks in the
 * order data flows (← → are left to the walk). In presentation mode it shrinks to a
 * strip of labelled groups that keeps the reader oriented. Generic: blocks, names and
 * the current ids come in as props; choices go out through `onSelect`.
 */
import { useMemo, useRef, useState } from 'react';
import { columnLayout, stripLayout, type LayoutBlock, type MapLayout } from '../viz/modelMap';

export interface ModelMapBlock extends LayoutBlock {
  /** what kind of block it is (a class name for its colour: selfAttn, addNorm, ffn …) */
  part: string;
  /** the text drawn on the block */
  text: string;
  /** the button's accessible name, e.g. "Encoder layer 1: self-attention" */
  name: string;
  /** a second line: tokens so far, the chosen token */
  detail?: string;
}

export interface ModelMapProps {
  blocks: readonly ModelMapBlock[];
  /** the blocks of the current step */
  current: readonly string[];
  onSelect: (id: string) => void;
  width: number;
  height: number;
  variant: 'column' | 'strip';
  label: string;
  /** side titles (column) */
  titles: { enc: string; dec: string };
  /** the label of a strip group key (`input`, `enc.0`, `memory`, `decInput`, `dec.1`, `output`) */
  groupLabel: (key: string) => string;
  /** the label of a layer frame */
  frameLabel: (side: 'enc' | 'dec', layer: number) => string;
  /** text for assistive technology after the current block's name */
  currentSuffix: string;
  hint?: string;
}

export function ModelMap(p: ModelMapProps) {
  const layout: MapLayout = useMemo(
    () => (p.variant === 'strip' ? stripLayout(p.blocks, { width: p.width, height: p.height }) : columnLayout(p.blocks, { width: p.width, height: p.height })),
    [p.blocks, p.width, p.height, p.variant],
  );
  const byId = useMemo(() => new Map(p.blocks.map((b) => [b.id, b])), [p.blocks]);
  const order = useMemo(() => p.blocks.map((b) => b.id), [p.blocks]);
  // the block the keyboard last moved to, for as long as the current step stays the same
  const currentKey = p.current.join(' ');
  const [focus, setFocus] = useState<{ id: string; at: string } | null>(null);
  const tabId = (focus && focus.at === currentKey ? focus.id : null) ?? p.current[0] ?? order[0];
  const setFocusId = (id: string) => setFocus({ id, at: currentKey });
  const box = useRef<HTMLDivElement>(null);

  const move = (dir: 1 | -1) => {
    const at = order.indexOf(tabId);
    const next = order[Math.max(0, Math.min(order.length - 1, at + dir))];
    setFocusId(next);
    box.current?.querySelector<HTMLElement>(`[data-block="${next}"]`)?.focus();
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      // in the column figure data flows upwards; in the strip, rightwards (↓ = back)
      move(e.key === 'ArrowUp' ? 1 : -1);
    }
  };

  const strip = p.variant === 'strip';
  return (
    <nav className={`model-map ${p.variant}`} aria-label={p.label}>
      <div className="model-map-box" ref={box} style={{ width: layout.width, height: layout.height }} onKeyDown={onKeyDown}>
        <svg className="model-map-svg" width={layout.width} height={layout.height} aria-hidden="true">
          <defs>
            <marker id="map-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M0,0 L8,4 L0,8 z" fill="#6b7280" />
            </marker>
            <marker id="map-arrow-mem" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M0,0 L8,4 L0,8 z" fill="#b45309" />
            </marker>
          </defs>
          {layout.frames.map((f) => (
            <g key={`${f.side}${f.layer}`} className="map-frame">
              <rect x={f.x + 0.5} y={f.y + 0.5} width={f.w - 1} height={f.h - 1} rx={6} />
              <text x={f.labelX} y={f.labelY}>{p.frameLabel(f.side, f.layer)}</text>
            </g>
          ))}
          {layout.arrows.map((a, i) => (
            <path key={i} d={a.d} className={`map-arrow ${a.kind}`} markerEnd={a.kind === 'memory' ? 'url(#map-arrow-mem)' : 'url(#map-arrow)'} />
          ))}
          {layout.titles.map((t) => (
            <text key={`${t.text}${t.x}`} x={t.x} y={t.y} textAnchor={t.anchor} className={strip ? 'map-group-label' : 'map-title'} fontSize={strip ? layout.fontSize : undefined}>
              {strip ? p.groupLabel(t.text) : t.text === 'enc' ? p.titles.enc : t.text === 'dec' ? p.titles.dec : t.text}
            </text>
          ))}
        </svg>
        {layout.blocks.map((pb) => {
          const b = byId.get(pb.id);
          if (!b) return null;
          const on = p.current.includes(b.id);
          return (
            <button
              key={b.id}
              type="button"
              data-block={b.id}
              className={`map-block part-${b.part}${on ? ' current' : ''}`}
              style={{ left: pb.x, top: pb.y, width: pb.w, height: pb.h, fontSize: strip ? undefined : layout.fontSize }}
              tabIndex={b.id === tabId ? 0 : -1}
              aria-current={on ? 'step' : undefined}
              aria-label={on ? `${b.name} ${p.currentSuffix}` : b.name}
              title={b.name}
              onClick={() => p.onSelect(b.id)}
              onFocus={() => setFocusId(b.id)}
            >
              {!strip && (
                <>
                  <span className="map-block-text">{b.text}</span>
                  {b.detail && <span className="map-block-detail">{b.detail}</span>}
                </>
              )}
            </button>
          );
        })}
      </div>
      {p.hint && !strip && <p className="hint map-hint">{p.hint}</p>}
    </nav>
  );
}
