/**
 * npm run bench:train -- [--task reverse|sort|all] [--seeds 1,2,3] [--browser] …
 * How long the training lab's presets take to reach 95% free-running validation exact
 * match: in Node through the training controller (the worker's own logic), or with
 * `--browser` in headless Chromium through the real Web Worker of the built site
 * (`npm run build` first). Reports the training time, the step and steps per second.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LAB_TASKS, labOptions, type LabOptions, type LabTaskName } from '../labs/train';
import { TrainController } from '../workers/train_controller';
import { LAB_ARCHS } from '../workers/lab_archs';
import type { ProbeResult } from '../workers/train_probe';
import type { TrainEvent } from '../workers/train_protocol';
import { intArg, numArg, parseArgs, runCli, type ParsedArgs } from './args';

const HELP = `usage: npm run bench:train -- [options]

Trains the training lab's presets until the free-running (greedy) validation exact
match reaches the target, and prints the training time, the step and steps/s.

  --task NAME          reverse, sort or all (default all)
  --seeds LIST         seeds to run, e.g. 1,2,3 (default 1)
  --target X           exact match to reach, 0-1 (default 0.95)
  --limit-s N          give up after N seconds of training (default 180)
  --browser            run in headless Chromium through the built site's Web Worker
                       (needs npm run build; Chromium from $CHROMIUM_PATH or /usr/bin/chromium)
  --port N             port for the built site with --browser (default 4191)
  --max-input-len N, --batch N, --lr-factor X, --warmup N, --valid-every N, --size tiny|small
                       override the preset
  --json               end with one JSON line of the results`;

interface BenchResult {
  where: 'node' | 'chromium';
  task: LabTaskName;
  seed: number;
  reached: boolean;
  reachedSeconds: number | null;
  reachedStep: number | null;
  stepsPerSecond: number;
  longTasks?: number[];
  longTaskStarts?: number[];
}

function optionsFor(task: LabTaskName, seed: number, a: ParsedArgs): LabOptions {
  const base = labOptions(task, { seed });
  const size = a.values.get('size') ?? base.size;
  if (size !== 'tiny' && size !== 'small') throw new Error(`--size must be tiny or small, got “${size}”`);
  return {
    ...base, size,
    maxInputLen: intArg(a, 'max-input-len', base.maxInputLen, 1),
    batchSize: intArg(a, 'batch', base.batchSize, 1),
    lrFactor: numArg(a, 'lr-factor', base.lrFactor, 0),
    warmup: intArg(a, 'warmup', base.warmup, 1),
    validEvery: intArg(a, 'valid-every', base.validEvery, 1),
    maxSteps: 100_000,
  };
}

/** Runs the controller in this process until the target or the limit. */
function runNode(options: LabOptions, target: number, limitMs: number): Promise<Omit<BenchResult, 'where' | 'task' | 'seed'>> {
  return new Promise((done, fail) => {
    let reachedMs: number | null = null, reachedStep: number | null = null, step = 0, elapsed = 0;
    const controller = new TrainController(
      {
        post: (e: TrainEvent) => {
          if (e.type === 'error') fail(new Error(e.message));
          if (e.type === 'ready') controller.handle({ type: 'play' });
          if (e.type === 'progress') {
            step = e.step;
            elapsed = e.elapsedMs;
            for (const v of e.validations) {
              if (reachedMs === null && v.freeRunning.exactMatch >= target) {
                reachedMs = v.elapsedMs;
                reachedStep = v.step;
                controller.handle({ type: 'pause' });
              }
            }
            if (e.running && e.elapsedMs >= limitMs) controller.handle({ type: 'pause' });
          }
          if (e.type === 'state' && !e.running && e.reason !== 'play') {
            done({
              reached: reachedMs !== null, reachedSeconds: reachedMs === null ? null : reachedMs / 1000, reachedStep,
              stepsPerSecond: elapsed > 0 ? (step * 1000) / elapsed : 0,
            });
          }
        },
        now: () => performance.now(),
        defer: (fn) => setImmediate(fn),
      },
      { archs: LAB_ARCHS },
    );
    controller.handle({ type: 'init', options });
  });
}

async function runBrowser(runs: { task: LabTaskName; seed: number; options: LabOptions }[], target: number, limitMs: number, port: number): Promise<BenchResult[]> {
  const root = resolve(import.meta.dirname, '..', '..');
  if (!existsSync(resolve(root, 'dist', 'bench', 'train-worker.html'))) throw new Error('dist/bench/train-worker.html is missing: run npm run build first');
  const { preview } = await import('vite');
  const { chromium } = await import('@playwright/test');
  const server = await preview({ root, preview: { port, strictPort: true }, logLevel: 'silent' });
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  const out: BenchResult[] = [];
  try {
    for (const run of runs) {
      const page = await browser.newPage();
      await page.goto(`http://localhost:${port}/bench/train-worker.html`);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
      const r: ProbeResult = await page.evaluate(
        ([o, t, l]) => window.trainProbe.run(o, { target: t, limitMs: l, stopAtTarget: true }),
        [run.options, target, limitMs] as const,
      );
      await page.close();
      if (r.errors.length > 0) throw new Error(r.errors.join('; '));
      out.push({
        where: 'chromium', task: run.task, seed: run.seed, reached: r.reached,
        reachedSeconds: r.reachedMs === null ? null : r.reachedMs / 1000, reachedStep: r.reachedStep,
        stepsPerSecond: r.stepsPerSecond, longTasks: r.longTasks, longTaskStarts: r.longTaskStarts,
      });
      report(out[out.length - 1]);
    }
  } finally {
    await browser.close();
    await new Promise<void>((res) => server.httpServer.close(() => res()));
  }
  return out;
}

function report(r: BenchResult): void {
  const time = r.reached ? `${r.reachedSeconds!.toFixed(1)} s (step ${r.reachedStep})` : 'not reached';
  const lt = r.longTasks ? `, main-thread tasks over 50 ms: ${r.longTasks.length}` : '';
  console.log(`${r.where.padEnd(8)} ${r.task.padEnd(8)} seed ${r.seed}: ${time}, ${r.stepsPerSecond.toFixed(1)} steps/s${lt}`);
}

async function main(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ['browser', 'json']);
  const taskArg = a.values.get('task') ?? 'all';
  if (taskArg !== 'all' && !(LAB_TASKS as readonly string[]).includes(taskArg)) throw new Error(`--task must be ${LAB_TASKS.join(', ')} or all, got “${taskArg}”`);
  const tasks = taskArg === 'all' ? [...LAB_TASKS] : [taskArg as LabTaskName];
  const seeds = (a.values.get('seeds') ?? '1').split(',').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--seeds must be whole numbers separated by commas, got “${s}”`);
    return n;
  });
  const target = numArg(a, 'target', 0.95, 0, 1);
  const limitMs = numArg(a, 'limit-s', 180, 1) * 1000;
  const runs = tasks.flatMap((task) => seeds.map((seed) => ({ task, seed, options: optionsFor(task, seed, a) })));
  let results: BenchResult[] = [];
  if (a.flags.has('browser')) {
    results = await runBrowser(runs, target, limitMs, intArg(a, 'port', 4191, 1));
  } else {
    for (const run of runs) {
      const r = await runNode(run.options, target, limitMs);
      results.push({ where: 'node', task: run.task, seed: run.seed, ...r });
      report(results[results.length - 1]);
    }
  }
  if (a.flags.has('json')) console.log(JSON.stringify(results));
  return results.every((r) => r.reached) ? 0 : 1;
}

void runCli(HELP, main);
