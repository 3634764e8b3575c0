/**
 * How a slice puts its shareable fields into the URL hash (Playground's state.ts):
 * each field has a key, a writer (null = the default, left out of the hash) and a
 * reader that turns the raw text back into state, or says it is malformed.
 */
export interface HashField<S> {
  /** the URL parameter, e.g. `lang` */
  key: string;
  /** the text to write for this state, or null when it is the default */
  write: (s: S) => string | null;
  /** the state for a raw value, or null when the value is malformed */
  read: (raw: string) => Partial<S> | null;
  /** the state when the field is absent or malformed */
  defaults: Partial<S>;
  /**
   * more state that follows from this field's value and from which keys the hash has
   * (e.g. a task without a source implies the task's example); applied after every field is read
   */
  implies?: (read: Partial<S>, present: ReadonlySet<string>) => Partial<S>;
}
