import { afterAll, beforeAll, vi } from 'vitest';
import { openBrowser, startWebApp, type BrowserSession, type WebApp } from './web-app-harness.js';

/** Web mode on a fresh database plus a watched Chromium, around one describe block (the page at `page`'s size, with the CSP bypassed for axe when asked). */
export function useAppInBrowser(
  page: { width?: number; height?: number; bypassCSP?: boolean; testTimeout?: number } = {},
): { readonly app: WebApp; readonly browser: BrowserSession } {
  const context = {} as { app: WebApp; browser: BrowserSession };
  // Browser tests share two cores with the rest of the suite (crash tests, fuzzing): give them room.
  vi.setConfig({ testTimeout: page.testTimeout ?? 90_000 });
  beforeAll(async () => {
    // The browser's context is made while web mode starts (neither waits on the other); the page is admitted once both are up.
    const [app, browser] = await Promise.allSettled([startWebApp(), openBrowser({ bypassCSP: page.bypassCSP, width: page.width, height: page.height })]);
    if (app.status === 'fulfilled') context.app = app.value;
    if (browser.status === 'fulfilled') context.browser = browser.value;
    if (app.status === 'rejected') throw app.reason;
    if (browser.status === 'rejected') throw browser.reason;
    await context.app.admit(context.browser.page);
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.app?.stop();
  });
  return context;
}
