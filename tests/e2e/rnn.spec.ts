/**
 * The RNN lab ("From RNN to attention", `#view=rnn`) in Chromium, on the production build:
 * from the Labs menu and by URL; the three shipped models load; c keeps its size as the
 * input grows; a cell of the alignment explains its additive score with numbers (mouse and
 * keyboard); the decoder steps to EOS with →; Chinese; presentation mode; a phone; axe
 * clean and no console error. Also: the training lab trains the two RNNs.
 */
import { expect, test, type Page } from '@playwright/test';
import { watch, expectClean, axeClean } from './watch';

async function noSidewaysOverflow(page: Page) {
  const { scroll, inner, wide } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    // what sticks out (inside a box that scrolls sideways is fine)
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.rnn-scroll, .rnn-formula'))
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`),
  }));
  expect(scroll, wide.join(', ')).toBeLessThanOrEqual(inner);
  expect(wide).toEqual([]);
}

const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });
const input = (page: Page, name = 'Input') => page.getByRole('textbox', { name });

test('opens from the Labs menu; the three models load and the chart draws one line each, with parameter counts; axe clean', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Pages' });
  await nav.getByRole('button', { name: /^Labs/ }).click();
  await nav.getByRole('link', { name: 'RNN → attention', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'From RNN to attention: the fixed context vector, measured' })).toBeVisible();
  expect(new URL(page.url()).hash).toContain('view=rnn');
  await expect(page.getByRole('img', { name: /^The encoder’s state after every input token/ })).toBeVisible({ timeout: 15_000 });
  await axeClean(page);

  await tab(page, 'Accuracy vs length').click();
  expect(new URL(page.url()).hash).toContain('rpart=length');
  const chart = page.getByRole('img', { name: /^Exact match against input length/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator('path')).toHaveCount(3);
  for (const d of await chart.locator('path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''))) {
    expect(d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){23}$/);
  }
  const legend = page.locator('.rnn-length .chart-legend');
  await expect(legend).toContainText('RNN, fixed context vector (109,981 parameters)');
  await expect(legend).toContainText('RNN with additive attention (104,989 parameters)');
  await expect(legend).toContainText('Transformer (99,245 parameters)');
  // the complaints carry the measured numbers, not a claim
  const complaints = page.getByRole('complementary', { name: 'The three complaints about the context vector' });
  await expect(complaints).toContainText(/the fixed-context RNN falls below 50% at length \d+/);
  await expect(complaints).not.toContainText('NaN');
  await page.locator('.rnn-metric label', { hasText: 'per-letter accuracy' }).click();
  await expect(page.getByRole('radio', { name: 'per-letter accuracy' })).toBeChecked();
  await expect(page.getByRole('img', { name: /^Per-letter accuracy against input length/ }).locator('path')).toHaveCount(3);
  await axeClean(page);
  expectClean(problems);
});

test('c keeps its H numbers when the input grows, while the encoder gets a state per input token; bad input is named', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#view=rnn');
  const states = page.locator('.rnn-states-fig figcaption');
  const c = page.locator('.rnn-c-fig figcaption');
  await expect(states).toHaveText('Encoder states h1 … h22 of the fixed-context RNN (22 × 96)', { timeout: 15_000 });
  await expect(c).toHaveText('Context vector c = the last state (1 × 96)');
  const cWidth = async () => (await page.locator('.rnn-c-fig .heatmap-frame').boundingBox())!.width;
  const before = await cWidth();

  await input(page).fill('abc');
  await expect(states).toHaveText('Encoder states h1 … h4 of the fixed-context RNN (4 × 96)');
  await expect(c).toHaveText('Context vector c = the last state (1 × 96)');
  await expect(page.locator('.rnn-c-size')).toContainText('your 3 letters (4 input tokens with EOS) go into the same 96 numbers');

  await input(page).fill('abcdefghijklmnopqrstuvwx');
  await expect(states).toHaveText('Encoder states h1 … h25 of the fixed-context RNN (25 × 96)');
  await expect(c).toHaveText('Context vector c = the last state (1 × 96)');
  await expect(page.locator('.rnn-c-size')).toContainText('your 24 letters (25 input tokens with EOS) go into the same 96 numbers');
  expect(await cWidth()).toBeCloseTo(before, 0);
  expect(new URL(page.url()).hash).toContain('rsrc=abcdefghijklmnopqrstuvwx');

  await input(page).fill('abC1');
  await expect(input(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: /“C”/ })).toBeVisible();
  await input(page).fill('abcdefghijklmnopqrstuvwxy');
  await expect(page.getByRole('alert').filter({ hasText: /25/ })).toBeVisible();
  await expect(page.locator('main')).not.toContainText('NaN');
  await page.getByRole('button', { name: /^Back to the example/ }).click();
  await expect(states).toHaveText(/\(22 × 96\)$/);
  expectClean(problems);
});

test('the alignment beside the Transformer’s cross-attention; a hovered or focused cell shows its additive score with numbers', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  // 12 letters: a grid small enough to be drawn cell by cell
  await page.goto('/#view=rnn&rpart=align&rsrc=abcdefghijkl');
  const align = page.getByRole('img', { name: 'Alignment of the additive-attention RNN: output steps by input positions' });
  await expect(align).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('img', { name: 'Cross-attention of the Transformer: output steps by input positions' })).toBeVisible();
  const head = page.locator('.rnn-formula-head');
  const numbers = page.locator('.rnn-formula-numbers');
  // by default: the first step's largest weight (reverse: the last letter)
  await expect(head).toHaveText('Output step t = 1 (“l”), input position j = 12 (“l”):');

  // the mouse: the cell of row 3, column 10 (“j” ← “j”)
  const cell = page.locator('.rnn-align-fig rect.cell[data-row="2"][data-col="9"]');
  await cell.hover();
  await expect(head).toHaveText('Output step t = 3 (“j”), input position j = 10 (“j”):');
  await expect(page.locator('.rnn-align-fig .hover-text')).toContainText('output 3 “j” looks at input 10 “j”: α = ');
  const score = Number(await numbers.getAttribute('data-score'));
  const weight = Number(await numbers.getAttribute('data-weight'));
  expect(Number.isFinite(score)).toBe(true);
  expect(weight).toBeGreaterThan(0.5);
  expect(weight).toBeLessThanOrEqual(1);
  await expect(numbers).toContainText(`α = ${weight.toFixed(3)}`);
  // the largest terms and the rest add up to e
  const products = await page.locator('.rnn-terms tbody tr td:last-child').allTextContents();
  const values = products.map((s) => Number(s.replace('−', '-')));
  const sum = values.slice(0, -1).reduce((a, b) => a + b, 0);
  expect(sum).toBeCloseTo(values[values.length - 1], 2);
  expect(values[values.length - 1]).toBeCloseTo(score, 3);
  await expect(page.locator('.rnn-formula .katex').first()).toBeVisible();

  // the keyboard: focus the figure, move the cursor down one row
  await page.mouse.move(0, 0);
  await align.focus();
  await page.keyboard.press('Home');
  await expect(head).toHaveText('Output step t = 1 (“l”), input position j = 1 (“a”):');
  await page.keyboard.press('ArrowDown');
  await expect(head).toHaveText('Output step t = 2 (“k”), input position j = 1 (“a”):');
  await page.keyboard.press('End');
  await expect(head).toHaveText('Output step t = 2 (“k”), input position j = 13 (“EOS”):');
  await axeClean(page);
  expectClean(problems);
});

test('steps the decoder with → to EOS, showing state, token, probability and (attention) the step’s attention row', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#view=rnn&rpart=step');
  const position = page.locator('.step-position');
  await expect(position).toHaveText('Stop 1 of 44', { timeout: 15_000 });
  const text = page.locator('.rnn-stop-text');
  await expect(text).toHaveText('Encoder, input 1 of 22: reads “a” into an empty state; h1 is all new.');
  for (let i = 0; i < 22; i++) await page.keyboard.press('ArrowRight');
  await expect(text).toContainText('The whole input, 22 input tokens, is now c: the last state, 96 numbers.');
  await page.keyboard.press('ArrowRight');
  await expect(text).toContainText(/^Decoder, step 1: fed “BOS”, chooses “e” with probability 0\.\d{3}/);
  await expect(page.locator('.rnn-stop-fig figcaption')).toHaveText('Decoder state s1 (96 numbers)');
  await page.keyboard.press('End');
  await expect(position).toHaveText('Stop 44 of 44');
  await expect(text).toContainText('It chose EOS: the output is complete, “eduenloyasionltietna”.');
  await expect(page.getByRole('button', { name: /Next step/ })).toBeDisabled();
  await page.keyboard.press('ArrowLeft');
  await expect(position).toHaveText('Stop 43 of 44');
  expect(new URL(page.url()).hash).toContain('rstep=43');

  // the attention model: each decoder step shows its row of α over the input
  await page.locator('.rnn-step-arch label', { hasText: 'RNN with additive attention' }).click();
  await expect(position).toHaveText('Stop 1 of 45');
  // the radio keeps its arrows while it has the focus: the Next button takes it
  await page.getByRole('button', { name: /Next step/ }).click();
  await expect(position).toHaveText('Stop 2 of 45');
  let steps = 0;
  while (!(await text.textContent())?.includes('It chose EOS') && steps++ < 60) await page.keyboard.press('ArrowRight');
  await expect(text).toContainText('It chose EOS: the output is complete, “deenuoyllasinoitnetta”.');
  await expect(position).toHaveText('Stop 45 of 45');
  await expect(page.locator('.rnn-stop-attn figcaption')).toHaveText('Attention of output step 22 over the input (α, one row)');
  await page.keyboard.press('ArrowLeft');
  await expect(text).toContainText(/^Decoder, step 21: fed “t”, chooses “a” with probability/);
  await axeClean(page);
  expectClean(problems);
});

test('in Chinese: the page, the tabs and the numbers', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#view=rnn');
  await expect(page.locator('.rnn-c-fig figcaption')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh');
  await expect(page.getByRole('heading', { level: 2, name: '从 RNN 到注意力：实测固定的上下文向量' })).toBeVisible();
  await expect(page.locator('.rnn-c-fig figcaption')).toHaveText('上下文向量 c = 最后一个隐藏状态（1 × 96）');
  await expect(page.locator('.rnn-c-size')).toContainText('无论输入多长，c 都只有 H = 96 个数');
  await tab(page, '准确率与长度').click();
  await expect(page.getByRole('complementary', { name: '对上下文向量的三点批评' })).toContainText('中间语义向量 c');
  await expect(page.locator('.rnn-length .chart-legend')).toContainText('RNN（固定上下文向量）（109,981 个参数）');
  await tab(page, '逐步查看解码器').click();
  await expect(page.locator('.step-position')).toHaveText('第 1 步，共 44 步');
  await axeClean(page);
  expectClean(problems);
});

for (const part of ['context', 'align', 'length', 'step'] as const) {
  test(`presentation mode at 1280×720 (${part}): the figure fills ≥ 70% of the screen, the exit button never covers it`, async ({ page, baseURL }) => {
    const problems = watch(page, new URL(baseURL!).origin);
    await page.goto(`/#view=rnn&rpart=${part}&rstep=30`);
    const fig = page.locator({ context: '.rnn-states-fig .heatmap-frame', align: '.rnn-align-fig .heatmap-frame', length: '.rnn-length-chart svg[role="img"]', step: '.rnn-stop-fig .heatmap-frame' }[part]);
    await expect(fig).toBeVisible({ timeout: 15_000 });
    await page.keyboard.press('p');
    await expect(page.locator('html')).toHaveClass(/presenting/);
    const exitButton = page.getByRole('button', { name: 'Leave presentation mode' });
    await expect(exitButton).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Input' })).toBeHidden();
    // the layout settles to the new room
    await expect.poll(async () => (await fig.boundingBox())!.width / 1280 >= 0.7 || (await fig.boundingBox())!.height / 720 >= 0.7).toBe(true);
    const box = (await fig.boundingBox())!;
    const exit = (await exitButton.boundingBox())!;
    const overlaps = exit.x < box.x + box.width && box.x < exit.x + exit.width && exit.y < box.y + box.height && box.y < exit.y + exit.height;
    expect(overlaps).toBe(false);
    expect(box.y + box.height).toBeLessThanOrEqual(720 + 1);
    await noSidewaysOverflow(page);
    await page.keyboard.press('Escape');
    await expect(page.locator('html')).not.toHaveClass(/presenting/);
    expectClean(problems);
  });
}

test('on a phone (390×844): nothing overflows sideways on any part', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const part of ['context', 'align', 'length', 'step']) {
    await page.goto(`/#view=rnn&rpart=${part}`);
    await expect(page.locator('.rnn-part')).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('.rnn-part .tour-figure, .rnn-part .lab-chart').first()).toBeVisible({ timeout: 15_000 });
    await noSidewaysOverflow(page);
  }
  expectClean(problems);
});

for (const arch of ['rnn-fixed', 'rnn-attention']) {
  test(`the training lab trains ${arch}: steps run, the Transformer-only parts say they do not apply`, async ({ page, baseURL }) => {
    const problems = watch(page, new URL(baseURL!).origin);
    await page.goto(`/#view=train&tarch=${arch}`);
    const status = page.getByRole('status', { name: 'Training progress' });
    await expect(status).toHaveText('Step 0 · loss — · paused', { timeout: 15_000 });
    await expect(page.getByRole('combobox', { name: 'Architecture' })).toHaveValue(arch);
    await expect(page.getByText(/^The RNNs train with teacher forcing only/)).toBeVisible();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(status).toHaveText(/^Step 2 · loss [\d.]+ · paused$/);
    await page.getByRole('tab', { name: /Attention/ }).click();
    await expect(page.getByText('This architecture records no attention to show.')).toBeVisible();
    expectClean(problems);
  });
}
