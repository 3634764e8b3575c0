/**
 * Messages of the forward-pass tour (steps, attention views, presentation mode).
 * English is the source of the keys (and of their {placeholders}); Chinese must match:
 * a missing or extra Chinese key is a type error. Keys start with `tour.`.
 */
export const tourEn = {} as const satisfies Record<string, string>;

export const tourZh: Record<keyof typeof tourEn, string> = {};
