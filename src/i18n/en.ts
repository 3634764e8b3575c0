/**
 * The English catalog: the source of the message keys. Every visible string of
 * the page comes from here (DESIGN.md rule 12); zh.ts must have the same keys.
 * Placeholders are written `{name}` and filled by `translate(…, {name: …})`.
 */
export const en = {
  'app.title': 'seq2seq-lab',
  'app.tagline': 'The encoder–decoder Transformer, one tensor at a time',

  'language.label': 'Language',
  'language.en': 'English',
  'language.zh': '简体中文',

  'trace.heading': 'Forward trace',
  'trace.intro': 'Type a source sequence: the model encodes it, then decodes greedily. Below is every named tensor of the encoder and of the first decoding step, with its shape.',
  'trace.randomNote': 'This model is randomly initialised (seed {seed}), so its output means nothing yet. Trained models come later.',
  'trace.source.label': 'Source',
  'trace.source.hint': 'Letters a–z, digits 0–9 and space; at most {max} characters. An end-of-sequence token (EOS) is appended.',
  'trace.error.empty': 'The source is empty: type at least one character.',
  'trace.error.unknown': 'Not in the vocabulary: {chars}. Use only a–z, 0–9 and space.',
  'trace.error.tooLong': 'Too long: {length} characters, but this model takes at most {max}.',
  'trace.error.model': 'The model could not run on this input: {message}',

  'trace.dims': 'Shape letters: B = {B} (batch), H = {H} (heads), S = {S} (source length, EOS included), T = {T} (decoder input length), D = {D} (model width), F = {F} (feed-forward width), V = {V} (vocabulary size).',
  'trace.sourceIds': 'Source token ids',
  'trace.generated': 'Generated token ids',
  'trace.generatedText': 'As characters',
  'trace.stop.eos': 'Greedy decoding stopped at the end-of-sequence token (EOS). Tokens generated: {n}.',
  'trace.stop.maxLen': 'Greedy decoding stopped at the maximum length. Tokens generated: {n}.',

  'trace.section.encoder': 'Encoder',
  'trace.section.decoder': 'Decoder, first decoding step (input: BOS)',
  'trace.group.encEmbedding': 'Embedding + positional encoding',
  'trace.group.encLayer': 'Encoder layer {i}',
  'trace.group.encOutput': 'Encoder output (memory, after the final layer norm)',
  'trace.group.decEmbedding': 'Embedding + positional encoding',
  'trace.group.decLayer': 'Decoder layer {i}',
  'trace.group.output': 'Output: final layer norm, logits, probabilities',
  'trace.group.other': 'Other entries',
  'trace.column.name': 'Trace entry',
  'trace.column.shape': 'Shape',
  'trace.entryCount.one': '{n} tensor',
  'trace.entryCount.other': '{n} tensors',

  'glossary.heading': 'Reading the names',
  'glossary.embed': 'token embedding × √D',
  'glossary.pos': 'positional encoding',
  'glossary.self_attn': 'self-attention (multi-head)',
  'glossary.cross_attn': 'cross-attention: queries from the decoder, keys and values from the encoder',
  'glossary.scores': 'attention scores QKᵀ (scaled: ÷ √Dh)',
  'glossary.masked': 'after the mask (−∞ where a position may not look)',
  'glossary.weights': 'attention weights (softmax of each row)',
  'glossary.head_out': 'output of each attention head',
  'glossary.residual': 'residual connection (add)',
  'glossary.norm': 'layer normalisation',
  'glossary.ffn': 'position-wise feed-forward network',
  'glossary.memory': 'encoder output that every decoder layer attends to',
} as const satisfies Record<string, string>;

/** Every message key of the catalog. */
export type MessageKey = keyof typeof en;

/** A complete catalog: every key, a string each. */
export type Catalog = Record<MessageKey, string>;

/** The `{name}` placeholders of a template string, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The placeholder names of a key's English text (the catalog's contract for every language). */
export type ParamsOf<K extends MessageKey> = Placeholders<(typeof en)[K]>;
