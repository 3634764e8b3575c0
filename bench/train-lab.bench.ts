/**
 * Time to 95% validation exact match in the training lab's page, as a reader gets it: the
 * built site in headless Chromium, the lab opened on a task's preset, Play pressed, and the
 * validation chart read (its accessible name gives the step, the training time and the
 * free-running exact match) until exact match reaches 95%. Also the steps per second over
 * the run and the main thread's long tasks meanwhile. Writes test-results/train-lab-bench.json.
 *
 *   npm run bench:train-ui                 (both presets)
 *   TASKS=sort npm run bench:train-ui      (one)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const TASKS = (process.env.TASKS ?? 'reverse,sort').split(',');
const LIMIT_S = Number(process.env.LIMIT_S ?? 120);
const results: Record<string, unknown>[] = [];

test.afterAll(() => {
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/train-lab-bench.json', JSON.stringify(results, null, 2));
});

for (const task of TASKS) {
  test(`${task}: the lab's preset reaches 95% validation exact match`, async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`/#view=train&ttask=${task}`);
    const status = page.getByRole('status', { name: 'Training progress' });
    await expect(status).toHaveText('Step 0 · loss — · paused', { timeout: 30_000 });
    const before = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.length);
    await page.getByRole('button', { name: 'Play' }).click();
    const chart = page.getByRole('img', { name: /^Validation at step/ });
    let reached: { step: number; seconds: number; em: number } | null = null;
    const t0 = Date.now();
    while (!reached && Date.now() - t0 < LIMIT_S * 1000 * 3) {
      const name = (await chart.getAttribute('aria-label')) ?? '';
      const m = /^Validation at step (\d+) \(([\d.]+) s of training\):.*exact match ([\d.]+)%$/.exec(name);
      if (m && Number(m[3]) >= 95) reached = { step: Number(m[1]), seconds: Number(m[2]), em: Number(m[3]) };
      else if (m && Number(m[2]) > LIMIT_S) break;
      else await page.waitForTimeout(100);
    }
    await page.getByRole('button', { name: 'Pause' }).click();
    const long = (await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks)).slice(before);
    const r = { task, ...reached, stepsPerSecond: reached ? +(reached.step / reached.seconds).toFixed(1) : null, longTasks: long.map((d) => Math.round(d)) };
    results.push(r);
    console.log(`${task}: ${reached ? `95% exact match (${reached.em}%) at step ${reached.step} after ${reached.seconds} s of training, ${r.stepsPerSecond} steps/s` : `not reached in ${LIMIT_S} s`}; main-thread tasks over 50 ms: ${long.length}${long.length ? ` (${long.map((d) => d.toFixed(0)).join(', ')} ms)` : ''}`);
    expect(reached).not.toBeNull();
  });
}
