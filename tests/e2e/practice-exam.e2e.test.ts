import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import type { DeckFile } from '../../electron/core/decks/deck-file.js';
import { auditEverywhere } from './axe-audit.js';
import { useAppInBrowser } from './use-app-in-browser.js';
import { openBrowser } from './web-app-harness.js';

const deckFile = (id: string) => JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../decks', `${id}.json`), 'utf8')) as DeckFile;
const practiceDeck = deckFile('practice-exam');
const byQuestion = new Map(practiceDeck.cards.flatMap((c) => (c.kind === 'choice' ? [[c.question, c] as const] : [])));

/** The question on screen, the deck file's card for it, and the digits that choose its right (or a wrong) answer. */
async function shown(page: Page) {
  const question = (await page.locator('.stem').textContent())!.trim();
  const card = byQuestion.get(question);
  if (!card || card.kind !== 'choice') throw new Error(`no practice card asks "${question}"`);
  const options = (await page.getByRole('group', { name: 'Options' }).locator('[role="radio"], [role="checkbox"]').allTextContents()).map((t) => t.replace(/^\d/, '').trim());
  const digit = (option: number) => String(options.indexOf(card.options[option]!) + 1);
  const wrongOption = card.options.findIndex((_, i) => !card.answer.includes(i));
  return { question, card, right: card.answer.map(digit), wrong: [digit(wrongOption)] };
}

describe('the practice exam', () => {
  const ctx = useAppInBrowser();

  it('is taken by keyboard: mark a question, come back to it, finish, read the results, retake the misses', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/practice`);
    await page.getByRole('radio', { name: /^10 / }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Start the exam' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Question 1 of 10' }).waitFor();
    await expect.poll(() => page.getByRole('timer').textContent()).toMatch(/^1[34]:\d\d$/);

    // Question 1: marked for review and left for later.
    const first = await shown(page);
    await page.keyboard.press('m');
    await expect.poll(() => page.getByRole('button', { name: 'Mark for review' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('n');
    const missed = [first.question];
    for (let i = 2; i <= 10; i++) {
      await page.getByRole('heading', { name: `Question ${i} of 10` }).waitFor();
      const q = await shown(page);
      // Question 2 is missed on purpose; the rest are answered right.
      for (const digit of i === 2 ? q.wrong : q.right) await page.keyboard.press(digit);
      if (i === 2) missed.push(q.question);
      if (i < 10) await page.keyboard.press('n');
    }
    // Back to the marked question through the navigator.
    const navigator = page.getByRole('navigation', { name: 'Questions' });
    await navigator.getByRole('button', { name: 'Question 1, not answered, marked for review' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Question 1 of 10' }).waitFor();
    expect((await shown(page)).question).toBe(first.question);
    for (const digit of first.wrong) await page.keyboard.press(digit);
    await expect.poll(() => navigator.getByRole('button', { name: /^Question 1, answered, marked for review/ }).count()).toBe(1);
    // Finishing with a question still marked asks first.
    await page.keyboard.press('f');
    const dialog = page.getByRole('dialog', { name: 'Finish the exam?' });
    await expect.poll(() => dialog.textContent()).toContain('1 question is marked for review');
    await dialog.getByRole('button', { name: 'Finish the exam' }).focus();
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Practice exam results' }).waitFor();
    const score = page.getByRole('region', { name: 'Score' });
    await expect.poll(() => score.textContent()).toContain('8 of 10 questions right');
    expect(await score.textContent()).toMatch(/Predicted before the exam: \d+%\. Actual: 80%: the prediction was (\d+ points? (high|low)|right on)\./);
    // Per task statement: every question counted once, the right ones adding up to the score.
    const byTask = page.getByRole('table', { name: 'Results by task statement' });
    expect((await byTask.locator('tbody th').allTextContents()).every((t) => /^\d\.\d /.test(t)), 'every row names a task statement').toBe(true);
    const taskRows = (await byTask.locator('tbody td:nth-of-type(1)').allTextContents()).map((t) => /^(\d+) of (\d+)$/.exec(t.trim()));
    expect(taskRows.every((m) => m !== null)).toBe(true);
    expect(taskRows.reduce((sum, m) => sum + Number(m![1]), 0)).toBe(8);
    expect(taskRows.reduce((sum, m) => sum + Number(m![2]), 0)).toBe(10);
    await page.getByRole('table', { name: 'Results by layer' }).waitFor();
    await page.getByRole('table', { name: 'Results by service' }).waitFor();

    // Every answer is on the schedule as README says: Again for a miss, Good for a right answer.
    const db = openSqliteFile(ctx.app.dbFile, { readonly: true });
    try {
      const lastReview = db.prepare('SELECT r.rating, c.state, c.reps, c.lapses, c.stability, c.due FROM review_log r JOIN cards c ON c.id = r.card_id WHERE c.key = ? ORDER BY r.id DESC LIMIT 1');
      const keyOf = (question: string) => byQuestion.get(question)!.id;
      type Scheduled = { rating: number; state: number; reps: number; stability: number; due: number };
      const answeredRight = practiceDeck.cards.flatMap((c) => (c.kind === 'choice' ? [lastReview.get(c.id) as Scheduled | undefined] : [])).filter((r) => r?.rating === 3) as Scheduled[];
      expect(answeredRight).toHaveLength(8);
      // A missed item is back in learning, due again today, with a lower stability than any item answered right.
      for (const question of missed) {
        const row = lastReview.get(keyOf(question)) as Scheduled;
        expect(row, question).toMatchObject({ rating: 1, reps: 1, state: 1 });
        expect(row.stability).toBeLessThan(Math.min(...answeredRight.map((r) => r.stability)));
        expect(row.due).toBeLessThan(Math.min(...answeredRight.map((r) => r.due)));
      }
      expect(db.prepare("SELECT count(*) FROM review_log WHERE rating = 3").pluck().get()).toBe(8);
      expect(db.prepare("SELECT count(*) FROM review_log WHERE rating = 1").pluck().get()).toBe(2);
    } finally {
      db.close();
    }

    await page.getByRole('button', { name: 'Retake my misses (2)' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Question 1 of 2' }).waitFor();
    const retaken: string[] = [];
    for (let i = 1; i <= 2; i++) {
      await page.getByRole('heading', { name: `Question ${i} of 2` }).waitFor();
      const q = await shown(page);
      retaken.push(q.question);
      for (const digit of q.right) await page.keyboard.press(digit);
      if (i < 2) await page.keyboard.press('n');
    }
    expect(retaken).toEqual(missed);
    await page.keyboard.press('f');
    await page.getByRole('heading', { name: 'Practice exam results' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Score' }).textContent()).toContain('2 of 2 questions right (a retake of your misses)');

    await page.getByRole('link', { name: 'All practice exams' }).click();
    const history = page.getByRole('table', { name: 'Practice exams: predicted and actual scores' });
    await expect.poll(() => history.getByRole('row').count()).toBe(3);
    expect(await page.getByText(/Over 2 exams the predicted score was off by \d+ points on average/).count()).toBe(1);

    // Stats shows the calibration over both exams: the summary, each exam, and the 12 questions by predicted chance.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stats' }).click();
    const calibration = page.getByRole('region', { name: 'Calibration: predicted against actual' });
    await expect.poll(() => calibration.textContent()).toMatch(/Over 2 exams the predicted score was off by \d+ points on average/);
    expect(await calibration.textContent()).toContain('Off by is the mean distance between the predicted and the actual score');
    expect(await calibration.getByRole('table', { name: 'Practice exams: predicted and actual scores' }).getByRole('row').count()).toBe(3);
    const bands = calibration.getByRole('table', { name: /^Questions by predicted chance/ });
    const perBand = (await bands.locator('tbody td:nth-of-type(1)').allTextContents()).map(Number);
    expect(perBand).toHaveLength(5);
    expect(perBand.reduce((a, b) => a + b, 0)).toBe(12);
    await calibration.getByRole('button', { name: 'Show table' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => bands.isVisible()).toBe(true);
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });

  it('passes axe-core in both themes at both sizes: the start page, a question, the finish dialog, the results, the calibration on Stats', async () => {
    const session = await openBrowser({ bypassCSP: true, admitTo: ctx.app });
    try {
      const { page } = session;
      const found: string[] = [];
      await page.goto(`${ctx.app.url}#/practice`);
      await page.getByRole('button', { name: 'Start the exam' }).waitFor();
      found.push(...(await auditEverywhere(page, 'start page')));
      await page.getByRole('radio', { name: /^10 / }).check();
      await page.getByRole('button', { name: 'Start the exam' }).click();
      await page.getByRole('heading', { name: 'Question 1 of 10' }).waitFor();
      await page.keyboard.press('1');
      await page.keyboard.press('m');
      found.push(...(await auditEverywhere(page, 'question')));
      await page.keyboard.press('f');
      await page.getByRole('dialog', { name: 'Finish the exam?' }).waitFor();
      found.push(...(await auditEverywhere(page, 'finish dialog')));
      await page.getByRole('dialog').getByRole('button', { name: 'Finish the exam' }).click();
      await page.getByRole('heading', { name: 'Practice exam results' }).waitFor();
      found.push(...(await auditEverywhere(page, 'results')));
      await page.goto(`${ctx.app.url}#/stats`);
      const calibration = page.getByRole('region', { name: 'Calibration: predicted against actual' });
      await calibration.getByRole('button', { name: 'Show table' }).click();
      found.push(...(await auditEverywhere(page, 'Stats with the calibration')));
      expect(found).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

// On a collection of its own: the exams above draw their questions at random, and one that
// asks the same fact would hold its studied card back for the day.
describe('a practice miss on the schedule', () => {
  const ctx = useAppInBrowser();

  it('a miss is Again for the studied cards that test the same fact: they come back sooner and the Line stops calling them known', async () => {
    const { page } = ctx.browser;
    const nav = page.getByRole('navigation', { name: 'Main' });
    // The learner has studied "Applying database software patches on an Amazon RDS instance" (AWS) and got it right.
    const sibling = deckFile('paas-managed').cards.find((c) => c.id === 'rds-database-patching');
    const item = practiceDeck.cards.find((c) => c.id === 'practice-tf-oracle-rds-customer-patches');
    if (sibling?.kind !== 'responsibility' || item?.kind !== 'choice' || !sibling.group || sibling.group !== item.group) throw new Error('the RDS patching card and practice item no longer share a fact group');
    // The exams above took new cards from today's allowance: make room for the deck's new cards, whatever their order today.
    await page.goto(`${ctx.app.url}#/settings`);
    await page.locator('#new-per-day').fill('200');
    await page.locator('#new-per-day').dispatchEvent('change');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBeGreaterThan(0);
    await page.goto(`${ctx.app.url}#/decks/paas-managed`);
    await page.getByRole('button', { name: 'Study', exact: true }).click();
    const card = page.getByRole('article', { name: 'Card' });
    for (let i = 0; i < 40; i++) {
      await card.waitFor();
      const prompt = (await card.locator('.prompt').textContent())?.trim();
      if (prompt === sibling.prompt) break;
      await page.keyboard.press('-');
      await expect.poll(async () => (await card.locator('.prompt').textContent())?.trim()).not.toBe(prompt);
    }
    expect((await card.locator('.prompt').textContent())?.trim()).toBe(sibling.prompt);
    await page.keyboard.press('a');
    await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
    await page.keyboard.press('3');
    await expect.poll(async () => (await card.locator('.prompt').textContent())?.trim()).not.toBe(sibling.prompt);
    await page.keyboard.press('Escape');
    const db = openSqliteFile(ctx.app.dbFile, { readonly: true });
    const scheduleOf = db.prepare('SELECT state, lapses, due, stability FROM cards WHERE key = ?');
    try {
      type Schedule = { state: number; lapses: number; due: number; stability: number };
      // The answer is on the schedule once the back end has written it.
      await expect.poll(() => (scheduleOf.get(sibling.id) as Schedule).state).toBeGreaterThan(0);
      const studied = scheduleOf.get(sibling.id) as Schedule;
      expect(studied).toMatchObject({ lapses: 0 });

      // A practice exam of every item, all answered right but the RDS one, by keyboard.
      await nav.getByRole('link', { name: 'Practice exam' }).click();
      await page.getByRole('radio', { name: /^All \d+/ }).focus();
      await page.keyboard.press('Space');
      const total = Number(/^All (\d+)/.exec((await page.getByRole('radio', { name: /^All \d+/ }).locator('xpath=..').textContent())!.trim())![1]);
      await page.getByRole('button', { name: 'Start the exam' }).focus();
      await page.keyboard.press('Enter');
      for (let i = 1; i <= total; i++) {
        await page.getByRole('heading', { name: `Question ${i} of ${total}` }).waitFor();
        const q = await shown(page);
        for (const digit of q.card.id === item.id ? q.wrong : q.right) await page.keyboard.press(digit);
        if (i < total) await page.keyboard.press('n');
      }
      await page.keyboard.press('f');
      await page.getByRole('heading', { name: 'Practice exam results' }).waitFor();
      const score = page.getByRole('region', { name: 'Score' });
      await expect.poll(() => score.textContent()).toContain(`${total - 1} of ${total} questions right`);
      // Every item answered once, plus the studied card of the missed item's fact group.
      expect(await score.textContent()).toContain(`Your answers went on your schedule: ${total + 1} reviews on ${total + 1} cards`);

      // Again on its schedule: back to learning (it was learned today, so not yet a lapse), due sooner, less stable.
      const after = scheduleOf.get(sibling.id) as typeof studied;
      expect(db.prepare('SELECT r.rating FROM review_log r JOIN cards c ON c.id = r.card_id WHERE c.key = ? ORDER BY r.id DESC LIMIT 1').pluck().get(sibling.id)).toBe(1);
      expect([1, 3]).toContain(after.state);
      expect(after.due).toBeLessThan(studied.due);
      expect(after.stability).toBeLessThan(studied.stability);
    } finally {
      db.close();
    }

    // The Line no longer calls it known: it was missed today.
    await nav.getByRole('link', { name: 'Line' }).click();
    await page.getByRole('button', { name: /^Amazon RDS, The service’s software: AWS / }).click();
    const cards = page.getByRole('list', { name: 'Cards behind this cell' });
    await expect.poll(() => cards.getByRole('listitem').filter({ hasText: sibling.prompt }).textContent()).toContain('wrong today: not known');
    expect(ctx.browser.problems).toEqual([]);
  });
});
