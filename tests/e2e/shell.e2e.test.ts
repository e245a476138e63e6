import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './use-app-in-browser.js';

describe('the navigation shell in web mode', () => {
  const ctx = useAppInBrowser();

  it('shows the six screens and moves between them', async () => {
    const { page } = ctx.browser;
    await page.goto(ctx.app.url);
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of ['Today', 'Decks', 'Cram', 'Stats', 'Import', 'Settings']) {
      await expect.poll(() => nav.getByRole('link', { name, exact: true }).count()).toBe(1);
    }
    await expect.poll(() => page.getByRole('heading', { name: 'Today', level: 1 }).count()).toBe(1);
    await nav.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Settings', level: 1 }).count()).toBe(1);
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });

  it('catches a request that tries to leave the machine', async () => {
    const page = await ctx.browser.context.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText}`));
    await page.setContent('<img src="http://192.0.2.10/pixel.png">');
    await expect.poll(() => ctx.browser.offMachine.length).toBeGreaterThan(0);
    expect(ctx.browser.offMachine[0]).toContain('192.0.2.10');
    // Stopped at the harness's dead proxy (web-app-harness.ts), never sent to that address, whatever this machine's network.
    await expect.poll(() => failed).toEqual(['http://192.0.2.10/pixel.png net::ERR_PROXY_CONNECTION_FAILED']);
    ctx.browser.offMachine.length = 0;
    await page.close();
  });
});
