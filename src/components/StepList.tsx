/**
 * The list of every step of a walk, in groups (input, encoder layer 1, …, decoding
 * step 1, …). One tab stop (a listbox): ↑ ↓ move through the steps, Home / End to the
 * first and last, Enter or Space opens the step under the cursor; a click opens one.
 * The current step is marked (aria-selected) and kept in view by scrolling the list
 * itself, never the window. ← → are left to the walk: they step it from anywhere.
 */
import { memo, useEffect, useId, useRef, useState } from 'react';

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
  className?: string;
  /** take the focus when shown (a list that opens on demand) */
  autoFocus?: boolean;
}

const Item = memo(function Item({ id, index, label, current, active, onSelect }: {
  id: string; index: number; label: string; current: boolean; active: boolean; onSelect: (index: number) => void;
}) {
  return (
    <li
      id={id}
      role="option"
      aria-selected={current}
      className={`step-item${current ? ' current' : ''}${active ? ' active' : ''}`}
      data-index={index}
      onClick={() => onSelect(index)}
    >
      <span className="step-number">{index + 1}</span> <span className="step-label">{label}</span>
    </li>
  );
});

/** Scrolls `box` (not the window) so that `el` is inside it. */
function keepInView(box: HTMLElement, el: HTMLElement): void {
  const top = el.offsetTop - box.offsetTop;
  const sticky = 28; // the group label stays on top
  if (top - sticky < box.scrollTop) box.scrollTop = Math.max(0, top - sticky);
  else if (top + el.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = top + el.offsetHeight - box.clientHeight;
}

export function StepList({ groups, current, onSelect, label, className, autoFocus }: StepListProps) {
  const uid = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const boxRef = useRef<HTMLUListElement>(null);
  // the keyboard cursor, for as long as the current step stays the same
  const [moved, setMoved] = useState<{ index: number; at: number } | null>(null);
  const active = moved && moved.at === current ? moved.index : null;
  const setActive = (index: number) => setMoved({ index, at: current });
  const order = groups.flatMap((g) => g.items.map((it) => it.index));
  const cursor = active ?? current;
  const itemId = (i: number) => `${uid}-s${i}`;

  useEffect(() => {
    if (autoFocus) boxRef.current?.focus({ preventScroll: true });
  }, [autoFocus]);

  useEffect(() => {
    const box = boxRef.current;
    const el = box?.querySelector<HTMLElement>(`[data-index="${cursor}"]`);
    if (box && el) keepInView(box, el);
  }, [cursor, groups]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLUListElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || order.length === 0) return;
    const at = Math.max(0, order.indexOf(cursor));
    let to: number;
    switch (e.key) {
      case 'ArrowDown':
        to = order[Math.min(order.length - 1, at + 1)];
        break;
      case 'ArrowUp':
        to = order[Math.max(0, at - 1)];
        break;
      case 'Home':
        to = order[0];
        break;
      case 'End':
        to = order[order.length - 1];
        break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        onSelect(cursor);
        return;
      default:
        return;
    }
    e.preventDefault();
    setActive(to);
  };

  return (
    <ul
      ref={boxRef}
      className={`step-list${className ? ` ${className}` : ''}`}
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={itemId(cursor)}
      onKeyDown={onKeyDown}
    >
      {groups.map((g) => (
        <li key={g.id} className="step-group" role="presentation">
          <div id={`${uid}-g-${g.id}`} className="step-group-label">{g.label}</div>
          <ul role="group" aria-labelledby={`${uid}-g-${g.id}`}>
            {g.items.map((it) => (
              <Item key={it.index} id={itemId(it.index)} index={it.index} label={it.label} current={it.index === current} active={it.index === cursor && active !== null} onSelect={onSelect} />
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
