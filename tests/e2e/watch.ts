/** What every browser test watches for: console errors, page errors and requests leaving the page's origin. */
import type { Page } from '@playwright/test';

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
