/**
 * A labelled group of radio buttons drawn as a segmented switch. Native radios,
 * so arrow keys move the choice and Tab enters and leaves the group.
 */
import { useId } from 'react';

export interface LabRadioOption<V extends string> {
  value: V;
  label: string;
}

export function LabRadioGroup<V extends string>(props: {
  label: string;
  value: V;
  options: readonly LabRadioOption<V>[];
  onChange: (v: V) => void;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={`lab-radio ${props.className ?? ''}`}>
      <span id={`${id}-label`} className="lab-radio-label">
        {props.label}
      </span>
      <div role="radiogroup" aria-labelledby={`${id}-label`} className="lab-radio-options">
        {props.options.map((o) => (
          <label key={o.value} className={o.value === props.value ? 'checked' : undefined}>
            <input
              type="radio"
              name={id}
              value={o.value}
              checked={o.value === props.value}
              onChange={() => props.onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </div>
  );
}
