import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CardList } from '../../electron/core/domain/types.js';
import { auditEverywhere } from './axe-audit.js';
import { useAppInBrowser } from './use-app-in-browser.js';

/** Presses Tab until the focused element `e` passes `test` (a JavaScript condition; bounded): the keyboard's way to a control. */
async function tabUntil(page: Page, test: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(`(() => { const e = document.activeElement; return !!e && (${test}); })()`)) return;
  }
  throw new Error(`${test} never held after ${limit} Tabs`);
}

/** Tab until the focus is on a control whose accessible text (aria-label, else its text) is `name`. */
const named = (name: string) => `(e.getAttribute('aria-label') || e.textContent || '').trim() === ${JSON.stringify(name)}`;

describe('Browse: every card of every deck with the one search syntax', () => {
  const ctx = useAppInBrowser({ bypassCSP: true, width: 900, height: 650, testTimeout: 180_000 });

  const ok = async <T>(method: string, args: unknown): Promise<T> => {
    const reply = await ctx.app.api(method, args);
    if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
    return reply.value as T;
  };

  it('opens with B from Today and finds a flagged card by flag:1 deck:iaas-ec2 across decks, by keyboard', async () => {
    const first = async (query: string) => (await ok<CardList>('cards.search', { query, limit: 1 })).cards[0]!;
    const ec2 = await first('deck:iaas-ec2');
    const other = await first('-deck:iaas-ec2');
    for (const card of [ec2, other]) await ok('cards.flag', { cardId: card.id, flag: 1 });

    const { page } = ctx.browser;
    await page.goto(ctx.app.url);
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await page.keyboard.press('b');
    await page.getByRole('heading', { name: 'Browse', level: 1 }).waitFor();
    const box = page.getByRole('searchbox', { name: 'Search all cards' });
    await expect.poll(() => page.evaluate('document.activeElement.type')).toBe('search');
    // Every card of every deck first.
    await expect.poll(async () => Number(/^([\d,]+) cards match/.exec((await page.getByText(/cards match\.$/).textContent()) ?? '')?.[1]?.replace(',', '') ?? 0)).toBeGreaterThan(100);

    await page.keyboard.type('flag:1 deck:iaas-ec2');
    await page.getByText('1 card matches.').waitFor();
    const table = page.getByRole('table', { name: 'Cards' });
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await table.getByRole('cell', { name: /IaaS: Amazon EC2/ }).waitFor();
    // Rows show above the fold at 900×650, and the page never scrolls sideways.
    const row = await table.getByRole('row').nth(1).boundingBox();
    expect(row!.y + row!.height).toBeLessThan(650);
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    expect(await auditEverywhere(page, 'Browse with one result')).toEqual([]);

    await box.fill('flag:1');
    await page.getByText('2 cards match.').waitFor();
    await box.fill('flag:1 (');
    await page.getByRole('alert').filter({ hasText: 'never closed' }).waitFor();

    // The card opens in the editor from the keyboard, and Escape brings the list back.
    await box.fill('flag:1 deck:iaas-ec2');
    await page.getByText('1 card matches.').waitFor();
    await box.focus();
    await tabUntil(page, "e.classList.contains('link')");
    await page.keyboard.press('Enter');
    const editor = page.getByRole('dialog', { name: 'Edit card' });
    await editor.waitFor();
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'hidden' });
    // B while typing is a letter, not a jump.
    await box.focus();
    await page.keyboard.press('b');
    expect(await box.inputValue()).toBe('flag:1 deck:iaas-ec2b');
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });

  it('sorts by stability in the back end from the column header, by keyboard, both ways', async () => {
    // Studied cards with different memories: Good and Easy first answers give different stabilities.
    const { deckId } = await ok<{ deckId: string }>('decks.create', { title: 'Sort practice' });
    for (let i = 0; i < 6; i++) await ok('cards.add', { deckId, note: { type: 'basic', front: `Sort card ${i}`, back: 'Back' }, tags: [] });
    const session = await ok<{ sessionId: string; cards: { id: number }[] }>('study.start', { deckIds: [deckId] });
    for (const [i, card] of session.cards.slice(0, 6).entries()) {
      await ok('study.answer', { sessionId: session.sessionId, cardId: card.id, grade: i % 2 === 0 ? 4 : 3, durationMs: 1000, revealed: true });
    }
    const { page } = ctx.browser;
    const box = page.getByRole('searchbox', { name: 'Search all cards' });
    await box.fill('-is:new');
    await page.getByText('6 cards match.').waitFor();
    const table = page.getByRole('table', { name: 'Cards' });
    const stabilityHeader = table.getByRole('columnheader', { name: 'Stability' });
    await box.focus();
    await tabUntil(page, named('Stability'));
    // From here on, every state of the table the page renders is looked at: a sort keeps the rows until the sorted ones come.
    await page.evaluate(`{
      window.loadingRowsSeen = 0;
      const table = document.querySelector('[role="table"][aria-label="Cards"]');
      new MutationObserver(() => { if (table.textContent.includes('Loading…')) window.loadingRowsSeen += 1; }).observe(table, { childList: true, subtree: true, characterData: true });
    }`);
    await page.keyboard.press('Enter');
    await expect.poll(() => stabilityHeader.getAttribute('aria-sort')).toBe('ascending');
    const expected = async (descending: boolean) => (await ok<CardList>('cards.search', { query: '-is:new', sort: { column: 'stability', descending }, limit: 1 })).cards[0]!.text;
    const firstRow = () => table.getByRole('row').nth(1).getByRole('button').first().textContent();
    await expect.poll(firstRow).toContain(await expected(false));
    // Enter again: the other way.
    await page.keyboard.press('Enter');
    await expect.poll(() => stabilityHeader.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(firstRow).toContain(await expected(true));
    expect(await expected(true)).not.toBe(await expected(false));
    expect(await page.evaluate('window.loadingRowsSeen')).toBe(0);
    expect(await auditEverywhere(page, 'Browse sorted by stability')).toEqual([]);
  });

  it('replaces a word in three cards, previewed first, and Ctrl+Z takes it back', async () => {
    const { deckId } = await ok<{ deckId: string }>('decks.create', { title: 'Replace practice' });
    const fronts = ['Who patches the guest OS?', 'The guest OS firewall', 'Guest OS logs', 'No match in this one'];
    const ids: number[] = [];
    for (const front of fronts) ids.push(...(await ok<{ cardIds: number[] }>('cards.add', { deckId, note: { type: 'basic', front, back: 'The customer' }, tags: [] })).cardIds);
    const frontsNow = async () => Promise.all(ids.map(async (cardId) => ((await ok<{ note: { front: string } }>('cards.editor', { cardId })).note.front)));

    const { page } = ctx.browser;
    const box = page.getByRole('searchbox', { name: 'Search all cards' });
    await box.fill('deck:"Replace practice"');
    await page.getByText('4 cards match.').waitFor();
    // Select all by keyboard, then open Find and replace.
    await box.focus();
    await tabUntil(page, named('Select all loaded cards'));
    await page.keyboard.press('Space');
    await page.getByText('4 selected').waitFor();
    await box.focus();
    await tabUntil(page, named('Find and replace…'));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Find and replace' });
    await dialog.waitFor();
    await expect.poll(() => page.evaluate('document.activeElement.id')).toBe('replace-find');
    await page.keyboard.type('guest');
    await page.keyboard.press('Tab');
    await page.keyboard.type('instance');
    // Enter previews; the preview says what changes before anything does.
    await page.keyboard.press('Enter');
    await dialog.getByText('3 cards would change (3 fields).').waitFor();
    await dialog.getByText('Who patches the instance OS?').waitFor();
    expect(await frontsNow()).toEqual(fronts);
    expect(await auditEverywhere(page, 'Find and replace preview')).toEqual([]);
    // Enter again replaces.
    await page.getByRole('textbox', { name: 'Replace with' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(frontsNow).toEqual(['Who patches the instance OS?', 'The instance OS firewall', 'instance OS logs', 'No match in this one']);
    const undoButton = page.getByRole('button', { name: 'Undo: Replaced “guest” in 3 cards' });
    await undoButton.waitFor();
    expect(await auditEverywhere(page, 'Browse after a replace')).toEqual([]);

    // Ctrl+Z: one step takes back all three cards.
    await page.keyboard.press('Control+z');
    await expect.poll(frontsNow).toEqual(fronts);
    await page.getByText('Undone: Replaced “guest” in 3 cards.').waitFor();
    expect(await page.evaluate('document.activeElement === document.body')).toBe(false);
    expect(ctx.browser.problems).toEqual([]);
  });
});
