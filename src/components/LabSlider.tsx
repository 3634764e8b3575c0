/**
 * A labelled slider with its value written beside it. Either a plain integer
 * range, or a list of steps (e.g. 1, 2, 3, 4, 6, 8, … for a log-like axis);
 * with a list, a value not on it shows at the nearest step.
 */
import { useId } from 'react';

export interface LabSliderProps {
  label: string;
  value: number;
  onChange: (v: number) => void;
  /** the steps of the slider; or min/max/step for an even range */
  steps?: readonly number[];
  min?: number;
  max?: number;
  step?: number;
  /** how the value is written (and read out by screen readers) */
  format?: (v: number) => string;
  hint?: string;
}

/** Index of the step closest to `v` (on a log scale when every step is positive). */
export function nearestStep(steps: readonly number[], v: number): number {
  let best = 0, bestDist = Infinity;
  const useLog = steps.every((s) => s > 0) && v > 0;
  for (let i = 0; i < steps.length; i++) {
    const dist = useLog ? Math.abs(Math.log(steps[i]) - Math.log(v)) : Math.abs(steps[i] - v);
    if (dist < bestDist) {
      best = i;
      bestDist = dist;
    }
  }
  return best;
}

export function LabSlider(props: LabSliderProps) {
  const id = useId();
  const fmt = props.format ?? String;
  const text = fmt(props.value);
  const hintId = `${id}-hint`;
  const common = {
    id,
    type: 'range' as const,
    'aria-valuetext': text,
    'aria-describedby': props.hint ? hintId : undefined,
  };
  return (
    <div className="lab-slider">
      <label htmlFor={id}>{props.label}</label>
      {props.steps ? (
        <input
          {...common}
          min={0}
          max={props.steps.length - 1}
          step={1}
          value={nearestStep(props.steps, props.value)}
          onChange={(e) => props.onChange(props.steps![Number(e.target.value)])}
        />
      ) : (
        <input
          {...common}
          min={props.min}
          max={props.max}
          step={props.step ?? 1}
          value={props.value}
          onChange={(e) => props.onChange(Number(e.target.value))}
        />
      )}
      <output htmlFor={id} className="lab-slider-value">
        {text}
      </output>
      {props.hint && (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
