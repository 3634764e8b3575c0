/**
 * The training lab in Chromium, on the production build: it trains reverse for a few
 * seconds in the Web Worker (the loss falls, the charts and the attention snapshot update,
 * no main-thread task over 50 ms meanwhile), downloads the model and opens it in the tour
 * with one click; the tour opens model pairs by its file picker and by drag-and-drop
 * (the shipped files, and the downloaded ones, which give the same output), refuses a bad
 * pair while the model in use stays, and says that a link to a model of an earlier visit
 * cannot reopen. Both languages, presentation mode, a phone, axe, no console error, and
 * screenshots to look at.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { watch, expectClean, axeClean } from './watch';

const SHOTS = 'tests/e2e/screenshots';

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

/** Records the main thread's long tasks from the first script on (with when they started). */
async function watchLongTasks(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // no long-task timing here
    }
  });
}

const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
const now = (page: Page) => page.evaluate(() => performance.now());
const status = (page: Page, name = 'Training progress') => page.getByRole('status', { name });

/** The step and loss the status shows. */
async function progress(page: Page): Promise<{ step: number; loss: number }> {
  const m = /^Step (\d+) · loss ([\d.]+|—)/.exec((await status(page).textContent()) ?? '');
  if (!m) throw new Error('no progress');
  return { step: Number(m[1]), loss: m[2] === '—' ? NaN : Number(m[2]) };
}

/** The output of the tour's walk to its last step. */
async function tourOutput(page: Page): Promise<string> {
  await expect(page.getByRole('navigation', { name: 'Model map' })).toBeVisible();
  await page.getByRole('heading', { level: 3 }).first().click();
  await page.keyboard.press('End');
  await expect(page.getByRole('button', { name: /Next step/ })).toBeDisabled();
  return (await page.getByRole('status', { name: 'Output' }).textContent()) ?? '';
}

test('trains reverse in the worker: the loss falls, the charts and the attention update, no long task; the model downloads and opens in the tour', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const problems = watch(page, new URL(baseURL!).origin);
  await watchLongTasks(page);
  await page.goto('/#view=train');
  await expect(page.getByRole('heading', { level: 2, name: 'Train a Transformer' })).toBeVisible();
  await expect(status(page)).toHaveText('Step 0 · loss — · paused', { timeout: 15_000 });
  const validation = page.getByRole('img', { name: /^Validation at step/ });
  await expect(validation).toHaveAccessibleName(/^Validation at step 0 /);

  const t0 = await now(page);
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(status(page)).toHaveText(/^Step [1-9]\d* · loss [\d.]+ · training$/);
  const first = await progress(page);
  // train until the model has clearly learnt something (or 12 s at most)
  await expect(async () => expect((await progress(page)).step).toBeGreaterThanOrEqual(250)).toPass({ timeout: 12_000, intervals: [250] }).catch(() => undefined);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status(page)).toHaveText(/ · paused$/);
  const t1 = await now(page);
  const last = await progress(page);
  const tasks = (await longTasks(page)).filter((x) => x.start >= t0 && x.start <= t1);
  const seconds = (t1 - t0) / 1000;
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/train-lab.json', JSON.stringify({ steps: last.step, seconds, firstLoss: first.loss, lastLoss: last.loss, longTasks: tasks }, null, 2));
  console.log(`training lab: ${last.step} steps in ${seconds.toFixed(1)} s, loss ${first.loss} → ${last.loss}; main-thread tasks over 50 ms while training: ${tasks.length}${tasks.length ? ` (longest ${Math.max(...tasks.map((x) => x.duration)).toFixed(0)} ms)` : ''}`);
  expect(last.step).toBeGreaterThan(first.step + 20);
  expect(last.loss).toBeLessThan(first.loss * 0.8);
  // Every main-thread task over 50 ms is counted and reported (the log, test-results/train-lab.json;
  // npm run bench:train-ui measures it on a quiet machine, where it is 0). The test fails on what a
  // reader would feel even on a machine shared with other jobs: a task over 200 ms, or more than two
  // over 50 ms (training on the main thread would give one per step).
  expect(tasks.filter((x) => x.duration > 200)).toEqual([]);
  expect(tasks.length).toBeLessThanOrEqual(2);
  // the charts moved on: validation at a later step, steps per second measured
  await expect(validation).not.toHaveAccessibleName(/^Validation at step 0 /);
  await expect(page.getByRole('img', { name: /^Steps per second; now \d/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Training loss; at step \d+ the loss is/ })).toBeVisible();

  // the attention of the fixed example, redrawn as training went, and scrubbed back to the start
  await page.getByRole('tab', { name: 'Attention' }).click();
  const cross = page.getByRole('img', { name: /^Cross-attention weights of decoder layer 1, head 1, at step/ });
  await expect(cross).not.toHaveAccessibleName(/at step 0$/);
  const scrub = page.getByRole('slider', { name: 'Snapshot' });
  await scrub.focus();
  await page.keyboard.press('Home');
  await expect(cross).toHaveAccessibleName(/at step 0$/);
  await expect(page.getByRole('button', { name: 'Follow training' })).toBeVisible();
  await page.getByRole('button', { name: 'Follow training' }).click();
  await page.getByRole('tab', { name: 'One training step' }).click();
  await expect(page.getByRole('img', { name: /^Predicted distribution, target and cross-entropy at each of 7 positions; their mean is [\d.]+$/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/train-step-1280.png` });
  await page.getByRole('tab', { name: 'Progress' }).click();

  // download: the two files of public/models/
  const files: Download[] = [];
  page.on('download', (d) => files.push(d));
  await page.getByRole('button', { name: 'Download model' }).click();
  await expect.poll(() => files.length).toBe(2);
  const names = files.map((d) => d.suggestedFilename()).sort();
  expect(names[0]).toMatch(/^reverse-lab-tiny-step\d+\.json$/);
  expect(names[1]).toMatch(/^reverse-lab-tiny-step\d+\.safetensors$/);
  const paths = await Promise.all(files.map(async (d) => {
    const p = `test-results/${d.suggestedFilename()}`;
    await d.saveAs(p);
    return p;
  }));
  expect(JSON.parse(readFileSync(paths.find((p) => p.endsWith('.json'))!, 'utf8'))).toMatchObject({ format: 'seq2seq-lab-model/1', task: 'reverse', training: { maxInputLen: 6 } });

  // one click opens it in the tour, without a reload
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.getByRole('button', { name: 'Open in the tour' }).click();
  await expect(page.getByRole('navigation', { name: 'Model map' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  expect(new URL(page.url()).hash).toMatch(/model=user-reverse-lab-tiny-step\d+/);
  const picker = page.getByRole('combobox', { name: 'Task' });
  await expect(picker).toHaveValue(/^user-reverse-lab-tiny-step\d+$/);
  await expect(page.getByText(/^Trained in the lab · 1–6 characters from a–z/)).toBeVisible();
  const trained = await tourOutput(page);

  // the downloaded pair, opened by the file picker, gives the same output
  await page.getByLabel('Model files (.json and .safetensors)').setInputFiles(paths);
  await expect(page.getByText(/^Opened “reverse-lab-tiny-step\d+” \(/)).toBeVisible();
  await expect(picker).toHaveValue(/^user-reverse-lab-tiny-step\d+-2$/);
  expect(await tourOutput(page)).toBe(trained);
  await page.screenshot({ path: `${SHOTS}/train-opened-in-tour-1280.png` });
  expectClean(problems);
});

test('the tour opens pairs by its file picker and by drag-and-drop, refuses a bad pair keeping its model, and says a link to a model of an earlier visit cannot reopen', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await expect(page.getByRole('navigation', { name: 'Model map' })).toBeVisible();
  const picker = page.getByRole('combobox', { name: 'Task' });
  const input = page.getByLabel('Model files (.json and .safetensors)');
  await expect(page.getByRole('button', { name: 'Open a model…' })).toBeVisible();

  await input.setInputFiles(['public/models/sort.safetensors', 'public/models/sort.json']);
  await expect(page.getByText('Opened “sort” (sort.safetensors + sort.json).')).toBeVisible();
  await expect(picker).toHaveValue('user-sort');
  await expect(page.getByRole('textbox', { name: 'Source', exact: true })).toHaveValue('31415926');
  expect(await tourOutput(page)).toBe('11234569');

  // dropped on the page
  const dt = await page.evaluateHandle(async () => {
    const d = new DataTransfer();
    for (const name of ['date.json', 'date.safetensors']) d.items.add(new File([await (await fetch(`models/${name}`)).blob()], name));
    return d;
  });
  await page.dispatchEvent('section.tour', 'dragenter', { dataTransfer: dt });
  await expect(page.getByText('Drop the model’s .json and .safetensors files to open it')).toBeVisible();
  await page.dispatchEvent('section.tour', 'drop', { dataTransfer: dt });
  await expect(page.getByText('Opened “date” (date.json + date.safetensors).')).toBeVisible();
  await expect(picker).toHaveValue('user-date');
  await expect(page.getByRole('navigation', { name: 'Model map' })).toBeVisible();

  // a bad pair: refused, named, and the model in use stays
  const st = readFileSync('public/models/reverse.safetensors');
  await input.setInputFiles([
    { name: 'reverse.json', mimeType: 'application/json', buffer: readFileSync('public/models/reverse.json') },
    { name: 'reverse.safetensors', mimeType: 'application/octet-stream', buffer: st.subarray(0, st.length - 10) },
  ]);
  await expect(page.getByRole('alert')).toHaveText(/^Not opened \(reverse\.json \+ reverse\.safetensors\): the \.safetensors file is truncated: transformer\.\S+ needs the data bytes \[\d+, \d+\] but the data holds only \d+ bytes\. The page keeps “date”\.Dismiss$/);
  await expect(picker).toHaveValue('user-date');
  await expect(page.getByRole('navigation', { name: 'Model map' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/tour-refused-pair-1280.png` });
  await axeClean(page);

  // a link to a model opened in an earlier visit
  await page.goto('/#model=user-date');
  await page.reload();
  await expect(page.getByText(/^This link names “user-date”, a model opened in the page during an earlier visit\./)).toBeVisible();
  await expect(picker).toHaveValue('reverse');
  await page.screenshot({ path: `${SHOTS}/tour-stale-model-link-1280.png` });
  expectClean(problems);
});

test('in Chinese, in presentation mode, at 1920×1080 and on a phone: nothing cut off or sideways, axe clean', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#view=train');
  await expect(status(page)).toHaveText('Step 0 · loss — · paused', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(async () => expect((await progress(page)).step).toBeGreaterThanOrEqual(120)).toPass({ timeout: 10_000, intervals: [250] }).catch(() => undefined);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status(page)).toHaveText(/ · paused$/);
  const wide = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(await page.evaluate(() => window.innerWidth));
  for (const part of ['Progress', 'Attention', 'One training step']) {
    await page.getByRole('tab', { name: part }).click();
    await wide();
    await axeClean(page);
    await page.screenshot({ path: `${SHOTS}/train-${part.split(' ')[0].toLowerCase()}-1280.png` });
  }
  await page.getByRole('radiogroup', { name: 'Show the step with' }).getByRole('radio', { name: 'Scheduled sampling' }).check();
  await expect(page.getByText(/\(\d of 6 here, marked\)/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/train-step-ss-1280.png` });

  // presentation mode: the part fills the screen under the title row
  await page.getByRole('tab', { name: 'Progress' }).click();
  await page.keyboard.press('p');
  await expect(page.getByRole('button', { name: 'Leave presentation mode' })).toBeVisible();
  const chart = await page.getByRole('img', { name: /^Training loss;/ }).boundingBox();
  const exit = await page.getByRole('button', { name: 'Leave presentation mode' }).boundingBox();
  expect(chart!.y).toBeGreaterThan(exit!.y + exit!.height);
  const cells = await page.locator('.train-progress').boundingBox();
  expect(cells!.width).toBeGreaterThanOrEqual(1280 * 0.9);
  expect(cells!.height).toBeGreaterThanOrEqual(720 * 0.7);
  await page.screenshot({ path: `${SHOTS}/train-presenting-1280.png` });
  await page.getByRole('tab', { name: 'Attention' }).click();
  await page.screenshot({ path: `${SHOTS}/train-presenting-attention-1280.png` });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Presentation mode' })).toBeVisible();

  // Chinese: every word from the catalog
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
  await expect(page.getByRole('heading', { level: 2, name: '训练一个 Transformer' })).toBeVisible();
  await expect(status(page, '训练进度')).toHaveText(/^第 \d+ 步 · 损失 [\d.]+ · 已暂停$/);
  for (const name of ['开始', '暂停', '单步', '重置', '下载模型', '在导览中打开']) await expect(page.getByRole('button', { name })).toBeVisible();
  for (const part of ['训练进度', '注意力', '一步训练']) {
    await page.getByRole('tab', { name: part }).click();
    await wide();
    await axeClean(page);
    await page.screenshot({ path: `${SHOTS}/train-zh-${['训练进度', '注意力', '一步训练'].indexOf(part)}-1280.png` });
  }
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/\b(Training|Progress|Attention|Snapshot|teacher-forced|free-running|Decoder input|Learning rate)\b/);

  // a projector at 1920×1080, and a phone
  await page.getByRole('combobox', { name: '语言 Language' }).selectOption('en');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('tab', { name: 'Progress' }).click();
  await wide();
  await page.screenshot({ path: `${SHOTS}/train-progress-1920.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  for (const part of ['Progress', 'Attention', 'One training step']) {
    await page.getByRole('tab', { name: part }).click();
    await wide();
    await page.screenshot({ path: `${SHOTS}/train-${part.split(' ')[0].toLowerCase()}-390.png`, fullPage: true });
  }
  await axeClean(page);
  expectClean(problems);
});
