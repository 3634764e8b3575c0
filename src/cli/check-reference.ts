/**
 * npm run check:reference -- DIR
 * Runs every case of every *.json reference fixture in DIR through the project's
 * own code. Prints which kernel path ran (`kernels: wasm (…)` or `kernels: js (…)`), then
 * `PASS name`, `FAIL name: field, worst element, expected, actual`,
 * `NOT COMPARED name: fields`, then `N passed, N failed`. Exits 1 on any failure.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describeKernels } from '../core';
import { formatCase, runReferenceFiles } from '../io/reference';

const HELP = `usage: npm run check:reference -- DIR

Runs every case of every *.json PyTorch reference fixture in DIR
(format transformer-reference/1) through seq2seq-lab's own code. It first names the kernel path the products
run on ("kernels: wasm (…)" or "kernels: js (…)"; SEQ2SEQ_KERNELS=js|wasm|auto
chooses it), then prints one line per case:
  PASS name
  FAIL name: field, worst element, expected, actual
  NOT COMPARED name: fields        (expected fields not computed yet)
and finally "N passed, N failed". The exit status is 1 when anything failed.`;

function main(argv: string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const dir = argv.find((a) => !a.startsWith('-'));
  if (!dir) {
    console.error('check:reference: give the folder of fixtures, e.g. npm run check:reference -- tests/fixtures/reference');
    return 2;
  }
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    console.error(`check:reference: cannot read folder ${dir}: ${(e as Error).message}`);
    return 2;
  }
  if (names.length === 0) {
    console.error(`check:reference: no *.json fixtures in ${dir}`);
    return 2;
  }
  const files = names.map((n) => ({ name: n, text: readFileSync(join(dir, n), 'utf8') }));
  console.log(`kernels: ${describeKernels()}`);
  const { results, passed, failed } = runReferenceFiles(files);
  for (const r of results) for (const line of formatCase(r)) console.log(line);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
