import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './use-app-in-browser.js';
import { revealAnswer } from './web-app-harness.js';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('Settings → Backups, and a collection that vanishes while reviewing', () => {
  const ctx = useAppInBrowser();

  it('shows the progress of a backup until it is in place, and checks the collection step by step, by keyboard, saying what it found', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/settings/backups`);
    const panel = page.getByRole('region', { name: 'Backups' });
    await panel.getByRole('button', { name: 'Back up now' }).waitFor();
    const bar = panel.getByRole('progressbar', { name: 'Backing up' });
    await panel.getByRole('button', { name: 'Back up now' }).click();
    // The bar shows from the click (the worker takes a moment to start), then goes once the backup is listed.
    await bar.waitFor();
    await panel.getByRole('status').filter({ hasText: 'Backed up.' }).waitFor();
    await expect.poll(() => bar.count()).toBe(0);

    const doctor = page.getByRole('region', { name: 'Check the collection' });
    const check = doctor.getByRole('button', { name: 'Check now' });
    await check.focus();
    await page.keyboard.press('Enter');
    await doctor.getByRole('status').filter({ hasText: 'Your collection is healthy.' }).waitFor();
    const result = (await doctor.getByRole('status').textContent()) ?? '';
    expect(result).toMatch(/Checked every page of the collection: \d+ decks, \d+ cards and \d+ reviews?/);
    expect(result).toContain('What to do: Nothing to do.');
    expect(await doctor.getByRole('progressbar').count()).toBe(0);
    await expect.poll(() => doctor.getByRole('button', { name: 'Check now' }).isEnabled()).toBe(true);
  });

  it('backs up, restores (keeping the current file aside), and brings a card back when its answer cannot be saved', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/settings`);
    const panel = page.getByRole('region', { name: 'Backups' });
    await panel.getByRole('button', { name: 'Back up now' }).waitFor();
    // The list has been read (a table, or "No backups yet.") before its rows are counted.
    await panel.locator('table, p:has-text("No backups yet.")').first().waitFor();
    // Backups made by the test before stay listed (newest first): this one adds a row at the top.
    const rows = panel.getByRole('row').filter({ hasText: 'Made by you' });
    const before = await rows.count();
    await panel.getByRole('button', { name: 'Back up now' }).click();
    await panel.getByRole('status').filter({ hasText: 'Backed up.' }).waitFor();
    await expect.poll(() => rows.count()).toBe(before + 1);
    const row = rows.first();
    expect(await row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Passed']));

    await row.getByRole('button', { name: /^Restore…/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/the current file is kept aside/);
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await panel.getByRole('status').filter({ hasText: /Restored the backup of .* kept as .*demarc\.sqlite\.before-restore-/ }).waitFor();
    // The file set aside was healthy: nothing calls it damaged.
    expect(await panel.getByRole('status').filter({ hasText: /Restored the backup/ }).textContent()).not.toMatch(/damaged/i);
    expect(fs.readdirSync(path.dirname(ctx.app.dbFile)).some((f) => f.startsWith('demarc.sqlite.before-restore-'))).toBe(true);

    // Review one card, then the collection file disappears under the app.
    await page.goto(`${ctx.app.url}#/today`);
    await page.getByRole('button', { name: 'Study all' }).click();
    const card = page.getByRole('article', { name: 'Card' });
    await card.waitFor();
    await revealAnswer(page);
    await page.keyboard.press(' ');
    await expect.poll(() => page.getByText('1 done').count(), { timeout: 15_000 }).toBe(1);
    // "1 done" shows at once; the answer is written when the back end's reply enables Undo. Only then does the file go,
    // or that answer too would be refused.
    await expect.poll(() => page.getByRole('button', { name: /^Undo/ }).first().isEnabled()).toBe(true);
    fs.rmSync(ctx.app.dbFile);
    const prompt = await card.textContent();
    const kind = await revealAnswer(page);
    expect(kind).toBeTruthy();
    await page.keyboard.press(' ');
    await page.getByRole('alert').filter({ hasText: 'could not be saved, so that card is back' }).waitFor();
    await expect.poll(() => page.getByText('1 done').count(), { timeout: 15_000 }).toBe(1);
    expect(await card.textContent()).toContain((prompt ?? '').slice(0, 40));
    await page.getByRole('alert').filter({ hasText: 'Your answers are no longer being saved' }).waitFor();

  });

  it('has no accessibility violations on the Backups panel (axe-core)', async () => {
    const context = await ctx.browser.browser.newContext({ bypassCSP: true, reducedMotion: 'reduce' });
    const page = await context.newPage();
    try {
      await ctx.app.admit(page);
      await page.goto(`${ctx.app.url}#/settings`);
      await page.getByRole('region', { name: 'Backups' }).waitFor();
      await page.addScriptTag({ content: axeSource });
      // (A script string: this file is type-checked without the DOM library.)
      const result = (await page.evaluate(`axe.run({ include: [['section[aria-labelledby="backups-title"]'], ['section[aria-labelledby="doctor-title"]'], ['.storage-banner']] })`)) as {
        violations: { id: string }[];
      };
      expect(result.violations.map((v) => v.id)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
