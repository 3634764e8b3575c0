/**
 * The trace explorer ("All tensors") in Chromium on the production build: the
 * tour's run on the shipped model, the filter, the 2-D slice picker, the link to
 * the tour step, both languages, no console error, axe clean, and screenshots at
 * 1280×720 and 1920×1080 to look at.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { watch, expectClean } from './watch';

const SHOTS = 'tests/e2e/screenshots';

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

async function axeClean(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
}

async function nothingSticksOut(page: Page) {
  const width = page.viewportSize()!.width;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

test('filter, slice picker and the link to the tour step, in English', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#view=trace&src=transformer');
  const list = page.getByRole('navigation', { name: 'Tensors' });
  await expect(list).toBeVisible({ timeout: 15_000 });
  // the encoder pass of the tour's run: S = 11 letters + EOS, 4 heads
  await expect(list.getByRole('button', { name: 'enc.0.self_attn.weights [1,4,12,12]' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByText('Output “remrofsnart”')).toBeVisible();
  await expect(page.getByRole('img', { name: /enc\.0\.self_attn\.weights\[0,0,:,:\] \[12,12\]/ })).toBeVisible();
  await nothingSticksOut(page);
  await axeClean(page);
  await page.screenshot({ path: `${SHOTS}/explorer-01-encoder-en.png` });

  // filter: cross-attention exists only in the decoder
  const filter = page.getByRole('searchbox', { name: 'Filter by name' });
  await filter.fill('cross weights');
  await expect(page.getByText('No tensor of this part of the run has “cross weights” in its name.')).toBeVisible();
  await page.getByRole('combobox', { name: 'Part of the run' }).selectOption({ label: 'Decoding step 3 → “m”' });
  await expect(list.getByRole('button')).toHaveText(['dec.0.cross_attn.weights [1,4,3,12]', 'dec.1.cross_attn.weights [1,4,3,12]']);
  await expect(page.getByRole('status').filter({ hasText: /^2 of \d+ tensors$/ })).toBeVisible();
  await list.getByRole('button', { name: 'dec.1.cross_attn.weights [1,4,3,12]' }).click();

  // slice picker: head 3, then the heads down the rows at the last decoder position
  await page.getByRole('combobox', { name: 'H · head' }).selectOption({ label: 'head 3' });
  await expect(page.getByText('Drawn: dec.1.cross_attn.weights[0,2,:,:]')).toBeVisible();
  await expect(page.getByRole('img', { name: /\[0,2,:,:\] \[3,12\], decoding step 3/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/explorer-02-cross-head3-en.png` });
  await page.getByRole('combobox', { name: 'Rows' }).selectOption({ label: 'H · head' });
  await page.getByRole('combobox', { name: 'T · decoder position' }).selectOption({ label: '2 · e' });
  await expect(page.getByText('Drawn: dec.1.cross_attn.weights[0,:,2,:]')).toBeVisible();
  // the stats of the slice: four rows of softmax weights (one per head), so the mean is 1/12
  await expect(page.getByRole('columnheader', { name: 'slice drawn (48)' })).toBeVisible();
  await expect(page.getByRole('row', { name: /^mean/ }).getByRole('cell').nth(1)).toHaveText('0.083');
  await axeClean(page);
  await page.screenshot({ path: `${SHOTS}/explorer-03-slice-en.png` });

  // hovering a cell names both axes: the last head, the last source position
  const cell = page.getByRole('img', { name: /\[0,:,2,:\]/ }).locator('rect.cell[data-row="3"][data-col="11"]');
  await cell.hover({ force: true }); // the number drawn in the cell lies on top of it
  await expect(page.getByText(/^head 4, source position 11 \(“<eos>”\): \d/)).toBeVisible();

  // the link opens the tour at the cross-attention step of decoding step 3, on that layer
  const link = page.getByRole('link', { name: /^Open in the tour: step \d+, “Cross-attention: weights”$/ });
  const n = Number((await link.textContent())!.match(/step (\d+)/)![1]);
  await link.click();
  await expect(page.getByRole('heading', { level: 3, name: 'Cross-attention: weights' })).toBeVisible({ timeout: 15_000 });
  const hash = new URL(page.url()).hash;
  expect(hash).toContain(`step=${n}`);
  expect(hash).toContain('head=3');
  expect(hash).not.toContain('view=trace');
  // the step of decoder layer 2 (dec.1), on head 3, as chosen in the explorer
  await expect(page.getByRole('img', { name: /cross-attention, layer 2, head 3/ })).toBeVisible();
  // back to the explorer: the tensor is still chosen
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await nav.getByRole('button', { name: /^Labs/ }).click();
  await nav.getByRole('link', { name: 'All tensors', exact: true }).click();
  await expect(page.getByRole('region', { name: /^dec\.1\.cross_attn\.weights/ })).toBeVisible({ timeout: 15_000 });
  expectClean(problems);
});

test('the explorer in Chinese, at 1280×720 and 1920×1080', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#view=trace&lang=zh&task=date&src=22%20nov%202026');
  const list = page.getByRole('navigation', { name: '张量' });
  await expect(list).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('输出 “2026-11-22”')).toBeVisible();
  await page.getByRole('searchbox', { name: '按名称筛选' }).fill('ffn.hidden');
  await list.getByRole('button', { name: /^enc\.1\.ffn\.hidden/ }).click();
  await expect(page.getByRole('region', { name: /^enc\.1\.ffn\.hidden/ })).toContainText('各轴 [B,S,F]');
  await expect(page.getByRole('link', { name: /^在逐步演示中打开：第 \d+ 步，“前馈网络”$/ })).toBeVisible();
  await nothingSticksOut(page);
  await axeClean(page);
  await page.screenshot({ path: `${SHOTS}/explorer-10-ffn-zh.png` });

  await page.getByRole('searchbox', { name: '按名称筛选' }).fill('');
  await page.getByRole('combobox', { name: '运行的哪一部分' }).selectOption({ index: 4 });
  await list.getByRole('button', { name: /^dec\.0\.self_attn\.masked/ }).click();
  // the causal mask: −∞ above the diagonal, counted apart from the statistics
  await expect(page.getByRole('rowheader', { name: '−∞（被遮罩）' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/explorer-11-masked-zh.png` });

  await page.setViewportSize({ width: 1920, height: 1080 });
  await nothingSticksOut(page);
  await page.screenshot({ path: `${SHOTS}/explorer-12-masked-zh-1920.png` });
  await page.getByRole('combobox', { name: 'Language' }).selectOption('en');
  await expect(page.getByRole('rowheader', { name: '−∞ (masked)' })).toBeVisible();
  await axeClean(page);
  await page.screenshot({ path: `${SHOTS}/explorer-13-masked-en-1920.png` });
  await page.goto('/#view=trace&task=zh-numerals&src=10010000&tkey=probs&tpass=1');
  await expect(page.getByRole('region', { name: /^probs/ })).toContainText('[B,T,V]', { timeout: 15_000 });
  await page.screenshot({ path: `${SHOTS}/explorer-14-probs-en-1920.png` });
  expectClean(problems);
});
