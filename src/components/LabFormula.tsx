/**
 * A formula typeset by KaTeX (loaded with the labs, not in the initial bundle).
 * KaTeX writes MathML beside its HTML, so screen readers read the formula. A display
 * formula wider than its box is scaled down to fit (never below 55%), as `Formula`
 * does, so that it is never cut off on a phone or a projector.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useLayoutEffect, useMemo, useRef } from 'react';

/** Shrinks the display formula inside `box` until it fits the box's width. */
function fitWidth(box: HTMLElement): void {
  const inner = box.firstElementChild as HTMLElement | null;
  if (!inner) return;
  box.style.setProperty('--formula-scale', '1');
  const natural = inner.scrollWidth;
  const room = box.clientWidth - 4;
  const scale = natural > room && natural > 0 && room > 0 ? Math.max(0.55, room / natural) : 1;
  box.style.setProperty('--formula-scale', String(Math.floor(scale * 100) / 100));
}

export function LabFormula({ tex, display = false, className }: { tex: string; display?: boolean; className?: string }) {
  const html = useMemo(
    () => katex.renderToString(tex, { throwOnError: false, displayMode: display, output: 'htmlAndMathml', strict: 'ignore' }),
    [tex, display],
  );
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!display || !el) return;
    fitWidth(el);
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => fitWidth(el));
    ro?.observe(el);
    // KaTeX's own fonts arrive after the first layout and widen the formula
    let live = true;
    document.fonts?.ready.then(() => live && fitWidth(el), () => undefined);
    return () => {
      live = false;
      ro?.disconnect();
    };
  }, [html, display]);
  if (display) return <div ref={box} className={`lab-formula fit ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
  return <span className={`lab-formula ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
