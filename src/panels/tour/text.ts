/**
 * Words of the tour, computed from a run: the placeholders of a step's text,
 * input problems in the page's language, and the captions and accessible names
 * of figures. Plain functions (no React), so tests can call them.
 */
import { messageOf, interpolate, type Lang, type MessageKey, type TFunction } from '../../i18n';
import { describeChar, type InputProblem } from '../../tasks';
import { outputAt, type AttentionKind, type TourRun, type TourStep } from '../../tour';

/** A message by key with any set of values (unused ones are ignored). */
export function say(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return interpolate(messageOf(lang, key), params);
}

/** Every placeholder a step's text may use, for one step of a run (layers, heads and steps counted from 1). */
export function stepParams(run: TourRun, step: TourStep, head: number, layers: { N: number; M: number }): Record<string, string | number> {
  const c = run.result;
  const cfg = { H: run.heads };
  const encTrace = c.encoderTrace;
  const D = encTrace?.has('enc.embed') ? encTrace.get('enc.embed').shape[2] : 0;
  const F = encTrace?.has('enc.0.ffn.hidden') ? encTrace.get('enc.0.ffn.hidden').shape[2] : 0;
  const dk = cfg.H > 0 ? D / cfg.H : 0;
  const t = step.decStep ?? 0;
  const decoded = c.steps[t];
  const token = decoded ? (run.tgtVocab[decoded.token] ?? `<${decoded.token}>`) : '';
  const prob = decoded ? decoded.probs[decoded.token] : 0;
  return {
    layer: (step.layer ?? 0) + 1,
    head: head + 1,
    H: cfg.H,
    N: layers.N,
    M: layers.M,
    D,
    dk,
    sqrtD: Math.sqrt(D).toFixed(2),
    sqrtDk: Math.sqrt(dk).toFixed(2),
    F,
    S: run.srcIds.length,
    T: decoded ? decoded.prefix.length : 0,
    t: t + 1,
    V: run.tgtVocab.length,
    act: 'ReLU',
    token,
    prob: prob.toFixed(3),
    output: outputAt(run, step).text,
    maxLen: run.tokens.length,
  };
}

/** The line above a step's title: where in the model the step is. */
export function stepContext(lang: Lang, step: TourStep, layers: { N: number; M: number }): string {
  if (step.decStep !== undefined) {
    return step.layer !== undefined
      ? say(lang, 'tour.context.dec', { t: step.decStep + 1, layer: step.layer + 1, M: layers.M })
      : say(lang, 'tour.context.decStep', { t: step.decStep + 1 });
  }
  if (step.layer !== undefined) return say(lang, 'tour.context.enc', { layer: step.layer + 1, N: layers.N });
  return '';
}

/** An input problem in words. */
export function problemText(t: TFunction, p: InputProblem): string {
  switch (p.kind) {
    case 'empty':
      return t('tour.problem.empty');
    case 'unknownChar':
      return t('tour.problem.unknownChar', { index: p.index + 1, char: describeChar(p.char) });
    case 'tooLong':
      return t('tour.problem.tooLong', { length: p.length, max: p.max });
    case 'badFormat':
      return t('tour.problem.badFormat', { examples: p.expected.map((e) => `“${e}”`).join(', ') });
    case 'noSuchDay':
      return t('tour.problem.noSuchDay', {
        date: `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`,
      });
    case 'outOfRange':
      return t('tour.problem.outOfRange', { min: p.min, max: p.max });
  }
}

/** At most `limit` problem messages; the unknown characters beyond are counted in one more line. */
export function problemLines(t: TFunction, problems: readonly InputProblem[], limit = 4): string[] {
  const unknown = problems.filter((p) => p.kind === 'unknownChar');
  const other = problems.filter((p) => p.kind !== 'unknownChar');
  const lines = [...unknown.slice(0, limit).map((p) => problemText(t, p))];
  if (unknown.length > limit) lines.push(t('tour.problem.more', { n: unknown.length - limit }));
  for (const p of other) lines.push(problemText(t, p));
  return lines;
}

/** The text split into runs of known and unknown characters, for marking them. */
export function markedSegments(text: string, problems: readonly InputProblem[]): { text: string; bad: boolean }[] {
  const bad = problems.filter((p): p is Extract<InputProblem, { kind: 'unknownChar' }> => p.kind === 'unknownChar');
  if (bad.length === 0) return [{ text, bad: false }];
  const out: { text: string; bad: boolean }[] = [];
  let at = 0;
  for (const p of bad) {
    if (p.offset > at) out.push({ text: text.slice(at, p.offset), bad: false });
    out.push({ text: p.char, bad: true });
    at = p.offset + p.char.length;
  }
  if (at < text.length) out.push({ text: text.slice(at), bad: false });
  return out;
}

/** The name of an attention kind in the page's language. */
export function kindName(t: TFunction, kind: AttentionKind): string {
  return t(kind === 'enc-self' ? 'tour.kind.enc-self' : kind === 'dec-self' ? 'tour.kind.dec-self' : 'tour.kind.cross');
}

/** The catalog key of the label of a trace entry, from its key. */
export function tensorLabelKey(key: string): MessageKey {
  const field = key.replace(/^(enc|dec)\.\d+\./, '').replace(/^(self_attn|cross_attn)\./, '');
  switch (field) {
    case 'enc.embed':
    case 'dec.embed':
      return 'tour.tensor.embed';
    case 'enc.pos':
    case 'dec.pos':
      return 'tour.tensor.pos';
    case 'enc.input':
    case 'dec.input':
      return 'tour.tensor.input';
    case 'q':
    case 'k':
    case 'v':
    case 'scores':
    case 'scaled':
    case 'masked':
    case 'weights':
    case 'head_out':
    case 'concat':
    case 'out':
      return `tour.tensor.${field}`;
    case 'residual1':
    case 'residual2':
    case 'residual3':
      return 'tour.tensor.residual';
    case 'norm1':
    case 'norm2':
    case 'norm3':
      return 'tour.tensor.norm';
    case 'ffn.hidden':
      return 'tour.tensor.ffnHidden';
    case 'ffn.out':
      return 'tour.tensor.ffnOut';
    case 'enc.memory':
      return 'tour.tensor.memory';
    case 'output':
      return 'tour.tensor.layerOutput';
    case 'logits':
      return 'tour.tensor.logits';
    case 'probs':
      return 'tour.tensor.probs';
    default:
      return 'tour.tensor.input';
  }
}
