/**
 * The page shell with the "All tensors" view: a typed source and its tensors, the
 * language switch, a shared URL that reopens the view, and the longest source.
 * The explorer itself (filter, slice picker, link to the tour) is explorer.spec.ts.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { watch, expectClean } from './watch';

const SHOTS = 'tests/e2e/screenshots';

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

const tensors = (page: Page, name = 'Tensors') => page.getByRole('navigation', { name });

test('All tensors shows the tensors of a typed source on the shipped model and switches to Chinese', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#view=trace');
  await expect(page.getByRole('heading', { level: 1, name: 'seq2seq-lab' })).toBeVisible();
  await expect(tensors(page)).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: `${SHOTS}/01-opened.png` });

  await page.getByRole('textbox', { name: 'Source', exact: true }).fill('abcd');
  // the shipped reverse model has 4 heads; S = 4 characters + EOS
  await expect(tensors(page).getByRole('button', { name: 'enc.0.self_attn.weights [1,4,5,5]' })).toBeVisible();
  await expect(tensors(page).getByRole('heading', { name: 'Encoder layer 1' })).toBeVisible();
  await expect(page.getByText('Output “dcba”')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/02-trace-en.png` });
  await page.screenshot({ path: `${SHOTS}/03-trace-en-full.png`, fullPage: true });

  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: '简体中文' });
  await expect(page.getByRole('heading', { level: 2, name: '这次运行的全部张量' })).toBeVisible();
  await expect(tensors(page, '张量').getByRole('heading', { name: '编码器第 1 层' })).toBeVisible();
  await expect(tensors(page, '张量').getByRole('button', { name: 'enc.0.self_attn.weights [1,4,5,5]' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  expect(new URL(page.url()).hash).toContain('lang=zh');
  await page.screenshot({ path: `${SHOTS}/04-trace-zh.png` });

  await page.getByRole('textbox', { name: '源序列' }).fill('ab!');
  await expect(page.getByRole('alert')).toContainText('“!”');
  await expect(page.getByRole('alert').locator('mark')).toHaveText('!');
  await expect(tensors(page, '张量')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/05-error-zh.png` });
  expectClean(problems);
});

test('a shared URL reopens the language, the source, the decoding step and the tensor it names', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#view=trace&lang=zh&src=abc&tpass=2&tkey=dec.1.cross_attn.weights');
  await expect(page.getByRole('textbox', { name: '源序列' })).toHaveValue('abc');
  await expect(page.getByRole('heading', { level: 2, name: '这次运行的全部张量' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: '运行的哪一部分' })).toHaveValue('2', { timeout: 15_000 });
  // decoding step 2: the decoder input is BOS and one token (T = 2), the memory has S = 4
  await expect(tensors(page, '张量').getByRole('button', { name: 'dec.1.cross_attn.weights [1,4,2,4]' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('region', { name: /^dec\.1\.cross_attn\.weights/ })).toContainText('形状 [1,4,2,4]');

  await page.goto('/#lang=%%%&src=%E0%A4%A');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'seq2seq-lab' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
  expectClean(problems);
});

test('the longest source still fits the page, and one character more is refused', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#view=trace');
  const source = page.getByRole('textbox', { name: 'Source', exact: true });
  await expect(tensors(page)).toBeVisible({ timeout: 15_000 });

  await source.fill('abcdefghijkl'); // 12 letters, the most the reverse task takes
  await expect(tensors(page).getByRole('button', { name: 'enc.0.self_attn.scores [1,4,13,13]' })).toBeVisible();
  await expect(page.getByText('Output “lkjihgfedcba”')).toBeVisible();
  // Nothing sticks out sideways at 1280 px.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await page.screenshot({ path: `${SHOTS}/06-longest-en.png` });

  await source.fill('abcdefghijklm');
  await expect(page.getByRole('alert')).toContainText('13 characters');
  await expect(tensors(page)).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/07-too-long-en.png` });
  expectClean(problems);
});
