import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './use-app-in-browser.js';
import { revealAnswer } from './web-app-harness.js';

describe('exam date and a cram session', () => {
  const ctx = useAppInBrowser();

  it('sets an exam date, crams ten weakest cards with the switch off, and leaves the schedule alone', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/settings`);
    const examDate = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Exam date').fill(examDate);
    await page.getByLabel('Exam date').dispatchEvent('change');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBeGreaterThan(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click();
    await page.getByRole('heading', { name: 'Exam readiness' }).waitFor();
    const totals = page.getByLabel("Today's work");
    await expect.poll(() => totals.textContent()).toMatch(/20\s*new/);
    const before = await totals.textContent();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cram' }).click();
    await page.getByLabel('Session size').fill('10');
    await page.getByRole('radio', { name: /Weakest first/ }).check();
    expect(await page.getByRole('switch', { name: 'Count toward my schedule' }).getAttribute('aria-checked')).toBe('false');
    await page.getByRole('checkbox', { name: /Repeat missed cards/ }).uncheck();
    await page.getByRole('button', { name: 'Start cram' }).click();
    await page.getByRole('article', { name: 'Card' }).waitFor();

    for (let i = 0; i < 10; i++) {
      await expect.poll(() => page.getByText(`${i} done`).count()).toBe(1);
      await revealAnswer(page);
      await page.keyboard.press(' ');
    }
    await page.getByRole('heading', { name: 'Session complete' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click();
    await page.getByRole('heading', { name: 'Exam readiness' }).waitFor();
    await expect.poll(() => totals.textContent()).toBe(before);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stats' }).click();
    await page.getByRole('heading', { name: 'Reviews per day' }).waitFor();
    await page.getByRole('button', { name: 'Show table' }).nth(1).click();
    await expect.poll(() => page.getByRole('table').filter({ hasText: 'cram' }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByLabel('Today').getByText('Reviews today').locator('..').textContent()).toContain('10');

    const db = openSqliteFile(ctx.app.dbFile, { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) FROM review_log WHERE kind = 'cram'").pluck().get()).toBe(10);
      expect(db.prepare('SELECT count(*) FROM cards WHERE state <> 0 OR last_review IS NOT NULL').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });
});
