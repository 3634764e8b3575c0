/**
 * The forward-pass tour in Chromium, on the production build: every task walked
 * to EOS and checked against `npm run predict`, keyboard and hash, presentation
 * mode, Chinese, exports, accessibility, budgets (initial JS, step paint) and
 * screenshots at 1280×720 to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { watch } from './watch';
import AxeBuilder from '@axe-core/playwright';

const SHOTS = 'tests/e2e/screenshots';
const ROOT = process.cwd();


function expectClean(problems: ReturnType<typeof watch>) {
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.foreignRequests).toEqual([]);
}

/** `npm run predict`'s output for one input line. */
function predict(task: string, input: string): string {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/predict.ts', '--task', task], {
    cwd: ROOT, input: `${input}\n`, encoding: 'utf8',
  });
  return out.replace(/\n$/, '');
}

const steps = (page: Page) => page.getByRole('navigation', { name: 'Steps of the walk' });
const nextButton = (page: Page) => page.getByRole('button', { name: /Next step/ });

/** Types a source and waits until the walk of that very input is shown. */
async function typeSource(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Source', exact: true }).fill(text);
  await expect(steps(page)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(`src [1,${[...text].length + 1}]`)).toBeVisible();
}

/** Moves focus off the source box so that the arrow keys step the walk. */
async function leaveTextbox(page: Page) {
  await page.getByRole('heading', { level: 3 }).first().click();
}

async function walkToEnd(page: Page): Promise<number> {
  let presses = 0;
  for (; presses < 600; presses++) {
    if (await nextButton(page).isDisabled()) break;
    await page.keyboard.press('ArrowRight');
  }
  return presses;
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

const CASES = [
  { task: 'reverse', input: 'seqtoseq' },
  { task: 'sort', input: '31415926' },
  { task: 'date', input: '22 nov 2026' },
  { task: 'zh-numerals', input: '205030' },
] as const;

for (const { task, input } of CASES) {
  test(`${task}: pressing → until EOS shows the output that npm run predict prints`, async ({ page, baseURL }) => {
    const problems = watch(page, new URL(baseURL!).origin);
    await page.goto('/');
    await page.getByRole('combobox', { name: 'Task' }).selectOption(task);
    await typeSource(page, input);
    await leaveTextbox(page);
    await expect(page.getByRole('heading', { level: 3, name: 'Tokens' })).toBeVisible();
    const presses = await walkToEnd(page);
    expect(presses).toBeGreaterThan(20);
    await expect(page.getByRole('heading', { level: 3, name: 'Stop' })).toBeVisible();
    const shown = await page.getByRole('status', { name: 'Output' }).textContent();
    expect(shown).toBe(predict(task, input));
    await expect(page.getByText(/decoding stops/i)).toBeVisible();
    if (task === 'reverse') await page.screenshot({ path: `${SHOTS}/tour-10-stop-en.png` });
    if (task !== 'reverse') expect(new URL(page.url()).hash).toContain(`task=${task}`); // the default task stays out of the link
    expectClean(problems);
  });
}

test('every step of a walk paints quickly (click to next frame), measured and reported', async ({ page, baseURL }, info) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await typeSource(page, 'transformer');
  const times = await page.evaluate(async () => {
    const next = [...document.querySelectorAll('button')].find((b) => /Next step/.test(b.textContent ?? ''))!;
    const out: number[] = [];
    const render: number[] = [];
    while (!next.disabled && out.length < 600) {
      const t0 = performance.now();
      next.click(); // React renders and commits a click's update before click() returns
      render.push(performance.now() - t0);
      await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      out.push(performance.now() - t0);
    }
    return { out, render };
  });
  const marks = await page.evaluate(() => performance.getEntriesByName('tour-step').map((e) => e.duration));
  const renders = [...times.render].sort((a, b) => a - b);
  const sorted = [...times.out].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const report = {
    steps: sorted.length,
    renderMedian: +renders[Math.floor(renders.length / 2)].toFixed(1),
    renderP95: +renders[Math.min(renders.length - 1, Math.floor(0.95 * renders.length))].toFixed(1),
    median: +q(0.5).toFixed(1),
    p95: +q(0.95).toFixed(1),
    max: +sorted[sorted.length - 1].toFixed(1),
    markMedian: marks.length ? +[...marks].sort((a, b) => a - b)[Math.floor(marks.length / 2)].toFixed(1) : null,
    over50: sorted.filter((t) => t >= 50).length,
  };
  console.log(`step paint (ms): ${JSON.stringify(report)}`);
  info.annotations.push({ type: 'step paint ms', description: JSON.stringify(report) });
  mkdirSync('test-results', { recursive: true });
  writeFileSync(join('test-results', 'tour-step-paint.json'), JSON.stringify({ ...report, times: times.out }, null, 2));
  expect(sorted.length).toBeGreaterThan(20);
  expectClean(problems);
});

test('the initial JavaScript is at most 200 KB gzipped', async () => {
  const html = readFileSync('dist/index.html', 'utf8');
  const refs = [...html.matchAll(/<script[^>]*src="([^"]+)"|<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  expect(refs.length).toBeGreaterThan(0);
  let total = 0;
  for (const ref of refs) total += gzipSync(readFileSync(join('dist', ref.replace(/^\.?\//, '')))).length;
  console.log(`initial JS: ${refs.length} file(s), ${(total / 1024).toFixed(1)} KB gzipped`);
  expect(total).toBeLessThanOrEqual(200 * 1024);
});

test('a copied URL reopens the same task, input, step, layer and head', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#task=sort&src=8142&step=17&head=2');
  await expect(page.getByRole('heading', { level: 3, name: 'Softmax: attention weights' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('textbox', { name: 'Source', exact: true })).toHaveValue('8142');
  await expect(page.getByRole('img', { name: /encoder self-attention, layer 1, head 2/ })).toBeVisible();
  await expect(page.getByText('Step 17 of')).toBeVisible();
  await leaveTextbox(page);
  await page.keyboard.press('End');
  await expect(page.getByRole('heading', { level: 3, name: 'Stop' })).toBeVisible();
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 3, name: 'Stop' })).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Home');
  await expect(page.getByRole('heading', { level: 3, name: 'Tokens' })).toBeVisible();
  expectClean(problems);
});

test('a malformed link falls back to the start with a short notice', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#step=9000&head=7');
  await expect(page.getByText(/starts from the beginning/)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 3, name: 'Tokens' })).toBeVisible();
  await page.goto('about:blank');
  await page.goto('/#step=abc&task=poetry');
  await expect(page.getByText(/could not be read \(task, step\)/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Tokens' })).toBeVisible({ timeout: 15_000 });
  expectClean(problems);
});

test('the source box names characters outside the vocabulary and survives any text', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await expect(steps(page)).toBeVisible({ timeout: 15_000 });
  const box = page.getByRole('textbox', { name: 'Source', exact: true });
  await box.fill('héllo😀');
  await expect(page.getByRole('alert')).toContainText('“é”');
  await expect(page.getByRole('alert')).toContainText('“😀”');
  await expect(steps(page)).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/tour-11-invalid-en.png` });
  for (const text of ['', '<script>alert(1)</script>', 'a'.repeat(2000)]) {
    await box.fill(text);
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await box.fill('abc');
  await expect(steps(page)).toBeVisible();
  expectClean(problems);
});

test('screenshots at 1280×720 in English and Chinese, normal and presentation mode; language switch keeps the step', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await typeSource(page, 'transformer');
  await expect(page.locator('.formula .katex').first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/tour-01-tokens-en.png` });
  const shots: [string, string][] = [
    ['Positional encoding', 'tour-02-pos-en'],
    ['Softmax: attention weights', 'tour-03-softmax-en'],
    ['Feed-forward network', 'tour-04-ffn-en'],
  ];
  for (const [name, file] of shots) {
    await steps(page).getByRole('button', { name }).first().click();
    await expect(page.getByRole('heading', { level: 3, name })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/${file}.png` });
  }
  await steps(page).getByRole('button', { name: 'Softmax: attention weights' }).first().click();
  await page.getByRole('button', { name: 'Lines' }).click();
  await page.screenshot({ path: `${SHOTS}/tour-05-lines-en.png` });
  await page.getByRole('button', { name: 'All layers and heads' }).click();
  await page.screenshot({ path: `${SHOTS}/tour-06-overview-en.png` });
  await page.getByRole('button', { name: 'Heatmap' }).click();

  // decoder: third decoding step's mask, weights, cross-attention and the vocabulary
  for (const [name, file] of [
    ['Masked self-attention: the mask', 'tour-07-mask-en'],
    ['Masked self-attention: weights', 'tour-08-mask-weights-en'],
    ['Cross-attention', 'tour-09-cross-en'],
    ['Softmax over the vocabulary', 'tour-12-probs-en'],
  ] as const) {
    await steps(page).getByRole('button', { name }).nth(2).click();
    await page.screenshot({ path: `${SHOTS}/${file}.png` });
  }
  await expect(page.getByRole('img', { name: /decoder|cross/ }).or(page.getByRole('img', { name: /Probabilities/ })).first()).toBeVisible();

  // presentation mode, by key
  await steps(page).getByRole('button', { name: 'Masked self-attention: the mask' }).nth(2).click();
  await leaveTextbox(page);
  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveClass(/presenting/);
  await expect(page.getByRole('textbox', { name: 'Source', exact: true })).toBeHidden();
  await expect(page.getByRole('button', { name: /Next step/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/tour-20-present-mask-en.png` });
  await page.keyboard.press('ArrowRight');
  await page.screenshot({ path: `${SHOTS}/tour-21-present-weights-en.png` });
  const stepBefore = new URL(page.url()).hash.match(/step=(\d+)/)?.[1];

  // Chinese, mid-walk and in presentation mode: the step is kept
  await page.keyboard.press('p');
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
  await expect(page.getByRole('heading', { level: 3, name: '遮罩自注意力：权重' })).toBeVisible();
  expect(new URL(page.url()).hash.match(/step=(\d+)/)?.[1]).toBe(stepBefore);
  await expect(page.getByRole('img', { name: /解码器（遮罩）自注意力，第 0 层，第 0 个头/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/tour-30-weights-zh.png` });
  const stepsZh = page.getByRole('navigation', { name: '步骤列表' });
  await stepsZh.getByRole('button', { name: '位置编码' }).click();
  await page.screenshot({ path: `${SHOTS}/tour-31-pos-zh.png` });
  await stepsZh.getByRole('button', { name: '交叉注意力' }).nth(2).click();
  await page.keyboard.press('p');
  await page.screenshot({ path: `${SHOTS}/tour-32-present-cross-zh.png` });
  await page.keyboard.press('p');
  await page.keyboard.press('End');
  await expect(page.getByRole('heading', { level: 3, name: '停止' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/tour-33-stop-zh.png` });

  // nothing sticks out sideways
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  expectClean(problems);
});

test('every figure exports as SVG and PNG', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#step=7');
  await expect(page.getByRole('heading', { level: 3, name: 'Softmax: attention weights' })).toBeVisible({ timeout: 15_000 });
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).first().click()]);
  expect(svgDownload.suggestedFilename()).toMatch(/enc\.0\.self_attn\.weights.*\.svg$/);
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  expect((svg.match(/<rect x=/g) ?? []).length).toBeGreaterThanOrEqual(12 * 12);
  expect(svg).toContain('EOS');
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).first().click()]);
  const png = readFileSync(await pngDownload.path());
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  // the lines view and the overview export too
  for (const view of ['Lines', 'All layers and heads']) {
    await page.getByRole('button', { name: view }).click();
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).first().click()]);
    expect(readFileSync(await d.path(), 'utf8')).toMatch(view === 'Lines' ? /<path/ : /class="tile"/);
  }
  expectClean(problems);
});

test('axe finds no serious or critical accessibility violation in the main views', async ({ page }) => {
  const views = [
    '/',
    '/#step=7',
    '/#step=7&fig=lines',
    '/#step=7&fig=overview',
    '/#step=12',
    '/#step=34',
    '/#step=39',
    '/#step=40',
    '/#step=7&present=1',
    '/#step=34&lang=zh',
    '/#view=trace',
  ];
  const found: string[] = [];
  for (const url of views) {
    await page.goto(url);
    await page.waitForTimeout(50);
    if (!url.includes('trace')) await expect(page.getByRole('navigation', { name: /Steps of the walk|步骤列表/ }).or(page.locator('html.presenting')).first()).toBeAttached({ timeout: 15_000 });
    await page.waitForTimeout(300);
    const result = await new AxeBuilder({ page }).analyze();
    for (const v of result.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        found.push(`${url}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      }
    }
  }
  expect(found).toEqual([]);
});
