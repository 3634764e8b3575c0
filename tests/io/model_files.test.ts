/**
 * Models trained elsewhere: a pair written the way another program writes it loads and
 * computes what PyTorch computed; F16 and BF16 are widened exactly; everything that does
 * not fit is refused with a problem that names it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { Rng, Tensor } from '../../src/core';
import { createModel, forward, type ModelConfig, type Params } from '../../src/model';
import { greedyDecode } from '../../src/decode/greedy';
import { BUNDLE_FORMAT, readBundle } from '../../src/io/bundle';
import { loadModelFiles, pairModelFiles, type ModelLoad } from '../../src/io/load';
import { taskFromMeta } from '../../src/io/model_task';
import { ModelFileError, type ModelFileProblem } from '../../src/io/problems';
import { bfloat16ToFloat32, float16ToFloat32, readSafetensors } from '../../src/io/safetensors';
import { NoGroundTruthError, validateInput } from '../../src/tasks';
import {
  assemble, bf16Bits, f16Bits, f32Bytes, f32Entries, rawSafetensors, referenceCase, referenceConfig, referenceParams,
  tokens, u16Bytes, type RawTensor,
} from '../helpers/model_files';

const ROOT = join(__dirname, '..', '..');
const GREEK_SRC = 'αβγδεζηθ';
const GREEK_TGT = 'ΑΒΓΔΕΖΗΘΙΚ';

/** The .json of a model trained elsewhere: only the required fields. */
function metaJson(config: ModelConfig, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: BUNDLE_FORMAT, task: 'greek-copy', config,
    srcVocab: tokens(GREEK_SRC, config.srcVocab), tgtVocab: tokens(GREEK_TGT, config.tgtVocab), srcEos: false, ...extra,
  };
}

function expectOk(r: ModelLoad): Extract<ModelLoad, { ok: true }> {
  if (!r.ok) throw new Error(`expected the pair to load, got: ${r.message}`);
  return r;
}

function expectRefused(r: ModelLoad, kind: ModelFileProblem['kind']): Extract<ModelLoad, { ok: false }> {
  if (r.ok) throw new Error(`expected a refusal (${kind}), the pair loaded`);
  expect(r.problem.kind).toBe(kind);
  return r;
}

function maxAbsDiff(a: Float32Array, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - Number(b[i])));
  return m;
}

// the PyTorch post-LN model of the fixtures, as a pair: its state_dict in F32, key order reversed
const ref0 = referenceCase(0);
const config0 = referenceConfig(ref0, 10);
const params0 = referenceParams(ref0);
const json0 = JSON.stringify(metaJson(config0));
const st0 = rawSafetensors(f32Entries(params0));

describe('a model pair trained elsewhere', () => {
  it('a PyTorch post-LN model with its own characters loads and computes PyTorch’s logits and greedy tokens', () => {
    const { bundle } = expectOk(loadModelFiles(json0, st0));
    const src = ref0.inputs.src, tgtIn = ref0.inputs.tgt_in;
    const rows = (t: { shape: number[]; data: (number | boolean)[] }) =>
      Array.from({ length: t.shape[0] }, (_, b) => t.data.slice(b * t.shape[1], (b + 1) * t.shape[1]).map(Number));
    const { logits } = forward(bundle.model, rows(src), rows(tgtIn), { trace: false });
    expect(maxAbsDiff(logits.data, ref0.expected.logits.data as number[])).toBeLessThan(1e-4);
    const greedy = greedyDecode(bundle.model, rows(src)[0], { trace: false });
    expect(greedy.tokens).toEqual(ref0.expected.greedy_tokens.data);
  });

  it('a pre-LN model loads and computes PyTorch’s logits', () => {
    const ref1 = referenceCase(1);
    const config = referenceConfig(ref1, 9);
    expect(config.normFirst).toBe(true);
    const { bundle } = expectOk(loadModelFiles(JSON.stringify(metaJson(config)), rawSafetensors(f32Entries(referenceParams(ref1)))));
    const B = ref1.inputs.src.shape[0];
    const rows = (t: { shape: number[]; data: (number | boolean)[] }) =>
      Array.from({ length: B }, (_, b) => t.data.slice(b * t.shape[1], (b + 1) * t.shape[1]).map(Number));
    const { logits } = forward(bundle.model, rows(ref1.inputs.src), rows(ref1.inputs.tgt_in), { trace: false });
    expect(maxAbsDiff(logits.data, ref1.expected.logits.data as number[])).toBeLessThan(1e-4);
  });

  it('a pre-LN gelu model written by another writer loads and computes what the model in memory computes', () => {
    const config: ModelConfig = { ...config0, normFirst: true, activation: 'gelu', numEncoderLayers: 1, numDecoderLayers: 3 };
    const model = createModel(config, 5);
    const r = expectOk(loadModelFiles(JSON.stringify(metaJson(config)), rawSafetensors(f32Entries(model.params), null)));
    expect(r.bundle.model.config.activation).toBe('gelu');
    const src = [[3, 4, 5, 6, 0], [7, 8, 9, 10, 4]], tgtIn = [[1, 3, 4], [1, 5, 6]];
    const a = forward(model, src, tgtIn, { trace: false }).logits, b = forward(r.bundle.model, src, tgtIn, { trace: false }).logits;
    expect(b.data).toEqual(a.data);
  });

  it('the .json needs only format, task, config, vocabularies and srcEos; other fields are kept, not required', () => {
    const r = expectOk(loadModelFiles(JSON.stringify(metaJson(config0, { trainedWith: 'PyTorch 2.4', epochs: 30 })), st0));
    expect(r.bundle.meta.task).toBe('greek-copy');
    expect(r.bundle.meta.seed).toBeUndefined();
    expect((r.bundle.meta as unknown as Record<string, unknown>).trainedWith).toBe('PyTorch 2.4');
  });

  it('accepts the .json as UTF-8 bytes and the .safetensors as an ArrayBuffer (what File gives the page)', () => {
    const bytes = new TextEncoder().encode(json0);
    const copy = st0.slice().buffer;
    expectOk(loadModelFiles(bytes, copy));
  });
});

describe('the task of a model', () => {
  const task = taskFromMeta(JSON.parse(json0));

  it('checks inputs against the model’s own vocabulary and length, not a built-in task’s', () => {
    expect(task.name).toBe('greek-copy');
    expect(validateInput(task, 'αβγ')).toEqual([]);
    expect(validateInput(task, 'αbγ')).toEqual([{ kind: 'unknownChar', char: 'b', index: 1, offset: 1 }]);
    // maxLen 10 and no source <eos>: ten characters fit, eleven do not
    expect(validateInput(task, 'α'.repeat(10))).toEqual([]);
    expect(validateInput(task, 'α'.repeat(11))).toEqual([{ kind: 'tooLong', length: 11, max: 10 }]);
    expect(validateInput(task, '')).toEqual([{ kind: 'empty' }]);
    expect(task.srcVocab.encode('θα')).toEqual([10, 3]);
    expect(task.tgtVocab.decode([12, 3, 2, 5])).toBe('ΚΑ');
  });

  it('has no ground truth: solve and sample say so, after the characters are checked', () => {
    expect(() => task.solve('αβ')).toThrow(NoGroundTruthError);
    expect(() => task.solve('ab')).toThrow(/not in the vocabulary/);
    expect(() => task.sample(new Rng(1))).toThrow(NoGroundTruthError);
    expect(validateInput(task, task.example)).toEqual([]);
  });

  it('a model named after a built-in task, with its vocabularies, gets the ground truth within its own lengths', () => {
    const reverseTokens = ['<pad>', '<bos>', '<eos>', ...'abcdefghijklmnopqrstuvwxyz'];
    const t = taskFromMeta({ task: 'reverse', srcVocab: reverseTokens, tgtVocab: reverseTokens, srcEos: true, config: { maxLen: 7 } });
    expect(t.maxSrcLen).toBe(6);
    expect(t.maxTgtLen).toBe(6);
    expect(t.solve('abc')).toBe('cba');
    expect(validateInput(t, 'abcdefg')).toEqual([{ kind: 'tooLong', length: 7, max: 6 }]);
    const rng = new Rng(3);
    for (let i = 0; i < 50; i++) expect([...t.sample(rng)].length).toBeLessThanOrEqual(6);
    // another vocabulary under a built-in name: the model's own, without ground truth
    const other = taskFromMeta({ task: 'reverse', srcVocab: tokens('abc', 6), tgtVocab: tokens('abc', 6), srcEos: true, config: { maxLen: 7 } });
    expect(() => other.solve('ab')).toThrow(NoGroundTruthError);
  });
});

describe('F16 and BF16 tensors', () => {
  it('half-precision bits widen to the exact float32 value', () => {
    const cases: [number, number][] = [
      [0x3c00, 1], [0xc000, -2], [0x7bff, 65504], [0x0001, Math.pow(2, -24)], [0x03ff, 1023 * Math.pow(2, -24)],
      [0x0400, Math.pow(2, -14)], [0x3555, 0.333251953125], [0x7c00, Infinity], [0xfc00, -Infinity], [0x0000, 0],
    ];
    for (const [bits, v] of cases) expect(float16ToFloat32(bits)).toBe(v);
    expect(Object.is(float16ToFloat32(0x8000), -0)).toBe(true);
    expect(float16ToFloat32(0x7e00)).toBeNaN();
  });

  it('bfloat16 bits widen to the float32 with those upper 16 bits', () => {
    const cases: [number, number][] = [
      [0x3f80, 1], [0xc049, -3.140625], [0x4049, 3.140625], [0x7f80, Infinity], [0x0001, Math.pow(2, -133)], [0x3c00, 1 / 128],
    ];
    for (const [bits, v] of cases) expect(bfloat16ToFloat32(bits)).toBe(v);
    expect(bfloat16ToFloat32(0x7fc0)).toBeNaN();
  });

  /** The model's parameters rounded to values the dtype holds exactly, and the file written in it. */
  function lowPrecision(dtype: 'F16' | 'BF16', dtypeOf: (name: string) => 'F16' | 'BF16' | 'F32' = () => dtype) {
    const params: Params = new Map();
    const entries: RawTensor[] = [];
    for (const [name, t] of params0) {
      const d = dtypeOf(name);
      const step = d === 'F16' ? 256 : d === 'BF16' ? 64 : 1 << 20;
      const values = Array.from(t.data, (v) => Math.round(v * step) / step);
      params.set(name, new Tensor(t.shape, Float32Array.from(values)));
      const bytes = d === 'F32' ? f32Bytes(values) : u16Bytes(values.map(d === 'F16' ? f16Bits : bf16Bits));
      entries.push({ name, dtype: d, shape: [...t.shape], bytes });
    }
    return { params, st: rawSafetensors(entries) };
  }

  for (const dtype of ['F16', 'BF16'] as const) {
    it(`a model saved in ${dtype} loads with every value widened exactly`, () => {
      const { params, st } = lowPrecision(dtype);
      const { bundle } = expectOk(loadModelFiles(json0, st));
      for (const [name, t] of params) expect(bundle.model.params.get(name)!.data).toEqual(t.data);
    });
  }

  it('a file may mix F32, F16 and BF16 tensors', () => {
    const { params, st } = lowPrecision('F16', (n) => (n.includes('encoder') ? 'BF16' : n.includes('decoder') ? 'F16' : 'F32'));
    const header = readSafetensors(st);
    expect(header.tensors.size).toBe(params.size);
    const { bundle } = expectOk(loadModelFiles(json0, st));
    for (const [name, t] of params) expect(bundle.model.params.get(name)!.data).toEqual(t.data);
  });
});

describe('refusals name the problem', () => {
  const entries = () => f32Entries(params0);
  const withEntries = (f: (es: RawTensor[]) => RawTensor[]) => rawSafetensors(f(entries()));
  const jsonWith = (patch: (o: Record<string, unknown>) => void) => {
    const o = JSON.parse(json0) as Record<string, unknown>;
    patch(o);
    return JSON.stringify(o);
  };

  it('a truncated .safetensors: cut inside the data, inside the header, before the header length', () => {
    let r = expectRefused(loadModelFiles(json0, st0.subarray(0, st0.length - 10)), 'truncated');
    expect(r.message).toMatch(/the \.safetensors file is truncated: \S+ needs the data bytes \[\d+, \d+\] but the data holds only \d+ bytes/);
    r = expectRefused(loadModelFiles(json0, st0.subarray(0, 100)), 'truncated');
    expect(r.message).toMatch(/the header is \d+ bytes long but only 92 bytes follow/);
    r = expectRefused(loadModelFiles(json0, st0.subarray(0, 5)), 'truncated');
    expect(r.message).toMatch(/5 bytes, fewer than the 8/);
  });

  it('a malformed .safetensors: not a JSON header, holes, overlaps, trailing bytes, an ill-formed entry', () => {
    const garbage = assemble('[1, 2, 3]', []);
    expect(expectRefused(loadModelFiles(json0, garbage), 'malformed').message).toMatch(/does not start with “\{”/);
    const notJson = assemble('{"a": ', []);
    expect(expectRefused(loadModelFiles(json0, notJson), 'malformed').message).toMatch(/not valid UTF-8 JSON/);
    const trailing = new Uint8Array(st0.length + 4);
    trailing.set(st0);
    expect(expectRefused(loadModelFiles(json0, trailing), 'malformed').message).toMatch(/4 bytes after the last tensor/);
    const a = { name: 'x', dtype: 'F32', shape: [2] };
    const hole = assemble(JSON.stringify({ x: { ...a, data_offsets: [4, 12] } }), [new Uint8Array(12)]);
    expect(expectRefused(loadModelFiles(json0, hole), 'malformed').message).toMatch(/bytes \[0, 4\) before x belong to no tensor/);
    const overlap = assemble(JSON.stringify({ x: { ...a, data_offsets: [0, 8] }, y: { ...a, data_offsets: [4, 12] } }), [new Uint8Array(12)]);
    expect(expectRefused(loadModelFiles(json0, overlap), 'malformed').message).toMatch(/y overlaps the bytes of another tensor/);
    const badShape = assemble(JSON.stringify({ x: { dtype: 'F32', shape: [2, -1], data_offsets: [0, 8] } }), [new Uint8Array(8)]);
    expect(expectRefused(loadModelFiles(json0, badShape), 'malformed').message).toMatch(/x has a shape that is not a list of whole numbers/);
    const lies = assemble(JSON.stringify({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }), [new Uint8Array(8)]);
    expect(expectRefused(loadModelFiles(json0, lies), 'malformed').message).toMatch(/x has offsets \[0, 8\] \(8 bytes\), but F32 shape \[3\] needs 12 bytes/);
  });

  it('an unknown dtype, naming the tensor and the dtype', () => {
    const st = withEntries((es) => es.map((e) => (e.name === 'generator.bias' ? { ...e, dtype: 'I32' } : e)));
    const r = expectRefused(loadModelFiles(json0, st), 'dtype');
    expect(r.message).toBe('tensor generator.bias has dtype I32; only F32, F16, BF16 can be read');
  });

  it('a .json that is not JSON, or not an object', () => {
    expect(expectRefused(loadModelFiles('{"format": ', st0), 'malformed').message).toMatch(/^the \.json file is malformed: it is not valid JSON/);
    expect(expectRefused(loadModelFiles('[1,2]', st0), 'malformed').message).toMatch(/holds an array of 2, not a JSON object/);
    expect(expectRefused(loadModelFiles(new Uint8Array([0xff, 0xfe, 0x7b]), st0), 'malformed').message).toMatch(/not UTF-8 text/);
  });

  it('another architecture: a NAT pair is not read as a Transformer', () => {
    const r = expectRefused(loadModelFiles(jsonWith((o) => (o.arch = 'nat')), st0), 'arch');
    expect(r.message).toBe('this is a “nat” model, not a Transformer (the .json\'s arch); read it with its own reader');
    expectOk(loadModelFiles(jsonWith((o) => (o.arch = 'transformer')), st0));
    expect(expectRefused(loadModelFiles(jsonWith((o) => (o.arch = 3)), st0), 'field').message).toMatch(/“arch” should be a string naming the network, got number 3/);
  });

  it('an unknown format', () => {
    const r = expectRefused(loadModelFiles(jsonWith((o) => (o.format = 'my-transformer/2')), st0), 'format');
    expect(r.message).toBe(`unknown format “my-transformer/2” in the .json file (expected “${BUNDLE_FORMAT}”)`);
  });

  it('a missing or ill-typed field of the .json', () => {
    let r = expectRefused(loadModelFiles(jsonWith((o) => delete o.srcEos), st0), 'field');
    expect(r.message).toMatch(/the \.json field “srcEos” should be true or false .*, got nothing/);
    r = expectRefused(loadModelFiles(jsonWith((o) => (o.tgtVocab = 'abc')), st0), 'field');
    expect(r.message).toMatch(/“tgtVocab” should be a list of token strings, got the string “abc”/);
    r = expectRefused(loadModelFiles(jsonWith((o) => ((o.config as ModelConfig).normFirst = 'yes' as unknown as boolean)), st0), 'field');
    expect(r.message).toMatch(/config\.normFirst/);
  });

  it('a config that does not hold together', () => {
    const r = expectRefused(loadModelFiles(jsonWith((o) => ((o.config as ModelConfig).nHead = 3)), st0), 'config');
    expect(r.message).toBe('the config does not hold together: dModel 16 is not divisible by nHead 3');
  });

  it('a config that does not fit the vocabularies: sizes, special tokens, tokens that are not one character', () => {
    let r = expectRefused(loadModelFiles(jsonWith((o) => (o.srcVocab as string[]).pop()), st0), 'vocab');
    expect(r.message).toBe('the vocabularies do not fit the config: the config\'s srcVocab is 11 but the .json\'s srcVocab lists 10 tokens');
    r = expectRefused(loadModelFiles(jsonWith((o) => ((o.tgtVocab as string[])[1] = '<s>')), st0), 'vocab');
    expect(r.message).toMatch(/tgtVocab\[1\] should be “<bos>”, got the string “<s>”/);
    r = expectRefused(loadModelFiles(jsonWith((o) => ((o.srcVocab as string[])[5] = 'ab')), st0), 'vocab');
    expect(r.message).toMatch(/srcVocab: each token must be one character, got “ab”/);
    r = expectRefused(loadModelFiles(jsonWith((o) => ((o.srcVocab as string[])[5] = 'α')), st0), 'vocab');
    expect(r.message).toMatch(/“α” \(U\+03B1\) is listed twice/);
    r = expectRefused(loadModelFiles(jsonWith((o) => ((o.config as ModelConfig).eos = 2, (o.config as ModelConfig).pad = 3)), st0), 'vocab');
    expect(r.message).toMatch(/pad id is 3/);
  });

  it('a config that does not fit the tensors names the tensor and both shapes', () => {
    const r = expectRefused(loadModelFiles(jsonWith((o) => ((o.config as ModelConfig).dimFeedforward = 64)), st0), 'shape');
    expect(r.message).toBe('tensor transformer.encoder.layers.0.linear1.weight has shape [32,16] in the .safetensors file, the config needs [64,16]');
  });

  it('a missing tensor, named with its shape', () => {
    const st = withEntries((es) => es.filter((e) => e.name !== 'transformer.decoder.norm.bias'));
    const r = expectRefused(loadModelFiles(json0, st), 'missing');
    expect(r.message).toBe('tensor transformer.decoder.norm.bias [16] is missing from the .safetensors file');
  });

  it('a config with more layers than the file: the first missing tensor and the layer counts', () => {
    const r = expectRefused(loadModelFiles(jsonWith((o) => ((o.config as ModelConfig).numDecoderLayers = 3)), st0), 'missing');
    expect(r.message).toMatch(/^tensor transformer\.decoder\.layers\.2\.self_attn\.in_proj_weight \[48,16\] is missing .* \(and 17 more missing\); the file has 2 layers under transformer\.decoder\.layers, the config implies 3$/);
  });

  it('an extra tensor (a positional-encoding buffer left in the state_dict), named with its shape', () => {
    const st = withEntries((es) => [...es, { name: 'pos.pe', dtype: 'F32', shape: [10, 16], bytes: f32Bytes(new Float32Array(160)) }]);
    const r = expectRefused(loadModelFiles(json0, st), 'extra');
    expect(r.message).toBe('tensor pos.pe [10,16] in the .safetensors file is not part of the model the config describes');
  });

  it('a mis-shaped tensor, with both shapes', () => {
    const st = withEntries((es) => es.map((e) => (e.name === 'generator.weight' ? { ...e, shape: [16, 13] } : e)));
    const r = expectRefused(loadModelFiles(json0, st), 'shape');
    expect(r.message).toBe('tensor generator.weight has shape [16,13] in the .safetensors file, the config needs [13,16]');
  });

  it('a non-finite value, naming the tensor and where', () => {
    for (const [bad, shown] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']] as const) {
      const st = withEntries((es) => es.map((e) => {
        if (e.name !== 'transformer.encoder.layers.1.linear2.weight') return e;
        const values = new Float32Array(e.bytes.buffer.slice(0));
        values[1 * 32 + 5] = bad;
        return { ...e, bytes: f32Bytes(values) };
      }));
      const r = expectRefused(loadModelFiles(json0, st), 'nonFinite');
      expect(r.message).toBe(`tensor transformer.encoder.layers.1.linear2.weight holds a non-finite value (${shown}) at [1,5]`);
    }
    // F16 infinity is refused the same way
    const st = withEntries((es) => es.map((e) => (e.name === 'generator.bias' ? { ...e, dtype: 'F16', bytes: u16Bytes([...Array(12).fill(0), 0x7c00]) } : e)));
    expect(expectRefused(loadModelFiles(json0, st), 'nonFinite').message).toMatch(/generator\.bias .*\(Infinity\) at \[12\]/);
  });

  it('readBundle throws the same problems as a ModelFileError', () => {
    let caught: unknown;
    try {
      readBundle(json0, st0.subarray(0, 50));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ModelFileError);
    expect((caught as ModelFileError).problem.kind).toBe('truncated');
    expect((caught as Error).message).toMatch(/^model files: the \.safetensors file is truncated/);
  });
});

describe('pairing dropped files', () => {
  it('finds the .json and the .safetensors among two files, whatever their order and case', () => {
    expect(pairModelFiles(['m.SAFETENSORS', 'm.json'])).toEqual({ ok: true, json: 1, safetensors: 0 });
    expect(pairModelFiles(['m.json'])).toEqual({ ok: false, reason: 'notTwo', count: 1 });
    expect(pairModelFiles(['a.json', 'b.json'])).toEqual({ ok: false, reason: 'noSafetensors', count: 2 });
    expect(pairModelFiles(['a.bin', 'b.safetensors'])).toEqual({ ok: false, reason: 'noJson', count: 2 });
  });
});

describe('npm run predict -- --model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'seq2seq-model-'));
  writeFileSync(join(dir, 'greek.json'), json0);
  writeFileSync(join(dir, 'greek.safetensors'), st0);
  writeFileSync(join(dir, 'broken.json'), json0);
  writeFileSync(join(dir, 'broken.safetensors'), st0.subarray(0, st0.length - 3));
  const run = (args: string[], input: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/predict.ts', ...args], { cwd: ROOT, input, encoding: 'utf8' });

  it('decodes with a model whose characters no built-in task uses, as PyTorch did', () => {
    const srcIds = ref0.inputs.src.data.slice(0, 6).map(Number);
    const line = srcIds.map((id) => GREEK_SRC[id - 3]).join('');
    const want = (ref0.expected.greedy_tokens.data as number[]).filter((id) => id > 2).map((id) => GREEK_TGT[id - 3]).join('');
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/predict.ts', '--model', join(dir, 'greek.json')], {
      cwd: ROOT, input: `${line}\nabc\n`, encoding: 'utf8',
    });
    expect(out.split('\n')).toEqual([want, expect.stringMatching(/^error: character 1 “a” \(U\+0061\) is not in the vocabulary/), '']);
  });

  it('refuses a broken pair with one error line and a non-zero exit', () => {
    const r = run(['--model', join(dir, 'broken.json')], 'αβ\n');
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: cannot load .*broken\.json: the \.safetensors file is truncated: /);
  });

  it('tells which file is absent', () => {
    const r = run(['--model', join(dir, 'absent.json')], '');
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe(`error: no such file: ${join(dir, 'absent.json')}`);
  });
});
