import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { watch } from './watch';

const SHOTS = 'tests/e2e/screenshots';


test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('the shell shows the trace of a typed source and switches to Chinese', async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? 'http://localhost:4173').origin;
  const problems = watch(page, origin);

  await page.goto('/#view=trace');
  await expect(page.getByRole('heading', { level: 1, name: 'seq2seq-lab' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/01-opened.png` });

  const source = page.getByRole('textbox', { name: 'Source', exact: true });
  await source.fill('abcd');
  const entry = page.getByRole('listitem').filter({ hasText: 'enc.0.self_attn.weights' });
  await expect(entry).toBeVisible();
  await expect(entry).toContainText('[1,2,5,5]');
  await expect(page.getByText('dec.0.cross_attn.weights', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Encoder layer 0/ })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/02-trace-en.png` });
  await page.screenshot({ path: `${SHOTS}/03-trace-en-full.png`, fullPage: true });

  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: '简体中文' });
  await expect(page.getByRole('heading', { level: 2, name: '前向传播轨迹' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^编码器第 0 层/ })).toBeVisible();
  await expect(page.getByText('enc.0.self_attn.weights', { exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  expect(new URL(page.url()).hash).toContain('lang=zh');
  await page.screenshot({ path: `${SHOTS}/04-trace-zh.png` });

  await page.getByRole('textbox', { name: '源序列' }).fill('ab!');
  await expect(page.getByRole('alert')).toContainText('“!”');
  await page.screenshot({ path: `${SHOTS}/05-error-zh.png` });

  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.foreignRequests).toEqual([]);
});

test('a shared URL reopens the language and the source it names', async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? 'http://localhost:4173').origin;
  const problems = watch(page, origin);

  await page.goto('/#view=trace&lang=zh&src=abc');
  await expect(page.getByRole('textbox', { name: '源序列' })).toHaveValue('abc');
  await expect(page.getByRole('heading', { level: 2, name: '前向传播轨迹' })).toBeVisible();
  const entry = page.getByRole('listitem').filter({ hasText: 'enc.1.self_attn.weights' });
  await expect(entry).toContainText('[1,2,4,4]');

  await page.goto('/#lang=%%%&src=%E0%A4%A');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'seq2seq-lab' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Language' })).toHaveValue('en');

  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.foreignRequests).toEqual([]);
});

test('the longest source still fits the page, and one character more is refused', async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? 'http://localhost:4173').origin;
  const problems = watch(page, origin);
  await page.goto('/#view=trace');
  const source = page.getByRole('textbox', { name: 'Source', exact: true });

  await source.fill('the quick brown fox jumps over ');
  await expect(page.getByText('enc.1.self_attn.weights', { exact: true })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'enc.0.self_attn.scores' })).toContainText('[1,2,32,32]');
  // Nothing sticks out sideways at 1280 px.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await page.screenshot({ path: `${SHOTS}/06-longest-en.png` });

  await source.fill('the quick brown fox jumps over t');
  await expect(page.getByRole('alert')).toContainText('32 characters');
  await expect(page.getByText('enc.memory', { exact: true })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/07-too-long-en.png` });

  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.foreignRequests).toEqual([]);
});
