import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, startWebApp, type BrowserSession, type WebApp } from './web-app-harness.js';

describe('stats after a few reviews', () => {
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

  it('shows today’s reviews and the matrix cell of the studied cards', async () => {
    const { page } = browser;
    await page.goto(`${app.url}#/decks/iaas-ec2`);
    await page.getByRole('button', { name: 'Study', exact: true }).click();
    await page.getByRole('article', { name: 'Card' }).waitFor();
    let answered = 0;
    for (let i = 0; i < 4; i++) {
      await expect.poll(() => page.getByText(`${i} done`).count()).toBe(1);
      if ((await page.getByRole('group', { name: 'Choose the owner' }).count()) === 0) break;
      await page.keyboard.press('c');
      await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
      await page.keyboard.press(' ');
      answered++;
    }
    expect(answered).toBe(4);
    await page.keyboard.press('Escape');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stats' }).click();
    await page.getByRole('heading', { name: 'Responsibility matrix' }).waitFor();
    await expect.poll(() => page.getByLabel('Today').getByText('Reviews today').locator('..').textContent()).toContain('4');
    const cells = page.getByRole('button', { name: /^IaaS, (AWS|Customer): .*[1-4] of \d+ cards studied/ });
    await expect.poll(() => cells.count()).toBeGreaterThan(0);
    expect(browser.offMachine).toEqual([]);
    expect(browser.problems).toEqual([]);
  });
});
