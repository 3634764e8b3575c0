import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { formatCase, runCase, runReferenceFiles, parseReferenceFile, type ReferenceCase } from '../../src/io/reference';

const DIR = join(__dirname, '..', 'fixtures', 'reference');
const files = readdirSync(DIR).filter((n) => n.endsWith('.json')).sort()
  .map((n) => ({ name: n, text: readFileSync(join(DIR, n), 'utf8') }));

function firstCase(op: string): ReferenceCase {
  for (const f of files) {
    const c = parseReferenceFile(f.text).cases.find((x) => x.op === op);
    if (c) return structuredClone(c);
  }
  throw new Error(`no case of op ${op}`);
}

describe('PyTorch reference fixtures', () => {
  it('every case of every fixture file passes', () => {
    const { results, passed, failed } = runReferenceFiles(files);
    const failures = results.filter((r) => r.status === 'fail').map((r) => formatCase(r).join('\n'));
    expect(failures).toEqual([]);
    expect(failed).toBe(0);
    expect(passed).toBe(31);
  });

  it('compares every expected field, gradients of the whole model included', () => {
    const { results } = runReferenceFiles(files);
    expect(results.filter((r) => r.notCompared.length > 0).map((r) => r.name)).toEqual([]);
  });

  it('a corrupted gradient fails', () => {
    const c = firstCase('seq2seq_transformer');
    const g = c.expected['grad.transformer.decoder.layers.0.linear1.weight'];
    g.data[3] = Number(g.data[3]) + 0.01;
    expect(formatCase(runCase(c))[0]).toMatch(/^FAIL seq2seq_0_postln: grad\.transformer\.decoder\.layers\.0\.linear1\.weight, worst element \[0,3\]/);
  });

  it('every field of the GRU cases is compared: output, h_n, loss and the gradients of x, h0 and every parameter', () => {
    const gruCases = files.flatMap((f) => parseReferenceFile(f.text).cases).filter((c) => c.op === 'gru');
    expect(gruCases.map((c) => c.name)).toEqual(['gru_uni', 'gru_uni_h0', 'gru_bi', 'gru_bi_lengths']);
    for (const c of gruCases) {
      const r = runCase(c);
      expect(r.status).toBe('pass');
      expect(r.notCompared).toEqual([]);
    }
    const bi = gruCases.find((c) => c.name === 'gru_bi_lengths')!;
    expect(Object.keys(bi.expected)).toEqual(expect.arrayContaining(['output', 'h_n', 'loss', 'grad.x', 'grad.h0', 'grad.weight_hh_l0_reverse']));
  });

  it('a corrupted GRU gradient or final state fails and names the field', () => {
    const c = firstCase('gru');
    const bi = parseReferenceFile(files.find((f) => f.name === 'rnn.json')!.text).cases.find((x) => x.name === 'gru_bi_lengths')!;
    const g = structuredClone(bi);
    g.expected['grad.weight_hh_l0_reverse'].data[5] = Number(g.expected['grad.weight_hh_l0_reverse'].data[5]) + 0.01;
    expect(formatCase(runCase(g))[0]).toMatch(/^FAIL gru_bi_lengths: grad\.weight_hh_l0_reverse, worst element \[1,0\]/);
    c.expected.h_n.data[1] = Number(c.expected.h_n.data[1]) + 0.01;
    expect(formatCase(runCase(c))[0]).toMatch(/^FAIL gru_uni: h_n, worst element \[0,0,1\]/);
  });

  it('a corrupted expected value fails and names the field, the element and both values', () => {
    const c = firstCase('layer_norm');
    const y = c.expected.y;
    y.data[7] = Number(y.data[7]) + 0.01;
    const r = runCase(c);
    expect(r.status).toBe('fail');
    const line = formatCase(r)[0];
    expect(line).toMatch(/^FAIL layer_norm_0: y, worst element \[1,1\], expected -?\d/);
  });

  it('a wrong shape fails', () => {
    const c = firstCase('relu');
    c.expected.y.shape = [7, 4];
    expect(formatCase(runCase(c))[0]).toContain('worst element shape');
  });

  it('an unknown op counts as a failure', () => {
    const c = firstCase('relu');
    c.op = 'flash_attention';
    const r = runCase(c);
    expect(r.status).toBe('fail');
    expect(formatCase(r)[0]).toContain('FAIL relu');
  });

  it('fields the project does not compute are listed as not compared, not dropped', () => {
    const c = firstCase('relu');
    c.expected['grad.x'] = { shape: [1], dtype: 'float', data: [0] };
    const r = runCase(c);
    expect(r.status).toBe('pass');
    expect(formatCase(r)).toContain('NOT COMPARED relu: grad.x');
  });

  it('the command prints one line per case and the totals, and exits 0', () => {
    const outText = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/check-reference.ts', DIR], {
      cwd: join(__dirname, '..', '..'), encoding: 'utf8',
    });
    const lines = outText.trim().split('\n');
    expect(lines[lines.length - 1]).toBe('31 passed, 0 failed');
    expect(lines.filter((l) => l.startsWith('PASS ')).length).toBe(31);
  });

  it('the command names the kernel path first: wasm by default, js when SEQ2SEQ_KERNELS=js, and both pass', () => {
    for (const [value, path] of [['wasm', /^kernels: wasm \(WebAssembly SIMD 128-bit, float32 accumulation; SEQ2SEQ_KERNELS=wasm\)$/], ['js', /^kernels: js \(JavaScript, float64 accumulation; SEQ2SEQ_KERNELS=js\)$/]] as const) {
      const outText = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/check-reference.ts', DIR], {
        cwd: join(__dirname, '..', '..'), encoding: 'utf8', env: { ...process.env, SEQ2SEQ_KERNELS: value },
      });
      const lines = outText.trim().split('\n');
      expect(lines[0]).toMatch(path);
      expect(lines[lines.length - 1]).toBe('31 passed, 0 failed');
    }
  });

  it('the command exits non-zero when a case fails', () => {
    let status = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/check-reference.ts', join(__dirname, 'no-such-dir')], {
        cwd: join(__dirname, '..', '..'), encoding: 'utf8', stdio: 'pipe',
      });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).not.toBe(0);
  });
});
