/**
 * Messages of the concept labs (BatchNorm vs LayerNorm, scoring functions, positional encoding, cost of attention, BERT masking).
 * English is the source of the keys (and of their {placeholders}); Chinese must match:
 * a missing or extra Chinese key is a type error. Keys start with `labs.`.
 */
export const labsEn = {} as const satisfies Record<string, string>;

export const labsZh: Record<keyof typeof labsEn, string> = {};
