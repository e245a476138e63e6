import { afterAll, beforeAll, vi } from 'vitest';
import { openBrowser, startWebApp, type BrowserSession, type WebApp } from './web-app-harness.js';

/** Web mode on a fresh database plus a watched Chromium, around one describe block. */
export function useAppInBrowser(): { readonly app: WebApp; readonly browser: BrowserSession } {
  const context = {} as { app: WebApp; browser: BrowserSession };
  // Browser tests share two cores with the rest of the suite (crash tests, fuzzing): give them room.
  vi.setConfig({ testTimeout: 90_000 });
  beforeAll(async () => {
    context.app = await startWebApp();
    context.browser = await openBrowser({ admitTo: context.app });
  });
  afterAll(async () => {
    await context.browser?.close();
    await context.app?.stop();
  });
  return context;
}
