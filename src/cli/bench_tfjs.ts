/**
 * The comparison model of `npm run bench`: the same encoder–decoder Transformer as
 * src/model (torch.nn.Transformer, batch_first, no dropout, final encoder and decoder
 * norms, embeddings × √D + sinusoidal positions, generator), written with
 * @tensorflow/tfjs-core ops and fed the very same weights, on one of two backends:
 * 'cpu' (@tensorflow/tfjs-backend-cpu, plain JavaScript) or 'wasm'
 * (@tensorflow/tfjs-backend-wasm: XNNPACK, WebAssembly SIMD, one thread, its .wasm
 * files read from node_modules).
 *
 * Dimension names as in src/model/config.ts: B batch, S source, T target, D model,
 * H heads, Dh = D / H, F feed-forward, V vocabulary.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildSync } from 'esbuild';
import { positionalEncoding, type Tensor } from '../core';
import type { ModelConfig, Params } from '../model';

/** The tfjs backends the benchmark compares against. */
export type TfBackend = 'cpu' | 'wasm';
export const TF_BACKENDS: readonly TfBackend[] = ['cpu', 'wasm'];

/**
 * Selects a backend; silences tfjs's console notes so `--json` stays the last line.
 * 'wasm': the SIMD build on one thread (WASM_HAS_MULTITHREAD_SUPPORT off), its .wasm file
 * from node_modules/@tensorflow/tfjs-backend-wasm/dist; throws unless SIMD is on.
 */
export async function initTf(backend: TfBackend = 'cpu'): Promise<typeof tf> {
  tf.enableProdMode(); // only switches off tfjs's console warnings
  if (backend === 'wasm') await prepareWasmBackend();
  const ok = await tf.setBackend(backend);
  if (!ok || tf.getBackend() !== backend) throw new Error(`bench: could not select the tfjs ${backend} backend (got ${tf.getBackend()})`);
  await tf.ready();
  if (backend === 'wasm' && !(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) {
    throw new Error('bench: the tfjs wasm backend runs without SIMD here; the comparison needs its SIMD build');
  }
  registerAllGradients();
  return tf;
}

let wasmPrepared = false;

/** Registers the wasm backend (imported only when asked for) on one thread, with its files from node_modules. */
async function prepareWasmBackend(): Promise<void> {
  if (wasmPrepared) return;
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  wasm.setWasmPaths(`${dir}/`);
  // one thread: the threaded build would spread XNNPACK over both cores while ours uses one
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasmPrepared = true;
}

let gradientsRegistered = false;

/**
 * tfjs's gradient functions. @tensorflow/tfjs-core's Node entry (dist/tf-core.node.js)
 * does not register them — the @tensorflow/tfjs union package does, by bundling tfjs-core's
 * `dist/register_all_gradients.js` (ES modules with extensionless imports, which Node
 * cannot load as they are) into its own Node bundle. We do the same with esbuild (which
 * tsx brings) once per process: the bundled copy registers tfjs's own gradient configs in
 * tfjs's global gradient registry, and its ops run on the same global engine and backend.
 */
function registerAllGradients(): void {
  if (gradientsRegistered) return;
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  const out = buildSync({ entryPoints: [entry], bundle: true, format: 'cjs', platform: 'node', target: 'node18', write: false, logLevel: 'error' });
  const module = { exports: {} };
  new Function('require', 'module', 'exports', out.outputFiles[0].text)(require, module, module.exports);
  gradientsRegistered = true;
}

export function tfVersion(): string {
  return tf.version_core;
}

/** A core tensor as a tfjs tensor (copies the data). */
export function toTf(t: Tensor): tf.Tensor {
  return tf.tensor(Float32Array.from(t.data), [...t.shape], 'float32');
}

/** The model's weights as tfjs tensors, made once, outside any timed region. */
export interface TfModel {
  config: ModelConfig;
  /** state_dict name -> tf tensor (same names as src/model/params.ts) */
  w: Map<string, tf.Tensor>;
  /** cross-attention needs the query rows and the key/value rows of in_proj apart: `${prefix}.q` [D,D], `${prefix}.kv` [2D,D] (+ biases) */
  split: Map<string, tf.Tensor>;
  /** sinusoidal positions [L, D] per length, cached like the core's */
  pe: Map<number, tf.Tensor>;
  /**
   * How token embeddings are looked up: tf.gather, or (training on the wasm backend, which
   * has no UnsortedSegmentSum kernel for gather's gradient) a one-hot [B·L, V] matrix times
   * the table — the same rows, and a gradient that is a matrix product.
   */
  embedding: 'gather' | 'onehot';
}

export function tfModelFrom(config: ModelConfig, params: Params): TfModel {
  const w = new Map<string, tf.Tensor>();
  for (const [name, t] of params) w.set(name, toTf(t));
  const D = config.dModel;
  const split = new Map<string, tf.Tensor>();
  for (let i = 0; i < config.numDecoderLayers; i++) {
    const p = `transformer.decoder.layers.${i}.multihead_attn`;
    const W = w.get(`${p}.in_proj_weight`)!, b = w.get(`${p}.in_proj_bias`)!;
    split.set(`${p}.q.weight`, tf.slice(W, [0, 0], [D, D]));
    split.set(`${p}.kv.weight`, tf.slice(W, [D, 0], [2 * D, D]));
    split.set(`${p}.q.bias`, tf.slice(b, [0], [D]));
    split.set(`${p}.kv.bias`, tf.slice(b, [D], [2 * D]));
  }
  return { config, w, split, pe: new Map(), embedding: 'gather' };
}

export function disposeTfModel(m: TfModel): void {
  for (const t of m.w.values()) t.dispose();
  for (const t of m.split.values()) t.dispose();
  for (const t of m.pe.values()) t.dispose();
  m.w.clear();
  m.split.clear();
  m.pe.clear();
}

function get(m: TfModel, name: string): tf.Tensor {
  const t = m.w.get(name) ?? m.split.get(name);
  if (!t) throw new Error(`bench_tfjs: missing weight ${name}`);
  return t;
}

function pe(m: TfModel, length: number): tf.Tensor {
  let t = m.pe.get(length);
  if (!t) {
    t = tf.keep(toTf(positionalEncoding(length, m.config.dModel))); // [L,D]; kept out of the caller's tidy
    m.pe.set(length, t);
  }
  return t;
}

/** x [N, in] · Wᵀ + b with W [out, in] (PyTorch layout) -> [N, out]. */
function linear2d(x: tf.Tensor, W: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.add(tf.matMul(x, W, false, true), b);
}

function layerNorm(x: tf.Tensor, m: TfModel, name: string): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const xhat = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, m.config.eps)));
  return tf.add(tf.mul(xhat, get(m, `${name}.weight`)), get(m, `${name}.bias`));
}

/** Additive attention bias [B, 1, Tq, Tk]: −1e9 where masked (key padding, and j > i when causal), else 0. */
function attnBias(padding: readonly (readonly number[])[], pad: number, tq: number, causal: boolean): tf.Tensor {
  const B = padding.length, Tk = padding[0].length;
  const bias = new Float32Array(B * tq * Tk);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < tq; i++) {
      for (let j = 0; j < Tk; j++) {
        if (padding[b][j] === pad || (causal && j > i)) bias[(b * tq + i) * Tk + j] = -1e9;
      }
    }
  }
  return tf.tensor4d(bias, [B, 1, tq, Tk]);
}

/** softmax((QKᵀ)/√Dh + bias)·V per head; q [B,Tq,D], k and v [B,Tk,D] (already projected) -> [B*Tq, D]. */
function heads(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, bias: tf.Tensor, B: number, Tq: number, Tk: number, H: number, D: number): tf.Tensor {
  const Dh = D / H;
  const split = (x: tf.Tensor, T: number) => tf.transpose(tf.reshape(x, [B, T, H, Dh]), [0, 2, 1, 3]); // [B,H,T,Dh]
  const qh = split(q, Tq), kh = split(k, Tk), vh = split(v, Tk);
  const scores = tf.mul(tf.matMul(qh, kh, false, true), 1 / Math.sqrt(Dh)); // [B,H,Tq,Tk]
  const weights = tf.softmax(tf.add(scores, bias)); // [B,H,Tq,Tk]
  const out = tf.matMul(weights, vh); // [B,H,Tq,Dh]
  return tf.reshape(tf.transpose(out, [0, 2, 1, 3]), [B * Tq, D]); // [B*Tq,D]
}

/** Self-attention with the packed in_proj: one [N,D]·[D,3D] product, split into q, k, v. */
function selfAttention(x2: tf.Tensor, m: TfModel, p: string, bias: tf.Tensor, B: number, T: number): tf.Tensor {
  const { dModel: D, nHead: H } = m.config;
  const qkv = linear2d(x2, get(m, `${p}.in_proj_weight`), get(m, `${p}.in_proj_bias`)); // [B*T,3D]
  const [q, k, v] = tf.split(qkv, 3, 1); // 3 × [B*T,D]
  const o = heads(q, k, v, bias, B, T, T, H, D);
  return linear2d(o, get(m, `${p}.out_proj.weight`), get(m, `${p}.out_proj.bias`)); // [B*T,D]
}

/**
 * The query rows and the key/value rows of a cross-attention in_proj: cut once by
 * tfModelFrom for inference; cut in every pass when training (the slices are then part
 * of the graph, so the gradient reaches in_proj_weight).
 */
function crossWeights(m: TfModel, p: string): { qW: tf.Tensor; qb: tf.Tensor; kvW: tf.Tensor; kvb: tf.Tensor } {
  const qW = m.split.get(`${p}.q.weight`);
  if (qW) return { qW, qb: get(m, `${p}.q.bias`), kvW: get(m, `${p}.kv.weight`), kvb: get(m, `${p}.kv.bias`) };
  const D = m.config.dModel;
  const W = get(m, `${p}.in_proj_weight`), b = get(m, `${p}.in_proj_bias`); // [3D,D], [3D]
  return { qW: tf.slice(W, [0, 0], [D, D]), qb: tf.slice(b, [0], [D]), kvW: tf.slice(W, [D, 0], [2 * D, D]), kvb: tf.slice(b, [D], [2 * D]) };
}

/** Cross-attention: queries from x2 [B*T,D], keys and values from memory [B*S,D]. */
function crossAttention(x2: tf.Tensor, mem2: tf.Tensor, m: TfModel, p: string, bias: tf.Tensor, B: number, T: number, S: number): tf.Tensor {
  const { dModel: D, nHead: H } = m.config;
  const w = crossWeights(m, p);
  const q = linear2d(x2, w.qW, w.qb); // [B*T,D]
  const kv = linear2d(mem2, w.kvW, w.kvb); // [B*S,2D]
  const [k, v] = tf.split(kv, 2, 1); // 2 × [B*S,D]
  const o = heads(q, k, v, bias, B, T, S, H, D);
  return linear2d(o, get(m, `${p}.out_proj.weight`), get(m, `${p}.out_proj.bias`)); // [B*T,D]
}

function feedForward(x2: tf.Tensor, m: TfModel, p: string): tf.Tensor {
  const h = linear2d(x2, get(m, `${p}.linear1.weight`), get(m, `${p}.linear1.bias`)); // [N,F]
  const a = m.config.activation === 'gelu' ? gelu(h) : tf.relu(h);
  return linear2d(a, get(m, `${p}.linear2.weight`), get(m, `${p}.linear2.bias`)); // [N,D]
}

/** Exact (erf) GELU as torch.nn.functional.gelu: 0.5·x·(1 + erf(x/√2)). */
function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

/** embedding × √D + positions, flattened to [B*L, D]. */
function embed(m: TfModel, tokens: readonly (readonly number[])[], table: string): tf.Tensor {
  const B = tokens.length, L = tokens[0].length, D = m.config.dModel;
  const W = get(m, table); // [V,D]
  const rows = m.embedding === 'gather'
    ? tf.gather(W, tf.tensor1d(tokens.flat(), 'int32')) // [B*L,D]
    // int32 one-hot cast to float32: tfjs-wasm 4.22's OneHot with dtype 'float32' writes the
    // integer 1's bits (1.4e-45) instead of 1.0
    : tf.matMul(tf.cast(tf.oneHot(tf.tensor1d(tokens.flat(), 'int32'), W.shape[0]), 'float32'), W); // [B*L,V]·[V,D]
  const e = tf.mul(tf.reshape(rows, [B, L, D]), Math.sqrt(D)); // [B,L,D]
  return tf.reshape(tf.add(e, pe(m, L)), [B * L, D]); // [B*L,D]
}

/**
 * The whole forward pass with teacher forcing: src [B][S], tgtIn [B][T] -> logits [B,T,V].
 * Call it inside tf.tidy; intermediates are freed there. Pre-LN (normFirst) is supported too.
 */
export function tfForward(m: TfModel, src: readonly (readonly number[])[], tgtIn: readonly (readonly number[])[]): tf.Tensor {
  const c = m.config;
  const B = src.length, S = src[0].length, T = tgtIn[0].length;
  const norm = (x: tf.Tensor, name: string) => layerNorm(x, m, name);

  // encoder
  const encBias = attnBias(src, c.pad, S, false); // [B,1,S,S]
  let x = embed(m, src, 'src_embed.weight'); // [B*S,D]
  for (let i = 0; i < c.numEncoderLayers; i++) {
    const p = `transformer.encoder.layers.${i}`;
    if (c.normFirst) {
      x = tf.add(x, selfAttention(norm(x, `${p}.norm1`), m, `${p}.self_attn`, encBias, B, S));
      x = tf.add(x, feedForward(norm(x, `${p}.norm2`), m, p));
    } else {
      x = norm(tf.add(x, selfAttention(x, m, `${p}.self_attn`, encBias, B, S)), `${p}.norm1`);
      x = norm(tf.add(x, feedForward(x, m, p)), `${p}.norm2`);
    }
  }
  const memory = norm(x, 'transformer.encoder.norm'); // [B*S,D]

  // decoder
  const selfBias = attnBias(tgtIn, c.pad, T, true); // [B,1,T,T]
  const crossBias = attnBias(src, c.pad, T, false); // [B,1,T,S]
  let y = embed(m, tgtIn, 'tgt_embed.weight'); // [B*T,D]
  for (let i = 0; i < c.numDecoderLayers; i++) {
    const p = `transformer.decoder.layers.${i}`;
    if (c.normFirst) {
      y = tf.add(y, selfAttention(norm(y, `${p}.norm1`), m, `${p}.self_attn`, selfBias, B, T));
      y = tf.add(y, crossAttention(norm(y, `${p}.norm2`), memory, m, `${p}.multihead_attn`, crossBias, B, T, S));
      y = tf.add(y, feedForward(norm(y, `${p}.norm3`), m, p));
    } else {
      y = norm(tf.add(y, selfAttention(y, m, `${p}.self_attn`, selfBias, B, T)), `${p}.norm1`);
      y = norm(tf.add(y, crossAttention(y, memory, m, `${p}.multihead_attn`, crossBias, B, T, S)), `${p}.norm2`);
      y = norm(tf.add(y, feedForward(y, m, p)), `${p}.norm3`);
    }
  }
  const out = norm(y, 'transformer.decoder.norm'); // [B*T,D]
  const logits = linear2d(out, get(m, 'generator.weight'), get(m, 'generator.bias')); // [B*T,V]
  return tf.reshape(logits, [B, T, c.tgtVocab]); // [B,T,V]
}

/** Runs tfForward in a tidy scope and reads the logits back (what the benchmark times). */
export function tfForwardData(m: TfModel, src: readonly (readonly number[])[], tgtIn: readonly (readonly number[])[]): Float32Array {
  const box: { data?: Float32Array } = {};
  tf.tidy(() => {
    box.data = tfForward(m, src, tgtIn).dataSync() as Float32Array;
  });
  return box.data!;
}

// ------------------------------------------------------------------ training

/** One training batch: src [B][S], decoder input tgtIn [B][T] and the targets tgtOut [B][T] (pad = ignored). */
export interface TrainBatch {
  src: number[][];
  tgtIn: number[][];
  tgtOut: number[][];
}

/** Adam's hyper-parameters, the same on both sides (src/train/optimizer.ts). */
export interface AdamSettings {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** The model's weights as tfjs variables, with tfjs's own Adam over them. */
export interface TfTrainer {
  model: TfModel;
  /** parameter name (state_dict) -> its variable */
  vars: Map<string, tf.Variable>;
  optimizer: tf.AdamOptimizer;
}

let trainers = 0; // variable names are global in tfjs: each trainer gets its own suffix

export function tfTrainerFrom(config: ModelConfig, params: Params, adam: AdamSettings): TfTrainer {
  // the wasm backend cannot differentiate tf.gather (no UnsortedSegmentSum kernel)
  const embedding = tf.getBackend() === 'wasm' ? 'onehot' : 'gather';
  const id = ++trainers;
  const vars = new Map<string, tf.Variable>();
  for (const [name, t] of params) {
    const init = toTf(t);
    vars.set(name, tf.variable(init, true, `${name}#${id}`));
    init.dispose(); // the variable holds its own reference to the data
  }
  // no pre-cut cross-attention slices: crossWeights cuts them inside the graph
  const model: TfModel = { config, w: new Map<string, tf.Tensor>(vars), split: new Map(), pe: new Map(), embedding };
  return { model, vars, optimizer: tf.train.adam(adam.lr, adam.beta1, adam.beta2, adam.eps) };
}

export function disposeTfTrainer(tr: TfTrainer): void {
  disposeTfModel(tr.model); // disposes the variables (they are the model's weights)
  tr.vars.clear();
  tr.optimizer.dispose();
}

/**
 * Mean cross-entropy of the logits against tgtOut over the rows whose target is not
 * the pad id (torch's ignore_index; ours is crossEntropy(…, {ignoreIndex: pad})).
 */
export function tfLoss(m: TfModel, b: TrainBatch): tf.Scalar {
  const V = m.config.tgtVocab, pad = m.config.pad;
  const targets = b.tgtOut.flat(), N = targets.length;
  const count = targets.filter((y) => y !== pad).length;
  const pick = new Float32Array(N * V); // one-hot / count on counted rows, 0 on ignored rows
  targets.forEach((y, r) => {
    if (y !== pad) pick[r * V + y] = 1 / count;
  });
  const logProbs = tf.logSoftmax(tf.reshape(tfForward(m, b.src, b.tgtIn), [N, V])); // [B*T,V]
  return tf.neg(tf.sum(tf.mul(logProbs, tf.tensor2d(pick, [N, V])))) as tf.Scalar; // []
}

/** Loss and gradient of every parameter (by state_dict name) from the current weights; no update. */
export function tfLossAndGrads(tr: TfTrainer, b: TrainBatch): { loss: number; grads: Map<string, Float32Array> } {
  const grads = new Map<string, Float32Array>();
  let loss = NaN;
  tf.tidy(() => {
    const r = tf.variableGrads(() => tfLoss(tr.model, b), [...tr.vars.values()]);
    loss = r.value.dataSync()[0];
    for (const [name, v] of tr.vars) {
      const g = r.grads[v.name];
      grads.set(name, g ? Float32Array.from(g.dataSync()) : new Float32Array(v.size));
    }
  });
  return { loss, grads };
}

/** One training step — forward, backward (tf.variableGrads), Adam update — in tf.tidy; returns the loss read back. */
export function tfTrainStep(tr: TfTrainer, b: TrainBatch): number {
  let loss = NaN;
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => tfLoss(tr.model, b), [...tr.vars.values()]);
    tr.optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    loss = value.dataSync()[0];
  });
  return loss;
}
