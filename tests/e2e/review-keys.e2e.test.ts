import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { studyDay } from '../../electron/core/domain/day-clock.js';
import { decksDir } from '../helpers/test-collection.js';
import { openBrowser, revealAnswer, startWebApp, type BrowserSession, type WebApp } from './web-app-harness.js';

/** A collection whose Terminology cards were learned ten days ago and are due again; no new cards today. */
function studiedCollection(dir: string): string {
  const file = path.join(dir, 'studied.sqlite');
  const tenDaysAgo = Date.now() - 10 * 86_400_000;
  const collection = Collection.open({ file, builtinDecksDir: decksDir, now: () => tenDaysAgo });
  collection.updateSettings({ learningSteps: [], newPerDay: 999 });
  for (const card of collection.study({ deckIds: ['terminology'] }).cards) collection.answer({ cardId: card.id, grade: 3, durationMs: 3000 });
  collection.updateSettings({ newPerDay: 0 });
  collection.close();
  return file;
}

describe('the review keys', () => {
  const ctx = {} as { app: WebApp; browser: BrowserSession; dir: string };
  vi.setConfig({ testTimeout: 90_000 });
  beforeAll(async () => {
    ctx.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-keys-'));
    ctx.app = await startWebApp({ dbFile: studiedCollection(ctx.dir) });
    ctx.browser = await openBrowser({ admitTo: ctx.app });
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.app?.stop();
    fs.rmSync(ctx.dir, { recursive: true, force: true });
  });

  it('lists every key, buries, suspends, flags, shows card info and sets a due date, all from the keyboard', async () => {
    const { page } = ctx.browser;
    await page.goto(ctx.app.url);
    await page.getByRole('button', { name: /Study all/ }).click();
    const card = page.getByRole('article', { name: 'Card' });
    await card.waitFor();
    const db = openSqliteFile(ctx.app.dbFile, { readonly: true });
    const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
    const today = studyDay(Date.now(), 4);
    try {
      // ? shows every key; Escape closes the list without leaving the session.
      await page.keyboard.press('?');
      const keys = page.getByRole('dialog', { name: 'Review keys' });
      await keys.waitFor();
      for (const action of ['Bury the card until tomorrow', 'Suspend the card', 'Set the due date', 'Undo the last answer']) {
        await keys.getByText(action).waitFor();
      }
      await page.keyboard.press('Escape');
      await keys.waitFor({ state: 'detached' });
      await card.waitFor();

      await page.keyboard.press('-');
      await page.getByText('Buried until tomorrow.').waitFor();
      await expect.poll(() => count('SELECT count(*) FROM cards WHERE buried_day = ?', today)).toBe(1);

      await page.keyboard.press('@');
      await page.getByText(/^Suspended/).waitFor();
      await expect.poll(() => count('SELECT count(*) FROM cards WHERE suspended = 1')).toBe(1);

      await page.keyboard.press('Control+1');
      await page.getByText('Flagged red.').waitFor();
      await expect.poll(() => count('SELECT count(*) FROM cards WHERE flag = 1')).toBe(1);

      // Card info: the review it had ten days ago, and its memory state now.
      await page.keyboard.press('i');
      const info = page.getByRole('dialog', { name: 'Card info' });
      await info.waitFor();
      await info.getByText('Retrievability').waitFor();
      await expect.poll(() => info.getByRole('table', { name: 'Review history' }).getByRole('row').count()).toBe(2);
      // Set due date, pressed the moment the dialog closes (before its close event has run: a key
      // then belonged to nobody): the flagged card moves five days out and leaves the session.
      // (A script string: the Node typecheck has no DOM.)
      await page.evaluate(`
        document.querySelector('dialog.tools').close();
        window.dispatchEvent(new KeyboardEvent('keydown', { key: 'D', code: 'KeyD', ctrlKey: true, shiftKey: true, bubbles: true }));
      `);
      const setDue = page.getByRole('dialog', { name: 'Set due date' });
      await setDue.getByLabel(/Due in how many days/).fill('5');
      await setDue.getByRole('button', { name: 'Set due date' }).click();
      await page.getByText('Due in 5 days.').waitFor();
      const due = db.prepare('SELECT due FROM cards WHERE flag = 1').pluck().get() as number;
      expect(due).toBeGreaterThan(Date.now() + 4 * 86_400_000);

      // The grade buttons say which key is the default.
      await revealAnswer(page);
      const good = page.getByRole('group', { name: 'Grade your answer' }).getByRole('button', { name: /Good/ });
      await expect.poll(() => good.textContent()).toMatch(/Space/);
    } finally {
      db.close();
    }
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });
});
