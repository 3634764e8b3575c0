/**
 * A formula typeset by KaTeX, which is loaded on first use (it stays out of the
 * initial bundle). Until it arrives the TeX source is shown as code.
 */
import { useEffect, useState } from 'react';

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

export function Formula({ tex, label }: { tex: string; label: string }) {
  const [katex, setKatex] = useState<Katex | null>(null);
  useEffect(() => {
    let live = true;
    loadKatex().then((k) => live && setKatex(() => k), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!katex) {
    return (
      <div className="formula" role="math" aria-label={label}>
        <code>{tex}</code>
      </div>
    );
  }
  const html = typeset(katex, tex);
  return <div className="formula" role="math" aria-label={label} dangerouslySetInnerHTML={{ __html: html }} />;
}
