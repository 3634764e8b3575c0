/**
 * The production build served from a sub-path, as on GitHub Pages
 * (https://USER.github.io/REPO/): a tiny static server mounts dist/ at
 * /seq2seq-lab/ on another port, and the tour loads its model from there.
 */
import { createServer, type Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { expect, test } from '@playwright/test';

const DIST = resolve('dist');
const BASE = '/seq2seq-lab/';
const PORT = Number(process.env.E2E_PORT ?? 4173) + 2;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.safetensors': 'application/octet-stream',
};

let server: Server;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith(BASE)) {
      res.writeHead(404).end('outside the sub-path');
      return;
    }
    const rel = decodeURIComponent(path.slice(BASE.length)) || 'index.html';
    const file = resolve(DIST, rel);
    if (!(file === DIST || file.startsWith(DIST + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
});

test.afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

test('the built site works from a sub-path: the tour loads a model there and walks to EOS', async ({ page }) => {
  const origin = `http://127.0.0.1:${PORT}`;
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${origin}${BASE}#task=sort&src=3021`);
  await expect(page.getByRole('navigation', { name: 'Model map' })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('heading', { level: 3 }).first().click();
  await page.keyboard.press('End');
  await expect(page.getByRole('heading', { level: 3, name: 'Stop' })).toBeVisible();
  const expected = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/predict.ts', '--task', 'sort'], { input: '3021\n', encoding: 'utf8' }).trim();
  await expect(page.getByRole('status', { name: 'Output' })).toHaveText(expected);
  const own = requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(own.some((u) => u.endsWith(`${BASE}models/sort.safetensors`))).toBe(true);
  expect(own.filter((u) => !u.startsWith(`${origin}${BASE}`))).toEqual([]);
  expect(errors).toEqual([]);
});

test('the build has relative asset URLs, so no file is asked for outside the sub-path', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  expect(html).not.toMatch(/(src|href)="\/(?!\/)/);
  expect(html).toMatch(/src="\.\/assets\//);
});
