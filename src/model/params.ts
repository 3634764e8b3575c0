/**
 * Parameters, named exactly as a PyTorch state_dict of the reference model:
 *   src_embed.weight, tgt_embed.weight,
 *   transformer.encoder.layers.{i}.self_attn.{in_proj_weight,in_proj_bias,out_proj.weight,out_proj.bias},
 *   transformer.encoder.layers.{i}.{linear1,linear2,norm1,norm2}.{weight,bias}, transformer.encoder.norm.*,
 *   transformer.decoder.layers.{i}.{self_attn,multihead_attn}.*, .{linear1,linear2,norm1,norm2,norm3}.*,
 *   transformer.decoder.norm.*, generator.{weight,bias}
 * so that a model trained in PyTorch loads as is.
 */
import { Tensor, Rng } from '../core';
import { type ModelConfig, validateConfig } from './config';

export type Params = Map<string, Tensor>;

export interface Seq2SeqModel {
  config: ModelConfig;
  params: Params;
}

/** Every parameter name and shape the config implies, in state_dict order. */
export function parameterShapes(c: ModelConfig): [string, number[]][] {
  const D = c.dModel, F = c.dimFeedforward;
  const out: [string, number[]][] = [];
  const attn = (prefix: string) => {
    out.push([`${prefix}.in_proj_weight`, [3 * D, D]], [`${prefix}.in_proj_bias`, [3 * D]]);
    out.push([`${prefix}.out_proj.weight`, [D, D]], [`${prefix}.out_proj.bias`, [D]]);
  };
  const lin = (prefix: string, o: number, i: number) => out.push([`${prefix}.weight`, [o, i]], [`${prefix}.bias`, [o]]);
  const norm = (prefix: string) => out.push([`${prefix}.weight`, [D]], [`${prefix}.bias`, [D]]);
  out.push(['src_embed.weight', [c.srcVocab, D]], ['tgt_embed.weight', [c.tgtVocab, D]]);
  for (let i = 0; i < c.numEncoderLayers; i++) {
    const p = `transformer.encoder.layers.${i}`;
    attn(`${p}.self_attn`);
    lin(`${p}.linear1`, F, D);
    lin(`${p}.linear2`, D, F);
    norm(`${p}.norm1`);
    norm(`${p}.norm2`);
  }
  norm('transformer.encoder.norm');
  for (let i = 0; i < c.numDecoderLayers; i++) {
    const p = `transformer.decoder.layers.${i}`;
    attn(`${p}.self_attn`);
    attn(`${p}.multihead_attn`);
    lin(`${p}.linear1`, F, D);
    lin(`${p}.linear2`, D, F);
    norm(`${p}.norm1`);
    norm(`${p}.norm2`);
    norm(`${p}.norm3`);
  }
  norm('transformer.decoder.norm');
  lin('generator', c.tgtVocab, D);
  return out;
}

/**
 * Seeded initialisation as PyTorch does it for this model: Xavier-uniform for
 * every matrix (nn.Transformer._reset_parameters, applied to the whole model as
 * the usual seq2seq recipe does), zeros for attention and feed-forward biases,
 * ones and zeros for LayerNorm.
 */
export function initParams(c: ModelConfig, seed: number): Params {
  validateConfig(c);
  const rng = new Rng(seed);
  const params: Params = new Map();
  for (const [name, shape] of parameterShapes(c)) {
    const t = new Tensor(shape);
    if (shape.length === 2) {
      const [fanOut, fanIn] = shape;
      const a = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < t.size; i++) t.data[i] = rng.uniform(-a, a);
    } else if (/norm\d?\.weight$|norm\.weight$/.test(name)) {
      t.data.fill(1);
    }
    params.set(name, t);
  }
  return params;
}

/** Checks that `params` has every tensor the config needs, with the right shapes. */
export function checkParams(c: ModelConfig, params: Params): void {
  for (const [name, shape] of parameterShapes(c)) {
    const t = params.get(name);
    if (!t) throw new Error(`params: missing ${name}`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`params: ${name} should be [${shape.join(',')}], got [${t.shape.join(',')}]`);
    }
  }
}

export function getParam(params: Params, name: string): Tensor {
  const t = params.get(name);
  if (!t) throw new Error(`params: missing ${name}`);
  return t;
}

export function createModel(config: ModelConfig, seed = 0): Seq2SeqModel {
  return { config, params: initParams(config, seed) };
}

export function countParams(params: Params): number {
  let n = 0;
  for (const t of params.values()) n += t.size;
  return n;
}
