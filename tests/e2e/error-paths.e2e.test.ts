import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { apiMethodNames } from '../../electron/api/api-method-names.js';
import { useAppInBrowser } from './use-app-in-browser.js';

/**
 * Walks the error paths of Settings, Import and Decks as a learner meets
 * them and reads what the screen says: a sentence in the learner's words and
 * what helps, never an error code, a method name or a schema path.
 */
const internals = [/INTERNAL/, /Something went wrong inside/, /INVALID_ARGUMENT|INVALID_FILE|DATABASE_[A-Z_]+|NOT_FOUND|SESSION_ENDED/, /\bSQLITE_/, /\/cards\/\d|\/: must|must have required property/, /\b[a-z]+(?:\.[a-z]+)+\b(?=:)/];
const methodNames = new RegExp(apiMethodNames.map((m) => m.replace('.', '\\.')).join('|'));

async function alertText(page: Page, within?: string): Promise<string> {
  const alert = within ? page.locator(within).getByRole('alert') : page.getByRole('alert');
  await alert.first().waitFor();
  return (await alert.first().innerText()).trim();
}

function expectReadable(text: string, must: RegExp) {
  expect(text).toMatch(must);
  expect(text, text).not.toMatch(methodNames);
  for (const pattern of internals) expect(text, `${text} (matched ${pattern})`).not.toMatch(pattern);
}

describe('error paths read as sentences', () => {
  const ctx = useAppInBrowser();

  it('Settings: a bad learning step, a past exam date, a locked collection', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/settings`);
    const steps = page.getByLabel('Learning steps', { exact: true });
    await steps.fill('1m ten');
    await steps.press('Tab');
    expectReadable(await alertText(page), /^Learning steps \(entry 2\): a step is a number and a unit/);

    const exam = page.getByLabel('Exam date', { exact: true });
    await exam.fill('2020-01-01');
    await exam.press('Tab');
    expectReadable(await alertText(page), /2020-01-01 has already passed: choose today or a later day/);

    // Another program holds the write lock: the save fails, saying so and what helps.
    const other = openSqliteFile(ctx.app.dbFile);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const perDay = page.getByRole('region', { name: 'Scheduling' }).getByLabel('New cards per day', { exact: true });
      await perDay.fill('7');
      await perDay.press('Tab');
      expectReadable(await alertText(page), /locked by another program.*Close the other program using your collection/s);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('Import: a JSON file that is not a deck, and a deck with a card missing its answer', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/import`);
    const input = page.getByLabel('File to import');
    await input.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"title": 3}') });
    expectReadable(await alertText(page), /bad\.json is not a Demarc deck file.*Check that it is a CSV or TSV file/s);

    const deck = { format: 'demarc-deck/1', id: 'mine', title: 'Mine', serviceType: 'custom', description: 'Mine', cards: [{ id: 'a', kind: 'responsibility', prompt: 'Patching the guest OS', explanation: 'x', source: 's' }] };
    await page.goto(`${ctx.app.url}#/today`);
    await page.goto(`${ctx.app.url}#/import`);
    await page.getByLabel('File to import').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(deck)) });
    expectReadable(await alertText(page), /mine\.json is not a valid Demarc deck: card 1 has no "owner"/);
  });

  it("Decks: a deck's past exam date", async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/decks/iaas-ec2`);
    const form = page.getByRole('form', { name: 'Options for this deck' });
    await form.getByLabel('Exam date for this deck').fill('2021-06-30');
    await form.getByRole('button', { name: 'Save options' }).click();
    expectReadable(await alertText(page, 'form[aria-label="Options for this deck"]'), /The deck's exam date 2021-06-30 has already passed/);
  });
});
