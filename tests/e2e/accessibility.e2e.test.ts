import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditEverywhere, hiddenTabStops, settled } from './axe-audit.js';
import { reviewSampleDeck } from './review-sample-deck.js';
import { openBrowser, startWebApp, type BrowserSession, type WebApp } from './web-app-harness.js';
import { nodeArgs } from '../helpers/node-entry.js';

const root = path.resolve(import.meta.dirname, '..', '..');
/** An imported deck file's deck lives in the native import namespace. */
const sampleDeckId = `deck-${reviewSampleDeck.id}`;

/** A collection with a few months of simulated history, so Stats has every chart (the sample deck is imported once web mode runs). */
function simulatedCollection(dir: string): string {
  const dbFile = path.join(dir, 'demarc.sqlite');
  execFileSync(process.execPath, [...nodeArgs('cli-main'), 'simulate', '--cards', '300', '--reviews', '3000', '--days', '90', '--db', dbFile, '--json'], {
    cwd: root,
    env: { ...process.env, DEMARC_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return dbFile;
}

/** What the review shows next: a card of some kind, or the end of the session (waits until one of them is on screen). */
const kindOf = async (page: Page): Promise<'responsibility' | 'choice' | 'basic' | 'end'> => {
  const card = page.getByRole('article', { name: 'Card' });
  await card.or(page.getByRole('heading', { name: 'Session complete' })).first().waitFor();
  if ((await card.count()) === 0) return 'end';
  if ((await page.getByRole('group', { name: 'Choose the owner' }).count()) > 0) return 'responsibility';
  if ((await page.getByRole('button', { name: 'Show answer' }).count()) > 0) return 'basic';
  return 'choice';
};

/**
 * The key that picks an option, found by the option's text on screen: the back end shows options
 * in an order of its own per card and study day, so a deck file's index is not a screen position.
 */
const keyForOption = async (page: Page, text: string): Promise<string> => {
  const options = page.getByRole('group', { name: 'Options' }).locator('button');
  const count = await options.count();
  for (let i = 0; i < count; i++) {
    const option = options.nth(i);
    if (((await option.locator('span').textContent()) ?? '').trim() === text) return (await option.getAttribute('aria-keyshortcuts')) ?? '';
  }
  throw new Error(`no option on screen reads "${text}"`);
};

describe('every screen and every review state, in both themes at 1280×800 and 900×650', () => {
  let dir: string;
  let app: WebApp;
  let browser: BrowserSession;
  vi.setConfig({ testTimeout: 180_000 });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-a11y-'));
    app = await startWebApp({ dbFile: simulatedCollection(dir) });
    // Imported as the Import screen does, by the running app (a second command-line process would start the back end again).
    const imported = await app.api('import.run', { fileName: 'review-sample.json', dataBase64: Buffer.from(JSON.stringify(reviewSampleDeck)).toString('base64') });
    expect(imported.ok, JSON.stringify(imported.error)).toBe(true);
    browser = await openBrowser({ bypassCSP: true, width: 1280, height: 800, admitTo: app });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has no axe-core violations and no invisible tab stop on any screen', async () => {
    const { page } = browser;
    const found: string[] = [];
    const screens: { hash: string; heading: string | RegExp }[] = [
      { hash: 'today', heading: 'Today' },
      { hash: 'decks', heading: 'Decks' },
      { hash: 'decks/iaas-ec2', heading: 'IaaS: Amazon EC2, EBS and VPC' },
      { hash: `decks/${sampleDeckId}`, heading: reviewSampleDeck.title },
      { hash: 'cram', heading: 'Cram' },
      { hash: 'stats', heading: 'Stats' },
      { hash: 'import', heading: 'Import' },
      { hash: 'settings', heading: 'Settings' },
    ];
    for (const screen of screens) {
      await page.goto(`${app.url}#/${screen.hash}`);
      await page.getByRole('heading', { name: screen.heading, level: 1 }).waitFor();
      await expect.poll(() => page.getByText('Loading…').count()).toBe(0);
      found.push(...(await auditEverywhere(page, screen.hash)));
      if (screen.hash === 'stats') await expectChartTextSizes(page);
      for (const stop of await hiddenTabStops(page)) found.push(`${screen.hash} · tab stop · ${stop}`);
    }
    // The confirmation a destructive action asks for, and the undo it offers after.
    await page.goto(`${app.url}#/decks/${sampleDeckId}`);
    await page.getByRole('checkbox', { name: 'Select all loaded cards' }).check();
    await page.getByRole('button', { name: 'Reset…' }).click();
    await page.getByRole('dialog').waitFor();
    found.push(...(await auditEverywhere(page, 'reset confirmation')));
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(found).toEqual([]);
    expect(browser.problems).toEqual([]);
  });

  it('has no axe-core violations in any review state, and the feedback of a five-option card clears the grade bar at 900×650', async () => {
    const { page } = browser;
    const found: string[] = [];
    await page.goto(`${app.url}#/decks/${sampleDeckId}`);
    await page.getByRole('button', { name: 'Study', exact: true }).click();
    await page.getByRole('article', { name: 'Card' }).waitFor();
    const seen = new Set<string>();
    // Each card once as a learner meets it; a card missed the first time comes back (learn-ahead) and is answered right.
    // Bounded, but with room to spare: the loop ends when the session says it is complete.
    for (let step = 0; step < 4 * reviewSampleDeck.cards.length; step++) {
      const kind = await kindOf(page);
      if (kind === 'end') break;
      const text = (await page.getByRole('article', { name: 'Card' }).textContent()) ?? '';
      const card = reviewSampleDeck.cards.find((c) => text.includes(c.kind === 'responsibility' ? c.prompt! : c.kind === 'basic' ? c.front! : c.question!));
      expect(card, `an unknown card: ${text}`).toBeDefined();
      const again = seen.has(card!.id);
      seen.add(card!.id);
      if (!again) found.push(...(await auditEverywhere(page, `${card!.id} front`)));
      if (kind === 'responsibility') {
        // Customer is right for one card and wrong for the other; the second time round, the owner itself.
        await page.keyboard.press(again ? card!.owner![0]! : 'c');
      } else if (kind === 'basic') {
        await page.keyboard.press(' ');
      } else {
        // The first time one wrong option (the card comes back), the second time the right ones; each found by its text.
        const wrong = card!.options!.findIndex((_, i) => !card!.answer!.includes(i));
        for (const i of again ? card!.answer! : [wrong]) await page.keyboard.press(await keyForOption(page, card!.options![i]!));
        if (!again) found.push(...(await auditEverywhere(page, `${card!.id} one option picked`)));
        // The five-option card is answered (wrongly) in the small window: its feedback must be in sight there.
        if (card!.id === 'sample-choice-five' && !again) await page.setViewportSize({ width: 900, height: 650 });
        await page.keyboard.press(' ');
      }
      const grades = page.getByRole('group', { name: 'Grade your answer' });
      await grades.waitFor();
      // The first time in the small window, the second (answered right) in the large one.
      if (card!.id === 'sample-choice-five') await expectFeedbackInView(page, again ? { width: 1280, height: 800 } : { width: 900, height: 650 });
      if (!again) found.push(...(await auditEverywhere(page, `${card!.id} answered`)));
      const easy = grades.getByRole('button', { name: /^Easy/ });
      await (await easy.isEnabled() ? easy : grades.getByRole('button', { name: /^Again/ })).click();
    }
    expect([...seen].sort()).toEqual(reviewSampleDeck.cards.map((c) => c.id).sort());
    await page.getByRole('heading', { name: 'Session complete' }).waitFor();
    found.push(...(await auditEverywhere(page, 'session end')));
    expect(found).toEqual([]);
    expect(browser.problems).toEqual([]);
  });

  it('keeps the focus on the next thing to do: the skip link, an owner picked with Tab and Enter, the grade buttons', async () => {
    const { page } = browser;
    await page.goto(`${app.url}#/today`);
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    // The skip link is the page's first Tab stop. (Where the focus rests once a screen has drawn, the top of the page
    // or its main area, depends on how fast it drew, so the link is checked by its place in the order, then used.)
    const firstStop = `[...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
      .find((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0)?.textContent`;
    expect(await page.evaluate(firstStop)).toBe('Skip to content');
    await page.locator('a.skip-link').focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('content');
    expect(page.url()).toMatch(/#\/today$/);

    await page.goto(`${app.url}#/decks/iaas-ec2`);
    await page.getByRole('button', { name: 'Study', exact: true }).click();
    await page.getByRole('group', { name: 'Choose the owner' }).waitFor();
    // From the card, the first Tab reaches the first owner.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.getAttribute("aria-keyshortcuts")')).toBe('A');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: 'Grade your answer' }).waitFor();
    const focusIn = (selector: string) => page.evaluate(`!!document.activeElement.closest(${JSON.stringify(selector)})`);
    await expect.poll(async () => (await focusIn('[aria-label="Grade your answer"]')) || (await focusIn('.feedback'))).toBe(true);
    // Enter on the focused grade button grades with it; the next card takes the focus.
    const focusedGrade = (await page.evaluate('document.activeElement.textContent')) as string;
    expect(focusedGrade).toMatch(/^(Again|Good)/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('1 done').count()).toBe(1);
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe('Card');
    // Ctrl+Z works once the answer is recorded (the Undo button is enabled then).
    await expect.poll(() => page.getByRole('button', { name: /^Undo/ }).isEnabled()).toBe(true);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByText('0 done').count()).toBe(1);
    await page.keyboard.press('Escape');
    // Back on the Decks screen, the Study button that started it is gone: the focus is on the screen, not the page.
    await page.getByRole('heading', { name: 'Decks', level: 1 }).waitFor();
    await expect.poll(() => page.evaluate('document.activeElement === document.body')).toBe(false);

    // A single-answer card is a radio group: one tab stop, arrow keys move the pick.
    await page.goto(`${app.url}#/decks/practice-exam`);
    await page.getByRole('button', { name: 'Study', exact: true }).click();
    const options = page.getByRole('group', { name: 'Options' });
    await options.waitFor();
    const radios = options.getByRole('radiogroup').getByRole('radio');
    expect(await radios.count()).toBeGreaterThan(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.getAttribute("role")')).toBe('radio');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => radios.nth(1).getAttribute('aria-checked')).toBe('true');
    expect(await radios.nth(0).getAttribute('aria-checked')).toBe('false');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toMatch(/^Check/);
    await page.keyboard.press('Escape');
  });

  it('asks before a reset and can undo it', async () => {
    const { page } = browser;
    await page.goto(`${app.url}#/decks/${sampleDeckId}`);
    await page.getByRole('heading', { name: reviewSampleDeck.title, level: 1 }).waitFor();
    const states = () => page.getByRole('table', { name: 'Cards' }).locator('[role=rowgroup] [role=row] [role=cell]:nth-child(4)').allTextContents();
    await expect.poll(async () => (await states()).length).toBe(reviewSampleDeck.cards.length);
    const before = await states();
    expect(before.filter((s) => s.trim() !== 'new').length, 'the review test studied these cards').toBeGreaterThan(0);

    await page.getByRole('checkbox', { name: 'Select all loaded cards' }).check();
    await page.getByRole('button', { name: 'Reset…' }).click();
    const dialog = page.getByRole('dialog', { name: `Reset ${reviewSampleDeck.cards.length} cards to new?` });
    await dialog.waitFor();
    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await states()).toEqual(before);

    await page.getByRole('button', { name: 'Reset…' }).click();
    await dialog.getByRole('button', { name: 'Reset to new' }).click();
    await expect.poll(async () => (await states()).every((s) => s.trim() === 'new')).toBe(true);
    const undo = page.getByRole('status').getByRole('button', { name: 'Undo' });
    // The Reset button is disabled now (nothing selected): the focus is on Undo.
    await expect.poll(() => page.evaluate('document.activeElement.textContent')).toBe('Undo');
    await undo.click();
    await expect.poll(() => states()).toEqual(before);
    await expect.poll(() => page.getByText(`Undone: ${reviewSampleDeck.cards.length} cards reset to new.`).count()).toBe(1);

    // Move asks too, and is undone back to this deck.
    await page.getByRole('checkbox', { name: 'Select all loaded cards' }).check();
    await page.getByRole('combobox', { name: 'Move selected cards to deck' }).selectOption('terminology');
    const moveDialog = page.getByRole('dialog', { name: `Move ${reviewSampleDeck.cards.length} cards?` });
    await moveDialog.getByRole('button', { name: 'Move', exact: true }).click();
    await expect.poll(async () => (await states()).length).toBe(0);
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => states()).toEqual(before);
    expect(browser.problems).toEqual([]);
  });

  it('offers "Study this deck anyway" once the shared new-card allowance is spent, and studies that deck', async () => {
    const { page } = browser;
    // The review test above introduced the sample deck's five cards today: a limit of five is spent.
    await page.goto(`${app.url}#/settings`);
    const perDay = page.getByRole('region', { name: 'Scheduling' }).getByLabel('New cards per day');
    await perDay.fill('5');
    await perDay.dispatchEvent('change');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBeGreaterThan(0);

    await page.goto(`${app.url}#/today`);
    await page.getByText('5 new today across all decks; all 5 used').waitFor();
    const ec2 = page.getByRole('listitem', { name: 'IaaS: Amazon EC2, EBS and VPC' });
    await ec2.getByRole('button', { name: 'Study this deck anyway' }).waitFor();
    expect(await auditEverywhere(page, 'today, allowance spent')).toEqual([]);

    await ec2.getByRole('button', { name: 'Study this deck anyway' }).click();
    await page.getByRole('heading', { name: 'IaaS: Amazon EC2, EBS and VPC', level: 1 }).waitFor();
    await expect.poll(() => page.getByText(/^5 cards left · 0 done$/).count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
    expect(browser.problems).toEqual([]);
  });
});

/** Every chart label is drawn at 11–13 px on screen, in the wide and the narrow window. */
async function expectChartTextSizes(page: Page): Promise<void> {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 900, height: 650 }]) {
    await page.setViewportSize(viewport);
    await settled(page);
    const sizes = (await page.evaluate(`[...document.querySelectorAll('.chart svg text')].map((t) => {
      const svg = t.ownerSVGElement;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return Math.round(parseFloat(getComputedStyle(t).fontSize) * scale * 10) / 10;
    })`)) as number[];
    expect(sizes.length, 'chart labels found').toBeGreaterThan(10);
    expect(sizes.filter((px) => px < 11 || px > 13), `label sizes at ${viewport.width}×${viewport.height}`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The feedback (verdict, explanation, source) lies wholly inside the window and above the grade bar. */
async function expectFeedbackInView(page: Page, viewport: { width: number; height: number }): Promise<void> {
  const feedback = page.getByRole('status').filter({ hasText: /^(Right|Not quite)/ });
  await expect.poll(async () => {
    const box = await feedback.boundingBox();
    const bar = await page.getByRole('group', { name: 'Grade your answer' }).boundingBox();
    if (!box || !bar) return 'not shown';
    if (box.y < 0) return `feedback top ${box.y} above the window`;
    if (box.y + box.height > bar.y) return `feedback bottom ${box.y + box.height} under the grade bar at ${bar.y}`;
    if (bar.y + bar.height > viewport.height) return `grade bar bottom ${bar.y + bar.height} below the window`;
    return 'in view';
  }).toBe('in view');
  await expect.poll(() => feedback.textContent()).toContain('Source:');
}
