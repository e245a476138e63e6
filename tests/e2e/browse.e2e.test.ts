import { describe, expect, it } from 'vitest';
import type { CardList } from '../../electron/core/domain/types.js';
import { auditEverywhere } from './axe-audit.js';
import { useAppInBrowser } from './use-app-in-browser.js';

describe('Browse: every card of every deck with the one search syntax', () => {
  const ctx = useAppInBrowser({ bypassCSP: true, width: 900, height: 650, testTimeout: 120_000 });

  it('opens with B from Today and finds a flagged card by flag:1 deck:iaas-ec2 across decks, by keyboard', async () => {
    const search = async (query: string) => {
      const reply = await ctx.app.api('cards.search', { query, limit: 1 });
      return (reply.value as CardList).cards[0]!;
    };
    const ec2 = await search('deck:iaas-ec2');
    const other = await search('-deck:iaas-ec2');
    for (const card of [ec2, other]) expect((await ctx.app.api('cards.flag', { cardId: card.id, flag: 1 })).ok).toBe(true);

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
    expect(await auditEverywhere(page, 'Browse with one result')).toEqual([]);

    await box.fill('flag:1');
    await page.getByText('2 cards match.').waitFor();
    await box.fill('flag:1 (');
    await page.getByRole('alert').filter({ hasText: 'never closed' }).waitFor();

    // The card opens in the editor from the keyboard, and Escape brings the list back.
    await box.fill('flag:1 deck:iaas-ec2');
    await page.getByText('1 card matches.').waitFor();
    await page.keyboard.press('Tab');
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
});
