/**
 * A row of tabs (WAI-ARIA tabs pattern) for a page's parts: one tab stop, ← → move and
 * select (wrapping), Home / End the first and last; the arrows do not reach the page's
 * step keys. The page draws the tab panel itself with `id={tabPanelId(idBase)}` and
 * `aria-labelledby={tabId(idBase, current)}`.
 */
import { useRef, type KeyboardEvent } from 'react';

export const tabId = (idBase: string, part: string): string => `${idBase}-tab-${part}`;
export const tabPanelId = (idBase: string): string => `${idBase}-panel`;

export interface TabListProps<P extends string> {
  parts: readonly P[];
  current: P;
  onSelect: (part: P) => void;
  /** the visible name of each tab */
  labelOf: (part: P) => string;
  /** the accessible name of the tab list */
  label: string;
  idBase: string;
  className?: string;
}

export function TabList<P extends string>({ parts, current, onSelect, labelOf, label, idBase, className }: TabListProps<P>) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    const n = parts.length;
    const j = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i + n - 1) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
    if (j < 0) return;
    e.preventDefault();
    e.stopPropagation();
    onSelect(parts[j]);
    refs.current[j]?.focus();
  };
  return (
    <div className={className} role="tablist" aria-label={label}>
      {parts.map((p, i) => (
        <button
          key={p}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={tabId(idBase, p)}
          aria-selected={current === p}
          aria-controls={tabPanelId(idBase)}
          tabIndex={current === p ? 0 : -1}
          onClick={() => onSelect(p)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {labelOf(p)}
        </button>
      ))}
    </div>
  );
}
