import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { useAppInBrowser } from './use-app-in-browser.js';
import { revealAnswer } from './web-app-harness.js';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('Settings → Backups, and a collection that vanishes while reviewing', () => {
  const ctx = useAppInBrowser();

  it('backs up, restores (keeping the current file aside), and brings a card back when its answer cannot be saved', async () => {
    const { page } = ctx.browser;
    await page.goto(`${ctx.app.url}#/settings`);
    const panel = page.getByRole('region', { name: 'Backups' });
    await panel.getByRole('button', { name: 'Back up now' }).click();
    await panel.getByRole('status').filter({ hasText: 'Backed up.' }).waitFor();
    const row = panel.getByRole('row').filter({ hasText: 'Made by you' });
    await expect.poll(() => row.count()).toBe(1);
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
    await expect.poll(() => page.getByText('1 done').count()).toBe(1);
    fs.rmSync(ctx.app.dbFile);
    const prompt = await card.textContent();
    const kind = await revealAnswer(page);
    expect(kind).toBeTruthy();
    await page.keyboard.press(' ');
    await page.getByRole('alert').filter({ hasText: 'could not be saved, so that card is back' }).waitFor();
    await expect.poll(() => page.getByText('1 done').count()).toBe(1);
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
      const result = (await page.evaluate(`axe.run({ include: [['section[aria-labelledby="backups-title"]'], ['.storage-banner']] })`)) as {
        violations: { id: string }[];
      };
      expect(result.violations.map((v) => v.id)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
