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
import { watch, expectClean } from './watch';
import AxeBuilder from '@axe-core/playwright';

const SHOTS = 'tests/e2e/screenshots';
const ROOT = process.cwd();


/** `npm run predict`'s output for one input line. */
function predict(task: string, input: string): string {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/predict.ts', '--task', task], {
    cwd: ROOT, input: `${input}\n`, encoding: 'utf8',
  });
  return out.replace(/\n$/, '');
}

const modelMap = (page: Page) => page.getByRole('navigation', { name: /Model map|模型图/ });
const nextButton = (page: Page) => page.getByRole('button', { name: /Next step/ });

/** Opens the list of every step (one listbox) and picks the n-th step whose name matches. */
async function pickStep(page: Page, name: string | RegExp, n = 0) {
  await page.getByRole('button', { name: /All steps|全部步骤/ }).click();
  const list = page.getByRole('listbox', { name: /Steps of the walk|步骤列表/ });
  await list.getByRole('option', { name }).nth(n).click();
  await expect(list).toHaveCount(0);
}

/** Types a source and waits until the walk of that very input is shown. */
async function typeSource(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Source', exact: true }).fill(text);
  await expect(modelMap(page)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText(`src [1,${[...text].length + 1}]`)).toBeVisible();
}

/** Moves focus off the source box so that the arrow keys step the walk. */
async function leaveTextbox(page: Page) {
  await page.getByRole('heading', { level: 3 }).first().click();
}

async function walkToEnd(page: Page): Promise<number> {
  let presses = 0;
  for (; presses < 1500; presses++) {
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
    // every decoder layer of every decoding step: 25 steps a token for 2 decoder layers
    expect(presses).toBeGreaterThan(24 + 2 * 25);
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
    while (!next.disabled && out.length < 1500) {
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

test('a copied URL reopens the same task, input, step and head', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#task=sort&src=8142&step=17&head=2');
  await expect(page.getByRole('heading', { level: 3, name: 'Softmax: attention weights' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('textbox', { name: 'Source', exact: true })).toHaveValue('8142');
  await expect(page.getByRole('img', { name: /encoder self-attention, layer 2, head 2/ })).toBeVisible();
  await expect(page.getByText('Step 17 of')).toBeVisible();
  // a decoder step reopens exactly as walking to it shows it: its layer is part of the step
  await pickStep(page, /L2 · Cross-attention: weights/, 1);
  const url = page.url();
  const shown = await page.getByRole('img').first().getAttribute('aria-label');
  expect(shown).toMatch(/cross-attention, layer 2, head 2/);
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByRole('img').first()).toHaveAttribute('aria-label', shown!, { timeout: 15_000 });
  await expect(page.getByText('Decoding step 2 · decoder layer 2 of 2')).toBeVisible();
  await leaveTextbox(page);
  await page.keyboard.press('End');
  await expect(page.getByRole('heading', { level: 3, name: 'Stop' })).toBeVisible();
  await page.keyboard.press('Home');
  await expect(page.getByRole('heading', { level: 3, name: 'Tokens' })).toBeVisible();
  expectClean(problems);
});

test('a link with a task alone opens its example; a malformed link says what it dropped and the address bar shows the corrected link', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#task=sort');
  await expect(page.getByRole('textbox', { name: 'Source', exact: true })).toHaveValue('31415926');
  await expect(page.getByRole('heading', { level: 3, name: 'Tokens' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);

  // a head the model does not have: only the head is dropped, the step stays
  await page.goto('about:blank');
  await page.goto('/#step=7&head=9');
  await expect(page.getByText('The link named head 9, but this model has 4 heads, so the view shows head 1.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 3, name: 'Softmax: attention weights' })).toBeVisible();
  await expect.poll(() => new URL(page.url()).hash).toBe('#step=7');

  await page.goto('about:blank');
  await page.goto('/#step=9000&head=7');
  await expect(page.getByText(/named step 9000, but this walk has \d+ steps/)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { level: 3, name: 'Tokens' })).toBeVisible();
  await expect.poll(() => new URL(page.url()).hash).toBe('');

  await page.goto('about:blank');
  await page.goto('/#step=abc&task=poetry&layer=3');
  await expect(page.getByText(/could not be read \(task, step\)/)).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: 'Tokens' })).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => new URL(page.url()).hash).toBe('');
  expectClean(problems);
});

test('the input: a long paste is cut and says so, the other case is folded and says so, a new source keeps the kind of step', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await expect(modelMap(page)).toBeVisible({ timeout: 15_000 });
  const box = page.getByRole('textbox', { name: 'Source', exact: true });
  await box.fill('');
  await box.focus();
  await page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement;
    const data = new DataTransfer();
    data.setData('text/plain', 'abcdefghijklmnopqrstuvwxyz');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(box).toHaveValue('abcdefghijkl');
  await expect(page.getByText('The pasted text was cut to 12 characters, the longest input this model takes.')).toBeVisible();
  // a new source keeps the step when its walk has it
  await pickStep(page, 'Softmax: attention weights', 1);
  const at = new URL(page.url()).hash.match(/step=(\d+)/)?.[1];
  await box.fill('attention');
  await expect(page.getByRole('img', { name: /encoder self-attention, layer 2, head 1: .* \(enc\.1\.self_attn\.weights \[1,4,10,10\]\)/ })).toBeVisible();
  expect(new URL(page.url()).hash.match(/step=(\d+)/)?.[1]).toBe(at);

  await page.getByRole('combobox', { name: 'Task' }).selectOption('date');
  await box.fill('NOV 22, 2026');
  await expect(box).toHaveValue('nov 22, 2026');
  await expect(page.getByText('This model knows lower-case letters only, so the input was written in lower case: “nov 22, 2026”.')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 3, name: 'Tokens' })).toBeVisible();
  expectClean(problems);
});

test('the model map: every block a button named by its place; a click goes to its step; the current block is marked', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  const map = modelMap(page);
  await expect(map).toBeVisible({ timeout: 15_000 });
  await expect(map.getByRole('button', { name: 'Encoder layer 1: Self-attention' })).toBeVisible();
  await expect(map.getByRole('button', { name: /^Decoder layer 2: Masked self-attention/ })).toBeVisible();
  await expect(map.getByRole('button', { name: /Decoder layer \d: Cross-attention/ })).toHaveCount(2);
  await map.getByRole('button', { name: 'Encoder layer 2: Feed-forward' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Feed-forward network' })).toBeVisible();
  await expect(page.getByText('Encoder layer 2 of 2')).toBeVisible();
  await expect(map.getByRole('button', { name: /Encoder layer 2: Feed-forward \(current step\)/ })).toBeVisible();
  // decoder blocks open in the current decoding step, and the decoder input shows the tokens so far
  await page.getByRole('button', { name: 'Next token', exact: true }).click();
  await page.getByRole('button', { name: 'Next token', exact: true }).click();
  await page.getByRole('button', { name: 'Next token', exact: true }).click();
  await map.getByRole('button', { name: /^Decoder layer 1: Cross-attention/ }).click();
  await expect(page.getByText('Decoding step 3 · decoder layer 1 of 2')).toBeVisible();
  await expect(map.getByRole('button', { name: /^Decoder input: BOS \S \S/ })).toBeVisible();
  // the keyboard: one tab stop, ↑ ↓ move between blocks, Enter opens
  await map.getByRole('button', { name: /current step/ }).first().focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 3, name: 'Add & LayerNorm' })).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  expectClean(problems);
});

test('keyboard: a skip link first, Next step within 8 Tab presses, the step list one tab stop, a cell cursor in the heatmap', async ({ page, baseURL }, info) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await expect(modelMap(page)).toBeVisible({ timeout: 15_000 });
  // count Tab presses until Next step has the focus
  let tabs = 0;
  for (; tabs < 40; ) {
    await page.keyboard.press('Tab');
    tabs++;
    if (await page.evaluate(() => document.activeElement?.textContent?.includes('Next step') ?? false)) break;
  }
  console.log(`Tab presses from page load to Next step: ${tabs}`);
  info.annotations.push({ type: 'tab count', description: String(tabs) });
  expect(tabs).toBeLessThanOrEqual(8);
  // the skip link is the first stop and lands on Next step
  await page.goto('about:blank');
  await page.goto('/');
  await expect(modelMap(page)).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the step controls' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(nextButton(page)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 3, name: 'Embedding × √d' })).toBeVisible();
  // ← → and PageDown / PageUp step even after choosing from a select
  await page.getByRole('combobox', { name: 'Task' }).focus();
  await page.keyboard.press('PageDown');
  await expect(page.getByRole('heading', { level: 3, name: 'Positional encoding' })).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('PageUp');
  await expect(page.getByRole('heading', { level: 3, name: 'Positional encoding' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Task' })).toHaveValue('reverse');
  // the step list: one tab stop, ↓ moves, Enter opens
  await page.getByRole('button', { name: 'All steps' }).click();
  const list = page.getByRole('listbox', { name: 'Steps of the walk' });
  await expect(list).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/tour-14-step-list-en.png` });
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Step 7 of')).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // the heatmap: focus it, arrows move the cursor, the value is drawn and announced
  const grid = page.getByRole('img', { name: /encoder self-attention, layer 1, head 1/ });
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.hover-text').first()).toHaveText(/query “r” \(position 1\) → key “r” \(position 1\): 0\.\d\d/);
  await expect(page.locator('[aria-live="polite"]').filter({ hasText: /Row 2 of 12, column 2 of 12/ })).toHaveCount(1);
  await expect(page.getByText('Step 7 of')).toBeVisible();
  // the lines view's tokens are tab stops too
  await page.getByRole('button', { name: 'Lines' }).click();
  await page.getByRole('button', { name: /queries “a” \(position 2\)/ }).focus();
  await expect(page.getByRole('button', { name: /queries “a” \(position 2\)/ })).toHaveAttribute('aria-pressed', 'true');
  expectClean(problems);
});

async function box(page: Page, selector: string) {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, w: r.width, h: r.height, right: r.right, bottom: r.bottom };
  });
}
const overlaps = (a: { x: number; y: number; right: number; bottom: number }, b: typeof a) => a.x < b.right && b.x < a.right && a.y < b.bottom && b.y < a.bottom;

for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  test(`presentation mode at ${size.width}×${size.height}: the figure fills the screen, numbers are large, nothing overlaps`, async ({ page, baseURL }, info) => {
    const problems = watch(page, new URL(baseURL!).origin);
    await page.setViewportSize(size);
    await page.goto('/#step=7&present=1');
    await expect(page.getByRole('img', { name: /encoder self-attention, layer 1, head 1/ })).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('html')).toHaveClass(/presenting/);
    await page.waitForTimeout(300);
    const fig = await box(page, '.figure-area .tour-figure');
    const share = { width: +(fig.w / size.width).toFixed(3), height: +(fig.h / size.height).toFixed(3) };
    const numberPx = Number(await page.locator('.figure-area .numbers').first().getAttribute('font-size'));
    console.log(`presentation ${size.width}x${size.height}: figure ${Math.round(fig.w)}x${Math.round(fig.h)} = ${share.width} of the width, ${share.height} of the height; numbers in the 12x12 map ${numberPx}px`);
    info.annotations.push({ type: `presentation ${size.width}x${size.height}`, description: JSON.stringify({ ...share, numberPx }) });
    expect(Math.max(share.width, share.height)).toBeGreaterThanOrEqual(0.7);
    if (size.width === 1280) expect(numberPx).toBeGreaterThanOrEqual(18);
    // the figure stays on the screen
    expect(fig.right).toBeLessThanOrEqual(size.width);
    expect(fig.bottom).toBeLessThanOrEqual(size.height);
    // the exit button covers neither the figure nor its legend
    const exit = await box(page, '.present-button');
    expect(overlaps(exit, fig)).toBe(false);
    // legend ticks never overlap
    const ticks = await page.locator('.figure-area .legend svg text').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, right: r.right }; }));
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].x).toBeGreaterThanOrEqual(ticks[i - 1].right);
    // formulas are never cut off
    const cut = await page.locator('.formula').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length);
    expect(cut).toBe(0);
    await page.screenshot({ path: `${SHOTS}/tour-2${size.width === 1280 ? 0 : 2}-present-softmax-${size.width}.png` });
    // a decoder step and the vocabulary, at the same size
    await page.keyboard.press('End');
    await page.screenshot({ path: `${SHOTS}/tour-2${size.width === 1280 ? 1 : 3}-present-stop-${size.width}.png` });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
    // the tokens step: its cards grow into the room, on the screen and inside the figure area
    await page.keyboard.press('Home');
    await expect(page.getByRole('heading', { level: 3, name: 'Tokens' })).toBeVisible();
    await page.waitForTimeout(300);
    const area = await box(page, '.figure-area');
    const strip = await box(page, '.figure-area .token-strip .tokens');
    const letterPx = await page.locator('.figure-area .token-strip .tok').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    console.log(`presentation ${size.width}x${size.height}: token cards ${Math.round(strip.w)}x${Math.round(strip.h)} in a ${Math.round(area.w)} px area, letters ${letterPx}px`);
    expect(letterPx).toBeGreaterThanOrEqual(40);
    expect(strip.right).toBeLessThanOrEqual(area.right + 1);
    expect(strip.bottom).toBeLessThanOrEqual(size.height);
    await page.screenshot({ path: `${SHOTS}/tour-2${size.width === 1280 ? 4 : 5}-present-tokens-${size.width}.png` });
    expectClean(problems);
  });
}

test('at 1280×720: Q, K and V side by side without scrolling, every row labelled, the output on one line; at 1920 the brand on one line', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#step=4');
  await expect(page.getByRole('heading', { level: 3, name: 'Q, K, V per head' })).toBeVisible({ timeout: 15_000 });
  const maps = await page.locator('.figure-area .heatmap-frame').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, right: r.right, bottom: r.bottom }; }));
  expect(maps).toHaveLength(3);
  for (const m of maps) {
    expect(m.right).toBeLessThanOrEqual(1280);
    expect(m.bottom).toBeLessThanOrEqual(720);
  }
  // their legends and export buttons too: nothing of the figure is cut off
  const feet = await page.locator('.figure-area .figure-foot').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom));
  expect(feet).toHaveLength(3);
  for (const b of feet) expect(b).toBeLessThanOrEqual(720);
  expect(maps[1].x).toBeGreaterThan(maps[0].right - 1);
  expect(maps[2].x).toBeGreaterThan(maps[1].right - 1);
  // rows of 12 px or more: every row label shown (12 source tokens each)
  const rowLabels = await page.locator('.figure-area .heatmap').first().locator('.axes text[text-anchor="end"]').count();
  expect(rowLabels).toBe(12);
  // the output on one line, even when long
  await page.goto('/#task=date&src=22%20november%202026');
  await expect(modelMap(page)).toBeVisible({ timeout: 15_000 });
  await leaveTextbox(page);
  await page.keyboard.press('End');
  await expect(page.getByRole('status', { name: 'Output' })).toHaveText('2026-11-22');
  const out = await box(page, 'output.output-text');
  expect(out.h).toBeLessThan(40);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const brand = await box(page, '.brand h1');
  expect(brand.h).toBeLessThan(50);
  expectClean(problems);
});

test('on a 390×844 phone: nothing overflows sideways, the step controls stay in reach, figures fit the width', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/#step=7');
  await expect(page.getByRole('heading', { level: 3, name: 'Softmax: attention weights' })).toBeVisible({ timeout: 15_000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const next = await box(page, '.step-button.next');
  expect(next.bottom).toBeLessThanOrEqual(844);
  expect(next.y).toBeGreaterThan(600);
  const title = await box(page, '.step-title');
  expect(overlaps(title, next)).toBe(false);
  const fig = await box(page, '.figure-area .heatmap-frame');
  expect(fig.right).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SHOTS}/tour-40-phone-en.png` });
  // by touch: the Next button steps, from anywhere on the page
  await page.mouse.wheel(0, 600);
  await page.locator('.step-button.next').tap().catch(async () => page.locator('.step-button.next').click());
  await expect(page.getByRole('heading', { level: 3, name: 'Weighted sum of V' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/tour-41-phone-scrolled-en.png` });
  await page.goto('/#step=40&lang=zh');
  await expect(page.getByRole('heading', { level: 3 })).toBeVisible({ timeout: 15_000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SHOTS}/tour-42-phone-zh.png` });
  expectClean(problems);
});

test('the source box names characters outside the vocabulary and survives any text', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  await expect(modelMap(page)).toBeVisible({ timeout: 15_000 });
  const box = page.getByRole('textbox', { name: 'Source', exact: true });
  await box.fill('héllo😀');
  await expect(page.getByRole('alert')).toContainText('“é”');
  await expect(page.getByRole('alert')).toContainText('“😀”');
  await expect(modelMap(page)).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/tour-11-invalid-en.png` });
  for (const text of ['', '<script>alert(1)</script>', 'a'.repeat(2000)]) {
    await box.fill(text);
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await box.fill('abc');
  await expect(modelMap(page)).toBeVisible();
  expectClean(problems);
});

for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  test(`screenshots at ${size.width}×${size.height} in English and Chinese; language switch keeps the step`, async ({ page, baseURL }) => {
    const problems = watch(page, new URL(baseURL!).origin);
    const tag = size.width === 1280 ? '' : '-1920';
    await page.setViewportSize(size);
    await page.goto('/');
    await typeSource(page, 'transformer');
    await expect(page.locator('.formula .katex').first()).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/tour-01-tokens-en${tag}.png` });
    const shots: [string | RegExp, string, number][] = [
      ['Positional encoding', 'tour-02-pos-en', 0],
      ['Q, K, V per head', 'tour-03-qkv-en', 0],
      ['Softmax: attention weights', 'tour-04-softmax-en', 0],
      ['Feed-forward network', 'tour-05-ffn-en', 0],
      [/L1 · Masked self-attention: the mask/, 'tour-07-mask-en', 2],
      [/L2 · Masked self-attention: weights/, 'tour-08-mask-weights-en', 2],
      [/L1 · Cross-attention: Q from the decoder/, 'tour-09-cross-qkv-en', 2],
      [/L2 · Cross-attention: weights/, 'tour-10-cross-en', 2],
      [/L1 · Cross-attention: weighted sum/, 'tour-11-cross-sum-en', 2],
      ['Final LayerNorm of the decoder', 'tour-12-final-norm-en', 2],
      ['Softmax over the vocabulary', 'tour-13-probs-en', 2],
    ];
    for (const [name, file, n] of shots) {
      await pickStep(page, name, n);
      await page.waitForTimeout(150);
      await page.screenshot({ path: `${SHOTS}/${file}${tag}.png` });
    }
    await pickStep(page, 'Softmax: attention weights');
    await page.getByRole('button', { name: 'Lines' }).click();
    await page.screenshot({ path: `${SHOTS}/tour-05-lines-en${tag}.png` });
    await page.getByRole('button', { name: 'All layers and heads' }).click();
    await page.screenshot({ path: `${SHOTS}/tour-06-overview-en${tag}.png` });
    await page.getByRole('button', { name: 'Heatmap' }).click();

    // Chinese, mid-walk: the step is kept
    await pickStep(page, /L2 · Masked self-attention: weights/, 2);
    const stepBefore = new URL(page.url()).hash.match(/step=(\d+)/)?.[1];
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
    await expect(page.getByRole('heading', { level: 3, name: '遮罩自注意力：权重' })).toBeVisible();
    expect(new URL(page.url()).hash.match(/step=(\d+)/)?.[1]).toBe(stepBefore);
    await expect(page.getByRole('img', { name: /解码器（遮罩）自注意力，第 2 层，第 1 个头/ })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/tour-30-weights-zh${tag}.png` });
    await pickStep(page, '位置编码');
    await page.screenshot({ path: `${SHOTS}/tour-31-pos-zh${tag}.png` });
    await pickStep(page, /第1层 · 交叉注意力：权重/, 2);
    await page.screenshot({ path: `${SHOTS}/tour-32-cross-zh${tag}.png` });
    await leaveTextbox(page);
    await page.keyboard.press('p');
    await page.screenshot({ path: `${SHOTS}/tour-33-present-cross-zh${tag}.png` });
    await page.keyboard.press('p');
    await page.keyboard.press('End');
    await expect(page.getByRole('heading', { level: 3, name: '停止' })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/tour-34-stop-zh${tag}.png` });

    // nothing sticks out sideways, and the window never scrolled
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expectClean(problems);
  });
}

test('every figure exports as SVG and PNG, under an ASCII name, with its whole title inside', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#step=7&head=2&lang=zh');
  await expect(page.getByRole('heading', { level: 3, name: 'Softmax：注意力权重' })).toBeVisible({ timeout: 15_000 });
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 SVG' }).first().click()]);
  expect(svgDownload.suggestedFilename()).toBe('reverse-7-enc.0.self_attn.weights-L1-H2.svg');
  const svg = readFileSync(await svgDownload.path(), 'utf8');
  expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  expect((svg.match(/<rect x=/g) ?? []).length).toBeGreaterThanOrEqual(12 * 12);
  expect(svg).toContain('EOS');
  // the full title (tensor, shape, layer, head), on as many lines as it needs
  const title = [...svg.matchAll(/<text x="4" y="\d+" font-size="14" font-weight="700"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
  for (const part of ['enc.0.self_attn.weights', '[1,4,12,12]', '第 1 层', '第 2 个头']) expect(title).toContain(part);
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 PNG' }).first().click()]);
  expect(pngDownload.suggestedFilename()).toBe('reverse-7-enc.0.self_attn.weights-L1-H2.png');
  const png = readFileSync(await pngDownload.path());
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  // the lines view and the overview export too, under names of their own; the overview with its legend
  const names = new Set<string>([svgDownload.suggestedFilename()]);
  for (const view of ['连线图', '所有层与头']) {
    await page.getByRole('button', { name: view }).click();
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 SVG' }).first().click()]);
    names.add(d.suggestedFilename());
    expect(d.suggestedFilename()).toMatch(/^[A-Za-z0-9_.-]+$/);
    const text = readFileSync(await d.path(), 'utf8');
    expect(text).toMatch(view === '连线图' ? /<path/ : /class="tile"/);
    if (view === '所有层与头') expect(text).toContain('legend-gradient');
  }
  expect(names.size).toBe(3);
  expect([...names]).toContain('reverse-7-enc.0.self_attn.weights-L1-H2-lines.svg');
  expect([...names]).toContain('reverse-7-enc.self_attn.weights-overview.svg');
  expectClean(problems);
});

test('axe finds no serious or critical accessibility violation in the main views', async ({ page }) => {
  test.setTimeout(240_000);
  const views = [
    '/',
    '/#step=7',
    '/#step=7&fig=lines',
    '/#step=7&fig=overview',
    '/#step=12',
    '/#step=27',
    '/#step=30',
    '/#step=33',
    '/#step=45',
    '/#step=49',
    '/#step=7&present=1',
    '/#step=34&lang=zh',
    '/#view=trace',
  ];
  const found: string[] = [];
  for (const url of views) {
    await page.goto(url);
    await page.waitForTimeout(50);
    if (!url.includes('trace')) await expect(modelMap(page)).toBeAttached({ timeout: 15_000 });
    await page.waitForTimeout(300);
    if (url === '/#step=12') await page.getByRole('button', { name: 'All steps' }).click();
    const result = await new AxeBuilder({ page }).analyze();
    for (const v of result.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        found.push(`${url}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      }
    }
  }
  expect(found).toEqual([]);
});
