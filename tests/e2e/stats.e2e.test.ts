import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './use-app-in-browser.js';

describe('stats after a few reviews', () => {
  const ctx = useAppInBrowser();

  it('shows today’s reviews and the matrix cell of the studied cards', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/decks/iaas-ec2`);
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
    const cells = page.getByRole('button', { name: /^IaaS, (AWS|Customer): .*[1-4]\/\d+ seen facts/ });
    await expect.poll(() => cells.count()).toBeGreaterThan(0);
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });
});
