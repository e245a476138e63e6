import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, startWebApp, type BrowserSession, type WebApp } from './web-app-harness.js';

describe('the navigation shell in web mode', () => {
  let app: WebApp;
  let browser: BrowserSession;

  beforeAll(async () => {
    app = await startWebApp();
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows the six screens and moves between them', async () => {
    const { page } = browser;
    await page.goto(app.url);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Today', 'Decks', 'Cram', 'Stats', 'Import', 'Settings']) {
      await expect.poll(() => nav.getByRole('link', { name, exact: true }).count()).toBe(1);
    }
    await expect.poll(() => page.getByRole('heading', { name: 'Today', level: 1 }).count()).toBe(1);
    await nav.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Settings', level: 1 }).count()).toBe(1);
    expect(browser.offMachine).toEqual([]);
    expect(browser.problems).toEqual([]);
  });

  it('catches a request that tries to leave the machine', async () => {
    const page = await browser.context.newPage();
    await page.setContent('<img src="http://192.0.2.10/pixel.png">');
    await expect.poll(() => browser.offMachine.length).toBeGreaterThan(0);
    expect(browser.offMachine[0]).toContain('192.0.2.10');
    browser.offMachine.length = 0;
    await page.close();
  });
});
