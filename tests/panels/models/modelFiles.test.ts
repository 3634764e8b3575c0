import { makeT } from '../../../src/i18n';
import { writeBundle } from '../../../src/io/bundle';
import type { ModelFileProblem } from '../../../src/io/problems';
import { baseName, describeProblem, describeRefusal, modelFromBytes, readModelPair } from '../../../src/panels/models/modelFiles';
import { picked } from './helpers';
import { charRanges } from '../../../src/panels/models/openModel';
import { smallBundle } from '../../tour/helpers';

const en = makeT('en'), zh = makeT('zh');
const files = writeBundle(smallBundle('reverse', 3));

describe('opening a model pair in the page', () => {
  it('a good pair becomes a model named after its .json, with the model’s own task, whatever the order of the files', async () => {
    const r = await readModelPair([picked('mine.safetensors', files.safetensors), picked('mine.json', files.json)]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.model).toMatchObject({ name: 'mine', origin: 'files', files: { json: 'mine.json', safetensors: 'mine.safetensors' }, json: files.json });
    expect(r.model.task.srcVocab.tokens).toEqual(smallBundle('reverse', 3).meta.srcVocab);
    expect(r.model.bundle.model.config.dModel).toBe(16);
  });

  it('not a pair: the reason and the files given are named', async () => {
    const one = await readModelPair([picked('mine.json', files.json)]);
    expect(one.ok).toBe(false);
    if (one.ok) return;
    expect(describeRefusal(en, one.refusal)).toBe('a model is two files, a .json and a .safetensors; 1 were given');
    const two = await readModelPair([picked('a.json', files.json), picked('b.txt', 'x')]);
    if (two.ok) throw new Error('refused');
    expect(describeRefusal(en, two.refusal)).toBe('there is no .safetensors file among a.json, b.txt');
    expect(describeRefusal(zh, two.refusal)).toBe('a.json, b.txt 中没有 .safetensors 文件');
  });

  it('a truncated .safetensors is refused as such, naming the tensor and the bytes', async () => {
    const r = await readModelPair([picked('m.json', files.json), picked('m.safetensors', files.safetensors.slice(0, files.safetensors.length - 10))]);
    if (r.ok) throw new Error('refused');
    expect(r.refusal.kind).toBe('problem');
    expect(describeRefusal(en, r.refusal)).toMatch(/^the \.safetensors file is truncated: \S+ needs the data bytes \[\d+, \d+\] but the data holds only \d+ bytes$/);
    expect(describeRefusal(zh, r.refusal)).toMatch(/^\.safetensors 文件被截断了：/);
  });

  it('a .json of another format, a missing tensor and a mis-shaped one are refused with what is wrong', () => {
    const other = JSON.stringify({ ...JSON.parse(files.json), format: 'my-transformer/2' });
    const f = modelFromBytes('m', other, files.safetensors, 'files');
    if (f.ok) throw new Error('refused');
    expect(describeRefusal(en, f.refusal)).toBe('unknown format “my-transformer/2” in the .json file (expected seq2seq-lab-model/1)');
    const wider = JSON.stringify({ ...JSON.parse(files.json), config: { ...JSON.parse(files.json).config, dimFeedforward: 48 } });
    const s = modelFromBytes('m', wider, files.safetensors, 'files');
    if (s.ok) throw new Error('refused');
    expect(describeRefusal(en, s.refusal)).toMatch(/^tensor transformer\.\S+ has shape \[\d+(,\d+)?\] in the \.safetensors file, the config needs \[\d+(,\d+)?\]$/);
  });

  it('every kind of problem has words in both languages, the tensor names and shapes kept', () => {
    const problems: ModelFileProblem[] = [
      { kind: 'truncated', file: 'safetensors', detail: 'd' },
      { kind: 'malformed', file: 'json', detail: 'it is not valid JSON' },
      { kind: 'format', got: 'x', expected: ['seq2seq-lab-model/1'] },
      { kind: 'arch', got: 'nat', expected: ['transformer'] },
      { kind: 'field', field: 'srcEos', expected: 'true or false', got: 'the string “yes”' },
      { kind: 'config', detail: 'dModel 16 is not divisible by nHead 3' },
      { kind: 'vocab', detail: 'srcVocab[0] should be “<pad>”' },
      { kind: 'dtype', tensor: 'generator.bias', dtype: 'I32', supported: ['F32', 'F16', 'BF16'] },
      { kind: 'missing', tensor: 'transformer.decoder.norm.bias', expected: [16], more: 0 },
      { kind: 'missing', tensor: 'transformer.decoder.norm.bias', expected: [16], more: 3, hint: 'the file has 2 layers' },
      { kind: 'extra', tensor: 'pos.pe', shape: [10, 16], more: 0 },
      { kind: 'shape', tensor: 'generator.weight', expected: [13, 16], got: [16, 13] },
      { kind: 'nonFinite', tensor: 'transformer.encoder.layers.1.linear2.weight', index: [1, 5], value: NaN },
    ];
    for (const p of problems) {
      for (const t of [en, zh]) {
        const text = describeProblem(t, p);
        expect(text, `${p.kind}`).not.toMatch(/\{\w+\}/);
        if ('tensor' in p) expect(text).toContain(p.tensor);
      }
    }
    expect(describeProblem(en, problems[11])).toBe('tensor generator.weight has shape [16,13] in the .safetensors file, the config needs [13,16]');
    expect(describeProblem(zh, problems[11])).toBe('.safetensors 文件中的张量 generator.weight 形状为 [16,13]，配置需要 [13,16]');
    expect(describeProblem(en, problems[9])).toBe('tensor transformer.decoder.norm.bias [16] is missing from the .safetensors file (and 3 more) (the file has 2 layers)');
    expect(describeProblem(en, problems[3])).toBe('this is a “nat” model, not a Transformer (the .json’s arch)');
  });

  it('names files without their extension and writes a vocabulary with ranges', () => {
    expect(baseName('my-model.json')).toBe('my-model');
    expect(baseName('MY.SAFETENSORS')).toBe('MY');
    expect(charRanges([...'abcdefghijklmnopqrstuvwxyz'])).toBe('a–z');
    expect(charRanges([...'0123456789'])).toBe('0–9');
    expect(charRanges([...'0123456789 ,./abc'])).toBe('0–9 ␣ , . / a–c');
    expect(charRanges([...'xy'])).toBe('x y');
  });
});
