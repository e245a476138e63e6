import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './use-app-in-browser.js';

describe('a new user reviews with the keyboard', () => {
  const ctx = useAppInBrowser();

  it('studies ten cards of every kind, undoes one, and Today and the log agree', async () => {
    const { page } = ctx.browser;
    await page.goto(ctx.app.url);
    const main = page.getByRole('main');

    // Each built-in deck is alone in its service type, so no group headings: one list under a heading
    // only screen readers get (it keeps the heading levels in order); each title links to its deck.
    await main.getByRole('link', { name: 'IaaS: Amazon EC2, EBS and VPC' }).waitFor();
    expect(await main.getByRole('link', { name: 'IaaS: Amazon EC2, EBS and VPC' }).getAttribute('href')).toBe('#/decks/iaas-ec2');
    const groupHeadings = main.getByRole('heading', { level: 2 });
    expect(await groupHeadings.allTextContents()).toEqual(['Decks']);
    expect(await groupHeadings.evaluate((h) => h.classList.contains('visually-hidden'))).toBe(true);
    await expect.poll(() => main.getByText('20 new today across all decks; 0 used').count()).toBe(1);
    const totals = page.getByLabel("Today's work");
    await expect.poll(() => totals.textContent()).toMatch(/20\s*new/);

    await page.getByRole('button', { name: 'Study all' }).focus();
    await page.keyboard.press('Enter');
    const card = page.getByRole('article', { name: 'Card' });
    await card.waitFor();

    const given: { kind: string; grade: number }[] = [];
    const kinds = new Set<string>();
    for (let i = 0; i < 10; i++) {
      await expect.poll(() => page.getByText(`${i} done`).count()).toBe(1);
      if ((await page.getByRole('group', { name: 'Choose the owner' }).count()) > 0) {
        kinds.add('responsibility');
        await page.keyboard.press('a');
        await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
        const right = (await page.getByRole('status').filter({ hasText: /^Right/ }).count()) > 0;
        await page.keyboard.press(' ');
        given.push({ kind: 'responsibility', grade: right ? 3 : 1 });
      } else if ((await page.getByRole('group', { name: 'Options' }).count()) > 0) {
        kinds.add('choice');
        await page.keyboard.press('1');
        await page.keyboard.press(' ');
        await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
        const right = (await page.getByRole('status').filter({ hasText: /^Right/ }).count()) > 0;
        await page.keyboard.press(right ? '4' : '1');
        given.push({ kind: 'choice', grade: right ? 4 : 1 });
      } else {
        kinds.add('basic');
        await page.getByRole('button', { name: 'Show answer' }).waitFor();
        await page.keyboard.press(' ');
        await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
        await page.keyboard.press('2');
        given.push({ kind: 'basic', grade: 2 });
      }
    }
    expect([...kinds].sort()).toEqual(['basic', 'choice', 'responsibility']);
    await expect.poll(() => page.getByText('10 done').count()).toBe(1);

    // Undo the tenth answer: the card comes back, and its review is gone.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByText('9 done').count()).toBe(1);
    given.pop();

    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await expect.poll(() => totals.textContent()).toMatch(/11\s*new/);
    await expect.poll(() => page.getByText('9 reviews today').count()).toBe(1);

    const db = openSqliteFile(ctx.app.dbFile, { readonly: true });
    try {
      const rows = db.prepare('SELECT r.rating, c.kind, r.state_before FROM review_log r JOIN cards c ON c.id = r.card_id ORDER BY r.id').all() as {
        rating: number;
        kind: string;
        state_before: number;
      }[];
      expect(rows.map((r) => ({ kind: r.kind, grade: r.rating }))).toEqual(given);
      expect(rows.every((r) => r.state_before === 0)).toBe(true);
    } finally {
      db.close();
    }
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });
});
