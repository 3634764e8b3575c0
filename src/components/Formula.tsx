/**
 * A formula typeset by KaTeX, which is loaded on first use (it stays out of the
 * initial bundle). Until it arrives the TeX source is shown as code. A formula wider
 * than its box is scaled down to fit (never below 55%, then it may scroll), so that a
 * formula is never cut off on a projector or a phone.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

type Katex = typeof import('katex');
let katexPromise: Promise<Katex> | null = null;

function loadKatex(): Promise<Katex> {
  katexPromise ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([m]) => ((m as unknown as { default?: Katex }).default ?? m) as Katex);
  return katexPromise;
}

/** Typeset formulas by source (a walk repeats the same few formulas many times). */
const rendered = new Map<string, string>();

function typeset(katex: Katex, tex: string): string {
  let html = rendered.get(tex);
  if (html === undefined) {
    html = katex.renderToString(tex, { displayMode: true, throwOnError: false, output: 'html' });
    rendered.set(tex, html);
  }
  return html;
}

/** Shrinks the formula inside `box` until it fits the box's width. */
function fitWidth(box: HTMLElement): void {
  const inner = box.firstElementChild as HTMLElement | null;
  if (!inner) return;
  box.style.setProperty('--formula-scale', '1');
  const natural = inner.scrollWidth;
  const room = box.clientWidth - 8;
  const scale = natural > room && natural > 0 ? Math.max(0.55, room / natural) : 1;
  box.style.setProperty('--formula-scale', String(Math.floor(scale * 100) / 100));
}

export function Formula({ tex, label }: { tex: string; label: string }) {
  const [katex, setKatex] = useState<Katex | null>(null);
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    fitWidth(el);
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => fitWidth(el));
    ro?.observe(el);
    return () => ro?.disconnect();
  }, [katex, tex]);
  useEffect(() => {
    let live = true;
    loadKatex().then((k) => live && setKatex(() => k), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!katex) {
    return (
      <div className="formula" role="math" aria-label={label} ref={box}>
        <code>{tex}</code>
      </div>
    );
  }
  const html = typeset(katex, tex);
  return <div className="formula" role="math" aria-label={label} ref={box} dangerouslySetInnerHTML={{ __html: html }} />;
}
