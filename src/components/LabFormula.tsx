/**
 * A formula typeset by KaTeX (loaded with the labs, not in the initial bundle).
 * KaTeX writes MathML beside its HTML, so screen readers read the formula.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

export function LabFormula({ tex, display = false, className }: { tex: string; display?: boolean; className?: string }) {
  const html = useMemo(
    () => katex.renderToString(tex, { throwOnError: false, displayMode: display, output: 'htmlAndMathml', strict: 'ignore' }),
    [tex, display],
  );
  const Tag = display ? 'div' : 'span';
  return <Tag className={`lab-formula ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
