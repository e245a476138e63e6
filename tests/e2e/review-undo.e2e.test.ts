import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { auditEverywhere } from './axe-audit.js';
import { useAppInBrowser } from './use-app-in-browser.js';
import { revealAnswer } from './web-app-harness.js';

describe('undo in review takes back bury, suspend and flag with Ctrl+Z, keeping the answers undoable', () => {
  const ctx = useAppInBrowser({ bypassCSP: true, width: 900, height: 650, testTimeout: 120_000 });

  it('answers a card, then buries, suspends and flags the next, undoing each by keyboard; the answer is still undone last', async () => {
    const { page } = ctx.browser;
    await page.goto(ctx.app.url);
    await page.getByRole('button', { name: /Study all/ }).focus();
    await page.keyboard.press('Enter');
    const card = page.getByRole('article', { name: 'Card' });
    await card.waitFor();
    const db = openSqliteFile(ctx.app.dbFile, { readonly: true });
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const undoButton = (name: string) => page.getByRole('button', { name: `Undo ${name}`, exact: true });
    try {
      await revealAnswer(page);
      // Space: the default grade (Good, or Again after a wrong pick).
      await page.keyboard.press(' ');
      await expect.poll(() => undoButton('answer').isEnabled()).toBe(true);
      expect(count('SELECT count(*) FROM review_log')).toBe(1);
      const inView = await card.innerText();
      // An answer buries the card's siblings: count from here.
      const buried = count('SELECT count(*) FROM cards WHERE buried_day > 0');

      // Bury: the card leaves, the button names it, Ctrl+Z brings the same card back.
      await page.keyboard.press('-');
      await undoButton('bury').waitFor();
      await expect.poll(() => count('SELECT count(*) FROM cards WHERE buried_day > 0')).toBe(buried + 1);
      await expect.poll(() => card.innerText()).not.toBe(inView);
      expect(await auditEverywhere(page, 'review after a bury')).toEqual([]);
      await page.keyboard.press('Control+z');
      await page.getByText('Bury undone: the card is back.').waitFor();
      await expect.poll(() => count('SELECT count(*) FROM cards WHERE buried_day > 0')).toBe(buried);
      await expect.poll(() => card.innerText()).toBe(inView);
      await undoButton('answer').waitFor();

      // Suspend.
      await page.keyboard.press('@');
      await undoButton('suspend').waitFor();
      await expect.poll(() => count('SELECT count(*) FROM cards WHERE suspended = 1')).toBe(1);
      await page.keyboard.press('Control+z');
      await page.getByText('Suspend undone: the card is back in reviews.').waitFor();
      await expect.poll(() => count('SELECT count(*) FROM cards WHERE suspended = 1')).toBe(0);
      await expect.poll(() => card.innerText()).toBe(inView);
      await undoButton('answer').waitFor();

      // Flag: the card stays in view; Ctrl+Z clears the flag, and Ctrl+1 then sets it again.
      await page.keyboard.press('Control+1');
      await page.getByText('Flagged red.').waitFor();
      await undoButton('flag').waitFor();
      expect(count('SELECT count(*) FROM cards WHERE flag = 1')).toBe(1);
      await page.keyboard.press('Control+z');
      await page.getByText('Flag undone.').waitFor();
      await expect.poll(() => count('SELECT count(*) FROM cards WHERE flag <> 0')).toBe(0);
      expect(await card.innerText()).toBe(inView);
      await page.keyboard.press('Control+1');
      await page.getByText('Flagged red.').waitFor();
      await expect.poll(() => count('SELECT count(*) FROM cards WHERE flag = 1')).toBe(1);
      await page.keyboard.press('Control+z');
      await page.getByText('Flag undone.').waitFor();
      await expect.poll(() => count('SELECT count(*) FROM cards WHERE flag <> 0')).toBe(0);

      // The answer given before all of them is still on the stack.
      await undoButton('answer').waitFor();
      await page.keyboard.press('Control+z');
      await page.getByText('Answer undone: the card is back.').waitFor();
      await expect.poll(() => count('SELECT count(*) FROM review_log')).toBe(0);
      await expect.poll(() => page.getByRole('button', { name: 'Undo', exact: true }).isDisabled()).toBe(true);
    } finally {
      db.close();
    }
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });
});
