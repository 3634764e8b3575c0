/**
 * Previous / Next step buttons and where the walk is ("Step 5 of 128"), with room for
 * more moves (e.g. "Next token"). Generic: the position comes in as props, moves go out
 * through callbacks. The Next button is where the page's skip link lands.
 */
import type { ReactNode } from 'react';

export interface StepControlsProps {
  index: number;
  total: number;
  onPrev: () => void;
  onNext: () => void;
  labels: { prev: string; next: string; position: string };
  /** more buttons, drawn after Next */
  extra?: ReactNode;
}

export function StepControls({ index, total, onPrev, onNext, labels, extra }: StepControlsProps) {
  return (
    <div className="step-controls" id="step-controls">
      <button type="button" className="step-button prev" onClick={onPrev} disabled={index <= 0} aria-keyshortcuts="ArrowLeft PageUp">
        <span aria-hidden="true">←</span> <span className="step-button-text">{labels.prev}</span>
      </button>
      <span className="step-position" aria-live="polite">{labels.position}</span>
      <button type="button" className="step-button primary next" onClick={onNext} disabled={index >= total - 1} aria-keyshortcuts="ArrowRight PageDown" data-skip-focus="">
        <span className="step-button-text">{labels.next}</span> <span aria-hidden="true">→</span>
      </button>
      {extra && <span className="step-tools">{extra}</span>}
    </div>
  );
}
