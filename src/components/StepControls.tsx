/**
 * Previous / Next step buttons and where the walk is ("Step 5 of 128").
 * Generic: the position comes in as props, moves go out through callbacks.
 */
export interface StepControlsProps {
  index: number;
  total: number;
  onPrev: () => void;
  onNext: () => void;
  labels: { prev: string; next: string; position: string };
}

export function StepControls({ index, total, onPrev, onNext, labels }: StepControlsProps) {
  return (
    <div className="step-controls">
      <button type="button" className="step-button" onClick={onPrev} disabled={index <= 0} aria-keyshortcuts="ArrowLeft">
        <span aria-hidden="true">←</span> {labels.prev}
      </button>
      <span className="step-position" aria-live="polite">{labels.position}</span>
      <button type="button" className="step-button primary" onClick={onNext} disabled={index >= total - 1} aria-keyshortcuts="ArrowRight">
        {labels.next} <span aria-hidden="true">→</span>
      </button>
    </div>
  );
}
