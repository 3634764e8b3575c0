/**
 * The source text box of a model page (the tour, the trace explorer): a label,
 * an input checked as the person types, a hint, and — when the text cannot be
 * run — the text again with its bad characters marked and a list of the
 * problems. The input says it is invalid (aria-invalid) and is described by the
 * problems and the hint (aria-describedby); the problems are an alert.
 * Validation is the caller's: this only shows what it is given.
 *
 * Layout `block` stacks label and input, hint, note, problems. Layout `row` is
 * for a parent flex row or grid: label and input are one item of the row, and
 * the hint, the note and the problems come after the row's other items (the
 * problems on a line of their own).
 */
import { useId, type ClipboardEvent, type ReactNode } from 'react';

/** A run of the text, marked when its characters are not accepted. */
export interface MarkedSegment {
  text: string;
  bad: boolean;
}

export interface SourceFieldProps {
  label: string;
  value: string;
  onChange: (text: string) => void;
  hint: ReactNode;
  /** a short notice about the text (e.g. that a paste was cut), announced politely */
  note?: ReactNode;
  onPaste?: (e: ClipboardEvent<HTMLInputElement>) => void;
  /** what is wrong with the text, one line each; empty when it can run */
  problems: readonly string[];
  /** the text split into accepted and refused runs, shown marked above the problems when one is refused */
  marked?: readonly MarkedSegment[];
  /** the words before the marked text, e.g. "Your text, with the characters the model does not know marked:" */
  markedLabel?: string;
  layout?: 'block' | 'row';
  className?: string;
  /** extra classes of the label-and-input line, of the hint and of the note (a page's own layout) */
  lineClassName?: string;
  hintClassName?: string;
  noteClassName?: string;
}

export function SourceField(props: SourceFieldProps) {
  const ids = useId();
  const inputId = `${ids}-input`;
  const hintId = `${ids}-hint`;
  const problemsId = `${ids}-problems`;
  const noteId = `${ids}-note`;
  const invalid = props.problems.length > 0;
  const hasNote = props.note !== undefined && props.note !== null && props.note !== '';
  const describedBy = [invalid ? problemsId : '', hintId, hasNote ? noteId : ''].filter(Boolean).join(' ');
  const extra = (c: string | undefined) => (c ? ` ${c}` : '');
  const showMarked = invalid && props.marked !== undefined && props.marked.some((s) => s.bad);
  return (
    <div className={`source-field-box ${props.layout === 'row' ? 'source-field-inline' : 'source-field-stacked'}${props.className ? ` ${props.className}` : ''}`}>
      <div className={`source-field-line${extra(props.lineClassName)}`}>
        <label htmlFor={inputId}>{props.label}</label>
        <input
          id={inputId}
          type="text"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          onPaste={props.onPaste}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          aria-invalid={invalid}
          aria-describedby={describedBy}
        />
      </div>
      <p id={hintId} className={`hint source-field-hint${extra(props.hintClassName)}`}>
        {props.hint}
      </p>
      {hasNote && (
        <p id={noteId} className={`note source-field-note${extra(props.noteClassName)}`} role="status">
          {props.note}
        </p>
      )}
      {invalid && (
        <div id={problemsId} className="source-field-problems" role="alert">
          {showMarked && (
            <p className="marked-source">
              {props.markedLabel && <span>{props.markedLabel} </span>}
              <code>
                {props.marked!.map((seg, i) => (seg.bad ? <mark key={i}>{seg.text}</mark> : <span key={i}>{seg.text}</span>))}
              </code>
            </p>
          )}
          <ul>
            {props.problems.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
