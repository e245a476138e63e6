import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { auditEverywhere, axeViolations } from './axe-audit.js';
import { useAppInBrowser } from './use-app-in-browser.js';
import type { StudySession } from '../../electron/core/domain/types.js';
import { rightAction } from '../helpers/learner-actions.js';

/**
 * Today in the states its headings change with (work waiting, an exam set,
 * all done, after cram, nothing left in the collection): axe clean in both
 * themes at both sizes, headings in order; and every screen opens at its top,
 * whatever the scroll of the screen before.
 */
describe('Today in each of its states', () => {
  const ctx = useAppInBrowser({ bypassCSP: true, testTimeout: 180_000 });

  const today = async (page: Page) => {
    await page.goto(`${ctx.app.url}#/decks`);
    await page.getByRole('heading', { name: 'Decks', level: 1 }).waitFor();
    await page.goto(`${ctx.app.url}#/today`);
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    await page.getByRole('list').first().waitFor();
  };
  const api = async (method: string, args: unknown) => {
    const reply = await ctx.app.api(method, args);
    if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
    return reply.value;
  };

  it('has its headings in order with work waiting, an exam set, all done, after cram and with nothing left', async () => {
    const { page } = ctx.browser;
    const found: string[] = [];
    await today(page);
    found.push(...(await auditEverywhere(page, 'work waiting')));

    const exam = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    await api('settings.update', { examDate: exam });
    await today(page);
    await page.getByRole('heading', { name: 'Exam readiness' }).waitFor();
    found.push(...(await auditEverywhere(page, 'exam set')));
    await api('settings.update', { examDate: null });

    await api('settings.update', { newPerDay: 0 });
    await today(page);
    await page.getByRole('heading', { name: 'All done for today' }).waitFor();
    found.push(...(await auditEverywhere(page, 'all done')));

    // One cram answer: Today counts it apart.
    const cram = (await api('cram.start', { request: { deckIds: ['iaas-ec2'], size: 1, order: 'shuffled' }, countTowardSchedule: false })) as StudySession;
    await api('study.answer', { sessionId: cram.sessionId, cardId: cram.cards[0]!.id, grade: 3, durationMs: 1000, ...rightAction(cram.cards[0]!) });
    await today(page);
    await page.getByText(/1 cram answer/).waitFor();
    found.push(...(await auditEverywhere(page, 'after cram')));

    // Nothing left: every deck deleted or every card suspended.
    const decks = (await api('decks.list', {})) as { id: string }[];
    for (const deck of decks) {
      const cards = (await api('cards.search', { query: '', deckId: deck.id, limit: 1000 })) as { cards: { id: number }[] };
      if (cards.cards.length > 0) await api('cards.suspend', { cardIds: cards.cards.map((c) => c.id), suspended: true });
    }
    await today(page);
    await page.getByText(/Nothing is scheduled yet/).waitFor();
    found.push(...(await auditEverywhere(page, 'nothing left')));
    expect(found).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('opens every screen at its top, whatever the scroll of the one before (Back included)', async () => {
    const { page } = ctx.browser;
    await page.setViewportSize({ width: 900, height: 650 });
    await page.goto(`${ctx.app.url}#/settings`);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Backups' }).waitFor();
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await expect.poll(() => page.evaluate('window.scrollY')).toBeGreaterThan(500);
    await page.getByRole('link', { name: 'Decks', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Decks', level: 1 }).waitFor();
    expect(await page.evaluate('window.scrollY')).toBe(0);
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await page.goBack();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(await page.evaluate('window.scrollY')).toBe(0);
  });
});
