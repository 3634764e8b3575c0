/**
 * The labs take the room they have (issue 8 §2): on a 390×844 phone no lab is wider than
 * the screen; in presentation mode (`p`, or the button in the title row) the lab's main
 * figure — the element marked `data-main-figure` — fills at least 70% of the screen's width
 * or height at 1280×720 and 1920×1080, the exit button does not cover it, formulas are not
 * cut off, legend ticks do not overlap, and Esc leaves; axe finds nothing serious there.
 * The measured shares are printed and attached to the test results.
 */
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { watch, expectClean, axeClean } from './watch';

const SHOTS = 'tests/e2e/screenshots';

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

const LABS = [
  { view: 'norm', heading: 'BatchNorm vs LayerNorm' },
  { view: 'scoring', heading: 'Attention scoring functions' },
  { view: 'posenc', heading: 'Positional encoding' },
  { view: 'cost', heading: 'The cost of attention' },
  { view: 'bert', heading: 'BERT’s masked language model' },
  { view: 'trace', heading: 'Every tensor of the run' },
];

type Box = { x: number; y: number; w: number; h: number; right: number; bottom: number };

async function boxOf(page: Page, selector: string): Promise<Box> {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, w: r.width, h: r.height, right: r.right, bottom: r.bottom };
  });
}

const overlaps = (a: Box, b: Box) => a.x < b.right && b.x < a.right && a.y < b.bottom && b.y < a.bottom;

async function openLab(page: Page, view: string, heading: string) {
  await page.goto(`/#view=${view}`);
  await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('[data-main-figure]').first()).toBeVisible({ timeout: 15_000 });
}

for (const lab of LABS) {
  test(`on a 390×844 phone the ${lab.view} lab is no wider than the screen and its figure fits the width`, async ({ page, baseURL }) => {
    const problems = watch(page, new URL(baseURL!).origin);
    await page.setViewportSize({ width: 390, height: 844 });
    await openLab(page, lab.view, lab.heading);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    console.log(`390x844 ${lab.view}: page ${width} px wide`);
    expect(width).toBeLessThanOrEqual(390);
    const fig = await boxOf(page, '[data-main-figure]');
    expect(fig.x).toBeGreaterThanOrEqual(0);
    expect(fig.right).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/labs-room-${lab.view}-390.png`, fullPage: true });
    expectClean(problems);
  });
}

for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  for (const [i, lab] of LABS.entries()) {
    test(`presentation mode at ${size.width}×${size.height}: the ${lab.view} lab's figure fills the screen, the exit button covers nothing`, async ({ page, baseURL }, info) => {
      const problems = watch(page, new URL(baseURL!).origin);
      await page.setViewportSize(size);
      await openLab(page, lab.view, lab.heading);
      // half of the labs by the key, half by the button
      if (i % 2 === 0) await page.keyboard.press('p');
      else await page.getByRole('button', { name: 'Presentation mode' }).click();
      await expect(page.locator('html')).toHaveClass(/presenting/);
      await expect(page.getByRole('banner')).toHaveCount(0);
      const exit = page.getByRole('button', { name: 'Leave presentation mode' });
      await expect(exit).toBeVisible();
      // the figure takes its room once the layout has settled
      await expect
        .poll(async () => {
          const f = await boxOf(page, '[data-main-figure]');
          return Math.max(f.w / size.width, f.h / size.height);
        })
        .toBeGreaterThanOrEqual(0.7);
      const fig = await boxOf(page, '[data-main-figure]');
      const share = { width: +(fig.w / size.width).toFixed(3), height: +(fig.h / size.height).toFixed(3) };
      console.log(`presentation ${size.width}x${size.height} ${lab.view}: figure ${Math.round(fig.w)}x${Math.round(fig.h)} = ${share.width} of the width, ${share.height} of the height`);
      info.annotations.push({ type: `presentation ${size.width}x${size.height} ${lab.view}`, description: JSON.stringify(share) });
      // on the screen, and not under the exit button
      expect(fig.x).toBeGreaterThanOrEqual(0);
      expect(fig.right).toBeLessThanOrEqual(size.width);
      expect(fig.y).toBeLessThan(size.height);
      expect(overlaps(await boxOf(page, '.present-button'), fig)).toBe(false);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      // formulas are never cut off
      const cut = await page.locator('.lab-formula.fit, .formula').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length);
      expect(cut).toBe(0);
      // legend ticks never overlap
      const ticks = await page.locator('.legend svg text').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, right: r.right }; }));
      for (let k = 1; k < ticks.length; k++) expect(ticks[k].x).toBeGreaterThanOrEqual(ticks[k - 1].right);
      await page.screenshot({ path: `${SHOTS}/labs-room-${lab.view}-present-${size.width}.png` });
      // Esc leaves, and the page's header is back
      await page.keyboard.press('Escape');
      await expect(page.locator('html')).not.toHaveClass(/presenting/);
      await expect(page.getByRole('banner')).toBeVisible();
      expectClean(problems);
    });
  }
}

test('in presentation mode the positional-encoding lab shows the figure picked, by keyboard, and is axe clean', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#view=posenc&present=1');
  const picker = page.getByRole('radiogroup', { name: 'Figure' });
  await expect(picker).toBeVisible();
  await expect(page.getByRole('heading', { name: 'The encoding, 50 positions × 64 dimensions' })).toBeVisible();
  await axeClean(page);
  await picker.getByRole('radio', { name: 'Encoding' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(picker.getByRole('radio', { name: 'Similarity' })).toBeChecked();
  // only the figure in focus is drawn, and it takes the room
  await expect(page.getByRole('heading', { name: 'Dot product of every position with every other' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'The encoding, 50 positions × 64 dimensions' })).toHaveCount(0);
  await expect.poll(async () => (await boxOf(page, '[data-main-figure]')).h / 720).toBeGreaterThanOrEqual(0.7);
  // the map is still read cell by cell from the keyboard
  await page.getByRole('group', { name: 'Dot product of every position with every other' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByText(/^positions 0 and 1: /)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/labs-room-posenc-present-similarity.png` });
  // out of presentation mode every figure is back and the picker goes
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'The encoding, 50 positions × 64 dimensions' })).toBeVisible();
  expectClean(problems);
});

test('presentation mode is axe clean in the BN/LN lab (Chinese) and the trace explorer, whose numbers fill the cells', async ({ page, baseURL }) => {
  const problems = watch(page, new URL(baseURL!).origin);
  await page.goto('/#view=norm&lang=zh&present=1');
  await expect(page.getByRole('heading', { level: 2, name: 'BatchNorm 与 LayerNorm' })).toBeVisible();
  await expect(page.getByRole('button', { name: '退出演示模式' })).toBeVisible();
  // the numbers of the output are whole, not cut at the cell's edge
  const cut = await page.locator('.norm-figures .matrix-value').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length);
  expect(cut).toBe(0);
  await axeClean(page);
  await page.screenshot({ path: `${SHOTS}/labs-room-norm-present-zh.png` });

  await page.goto('/#view=trace&present=1');
  await expect(page.getByRole('img', { name: /Attention weights/ })).toBeVisible({ timeout: 15_000 });
  // a 12×12 attention map: numbers drawn in the cells, large
  const numberPx = Number(await page.locator('[data-main-figure] .numbers').first().getAttribute('font-size'));
  console.log(`presentation 1280x720 trace: numbers in the 12x12 map ${numberPx}px`);
  expect(numberPx).toBeGreaterThanOrEqual(18);
  await axeClean(page);
  expectClean(problems);
});
