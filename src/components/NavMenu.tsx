/**
 * The page navigation: the main page as a link, every other page in one "Labs"
 * menu (a disclosure button and a list of links in groups), so that the header is
 * one line on a projector and on a phone, and the keyboard reaches the page's own
 * controls in a few Tab presses. The menu closes on Escape, on a choice and on a
 * click outside it. Generic: pages in, choices out.
 */
import { useEffect, useId, useRef, useState } from 'react';

export interface NavItem {
  id: string;
  label: string;
}

export interface NavMenuProps {
  /** the accessible name of the navigation landmark */
  label: string;
  /** the page shown as a plain link */
  main: NavItem;
  /** the menu's pages, in groups */
  groups: readonly { label: string; items: readonly NavItem[] }[];
  current: string;
  /** the menu button's text, and its text when a page of the menu is open */
  menuLabel: string;
  menuLabelCurrent: (page: string) => string;
  href: (id: string) => string;
  onSelect: (id: string) => void;
}

export function NavMenu({ label, main, groups, current, menuLabel, menuLabelCurrent, href, onSelect }: NavMenuProps) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const inMenu = groups.flatMap((g) => g.items).find((i) => i.id === current);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [open]);

  const link = (item: NavItem) => (
    <a
      href={href(item.id)}
      aria-current={item.id === current ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        setOpen(false);
        onSelect(item.id);
      }}
    >
      {item.label}
    </a>
  );

  return (
    <nav className="app-nav" aria-label={label}>
      {link(main)}
      <div className="nav-menu" ref={box}>
        <button
          ref={button}
          type="button"
          className={inMenu ? 'nav-menu-button current' : 'nav-menu-button'}
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((o) => !o)}
        >
          {inMenu ? menuLabelCurrent(inMenu.label) : menuLabel}
          <span aria-hidden="true" className="caret">▾</span>
        </button>
        <div id={listId} className="nav-menu-list" hidden={!open}>
          {groups.map((g) => (
            <div className="nav-menu-group" key={g.label}>
              <span className="nav-menu-group-label">{g.label}</span>
              <ul>
                {g.items.map((item) => (
                  <li key={item.id}>{link(item)}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </div>
    </nav>
  );
}
