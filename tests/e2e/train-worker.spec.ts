/**
 * The training Web Worker in the built site (through its probe page, not the lab's
 * panels): it trains for a few seconds, the loss falls, validations, attention snapshots
 * and step anatomies arrive, and the main thread has no task over 50 ms meanwhile.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { labOptions } from '../../src/labs/train';
import type { ProbeResult } from '../../src/workers/train_probe';
import { watch } from './watch';

test('the built training worker trains reverse for a few seconds without blocking the page', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/bench/train-worker.html');
  await expect(page.getByRole('status', { name: 'Training progress' })).toHaveText('ready');
  const options = labOptions('reverse', { validEvery: 25 });
  const r: ProbeResult = await page.evaluate(
    (o) => window.trainProbe.run(o, { target: 2, limitMs: 4000, stopAtTarget: false }),
    options,
  );
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/train-worker.json', JSON.stringify({ ...r, validations: r.validations.slice(-3) }, null, 2));
  console.log(`training worker: ${r.step} steps in ${(r.elapsedMs / 1000).toFixed(1)} s (${r.stepsPerSecond.toFixed(1)} steps/s), loss ${r.firstLoss?.toFixed(3)} → ${r.lastLoss?.toFixed(3)}, main-thread tasks over 50 ms: ${r.longTasks.length}`);
  expect(r.errors).toEqual([]);
  expect(r.step).toBeGreaterThan(20);
  expect(r.lastLoss!).toBeLessThan(r.firstLoss! * 0.8);
  expect(r.progressMessages).toBeGreaterThan(3);
  expect(r.validations.length).toBeGreaterThan(1);
  expect(r.snapshots).toBeGreaterThan(1);
  expect(r.anatomies).toBe(r.progressMessages);
  // reported above; fails on a freeze a reader would feel even on a loaded machine (see train-lab.spec.ts)
  expect(r.longTasks.filter((ms) => ms > 200)).toEqual([]);
  expect(r.longTasks.length).toBeLessThanOrEqual(2);
  await expect(page.getByRole('status', { name: 'Training progress' })).toContainText(`step ${r.step}`);
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.foreignRequests).toEqual([]);
});
