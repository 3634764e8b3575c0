/**
 * Keyboard and presentation-clicker stepping for any walk (the tour, the decoding
 * lab's beam tree, the RNN step-through): → and PageDown step forward, ← and PageUp
 * back (clickers send PageDown / PageUp), Home / End jump to the ends.
 *
 * They always step unless the focus is in a field that needs the keys itself: a text
 * box, a slider, a radio group, or a figure that moves a cell cursor with the arrows
 * (it marks the event handled with preventDefault). A select does not capture them:
 * after choosing from one, → still steps (its Up / Down keep choosing).
 */
import { useEffect, useRef } from 'react';

export interface StepKeyHandlers {
  prev: () => void;
  next: () => void;
  first?: () => void;
  last?: () => void;
}

/** Whether a key press in this element belongs to the element (typing, sliding, choosing a radio). */
export function ownsArrowKeys(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'button', 'submit', 'reset', 'file', 'color'].includes(type);
  }
  const role = target.getAttribute('role');
  return role === 'slider' || role === 'radio' || role === 'spinbutton' || role === 'textbox' || role === 'combobox';
}

/**
 * Whether the element takes typed characters (so `p` is a letter there, not a command):
 * text fields, text areas, editable content, text-like roles. Radio buttons, sliders,
 * checkboxes and buttons do not — `p` and Esc still work from them.
 */
export function typesText(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'file', 'color'].includes(type);
  }
  const role = target.getAttribute('role');
  return role === 'textbox' || role === 'combobox' || role === 'spinbutton';
}

/** The move a key asks for, or null when the key is not a stepping key here. */
export function stepKeyOf(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'target'>): 'prev' | 'next' | 'first' | 'last' | null {
  if (e.altKey || e.ctrlKey || e.metaKey || ownsArrowKeys(e.target)) return null;
  const inSelect = typeof HTMLElement !== 'undefined' && e.target instanceof HTMLElement && e.target.tagName === 'SELECT';
  switch (e.key) {
    case 'ArrowRight':
    case 'PageDown':
      return 'next';
    case 'ArrowLeft':
    case 'PageUp':
      return 'prev';
    case 'Home':
      return inSelect ? null : 'first';
    case 'End':
      return inSelect ? null : 'last';
    default:
      return null;
  }
}

/** Listens on the window while `enabled`; the latest handlers are used without re-subscribing. */
export function useStepKeys(handlers: StepKeyHandlers, enabled = true): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const move = stepKeyOf(e);
      if (!move) return;
      const h = ref.current;
      const fn = move === 'prev' ? h.prev : move === 'next' ? h.next : move === 'first' ? h.first : h.last;
      if (!fn) return;
      e.preventDefault();
      fn();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
