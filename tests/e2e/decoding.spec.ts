/**
 * The decoding lab in Chromium, on the production build: by the Labs menu and by URL, in
 * English and Chinese, by mouse and keyboard, in presentation mode and on a phone; axe
 * clean, no console error; a node of the beam tree opens its prefix in the tour; the time
 * of each computation on the main thread; screenshots to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { watch, expectClean, axeClean } from './watch';

const SHOTS = 'tests/e2e/screenshots';
const treeImg = (page: Page, name = 'Beam search tree') => page.getByRole('img', { name });

async function noSidewaysOverflow(page: Page) {
  const { scroll, inner, wide } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    // what sticks out (inside a scrolling box is fine)
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.tree-scroll, .dec-table-wrap'))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''} in ${e.closest('[class]')?.parentElement?.getAttribute('class') ?? ''}`),
  }));
  expect(scroll, wide.join(', ')).toBeLessThanOrEqual(inner);
}

/** The decoding computations the page timed (performance.measure), in ms. */
async function timings(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const m of performance.getEntriesByType('measure')) {
      if (!m.name.startsWith('decoding')) continue;
      const key = m.name.replace(/-\d+$/, '');
      out[key] = Math.max(out[key] ?? 0, m.duration);
    }
    return out;
  });
}

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('opens from the Labs menu and by URL in both languages; every part draws; axe clean; no console error', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL ?? 'http://localhost:4173').origin);
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await nav.getByRole('button', { name: /^Labs/ }).click();
  await nav.getByRole('link', { name: 'Decoding', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Decoding: greedy, beam search, sampling' })).toBeVisible();
  expect(new URL(page.url()).hash).toContain('view=decoding');
  await expect(treeImg(page)).toBeVisible();
  await expect(page.getByText(/Finished hypotheses, best first: “iknuwfpamccj”, score −2\.667/)).toBeVisible();
  await noSidewaysOverflow(page);
  await axeClean(page);
  await page.screenshot({ path: `${SHOTS}/decoding-01-tree-1280.png` });
  await page.screenshot({ path: `${SHOTS}/decoding-01-tree-1280-full.png`, fullPage: true });

  const parts: [string, string, RegExp][] = [
    ['Lecture toy', 'toy', /Greedy takes A first/],
    ['Next token', 'bars', /Most probable next token/],
    ['Side by side', 'side', /Sample i is drawn with seed/],
    ['Error propagation', 'error', /forced at step 1/],
    ['AT vs NAT', 'nat', /The NAT mixes them in 381 of 1,000/],
  ];
  for (const [name, id, text] of parts) {
    await page.getByRole('button', { name, exact: true }).click();
    await expect(page.getByText(text).first()).toBeVisible({ timeout: 15_000 });
    expect(new URL(page.url()).hash).toContain(`part=${id}`);
    await noSidewaysOverflow(page);
    await axeClean(page);
    await page.screenshot({ path: `${SHOTS}/decoding-02-${id}-1280.png`, fullPage: id === 'side' || id === 'nat' });
  }
  const ms = await timings(page);
  console.log(`decoding lab, main-thread ms (max of each): ${JSON.stringify(ms)}`);
  test.info().annotations.push({ type: 'decoding timings', description: JSON.stringify(ms) });

  // Chinese, by URL
  await page.goto('/#view=decoding&lang=zh');
  await expect(page.getByRole('heading', { level: 2, name: '解码：贪心搜索、束搜索与采样' })).toBeVisible();
  await expect(treeImg(page, '束搜索树')).toBeVisible();
  for (const name of ['束宽', '长度惩罚', 'Top-k', 'Top-p', '随机种子']) await expect(page.getByRole('spinbutton', { name })).toBeVisible();
  await expect(page.getByRole('slider', { name: '温度' })).toBeVisible();
  await noSidewaysOverflow(page);
  await axeClean(page);
  await page.screenshot({ path: `${SHOTS}/decoding-03-tree-zh-1280.png` });
  await page.goto('/#view=decoding&lang=zh&part=nat');
  await expect(page.getByText(/NAT 在 1,000 个中混合了 381 个/)).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: `${SHOTS}/decoding-03-nat-zh-1280.png`, fullPage: true });
  expectClean(problems);
});

test('keyboard: the tree grows with ← →, a node is read and opened in the tour at its prefix', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL ?? 'http://localhost:4173').origin);
  await page.goto('/#view=decoding');
  await expect(treeImg(page)).toBeVisible();
  await expect(page.getByText('Step 13 of 13')).toBeVisible();
  await page.keyboard.press('Home');
  await expect(page.getByText('Step 0 of 13')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('PageDown');
  await expect(page.getByText('Step 2 of 13')).toBeVisible();
  expect(new URL(page.url()).hash).toContain('tstep=2');
  // the skip link lands on Next step
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: /Next step/ })).toBeFocused();
  await page.keyboard.press('End');
  // focus the tree: the cursor starts at BOS; → → goes to the best child of the best child
  await treeImg(page).focus();
  await expect(page.locator('.beam-tree .hover-text')).toHaveText('The start (BOS): score 0.');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.beam-tree .hover-text')).toHaveText(/^Step 2: “ik” — token k/);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.beam-tree .hover-text')).toHaveText(/^Step 2: “i.” — token ., /);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  // the tour, at that prefix, decoding on from there
  await expect(page.getByText(/Forced prefix “ik”: the first 2 output tokens are taken as given/)).toBeVisible();
  const hash = new URL(page.url()).hash;
  expect(hash).toContain('force=ik');
  expect(hash).toContain('src=jccmapfwunki');
  await expect(page.getByRole('heading', { level: 3, name: 'Softmax over the vocabulary' })).toBeVisible();
  await expect(page.getByText(/This token was forced: the model’s own choice here was “k”/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/decoding-04-tour-forced-1280.png` });
  await axeClean(page);
  expectClean(problems);
});

test('mouse: hover reads a node, a click and the button open it in the tour; a value out of range is clamped with a note', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL ?? 'http://localhost:4173').origin);
  await page.goto('/#view=decoding');
  await expect(treeImg(page)).toBeVisible();
  const winnerEos = page.locator('.beam-tree .node.winner').last();
  await winnerEos.hover();
  await expect(page.locator('.beam-tree .hover-text')).toHaveText(/^Step 13: “iknuwfpamccj” — token EOS.*finished \(EOS\)\. This is the result\.$/);
  await page.locator('.beam-tree .node.winner').nth(3).click();
  await page.getByRole('button', { name: 'Open “ikn” in the tour' }).click();
  await expect(page.getByText(/Forced prefix “ikn”/)).toBeVisible();
  await page.goBack().catch(() => undefined);
  await page.goto('/#view=decoding');
  await page.getByRole('spinbutton', { name: 'Beam width' }).fill('12');
  await expect(page.getByText('Beam width 12 is outside 1–8: using 8.')).toBeVisible();
  await expect(page.getByText(/Beam search, k = 8/)).toBeVisible();
  // a link out of range falls back with the usual notice
  await page.goto('/#view=decoding&beam=12&temp=9');
  await expect(page.getByRole('status').filter({ hasText: /beam, temp/ })).toBeVisible();
  await expect(page.getByText(/Beam search, k = 4/)).toBeVisible();
  expectClean(problems);
});

for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  test(`presentation mode at ${size.width}×${size.height}: the tree fills the screen under the title, the exit button never covers it`, async ({ page, baseURL }) => {
    const problems = watch(page, new URL(baseURL ?? 'http://localhost:4173').origin);
    await page.setViewportSize(size);
    await page.goto('/#view=decoding');
    await expect(treeImg(page)).toBeVisible();
    if (size.width === 1920) await page.screenshot({ path: `${SHOTS}/decoding-05-tree-1920.png` });
    await page.keyboard.press('p');
    await expect(page.locator('html')).toHaveClass(/presenting/);
    await expect(page.getByRole('button', { name: 'Leave presentation mode' })).toBeVisible();
    const fig = (await page.locator('.beam-tree .tree-box svg').boundingBox())!;
    const exit = (await page.getByRole('button', { name: 'Leave presentation mode' }).boundingBox())!;
    const share = { width: fig.width / size.width, height: fig.height / size.height };
    console.log(`decoding presentation ${size.width}x${size.height}: tree ${Math.round(fig.width)}x${Math.round(fig.height)} = ${share.width.toFixed(2)} of the width, ${share.height.toFixed(2)} of the height`);
    test.info().annotations.push({ type: `presentation ${size.width}x${size.height}`, description: JSON.stringify(share) });
    expect(Math.max(share.width, share.height)).toBeGreaterThanOrEqual(0.7);
    expect(fig.y + fig.height).toBeLessThanOrEqual(size.height + 1);
    const overlaps = exit.x < fig.x + fig.width && fig.x < exit.x + exit.width && exit.y < fig.y + fig.height && fig.y < exit.y + exit.height;
    expect(overlaps).toBe(false);
    // the numbers of the nodes are drawn beside them
    expect(await page.locator('.beam-tree .node .numbers').count()).toBeGreaterThan(10);
    await noSidewaysOverflow(page);
    await page.screenshot({ path: `${SHOTS}/decoding-06-present-${size.width}.png` });
    if (size.width === 1280) {
      await page.getByRole('button', { name: 'Leave presentation mode' }).click();
      await page.goto('/#view=decoding&lang=zh&part=toy&present=1');
      await expect(treeImg(page, '束搜索树')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/decoding-06-present-toy-zh-1280.png` });
      // error propagation: its table is the figure, as wide as the screen, its letters large
      await page.goto('/#view=decoding&lang=zh&part=error&present=1');
      const table = page.locator('table.dec-error');
      await expect(table).toBeVisible({ timeout: 15_000 });
      const box = (await table.boundingBox())!;
      const letterPx = await table.locator('tbody td').first().evaluate((td) => parseFloat(getComputedStyle(td).fontSize));
      console.log(`error propagation presentation 1280x720 zh: table ${Math.round(box.width)}x${Math.round(box.height)} = ${(box.width / 1280).toFixed(2)} of the width; letters ${letterPx}px`);
      expect(box.width / 1280).toBeGreaterThanOrEqual(0.7);
      expect(box.y + box.height).toBeLessThanOrEqual(720);
      expect(letterPx).toBeGreaterThanOrEqual(24);
      await noSidewaysOverflow(page);
      await page.screenshot({ path: `${SHOTS}/decoding-06-present-error-zh-1280.png` });
      await page.keyboard.press('Escape');
      await expect(page.locator('html')).not.toHaveClass(/presenting/);
    }
    expectClean(problems);
  });
}

test('on a phone (390×844): one column, no sideways overflow, the step controls at the bottom', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL ?? 'http://localhost:4173').origin);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/#view=decoding');
  await expect(treeImg(page)).toBeAttached();
  await noSidewaysOverflow(page);
  const next = (await page.getByRole('button', { name: /Next step/ }).boundingBox())!;
  expect(next.y + next.height).toBeGreaterThan(844 - 80);
  await page.screenshot({ path: `${SHOTS}/decoding-07-phone.png` });
  await page.screenshot({ path: `${SHOTS}/decoding-07-phone-full.png`, fullPage: true });
  for (const part of ['bars', 'side', 'error', 'nat']) {
    await page.goto(`/#view=decoding&part=${part}&lang=zh`);
    await expect(page.locator('.dec-part-body')).toBeVisible({ timeout: 15_000 });
    await page.waitForTimeout(300);
    await noSidewaysOverflow(page);
    await page.screenshot({ path: `${SHOTS}/decoding-07-phone-${part}-zh.png`, fullPage: true });
  }
  await axeClean(page);
  expectClean(problems);
});

test('opens a model pair from files and by drag-and-drop: the tree is computed from it, what it lacks is said plainly, a node opens the same model in the tour', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const problems = watch(page, new URL(baseURL ?? 'http://localhost:4173').origin);
  await page.goto('/#view=decoding');
  await expect(treeImg(page)).toBeVisible();
  // at 1280×720 the score sits under every node, and the readout line says how to read the rest
  expect(await page.locator('.beam-tree .node .numbers').count()).toBeGreaterThan(10);
  await expect(page.getByText(/under each token: the score Σ log p$/)).toBeVisible();
  await expect(page.locator('.beam-tree .hover-text')).toHaveText(/^→ Point at a node, or Tab to the tree and use the arrows/);

  // the shipped reverse model's pair, renamed to a task of its own: the page has no ground truth for it
  const meta = JSON.parse(readFileSync('public/models/reverse.json', 'utf8')) as Record<string, unknown>;
  meta.task = 'my-reverse';
  meta.example = 'transformer';
  delete meta.decoding;
  await expect(page.getByRole('button', { name: 'Open a model…' })).toBeVisible();
  await page.getByLabel('Model files (.json and .safetensors)').setInputFiles([
    { name: 'my-reverse.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(meta)) },
    { name: 'my-reverse.safetensors', mimeType: 'application/octet-stream', buffer: readFileSync('public/models/reverse.safetensors') },
  ]);
  await expect(page.getByText('Opened “my-reverse” (my-reverse.json + my-reverse.safetensors).')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Task' })).toHaveValue('user-my-reverse');
  expect(new URL(page.url()).hash).toContain('dmodel=user-my-reverse');
  await expect(page.getByRole('textbox', { name: 'Source', exact: true })).toHaveValue('transformer');
  await expect(page.getByText(/^Finished hypotheses, best first: “remrofsnart”, score −0\.\d{3}/)).toBeVisible();
  await expect(page.locator('.beam-tree .node.winner')).toHaveCount(13);
  await expect(page.getByText(/no answer to compare with \(the page has no ground truth for the task of “my-reverse”\)/)).toBeVisible();
  await expect(page.getByText(/“my-reverse” carries no such measurement/)).toBeVisible();
  await noSidewaysOverflow(page);
  await axeClean(page);
  await page.screenshot({ path: `${SHOTS}/decoding-08-user-model-1280.png` });
  for (const [name, text] of [
    ['Side by side', /^No BLEU and no right or wrong for “my-reverse”/],
    ['Error propagation', /^Error propagation is not available for “my-reverse”/],
    ['Next token', /Most probable next token/],
    ['AT vs NAT', /compares the shipped models of the task chosen below, not “my-reverse”/],
  ] as const) {
    await page.getByRole('button', { name, exact: true }).click();
    await expect(page.getByText(text).first()).toBeVisible({ timeout: 15_000 });
    expect(await page.locator('.decoding-lab').innerText()).not.toMatch(/NaN|undefined/);
  }
  await page.getByRole('button', { name: 'Beam-search tree', exact: true }).click();

  // a node opens its prefix in the tour, on the same model
  await treeImg(page).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.beam-tree .hover-text')).toHaveText(/^Step 2: “re” — token e/);
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Forced prefix “re”/)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Task' })).toHaveValue('user-my-reverse');
  const hash = new URL(page.url()).hash;
  expect(hash).toContain('model=user-my-reverse');
  expect(hash).toContain('force=re');
  await expect(page.getByRole('textbox', { name: 'Source', exact: true })).toHaveValue('transformer');
  await page.screenshot({ path: `${SHOTS}/decoding-08-user-model-tour-1280.png` });

  // dropped on the lab: the sort pair opens and the tree is the sort model's
  await page.goto('/#view=decoding');
  await expect(treeImg(page)).toBeVisible();
  const dt = await page.evaluateHandle(async () => {
    const d = new DataTransfer();
    for (const name of ['sort.json', 'sort.safetensors']) d.items.add(new File([await (await fetch(`models/${name}`)).blob()], name));
    return d;
  });
  await page.dispatchEvent('section.decoding-lab', 'dragenter', { dataTransfer: dt });
  await expect(page.getByText('Drop the model’s .json and .safetensors files to open it')).toBeVisible();
  await page.dispatchEvent('section.decoding-lab', 'drop', { dataTransfer: dt });
  await expect(page.getByText('Opened “sort” (sort.json + sort.safetensors).')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Task' })).toHaveValue('user-sort');
  await expect(page.getByText(/^Finished hypotheses, best first: “[0-9]+”, score −/)).toBeVisible();
  await expect(page.getByText(/beam search of width 4 fixes \d+ of them/)).toBeVisible(); // its own .json carries the measurement
  // on a phone, with the opened model and its message: one column, nothing sideways
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('combobox', { name: 'Task' })).toHaveValue('user-sort');
  await noSidewaysOverflow(page);
  await page.screenshot({ path: `${SHOTS}/decoding-08-user-model-phone.png`, fullPage: true });
  expectClean(problems);
});
