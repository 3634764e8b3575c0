/**
 * The decoding lab's number fields: a labelled number box that keeps what the person
 * types as a draft, brings it into range (clampSetting) and reports a clamp as a note.
 */
import { useEffect, useId, useState } from 'react';

export interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  /** the value typed (a number, maybe out of range); the page clamps it and says so */
  onValue: (typed: number) => void;
  hint?: string;
  describedBy?: string;
  className?: string;
}

export function NumberField(p: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(String(p.value));
  const [focused, setFocused] = useState(false);
  // the store's value shows whenever the field is not being edited
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (!focused) setDraft(String(p.value));
  }, [p.value, focused]);
  return (
    <div className={`dec-field ${p.className ?? ''}`}>
      <label htmlFor={id}>{p.label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        min={p.min}
        max={p.max}
        step={p.step}
        value={draft}
        aria-describedby={p.describedBy}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          setDraft(String(p.value));
        }}
        onChange={(e) => {
          setDraft(e.target.value);
          const v = e.target.value.trim() === '' ? Number.NaN : Number(e.target.value);
          if (Number.isFinite(v)) p.onValue(v);
        }}
      />
      {p.hint && <span className="hint dec-field-hint">{p.hint}</span>}
    </div>
  );
}
