import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { runSyncRound } from '../../electron/core/sync/sync-round.js';
import { decksDir, tempDir } from '../helpers/test-collection.js';
import { useAppInBrowser } from './use-app-in-browser.js';
import { chooseSyncFolder } from './sync-panel.js';
import { auditSchemes, auditViewports, axeViolations, settled } from './axe-audit.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe('Settings → Sync in web mode', () => {
  const ctx = useAppInBrowser();

  it('takes a folder, syncs with the device already there, and says what helps when the folder goes away', async () => {
    const folder = tempDir('demarc-sync-folder-');
    // Another machine has synced into the folder already.
    const other = Collection.open({ file: path.join(tempDir(), 'other.sqlite'), builtinDecksDir: decksDir });
    for (const card of other.study().cards.slice(0, 2)) other.answer({ cardId: card.id, grade: 3, durationMs: 4000 });
    runSyncRound(other, folder);

    const { page } = ctx.browser;
    const { panel, line } = await chooseSyncFolder(page, ctx.app.url, folder);
    await expect.poll(() => line.textContent(), { timeout: 30_000 }).toMatch(/Last sync .*1 other device seen/);

    // The other machine now sees this one, and this one's collection took its answers.
    const back = runSyncRound(other, folder);
    expect(back.devicesSeen).toBe(1);
    other.close();

    // The folder goes away (a share not mounted): the status says so and what to do.
    fs.rmSync(folder, { recursive: true, force: true });
    await panel.getByRole('button', { name: 'Sync now' }).click();
    const alert = panel.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toMatch(/Last sync failed: .*is not there.*Connect the drive or share/);
    expect(ctx.browser.offMachine).toEqual([]);
    expect(ctx.browser.problems).toEqual([]);
  });

  it('lists a file it could not read with what to do, in both themes and at 900 px without accessibility violations', async () => {
    const folder = tempDir('demarc-sync-folder-');
    const other = Collection.open({ file: path.join(tempDir(), 'other.sqlite'), builtinDecksDir: decksDir });
    for (const card of other.study().cards.slice(0, 2)) other.answer({ cardId: card.id, grade: 3, durationMs: 4000 });
    const device = runSyncRound(other, folder).device;
    other.close();
    // Damaged on its way here: a flipped byte.
    const [name] = fs.readdirSync(path.join(folder, device)).filter((n) => n.endsWith('.changes'));
    const file = path.join(folder, device, name!);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0x04;
    fs.writeFileSync(file, bytes);

    const context = await ctx.browser.browser.newContext({ bypassCSP: true, reducedMotion: 'reduce' });
    try {
      const page = await context.newPage();
      await ctx.app.admit(page);
      const { panel } = await chooseSyncFolder(page, ctx.app.url, folder);
      const notices = panel.getByRole('heading', { name: 'Needs attention' });
      await notices.waitFor({ timeout: 60_000 });
      const item = panel.getByRole('listitem');
      expect(await item.textContent()).toContain(`Could not read ${device}/${name}: the checksum does not match.`);
      expect(await item.textContent()).toContain(`device ${device} learns of it and writes these changes again under a new name on its next sync`);
      const shots = process.env.DEMARC_SHOTS_DIR;
      for (const viewport of auditViewports) {
        await page.setViewportSize(viewport);
        for (const colorScheme of auditSchemes) {
          await page.emulateMedia({ colorScheme });
          await settled(page);
          if (shots) await panel.screenshot({ path: path.join(shots, `sync-notices-${colorScheme}-${viewport.width}.png`) });
          expect(await axeViolations(page, colorScheme !== auditSchemes[0])).toEqual([]);
        }
      }
    } finally {
      await context.close();
    }
  });

  it('has no accessibility violations', async () => {
    const context = await ctx.browser.browser.newContext({ bypassCSP: true, reducedMotion: 'reduce' });
    try {
      const page = await context.newPage();
      await ctx.app.admit(page);
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('region', { name: 'Sync' }).waitFor();
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(`(async () => {
        const result = await window.axe.run(document.querySelector('[aria-labelledby="sync-title"]'));
        return result.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
      })()`);
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
