/**
 * The command line with --arch: a tiny RNN trained for two steps into a temporary folder,
 * then `eval --by-length` reproducing the by-length scores stored in its .json.
 */
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function run(script: string, args: string[]): { status: number; out: string } {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { status: err.status, out: err.stdout + err.stderr };
  }
}

describe('npm run train / eval with --arch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains an RNN into <task>-<arch> files with by-length scores, and eval --by-length reproduces them', () => {
    const t = run('train', [
      '--task', 'reverse-long', '--arch', 'rnn-attention', '--steps', '2', '--embed', '4', '--hidden', '4', '--attention', '3',
      '--valid', '10', '--test', '10', '--valid-every', '1', '--out', dir,
    ]);
    expect(t.out).toContain('training reverse-long (rnn-attention)');
    expect(t.status).toBe(0);
    const jsonPath = join(dir, 'reverse-long-rnn-attention.json');
    const meta = JSON.parse(readFileSync(jsonPath, 'utf8'));
    expect(meta.arch).toBe('rnn-attention');
    expect(meta.config.attentionDim).toBe(3);
    expect(meta.metrics.byLength.lengths.map((l: { length: number }) => l.length)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const e = run('eval', ['--task', 'reverse-long', '--arch', 'rnn-attention', '--by-length', '--dir', dir]);
    expect(e.status).toBe(0);
    expect(e.out).toMatch(/^\s+24\s+100\s/m);
    expect(e.out).toContain('the same as the scores stored in');
    // a stored score that the model does not reproduce is reported, and the exit status says so
    meta.metrics.byLength.lengths[5].tokenAccuracy += 0.125;
    writeFileSync(jsonPath, JSON.stringify(meta, null, 2));
    const d = run('eval', ['--task', 'reverse-long', '--arch', 'rnn-attention', '--by-length', '--dir', dir]);
    expect(d.status).toBe(1);
    expect(d.out).toMatch(/DIFFERENT from the scores stored in .*\n {2}length 6: tokenAccuracy stored/);
  });

  it('predict --arch decodes with the shipped RNN models, one line per input, an error line for a bad one', () => {
    for (const arch of ['rnn-attention', 'rnn-fixed']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/predict.ts', '--task', 'reverse-long', '--arch', arch], {
        cwd: ROOT, input: 'abc\nabcdefghijklmnopqrstuvwxyz\nattention\n', encoding: 'utf8',
      }).split('\n');
      expect(out.length).toBe(4);
      expect(out[0]).toBe('cba');
      expect(out[1]).toMatch(/^error: .*26 characters, at most 24/);
      if (arch === 'rnn-attention') expect(out[2]).toBe('noitnetta');
    }
    expect(run('predict', ['--task', 'reverse-long', '--arch', 'rnn-fixed', '--beam', '4']).out).toContain('error: --beam does not apply to --arch rnn-fixed (it decodes greedily)');
  });

  it('names a wrong architecture or an option of the other architecture', () => {
    expect(run('train', ['--task', 'reverse-long', '--arch', 'lstm']).out).toContain('error: --arch must be one of transformer, nat, rnn-fixed, rnn-attention, got “lstm”');
    expect(run('train', ['--task', 'reverse-long', '--arch', 'rnn-fixed', '--d-model', '8']).out).toContain('error: --d-model is a Transformer option; rnn-fixed takes --embed, --hidden and --attention');
    expect(run('eval', ['--task', 'reverse-long', '--arch', 'rnn-fixed', '--dir', dir]).out).toContain(`error: no trained rnn-fixed model for reverse-long in ${dir}`);
  });
});
