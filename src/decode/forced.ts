/**
 * Forced prefixes and teacher forcing: "what if the model had picked this token?"
 *
 *   - `forcedDecode` takes a prefix the user chose (any tokens of the target
 *     vocabulary) and decodes on from it greedily, free-running: from then on the
 *     model sees its own outputs.
 *   - `teacherForced` runs the decoder once over a reference (BOS + reference) and
 *     gives, at every position, the model's prediction when it sees the true
 *     previous tokens, and the log-probability of each reference token.
 *   - `scoreSequence` is the sum of those log-probabilities: the teacher-forced
 *     rescoring of an output (EOS included when the output has it).
 *
 * The error-propagation view (曝光偏差, exposure bias) puts the two side by side: a
 * wrong token forced at one step, the free-running continuation after it, and the
 * teacher-forced predictions, where every step sees the truth (src/labs/decoding.ts).
 */
import { forward, type Seq2SeqModel } from '../model';
import { describeVocabProblem, type Vocab } from '../tasks';
import { argmax } from './greedy';
import { checkVocabIds, logSoftmaxRow, type NextToken } from './next';

export interface ForcedResult {
  /** the prefix followed by the continuation (EOS included when produced) */
  tokens: number[];
  /** how many of `tokens` were forced */
  forced: number;
  /** log p of every token given the tokens before it (forced ones too) */
  logProbs: number[];
  /** the sum of `logProbs` */
  score: number;
  stop: 'eos' | 'max_len';
}

/**
 * Checks a forced prefix of token ids: every id in the vocabulary, not longer than
 * `maxLen`, EOS (if any) only at its end. Throws a message naming the first problem.
 */
export function checkPrefix(prefix: readonly number[], vocabSize: number, eos: number, maxLen: number): void {
  checkVocabIds('forced prefix', prefix, vocabSize);
  if (prefix.length > maxLen) throw new Error(`forced prefix: ${prefix.length} tokens, the model outputs at most ${maxLen}`);
  const e = prefix.indexOf(eos);
  if (e >= 0 && e < prefix.length - 1) throw new Error(`forced prefix: token ${e + 1} is the end of the sequence (EOS), but more tokens follow it`);
}

/**
 * A prefix typed as text → target ids; throws a message naming each character outside the
 * target vocabulary (e.g. `forced prefix: character 2 “x” (U+0078) is not in the vocabulary`).
 */
export function parsePrefix(vocab: Vocab, text: string): number[] {
  const problems = vocab.validate(text);
  if (problems.length > 0) throw new Error(`forced prefix: ${problems.map(describeVocabProblem).join('; ')}`);
  return vocab.encode(text);
}

/** Greedy decoding on from a forced prefix: the prefix's tokens are taken as given, then argmax until EOS or maxLen. */
export function forcedDecode(next: NextToken, prefix: readonly number[], opts: { maxLen?: number } = {}): ForcedResult {
  const maxLen = Math.min(opts.maxLen ?? next.maxLen, next.maxLen);
  checkPrefix(prefix, next.vocabSize, next.eos, maxLen);
  const tokens: number[] = [];
  const logProbs: number[] = [];
  let score = 0;
  let stop: ForcedResult['stop'] = 'max_len';
  while (tokens.length < maxLen) {
    const row = next.logProbs([tokens])[0];
    const forcedNow = tokens.length < prefix.length;
    const tok = forcedNow ? prefix[tokens.length] : argmax(row);
    tokens.push(tok);
    logProbs.push(row[tok]);
    score += row[tok];
    if (tok === next.eos) {
      stop = 'eos';
      break;
    }
  }
  return { tokens, forced: prefix.length, logProbs, score, stop };
}

export interface TeacherForcedStep {
  /** 0-based position in the output */
  position: number;
  /** the reference token at this position */
  truth: number;
  /** the model's argmax when it sees the reference up to here */
  predicted: number;
  logProbTruth: number;
  logProbPredicted: number;
  /** log-probabilities over the vocabulary [V] */
  logProbs: Float64Array;
}

export interface TeacherForcedResult {
  steps: TeacherForcedStep[];
  /** the sum of logProbTruth: the reference's log-probability under the model */
  score: number;
  /** positions where the prediction equals the truth */
  correct: number;
}

/**
 * One teacher-forced pass of the full masked decoder over BOS + reference (its last token
 * is not fed): at every position, the prediction and the log-probability of the truth.
 */
export function teacherForced(m: Seq2SeqModel, src: readonly number[], reference: readonly number[]): TeacherForcedResult {
  const c = m.config;
  checkVocabIds('reference', reference, c.tgtVocab);
  if (reference.length === 0) return { steps: [], score: 0, correct: 0 };
  if (reference.length > c.maxLen - 1) throw new Error(`reference: ${reference.length} tokens, the model outputs at most ${c.maxLen - 1}`);
  const tgtIn = [c.bos, ...reference.slice(0, -1)];
  const { logits } = forward(m, [src], [tgtIn], { trace: false }); // [1,T,V]
  const V = c.tgtVocab;
  const steps: TeacherForcedStep[] = [];
  let score = 0, correct = 0;
  reference.forEach((truth, t) => {
    const lp = logSoftmaxRow(logits.data, t * V, V);
    const predicted = argmax(logits.data, t * V, V);
    score += lp[truth];
    if (predicted === truth) correct++;
    steps.push({ position: t, truth, predicted, logProbTruth: lp[truth], logProbPredicted: lp[predicted], logProbs: lp });
  });
  return { steps, score, correct };
}

/** The teacher-forced rescoring of an output: the sum of the natural-log probabilities of its tokens. */
export function scoreSequence(m: Seq2SeqModel, src: readonly number[], tokens: readonly number[]): number {
  return teacherForced(m, src, tokens).score;
}
