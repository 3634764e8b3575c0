import { expect, test } from '@playwright/test';
import { watch } from './watch';

// The page runs the core's GEMM products on the WebAssembly SIMD kernel, compiled
// synchronously on the main thread (the module is under 4 KB); ?kernels=js forces the
// JavaScript reference kernels. <html data-kernels> names the path that runs.
test('the page runs on the WebAssembly SIMD kernel, and ?kernels=js switches to the JavaScript kernels', async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? 'http://localhost:4173').origin;
  const problems = watch(page, origin);
  const warnings: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'warning') warnings.push(msg.text());
  });

  for (const [query, path] of [['', 'wasm'], ['?kernels=js', 'js'], ['?kernels=wasm', 'wasm']] as const) {
    await page.goto(`/${query}#view=trace`);
    await expect(page.locator('html')).toHaveAttribute('data-kernels', path);
    // All tensors runs the shipped model: the same output on either kernel path
    await page.getByRole('textbox', { name: 'Source', exact: true }).fill('abcd');
    await expect(page.getByRole('button', { name: 'enc.0.self_attn.weights [1,4,5,5]' })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText('Output “dcba”')).toBeVisible();
  }

  // an unknown value is named in a warning, and the page runs on the automatic choice
  await page.goto('/?kernels=gpu#view=trace');
  await expect(page.locator('html')).toHaveAttribute('data-kernels', 'wasm');
  expect(warnings.some((w) => w.includes('kernels: setKernels must be js, wasm or auto, got "gpu"'))).toBe(true);

  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.foreignRequests).toEqual([]);
});
