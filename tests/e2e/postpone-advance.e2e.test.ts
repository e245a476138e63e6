import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { decksDir } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { auditEverywhere } from './axe-audit.js';
import { openBrowser, startWebApp, type BrowserSession, type WebApp } from './web-app-harness.js';

const deckTitle = 'IaaS: Amazon EC2, EBS and VPC';

/** A collection whose EC2 deck has five review cards due now (the rest new), at the real clock web mode runs on. */
function prepareCollection(dir: string): string {
  const file = path.join(dir, 'demarc.sqlite');
  const collection = Collection.open({ file, builtinDecksDir: decksDir });
  try {
    const db = databaseOf(collection);
    const now = Date.now();
    const ids = db.prepare("SELECT id FROM cards WHERE deck_id = 'iaas-ec2' AND retired = 0 ORDER BY position LIMIT 5").pluck().all() as number[];
    ids.forEach((id, i) => {
      db.prepare('UPDATE cards SET state = 2, stability = ?, difficulty = 5, reps = 3, last_review = ?, due = ?, scheduled_days = 10 WHERE id = ?')
        .run(10 + 20 * i, now - 12 * 86_400_000, now - 3_600_000, id);
    });
  } finally {
    collection.close();
  }
  return file;
}

/** Presses Tab until the focused element has this accessible name (at most 80 stops). */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const label = (await page.evaluate("(() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || e.textContent || '').trim() : ''; })()")) as string;
    if (name.test(label)) return;
  }
  throw new Error(`no focusable element named ${name}`);
}

const dueOnToday = async (page: Page) => {
  const row = page.getByRole('listitem', { name: deckTitle });
  await row.waitFor();
  return Number(await row.locator('dt:text-is("Due") + dd').textContent());
};

describe('postponing a deck', () => {
  let dir: string;
  let app: WebApp;
  let browser: BrowserSession;
  vi.setConfig({ testTimeout: 120_000 });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-postpone-'));
    app = await startWebApp({ dbFile: prepareCollection(dir) });
    browser = await openBrowser({ admitTo: app, bypassCSP: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the cost first, then Today has fewer due, and Undo brings them back (keyboard only, axe clean)', async () => {
    const { page } = browser;
    await page.goto(`${app.url}#/today`);
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await expect.poll(() => dueOnToday(page)).toBe(5);

    await page.goto(`${app.url}#/decks/iaas-ec2`);
    await page.getByRole('heading', { name: deckTitle, level: 1 }).waitFor();
    await tabTo(page, /^Postpone…$/);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Postpone due cards' });
    await dialog.waitFor();
    await dialog.getByText(/5 of 5 cards move to \d{4}-\d{2}-\d{2} \(in 3 days\)/).waitFor();
    await dialog.getByText(/Expected recall when reviewed: \d+% today, \d+% on/).waitFor();
    expect(await auditEverywhere(page, 'postpone dialog')).toEqual([]);
    // Escape closes it with nothing moved, and the focus goes back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Postpone…');
    await page.keyboard.press('Enter');
    await dialog.getByText(/5 of 5 cards move to/).waitFor();

    // Only three: the ones whose recall drops least.
    const howMany = dialog.getByRole('spinbutton', { name: 'How many cards' });
    await howMany.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    await dialog.getByText(/3 of 5 cards move to/).waitFor();
    const confirm = dialog.getByRole('button', { name: 'Postpone 3 cards' });
    await confirm.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: /Postponed 3 cards to \d{4}-\d{2}-\d{2}\./ }).waitFor();
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Undo');
    // The deck's cards are read again after the change: audited once they are on screen.
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Loading…' }).count()).toBe(0);
    expect(await auditEverywhere(page, 'deck after postponing')).toEqual([]);

    await page.goto(`${app.url}#/today`);
    await expect.poll(() => dueOnToday(page)).toBe(2);

    // The last two, postponed and taken back with Undo.
    await page.goto(`${app.url}#/decks/iaas-ec2`);
    await page.getByRole('heading', { name: deckTitle, level: 1 }).waitFor();
    await tabTo(page, /^Postpone…$/);
    await page.keyboard.press('Enter');
    await dialog.getByText(/2 of 2 cards move to/).waitFor();
    const again = dialog.getByRole('button', { name: 'Postpone 2 cards' });
    await again.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: /Postponed 2 cards/ }).waitFor();
    // The focus is on Undo: Enter takes the postponement back.
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: /Undone: Postponed 2 cards/ }).waitFor();
    await page.goto(`${app.url}#/today`);
    await expect.poll(() => dueOnToday(page)).toBe(2);
    expect(browser.problems).toEqual([]);
  });
});
