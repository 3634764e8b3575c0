/**
 * The list of every step of a walk, in groups (input, encoder layer 0, …,
 * decoding step 1, …). Each step is a button; the current one is marked with
 * aria-current="step" and kept in view.
 */
import { useEffect, useRef } from 'react';

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
                <li key={it.index}>
                  <button
                    type="button"
                    aria-current={it.index === current ? 'step' : undefined}
                    onClick={() => onSelect(it.index)}
                  >
                    <span className="step-number">{it.index + 1}</span> {it.label}
                  </button>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </nav>
  );
}
