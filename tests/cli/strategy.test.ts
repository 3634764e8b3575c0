import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { decodeSources, parseStrategy } from '../../src/cli/strategy';
import { loadBundle } from '../../src/cli/models';
import { getTask } from '../../src/tasks';
import { greedyDecodeBatch } from '../../src/decode/greedy';
import { scoreSequence } from '../../src/decode/forced';
import { beamSearch } from '../../src/decode/beam';
import { modelNextToken } from '../../src/decode/next';

const ROOT = join(__dirname, '..', '..');
const strategy = (...argv: string[]) => parseStrategy(parseArgs(argv), 29);

describe('strategy flags', () => {
  it('default to greedy; the flags given choose beam or sampling, with their defaults', () => {
    expect(strategy()).toEqual({ kind: 'greedy' });
    expect(strategy('--beam', '3')).toEqual({ kind: 'beam', width: 3, alpha: 0 });
    expect(strategy('--strategy', 'beam')).toEqual({ kind: 'beam', width: 4, alpha: 0 });
    expect(strategy('--alpha', '0.6')).toEqual({ kind: 'beam', width: 4, alpha: 0.6 });
    expect(strategy('--temperature', '0.5', '--top-k', '5')).toEqual({ kind: 'sample', temperature: 0.5, topK: 5, topP: 1, seed: 1 });
    expect(strategy('--strategy', 'sample', '--top-p', '0.9', '--seed', '7')).toEqual({ kind: 'sample', temperature: 1, topK: 0, topP: 0.9, seed: 7 });
  });

  it('refuses a value out of range with a message naming the flag and its range', () => {
    expect(() => strategy('--beam', '9')).toThrow('--beam must be a whole number from 1 to 8, got “9”');
    expect(() => strategy('--beam', '2.5')).toThrow('--beam must be a whole number from 1 to 8, got “2.5”');
    expect(() => strategy('--alpha', '-0.1')).toThrow('--alpha must be a number from 0 to 2, got “-0.1”');
    expect(() => strategy('--temperature', '0.01')).toThrow('--temperature must be a number from 0.05 to 2, got “0.01”');
    expect(() => strategy('--temperature', 'hot')).toThrow('--temperature must be a number from 0.05 to 2, got “hot”');
    expect(() => strategy('--top-k', '30')).toThrow('--top-k must be a whole number from 0 (off) to 29 (the target vocabulary), got “30”');
    expect(() => strategy('--top-p', '0')).toThrow('--top-p must be a number greater than 0 and at most 1, got “0”');
    expect(() => strategy('--seed', '-1')).toThrow('--seed must be a whole number ≥ 0, got “-1”');
    expect(() => strategy('--strategy', 'nucleus')).toThrow('--strategy must be one of greedy, beam, sample, got “nucleus”');
  });

  it('refuses flags of another strategy', () => {
    expect(() => strategy('--strategy', 'beam', '--temperature', '0.5')).toThrow('--temperature applies to --strategy sample, not beam');
    expect(() => strategy('--strategy', 'greedy', '--beam', '2')).toThrow('--beam applies to --strategy beam, not greedy');
    expect(() => strategy('--beam', '2', '--seed', '1')).toThrow(/cannot be combined/);
  });
});

describe('decoding many sources with a strategy', () => {
  const task = getTask('reverse');
  const { model } = loadBundle('reverse');
  const srcs = ['abc', 'hello', 'jccmapfwunki', 'zz'].map((w) => task.srcVocab.encode(w, { eos: true }));

  it('greedy gives the batched greedy outputs, scored with EOS when it stopped there', () => {
    const out = decodeSources(model, srcs, { kind: 'greedy' }, { scores: true, maxLen: task.maxTgtLen });
    expect(out.map((o) => o.tokens)).toEqual(greedyDecodeBatch(model, srcs, task.maxTgtLen));
    expect(task.tgtVocab.decode(out[2].tokens)).toBe('iknuwfpamccjj'); // 13 tokens: no EOS, no EOS term
    expect(out[2].score).toBeCloseTo(scoreSequence(model, srcs[2], out[2].tokens), 9);
    expect(out[0].score).toBeCloseTo(scoreSequence(model, srcs[0], [...out[0].tokens, 2]), 9);
  });

  it('beam and sampling give the searches’ outputs and scores', () => {
    const beam = decodeSources(model, srcs, { kind: 'beam', width: 4, alpha: 0 }, { maxLen: task.maxTgtLen });
    expect(beam.map((o) => task.tgtVocab.decode(o.tokens))).toEqual(['cba', 'olleh', 'iknuwfpamccj', 'zz']);
    const r = beamSearch(modelNextToken(model, srcs[1], { maxLen: task.maxTgtLen }), { width: 4 });
    expect(beam[1].score).toBe(r.score);
    const spec = { kind: 'sample', temperature: 1.5, topK: 0, topP: 1, seed: 4 } as const;
    expect(decodeSources(model, srcs, spec)).toEqual(decodeSources(model, srcs, spec));
  });
});

describe('npm run predict with strategies', () => {
  const run = (args: string[], input: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/predict.ts', ...args], { cwd: ROOT, input, encoding: 'utf8' });

  it('beam search with --scores: one line per input, a tab and the log-probability', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/predict.ts', '--task', 'reverse', '--beam', '4', '--scores'], {
      cwd: ROOT, input: 'jccmapfwunki\nHi\nabc\n', encoding: 'utf8',
    });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^iknuwfpamccj\t-\d+\.\d{6}$/);
    expect(lines[1]).toMatch(/^error: .*“H”/);
    const [text, score] = lines[2].split('\t');
    expect(text).toBe('cba');
    const task = getTask('reverse');
    const { model } = loadBundle('reverse');
    expect(Number(score)).toBeCloseTo(scoreSequence(model, task.srcVocab.encode('abc', { eos: true }), [...task.tgtVocab.encode('cba'), 2]), 5);
  });

  it('a bad value exits non-zero with a message naming the flag and its range', () => {
    const r = run(['--task', 'reverse', '--temperature', '5'], 'abc\n');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: --temperature must be a number from 0.05 to 2, got “5”');
  });
});
