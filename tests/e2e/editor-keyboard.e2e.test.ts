import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { auditEverywhere } from './axe-audit.js';
import { useAppInBrowser } from './use-app-in-browser.js';

/** The focused element's id, or its accessible label, or its tag (strings: the Node typecheck has no DOM). */
const focused = (page: Page) =>
  page.evaluate("document.activeElement.id || document.activeElement.getAttribute('aria-label') || document.activeElement.tagName") as Promise<string>;

/** Presses Tab until the element with `id` has the focus (at most `limit` presses). */
async function tabTo(page: Page, id: string, limit = 12): Promise<void> {
  for (let i = 0; i < limit && (await focused(page)) !== id; i++) await page.keyboard.press('Tab');
  expect(await focused(page)).toBe(id);
}

describe('the editor for rapid entry, by keyboard only', () => {
  const ctx = useAppInBrowser({ bypassCSP: true, width: 900, height: 650, testTimeout: 120_000 });

  it('makes a deck with Enter and adds three cards in a row with Ctrl+Enter, the deck and type kept', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/decks`);
    await page.getByRole('button', { name: 'Add card' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Add card' });
    await dialog.waitFor();
    const deck = dialog.getByLabel('Deck', { exact: true });
    await expect.poll(() => deck.locator('option').count()).toBeGreaterThan(1);

    // "New deck…" puts the cursor in the title; Enter there creates the deck (it does not submit the card).
    await tabTo(page, 'ed-deck');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('New deck title');
    await page.keyboard.type('Rapid notes');
    await page.keyboard.press('Enter');
    await expect.poll(() => deck.locator('option:checked').textContent()).toBe('Rapid notes');
    await expect.poll(() => focused(page)).toBe('ed-deck');
    expect(await dialog.getByRole('alert').count()).toBe(0);

    // An error from a save goes away once the learner changes what it was about.
    await page.keyboard.press('Control+Enter');
    await dialog.getByRole('alert').filter({ hasText: /Front/ }).waitFor();

    for (const n of ['one', 'two', 'three']) {
      await tabTo(page, 'ed-front');
      await page.keyboard.type(`Card ${n}: who patches the guest OS?`);
      if (n === 'one') await expect.poll(() => dialog.getByRole('alert').count()).toBe(0);
      await page.keyboard.press('Tab');
      await page.keyboard.type(`The customer (${n})`);
      await page.keyboard.press('Control+Enter');
      await dialog.getByRole('status').filter({ hasText: 'Added a card to Rapid notes. Fill in the next one.' }).waitFor();
      // Ready for the next card: empty fields, the cursor in the first, the deck and type as they were.
      await expect.poll(() => focused(page)).toBe('ed-front');
      expect(await dialog.getByLabel('Front', { exact: true }).inputValue()).toBe('');
      expect(await deck.locator('option:checked').textContent()).toBe('Rapid notes');
      expect(await dialog.getByLabel('Type').inputValue()).toBe('basic');
    }
    const db = openSqliteFile(ctx.app.dbFile, { readonly: true });
    try {
      const fronts = db.prepare("SELECT json_extract(c.content, '$.front') FROM cards c JOIN decks d ON d.id = c.deck_id WHERE d.title = 'Rapid notes' ORDER BY c.id").pluck().all();
      expect(fronts).toEqual(['one', 'two', 'three'].map((n) => `Card ${n}: who patches the guest OS?`));
    } finally {
      db.close();
    }
    expect(await auditEverywhere(page, 'the editor after three cards')).toEqual([]);

    // Switching type keeps the text that fits: the front becomes the cloze text.
    await page.keyboard.type('Patching the guest OS is the {{c1::customer}}’s job');
    await dialog.getByLabel('Type').selectOption('cloze');
    await expect.poll(() => dialog.getByLabel('Text', { exact: true }).inputValue()).toBe('Patching the guest OS is the {{c1::customer}}’s job');
    await dialog.getByLabel('Type').selectOption('responsibility');
    await expect.poll(() => dialog.getByLabel('Situation', { exact: true }).inputValue()).toBe('Patching the guest OS is the customer’s job');

    // Escape closes the dialog; the Decks screen lists the three cards and the focus is not on the page body.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Added a card.' }).waitFor();
    await expect.poll(() => focused(page)).not.toBe('BODY');
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });

  it('keeps the focus off the page body after Back up now and after Delete card', async () => {
    const { page } = ctx.browser;
    const focusedText = () => page.evaluate('document.activeElement.textContent.trim()') as Promise<string>;
    await page.goto(`${ctx.app.url}#/settings`);
    const backUp = page.getByRole('button', { name: 'Back up now' });
    // The screen may draw the button again as its settings arrive: focus it until the focus stays.
    await expect
      .poll(async () => {
        await backUp.focus();
        return focusedText();
      })
      .toBe('Back up now');
    await page.keyboard.press('Enter');
    await page.getByText('Backed up.').waitFor();
    // Disabled while it ran, the button has the focus again once it is done.
    await expect.poll(focusedText).toBe('Back up now');

    // A card deleted from the editor: its row is gone, the focus is on the screen, not the body.
    await page.goto(`${ctx.app.url}#/decks`);
    await page.getByRole('link', { name: /Rapid notes/ }).first().click();
    await page.getByRole('heading', { name: 'Rapid notes', level: 1 }).waitFor();
    const cardOne = page.getByRole('button', { name: /Card one/ });
    await expect
      .poll(async () => {
        await cardOne.focus();
        return focusedText();
      })
      .toMatch(/Card one/);
    await page.keyboard.press('Enter');
    const editor = page.getByRole('dialog', { name: 'Edit card' });
    await editor.getByRole('button', { name: 'Delete card' }).focus();
    await page.keyboard.press('Enter');
    await editor.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: '1 card deleted.' }).waitFor();
    await expect.poll(() => focused(page)).not.toBe('BODY');
    expect(ctx.browser.problems).toEqual([]);
  });
});
