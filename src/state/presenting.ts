/**
 * Presentation mode for any page: whether it is on, and a toggle that also asks the
 * browser for full screen (a nicety: presentation mode works without it).
 */
import { useCallback } from 'react';
import { useAppStore } from './store';

function setFullscreen(on: boolean): void {
  try {
    if (on && !document.fullscreenElement && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => undefined);
    } else if (!on && document.fullscreenElement && document.exitFullscreen) {
      document.exitFullscreen().catch(() => undefined);
    }
  } catch {
    // no full screen here (tests, old browsers)
  }
}

/** [on, toggle]: presentation mode and its toggle. */
export function usePresenting(): [boolean, () => void] {
  const presenting = useAppStore((s) => s.presenting);
  const setPresenting = useAppStore((s) => s.setPresenting);
  const toggle = useCallback(() => {
    const on = !useAppStore.getState().presenting;
    setPresenting(on);
    setFullscreen(on);
  }, [setPresenting]);
  return [presenting, toggle];
}
