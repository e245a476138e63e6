import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { tempDir } from '../helpers/test-collection.js';
import { useAppInBrowser } from './use-app-in-browser.js';
import { chooseSyncFolder } from './sync-panel.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Set to a folder to keep screenshots of the panel during the round (both themes, 900 px wide). */
const screenshotDir = process.env.DEMARC_SCREENSHOT_DIR;

describe('Settings → Sync while a round runs, in web mode', () => {
  const ctx = useAppInBrowser();

  it('shows the round’s progress line and bar until it ends, and the app answers meanwhile', async () => {
    const folder = tempDir('demarc-sync-progress-');
    const { page } = ctx.browser;
    await page.setViewportSize({ width: 900, height: 650 });
    const { panel, line } = await chooseSyncFolder(page, ctx.app.url, folder);
    await expect.poll(() => line.textContent(), { timeout: 30_000 }).toMatch(/Last sync .*0 other devices seen/);

    // Another machine syncs a few thousand answers into the folder.
    const other = Collection.open({ file: path.join(tempDir(), 'other.sqlite') });
    other.generateHistory({ seed: 5, cards: 400, reviews: 3000, days: 60 });
    runSyncRound(other, folder);
    other.close();

    // Another program holds the collection's write lock: the round, in its worker, waits at its first step for as long as
    // the test holds it, so the screen is looked at while the round runs, whatever the machine's speed.
    const holder = openSqliteFile(ctx.app.dbFile);
    holder.exec('BEGIN IMMEDIATE');
    let released = false;
    try {
      await panel.getByRole('button', { name: 'Sync now' }).click();
      await expect.poll(() => line.textContent(), { timeout: 30_000 }).toMatch(/^\s*Syncing: Writing this device's changes/);
      await expect(panel.getByRole('progressbar', { name: 'Sync progress' }).isVisible()).resolves.toBe(true);
      // The app answers other screens meanwhile.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click();
      await page.getByRole('heading', { name: 'Today' }).first().waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await expect.poll(() => line.textContent(), { timeout: 30_000 }).toMatch(/^\s*Syncing: /);

      if (screenshotDir) {
        fs.mkdirSync(screenshotDir, { recursive: true });
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          await panel.screenshot({ path: path.join(screenshotDir, `settings-sync-progress-${scheme}-900.png`) });
        }
        await page.emulateMedia({ colorScheme: 'light' });
      }

      // Accessibility of the panel with its progress line, in both themes (a context of its own: axe needs the CSP bypassed).
      const context = await ctx.browser.browser.newContext({ bypassCSP: true, reducedMotion: 'reduce', viewport: { width: 900, height: 650 } });
      try {
        const audit = await context.newPage();
        await ctx.app.admit(audit);
        for (const scheme of ['light', 'dark'] as const) {
          await audit.emulateMedia({ colorScheme: scheme });
          await audit.goto(`${ctx.app.url}#/settings`);
          await audit.getByRole('region', { name: 'Sync' }).getByRole('progressbar', { name: 'Sync progress' }).waitFor();
          await audit.addScriptTag({ path: axePath });
          const violations = await audit.evaluate(`(async () => {
            const result = await window.axe.run(document.querySelector('[aria-labelledby="sync-title"]'));
            return result.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
          })()`);
          expect(violations, scheme).toEqual([]);
        }
      } finally {
        await context.close();
      }
      holder.exec('COMMIT');
      released = true;
    } finally {
      if (!released) holder.exec('ROLLBACK');
      holder.close();
    }

    // The round goes on and ends: the line says so and the bar is gone.
    await expect.poll(() => line.textContent(), { timeout: 60_000 }).toMatch(/Last sync .*1 other device seen/);
    await expect(panel.getByRole('progressbar').count()).resolves.toBe(0);
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });
});
