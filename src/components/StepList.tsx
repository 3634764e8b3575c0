/**
 * The list of every step of a walk, in groups (input, encoder layer 0, …,
 * decoding step 1, …). Each step is a button; the current one is marked with
 * aria-current="step" and kept in view.
 */
import { memo, useEffect, useRef } from 'react';

export interface StepListGroup {
  id: string;
  label: string;
  items: { index: number; label: string }[];
}

export interface StepListProps {
  groups: readonly StepListGroup[];
  current: number;
  onSelect: (index: number) => void;
  label: string;
}

/** One step's button; only the two whose `current` changes re-render on a step. */
const Item = memo(function Item({ index, label, current, onSelect }: { index: number; label: string; current: boolean; onSelect: (index: number) => void }) {
  return (
    <li>
      <button type="button" aria-current={current ? 'step' : undefined} onClick={() => onSelect(index)}>
        <span className="step-number">{index + 1}</span> {label}
      </button>
    </li>
  );
});

export function StepList({ groups, current, onSelect, label }: StepListProps) {
  const listRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>('[aria-current="step"]');
    if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest' });
  }, [current]);
  return (
    <nav className="step-list" aria-label={label} ref={listRef}>
      <ol>
        {groups.map((g) => (
          <li key={g.id} className="step-group">
            <span className="step-group-label">{g.label}</span>
            <ol>
              {g.items.map((it) => (
                <Item key={it.index} index={it.index} label={it.label} current={it.index === current} onSelect={onSelect} />
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </nav>
  );
}
