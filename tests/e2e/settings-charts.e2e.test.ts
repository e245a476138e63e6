import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { decksDir } from '../helpers/test-collection.js';
import { auditEverywhere, auditSchemes, auditViewports, settled } from './axe-audit.js';
import { openBrowser, startWebApp, type BrowserSession, type WebApp } from './web-app-harness.js';

const day = 86_400_000;

/** Terminology cards learned forty days ago and reviewed twenty days ago (so their curves have two answers), set due today. */
function studiedCollection(dir: string): string {
  const file = path.join(dir, 'studied.sqlite');
  let now = Date.now() - 40 * day;
  const collection = Collection.open({ file, builtinDecksDir: decksDir, now: () => now });
  collection.updateSettings({ learningSteps: [], newPerDay: 999 });
  for (const card of collection.study({ deckIds: ['terminology'] }).cards) collection.answer({ cardId: card.id, grade: 3, durationMs: 3000 });
  collection.updateSettings({ newPerDay: 0 });
  now += 20 * day;
  const reviewed = collection.study({ deckIds: ['terminology'] }).cards.map((card) => card.id);
  for (const id of reviewed) collection.answer({ cardId: id, grade: 3, durationMs: 3000 });
  now = Date.now();
  collection.setDue(reviewed, 0);
  collection.close();
  return file;
}

const isFocused = (locator: Locator) => locator.evaluate((el) => el === el.ownerDocument.activeElement);

/** Presses Tab until `locator` has focus (a keyboard user's way there), at most `limit` times. */
async function tabTo(page: Page, locator: Locator, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await isFocused(locator)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(locator)}`);
}

/** Screenshots of the current state in both themes at 900 and 1280 wide, when a folder is named for them. */
async function screenshots(page: Page, name: string): Promise<void> {
  const dir = process.env.DEMARC_SCREENSHOT_DIR;
  if (!dir) return;
  for (const viewport of auditViewports) {
    await page.setViewportSize(viewport);
    for (const colorScheme of auditSchemes) {
      await page.emulateMedia({ colorScheme });
      await settled(page);
      await page.screenshot({ path: path.join(dir, `${name}-${colorScheme}-${viewport.width}.png`) });
    }
  }
  await page.setViewportSize(auditViewports[0]);
  await page.emulateMedia({ colorScheme: 'light' });
  await settled(page);
}

describe('settings sections, the simulator chart and the forgetting curve', () => {
  const ctx = {} as { app: WebApp; browser: BrowserSession; dir: string };
  vi.setConfig({ testTimeout: 180_000 });
  beforeAll(async () => {
    ctx.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-charts-'));
    ctx.app = await startWebApp({ dbFile: studiedCollection(ctx.dir) });
    ctx.browser = await openBrowser({ admitTo: ctx.app, bypassCSP: true, width: 900, height: 650 });
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.app?.stop();
    fs.rmSync(ctx.dir, { recursive: true, force: true });
  });

  it('jumps to a section by its link, focus on its heading; simulates and draws the workload curve with its table', async () => {
    const { page } = ctx.browser;
    // An address naming a section opens Settings there, focus on its heading, clear of the top bar (here on a wide window, the links beside).
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${ctx.app.url}#/settings/exam`);
    const exam = page.getByRole('heading', { name: 'Exam', level: 2 });
    await expect.poll(() => isFocused(exam)).toBe(true);
    const topBar = (await page.locator('.topbar').boundingBox())!;
    expect((await exam.boundingBox())!.y).toBeGreaterThanOrEqual(topBar.y + topBar.height - 1);
    await page.setViewportSize({ width: 900, height: 650 });
    await page.goto(`${ctx.app.url}#/settings`);
    const sections = page.getByRole('navigation', { name: 'Settings sections' });
    const link = sections.getByRole('link', { name: 'Simulator' });
    await link.waitFor();
    await tabTo(page, link);
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { name: 'Simulator', level: 2 });
    await expect.poll(() => isFocused(heading)).toBe(true);
    await expect.poll(() => link.getAttribute('aria-current')).toBe('location');
    expect(await sections.getByRole('link', { name: 'Scheduling' }).getAttribute('aria-current')).toBeNull();
    // The heading is in view, below the sticky top bar and (on this narrow window) the row of section links under it.
    const box = (await heading.boundingBox())!;
    const bar = (await page.locator('.topbar').boundingBox())!;
    const links = (await sections.boundingBox())!;
    expect(links.y).toBeGreaterThanOrEqual(bar.y + bar.height - 1);
    expect(box.y).toBeGreaterThanOrEqual(links.y + links.height - 1);
    expect(box.y + box.height).toBeLessThanOrEqual(650);
    // The row of links stays in sight as the page scrolls, and marks the section being read.
    await page.keyboard.press('End');
    await expect.poll(() => sections.getByRole('link', { name: 'Your data' }).getAttribute('aria-current')).toBe('location');
    expect((await sections.boundingBox())!.y).toBeGreaterThanOrEqual(bar.y + bar.height - 1);
    await tabTo(page, link);
    await page.keyboard.press('Enter');
    await expect.poll(() => isFocused(heading)).toBe(true);
    await expect.poll(() => link.getAttribute('aria-current')).toBe('location');
    await screenshots(page, 'settings-sections');

    // On from the heading: the next Tab stops are the simulator's own fields, then Simulate.
    await tabTo(page, page.getByRole('spinbutton', { name: 'New cards per day' }).last(), 4);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('20');
    await tabTo(page, page.getByRole('button', { name: 'Simulate', exact: true }), 6);
    await page.keyboard.press('Enter');
    const curve = page.getByRole('img', { name: /^Workload by desired retention: from [\d.,]+ reviews a day at 70% to [\d.,]+ at 99%/ });
    await curve.waitFor({ timeout: 120_000 });
    const curveTable = page.getByRole('table', { name: 'Workload by desired retention' });
    await expect.poll(() => curveTable.getByRole('row').count()).toBe(10); // a header and nine retentions
    await curveTable.getByRole('rowheader', { name: '99%' }).waitFor({ state: 'attached' });
    await page.getByRole('img', { name: /^Reviews a day over time: average a day, 30 days at a time/ }).waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Reviews a day over time' }).getByRole('row').count()).toBeGreaterThan(2);
    // The table is shown on request, from the keyboard.
    await tabTo(page, page.getByRole('button', { name: 'Show table' }).first(), 20);
    await page.keyboard.press('Enter');
    await curveTable.getByRole('rowheader', { name: '70%' }).waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Hide table');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Simulator', level: 2 }).evaluate((el) => el.scrollIntoView());
    await screenshots(page, 'settings-simulator');
    expect(await auditEverywhere(page, 'settings with simulator charts')).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });

  it('opens card info from review with the forgetting curve, its table and the card’s facts', async () => {
    const { page } = ctx.browser;
    await page.goto(ctx.app.url);
    const study = page.getByRole('button', { name: /Study all/ });
    await tabTo(page, study);
    await page.keyboard.press('Enter');
    await page.getByRole('article', { name: 'Card' }).waitFor();
    await page.keyboard.press('i');
    const info = page.getByRole('dialog', { name: 'Card info' });
    await info.waitFor();
    await info.getByRole('img', { name: /^Forgetting curve: recall \d+% now, after 2 answers/ }).waitFor();
    const table = info.getByRole('table', { name: 'Forgetting curve' });
    await expect.poll(() => table.getByRole('row').count()).toBe(4); // header, two answers, now
    for (const fact of ['Deck', 'Type', 'Added', 'Card id', 'Due']) await info.getByRole('term').filter({ hasText: new RegExp(`^${fact}$`) }).waitFor();
    await info.getByRole('definition').filter({ hasText: /^Terminology/ }).first().waitFor();
    await screenshots(page, 'card-info');
    expect(await auditEverywhere(page, 'card info')).toEqual([]);
    await page.keyboard.press('Escape');
    await info.waitFor({ state: 'detached' });
    expect(ctx.browser.problems).toEqual([]);
  });
});
