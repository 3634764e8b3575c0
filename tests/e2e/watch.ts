/** What every browser test watches for: console errors, page errors and requests leaving the page's origin. */
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export interface WatchOptions {
  /** a console error to expect rather than count (e.g. the 404 of a model a test removed on purpose) */
  ignoreConsole?: (text: string, url: string) => boolean;
}

export function watch(page: Page, origin: string, opts: WatchOptions = {}) {
  const problems = { consoleErrors: [] as string[], pageErrors: [] as string[], foreignRequests: [] as string[] };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (opts.ignoreConsole?.(msg.text(), msg.location().url)) return;
    problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) problems.foreignRequests.push(url);
  });
  return problems;
}

/** Fails on any console error, page error or request that left the page's origin. */
export function expectClean(problems: ReturnType<typeof watch>) {
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.foreignRequests).toEqual([]);
}

/** Fails on any serious or critical axe violation, naming the rule and the elements. */
export async function axeClean(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
}
