/**
 * The room a figure has: the content box of the element it fills, followed as the
 * window or the layout changes (ResizeObserver). Pages whose layout gives the
 * element a definite height (the tour's grid fills the window) use its own height;
 * pages that flow (`fit: 'window'`) use what is left of the window below its top (the
 * whole window for an element below the fold).
 * A callback ref, so it follows the element's life.
 */
import { useCallback, useState } from 'react';

export interface Room {
  width: number;
  height: number;
}

export interface RoomOptions {
  /** 'box': the element's own height; 'window': the window's height below the element's top */
  fit?: 'box' | 'window';
  /** what to assume before the first measurement (and where nothing can be measured, e.g. jsdom) */
  fallback?: Room;
}

const FALLBACK: Room = { width: 640, height: 420 };

export function useRoom(opts: RoomOptions = {}): [(el: HTMLElement | null) => void, Room] {
  const fit = opts.fit ?? 'box';
  const [room, setRoom] = useState<Room>(opts.fallback ?? FALLBACK);
  const ref = useCallback(
    (el: HTMLElement | null) => {
      if (!el) return;
      const measure = () => {
        const box = el.getBoundingClientRect();
        const width = Math.floor(el.clientWidth || box.width);
        // a flowing figure below the fold gets the whole window (what it has once scrolled to)
        const below = window.innerHeight - Math.max(0, box.top);
        const height = Math.floor(fit === 'box' ? el.clientHeight || box.height : below > 0 ? below : window.innerHeight);
        if (width > 0 && height > 0) setRoom((r) => (r.width === width && r.height === height ? r : { width, height }));
      };
      measure();
      window.addEventListener('resize', measure);
      const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
      ro?.observe(el);
      return () => {
        window.removeEventListener('resize', measure);
        ro?.disconnect();
      };
    },
    [fit],
  );
  return [ref, room];
}
