/**
 * Runs PyTorch reference fixtures (format `transformer-reference/1`) through the
 * project's own code and compares every expected field element by element:
 * |actual - expected| <= atol + rtol * |expected|.
 *
 * Fields the project does not compute yet are reported as not compared (never
 * silently skipped); an unknown op fails its case.
 */
import {
  Tensor, Mask, attentionMask, backward, batchNorm, crossEntropy, param, gelu, layerNorm, linear, matmul, positionalEncoding, relu, softmax,
  fmtShape, gru, add, reshape, type GruWeights,
} from '../core';
import {
  attentionScores, decoderLayer, encoderLayer, encode, decode, multiHeadAttention, scaledDotProductAttention,
  type ModelConfig, type Params, type ScoreKind, type ParamGetter,
} from '../model';
import { greedyDecode } from '../decode/greedy';

// ------------------------------------------------------------ the format

export interface JsonTensor {
  shape: number[];
  dtype: 'float' | 'int' | 'bool';
  data: (number | boolean)[];
}

export interface Tolerance {
  atol: number;
  rtol: number;
}

export interface ReferenceCase {
  name: string;
  op: string;
  inputs: Record<string, JsonTensor>;
  params?: Record<string, unknown>;
  expected: Record<string, JsonTensor>;
  tol?: Tolerance;
  grad_tol?: Tolerance;
}

export interface ReferenceFile {
  format: string;
  source?: string;
  tolerance?: string;
  cases: ReferenceCase[];
}

export function parseReferenceFile(text: string, fileName = 'fixture'): ReferenceFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${fileName}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const f = json as ReferenceFile;
  if (!f || typeof f !== 'object' || f.format !== 'transformer-reference/1' || !Array.isArray(f.cases)) {
    throw new Error(`${fileName}: not a transformer-reference/1 file`);
  }
  return f;
}

export function toTensor(t: JsonTensor): Tensor {
  return new Tensor(t.shape, Float32Array.from(t.data, (v) => Number(v)));
}

export function toMask(t: JsonTensor): Mask {
  return new Mask(t.shape, Uint8Array.from(t.data, (v) => (v ? 1 : 0)));
}

function toRows(t: JsonTensor): number[][] {
  const [b, n] = t.shape;
  const rows: number[][] = [];
  for (let i = 0; i < b; i++) rows.push(t.data.slice(i * n, i * n + n).map(Number));
  return rows;
}

// ------------------------------------------------------------ running one case

/** What the project computed for a case: field -> values (flat) and shape. */
export type Actual = Record<string, { shape: readonly number[]; data: ArrayLike<number> }>;

function out(t: Tensor): { shape: readonly number[]; data: ArrayLike<number> } {
  return { shape: t.shape, data: t.data };
}

type Runner = (c: ReferenceCase) => Actual;

function input(c: ReferenceCase, name: string): JsonTensor {
  const t = c.inputs[name];
  if (!t) throw new Error(`input ${name} is missing`);
  return t;
}

function num(c: ReferenceCase, name: string, fallback?: number): number {
  const v = c.params?.[name];
  if (typeof v === 'number') return v;
  if (fallback !== undefined) return fallback;
  throw new Error(`param ${name} is missing`);
}

/** A parameter getter over the case's inputs, with `prefix.` stripped (layer fixtures have bare names). */
function stateDict(c: ReferenceCase, prefix: string): ParamGetter {
  const cache = new Map<string, Tensor>();
  return (name) => {
    const key = prefix && name.startsWith(prefix + '.') ? name.slice(prefix.length + 1) : name;
    let t = cache.get(key);
    if (!t) {
      t = toTensor(input(c, key));
      cache.set(key, t);
    }
    return t;
  };
}

function layerOpts(c: ReferenceCase) {
  const activation = c.params?.activation === 'gelu' ? 'gelu' : 'relu';
  return { nHead: num(c, 'nhead'), normFirst: c.params?.norm_first === true, activation, eps: num(c, 'eps', 1e-5) } as const;
}

const RUNNERS: Record<string, Runner> = {
  softmax: (c) => {
    const mask = c.inputs.mask ? toMask(c.inputs.mask) : null;
    return { y: out(softmax(toTensor(input(c, 'x')), mask)) };
  },
  layer_norm: (c) => ({
    y: out(layerNorm(toTensor(input(c, 'x')), toTensor(input(c, 'weight')), toTensor(input(c, 'bias')), num(c, 'eps', 1e-5))),
  }),
  batch_norm: (c) => {
    const r = batchNorm(toTensor(input(c, 'x')), toTensor(input(c, 'weight')), toTensor(input(c, 'bias')), null, {
      training: true, eps: num(c, 'eps', 1e-5), momentum: num(c, 'momentum', 0.1),
    });
    return { y: out(r.y), mean: out(r.mean), var: out(r.var), running_mean: out(r.runningMean), running_var: out(r.runningVar) };
  },
  linear: (c) => ({ y: out(linear(toTensor(input(c, 'x')), toTensor(input(c, 'weight')), toTensor(input(c, 'bias')))) }),
  relu: (c) => ({ y: out(relu(toTensor(input(c, 'x')))) }),
  gelu: (c) => ({ y: out(gelu(toTensor(input(c, 'x')))) }),
  positional_encoding: (c) => ({ y: out(positionalEncoding(num(c, 'length'), num(c, 'd_model'))) }),
  attention_score: (c) => {
    const kind = c.params?.kind as ScoreKind;
    const t = (n: string) => (c.inputs[n] ? toTensor(c.inputs[n]) : undefined);
    const scores = attentionScores(kind, toTensor(input(c, 'q')), toTensor(input(c, 'k')), {
      W: t('W'), Wq: t('Wq'), Wk: t('Wk'), va: t('va'),
    });
    const weights = softmax(scores);
    return { scores: out(scores), weights: out(weights), output: out(matmul(weights, toTensor(input(c, 'v')))) };
  },
  scaled_dot_product_attention: (c) => {
    const r = scaledDotProductAttention(
      toTensor(input(c, 'q')), toTensor(input(c, 'k')), toTensor(input(c, 'v')), c.inputs.mask ? toMask(c.inputs.mask) : null,
    );
    return { weights: out(r.weights), output: out(r.output) };
  },
  multi_head_attention: (c) => {
    const get = stateDict(c, '');
    const r = multiHeadAttention(
      toTensor(input(c, 'query')), toTensor(input(c, 'key')), toTensor(input(c, 'value')),
      { inProjWeight: get('in_proj_weight'), inProjBias: get('in_proj_bias'), outProjWeight: get('out_proj.weight'), outProjBias: get('out_proj.bias') },
      num(c, 'num_heads'),
      {
        attnMask: c.inputs.attn_mask ? toMask(c.inputs.attn_mask) : null,
        keyPaddingMask: c.inputs.key_padding_mask ? toMask(c.inputs.key_padding_mask) : null,
      },
    );
    return { output: out(r.out), weights: out(r.weights) };
  },
  transformer_encoder_layer: (c) => {
    const y = encoderLayer(toTensor(input(c, 'src')), stateDict(c, 'layer'), 'layer', layerOpts(c), null, null, 'enc.0');
    return { output: out(y) };
  },
  transformer_decoder_layer: (c) => {
    const y = decoderLayer(
      toTensor(input(c, 'tgt')), toTensor(input(c, 'memory')), stateDict(c, 'layer'), 'layer', layerOpts(c),
      { self: c.inputs.tgt_mask ? attentionMask(input(c, 'tgt').shape[0], input(c, 'tgt').shape[1], input(c, 'tgt').shape[1], toMask(c.inputs.tgt_mask), null) : null, cross: null },
      null, 'dec.0',
    );
    return { output: out(y) };
  },
  seq2seq_transformer: (c) => {
    const src = toRows(input(c, 'src'));
    const tgtIn = toRows(input(c, 'tgt_in'));
    const tgtOut = toRows(input(c, 'tgt_out'));
    const srcEmbed = input(c, 'src_embed.weight'), tgtEmbed = input(c, 'tgt_embed.weight');
    const maxLen = Math.max(src[0].length, tgtIn[0].length, num(c, 'max_len', 0)) + 64;
    const config: ModelConfig = {
      srcVocab: srcEmbed.shape[0], tgtVocab: tgtEmbed.shape[0], dModel: num(c, 'd_model'), nHead: num(c, 'nhead'),
      numEncoderLayers: num(c, 'num_encoder_layers'), numDecoderLayers: num(c, 'num_decoder_layers'),
      dimFeedforward: num(c, 'dim_feedforward'), normFirst: c.params?.norm_first === true,
      activation: c.params?.activation === 'gelu' ? 'gelu' : 'relu', eps: num(c, 'eps', 1e-5),
      pad: num(c, 'pad', 0), bos: num(c, 'bos', 1), eos: num(c, 'eos', 2), maxLen,
    };
    const params: Params = new Map();
    for (const [name, t] of Object.entries(c.inputs)) {
      if (name.includes('.')) params.set(name, param(toTensor(t)));
    }
    const model = { config, params };
    const enc = encode(model, src, { trace: false });
    const dec = decode(model, enc, tgtIn, { trace: false });
    const targets = tgtOut.flat();
    const ce = crossEntropy(dec.logits, targets, { ignoreIndex: config.pad });
    const ls = crossEntropy(dec.logits, targets, { ignoreIndex: config.pad, labelSmoothing: 0.1 });
    backward(ce.loss); // the fixtures' grad.* are gradients of `loss`
    const result: Actual = {
      memory: out(enc.memory), logits: out(dec.logits), log_probs: out(ce.logProbs),
      loss: out(ce.loss), 'loss_label_smoothing_0.1': out(ls.loss),
    };
    for (const [name, t] of params) result[`grad.${name}`] = { shape: t.shape, data: t.grad ?? new Float32Array(t.size) };
    const greedyLen = c.expected.greedy_tokens?.shape[0];
    if (greedyLen !== undefined) {
      const maxNew = greedyMaxLen(c) ?? greedyLen;
      const { tokens } = greedyDecode(model, src[0], { maxLen: maxNew, trace: false });
      result.greedy_tokens = { shape: [tokens.length], data: tokens };
    }
    return result;
  },
  gru: (c) => runGru(c),
};

/**
 * torch.nn.GRU(batch_first=True): output and h_n, then loss = Σ output·g + Σ h_n·gh and its
 * gradient for x, h0 (when given) and every parameter (`weight_ih_l0`, … `_reverse`).
 */
function runGru(c: ReferenceCase): Actual {
  const leaf = (n: string) => param(toTensor(input(c, n)));
  const x = leaf('x');
  const suffixes = c.params?.bidirectional === true ? ['', '_reverse'] : [''];
  const named = new Map<string, Tensor>();
  const directions: GruWeights[] = suffixes.map((sfx) => {
    const w = (kind: string) => {
      const name = `${kind}_l0${sfx}`;
      const t = leaf(name);
      named.set(name, t);
      return t;
    };
    return { weightIh: w('weight_ih'), weightHh: w('weight_hh'), biasIh: w('bias_ih'), biasHh: w('bias_hh') };
  });
  const h0 = c.inputs.h0 ? leaf('h0') : null;
  const lengths = c.inputs.lengths ? c.inputs.lengths.data.map(Number) : null;
  const r = gru(x, directions, { h0, lengths });
  // Σ a·b as linear(a as one row, b as one weight row): [1,1]
  const dot = (a: Tensor, b: Tensor) => linear(reshape(a, [1, a.size]), new Tensor([1, b.size], b.data));
  const loss = reshape(add(dot(r.output, toTensor(input(c, 'g'))), dot(r.hN, toTensor(input(c, 'gh')))), []); // []
  backward(loss);
  const result: Actual = { output: out(r.output), h_n: out(r.hN), loss: out(loss) };
  const grad = (t: Tensor) => ({ shape: t.shape, data: t.grad ?? new Float32Array(t.size) });
  result['grad.x'] = grad(x);
  if (h0) result['grad.h0'] = grad(h0);
  for (const [name, t] of named) result[`grad.${name}`] = grad(t);
  return result;
}

/** The `max_len=N` of the fixture's greedy note, when it states one. */
function greedyMaxLen(c: ReferenceCase): number | null {
  const note = c.params?.greedy;
  const m = typeof note === 'string' ? /max_len=(\d+)/.exec(note) : null;
  return m ? Number(m[1]) : null;
}

export function knownOps(): string[] {
  return Object.keys(RUNNERS);
}

// ------------------------------------------------------------ comparing

export type CaseStatus = 'pass' | 'fail';

export interface CaseResult {
  name: string;
  status: CaseStatus;
  /** for a failure: the first failing field, its worst element, expected and actual */
  failure?: { field: string; index: string; expected: number | string; actual: number | string; message?: string };
  /** expected fields the project does not compute yet */
  notCompared: string[];
}

function indexString(flat: number, shape: readonly number[]): string {
  if (shape.length === 0) return '[]';
  const idx: number[] = [];
  for (let i = shape.length - 1; i >= 0; i--) {
    idx.unshift(flat % shape[i]);
    flat = Math.floor(flat / shape[i]);
  }
  return `[${idx.join(',')}]`;
}

/** Compares one field; returns null when every element is within tolerance, else the worst element. */
export function compareField(
  expected: JsonTensor, actual: { shape: readonly number[]; data: ArrayLike<number> }, tol: Tolerance,
): { index: string; expected: number | string; actual: number | string } | null {
  const shapeOk = expected.shape.length === actual.shape.length && expected.shape.every((d, i) => d === actual.shape[i]);
  if (!shapeOk) return { index: 'shape', expected: fmtShape(expected.shape), actual: fmtShape(actual.shape) };
  let worst = -1, worstExcess = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const e = Number(expected.data[i]), a = actual.data[i];
    const diff = Math.abs(a - e);
    const excess = Number.isNaN(diff) ? Infinity : diff - (tol.atol + tol.rtol * Math.abs(e));
    if (excess > 0 && excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (worst < 0) return null;
  return { index: indexString(worst, expected.shape), expected: Number(expected.data[worst]), actual: actual.data[worst] };
}

const DEFAULT_TOL: Tolerance = { atol: 1e-5, rtol: 1e-4 };

export function runCase(c: ReferenceCase): CaseResult {
  const runner = RUNNERS[c.op];
  if (!runner) {
    return { name: c.name, status: 'fail', notCompared: [], failure: { field: 'op', index: '-', expected: c.op, actual: 'unknown op', message: `unknown op ${c.op}` } };
  }
  let actual: Actual;
  try {
    actual = runner(c);
  } catch (e) {
    return { name: c.name, status: 'fail', notCompared: [], failure: { field: 'run', index: '-', expected: 'a result', actual: (e as Error).message, message: (e as Error).message } };
  }
  const notCompared: string[] = [];
  for (const [field, exp] of Object.entries(c.expected)) {
    const act = actual[field];
    if (!act) {
      notCompared.push(field);
      continue;
    }
    const tol = field.startsWith('grad.') ? (c.grad_tol ?? c.tol ?? DEFAULT_TOL) : (c.tol ?? DEFAULT_TOL);
    const bad = compareField(exp, act, tol);
    if (bad) return { name: c.name, status: 'fail', notCompared, failure: { field, ...bad } };
  }
  return { name: c.name, status: 'pass', notCompared };
}

/** The lines `check:reference` prints for one case. */
export function formatCase(r: CaseResult): string[] {
  const lines: string[] = [];
  if (r.status === 'pass') lines.push(`PASS ${r.name}`);
  else {
    const f = r.failure!;
    lines.push(`FAIL ${r.name}: ${f.field}, worst element ${f.index}, expected ${f.expected}, actual ${f.actual}`);
  }
  if (r.notCompared.length > 0) lines.push(`NOT COMPARED ${r.name}: ${r.notCompared.join(', ')}`);
  return lines;
}

/** Every case of every file: results in order, and the totals. */
export function runReferenceFiles(files: { name: string; text: string }[]): { results: CaseResult[]; passed: number; failed: number } {
  const results: CaseResult[] = [];
  for (const f of files) {
    let parsed: ReferenceFile;
    try {
      parsed = parseReferenceFile(f.text, f.name);
    } catch (e) {
      results.push({ name: f.name, status: 'fail', notCompared: [], failure: { field: 'file', index: '-', expected: 'transformer-reference/1', actual: (e as Error).message } });
      continue;
    }
    for (const c of parsed.cases) results.push(runCase(c));
  }
  const passed = results.filter((r) => r.status === 'pass').length;
  return { results, passed, failed: results.length - passed };
}

