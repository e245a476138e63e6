import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildCollection, buildPackage } from '../fixtures/anki-fixture.js';
import { scenario } from '../fixtures/anki-scenario.js';
import { repoRoot } from '../helpers/test-collection.js';
import { revealAnswer } from './web-app-harness.js';

/**
 * The desktop app's real main process: start, open the window, answer a
 * card, import an .apkg, quit. It needs the Electron binary, which cannot be
 * downloaded everywhere (this machine has no route to its host); where it is
 * missing, or there is no display, the test is skipped and says why.
 */
function electronBinary(): string | null {
  const dir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const needsXvfb = process.platform === 'linux' && !process.env.DISPLAY;
const display = !needsXvfb || spawnSync('which', ['Xvfb']).status === 0;
const skipReason = !binary
  ? 'no Electron binary in node_modules/electron (run `node node_modules/electron/install.js` where GitHub is reachable)'
  : !display
    ? 'no display (set DISPLAY or install Xvfb)'
    : null;
if (skipReason) console.warn(`Electron smoke test skipped: ${skipReason}.`);

/** A virtual display on a number Xvfb picks itself; resolves with DISPLAY. */
function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const child = spawn('Xvfb', ['-displayfd', '1', '-nolisten', 'tcp', '-screen', '0', '1280x900x24'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Xvfb did not start')), 30_000);
    child.stdout!.once('data', (d: Buffer) => {
      clearTimeout(timer);
      resolve({ display: `:${d.toString().trim()}`, process: child });
    });
  });
}

describe(`the desktop app${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it.skipIf(skipReason !== null)(
    'starts, opens its window, answers a card, imports an .apkg, and quits; a second instance exits without opening anything',
    async () => {
      // The Electron-ABI build of better-sqlite3 and the bundles, as `npm start` makes them.
      execFileSync(process.execPath, ['scripts/prepare-electron.mjs'], { cwd: repoRoot, stdio: 'inherit' });
      execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'demarc-electron-'));
      const xvfb = needsXvfb ? await startXvfb() : null;
      const env = { ...process.env, DEMARC_DATA_DIR: dataDir, ...(xvfb ? { DISPLAY: xvfb.display } : {}) } as Record<string, string>;
      const app = await electron.launch({ executablePath: binary!, args: [repoRoot], env });
      try {
        const page = await app.firstWindow();
        await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
        // The daily reminder is off until the learner picks a time: no badge.
        expect(await app.evaluate(({ app: main }) => main.getBadgeCount())).toBe(0);

        // A second launch on the same data folder hands over to this one and exits at once.
        const second = spawnSync(binary!, [repoRoot], { env, timeout: 60_000 });
        expect(second.status).toBe(0);

        await page.getByRole('button', { name: /^Study all/ }).click();
        await revealAnswer(page);
        await page.keyboard.press('1');
        await page.getByRole('button', { name: 'Undo' }).and(page.locator(':not([disabled])')).waitFor();

        await page.keyboard.press('Escape');
        await page.getByRole('link', { name: 'Import' }).click();
        const apkg = Buffer.from(buildPackage({ entries: { 'collection.anki21': buildCollection(scenario, 11) } }));
        await page.getByLabel('File to import').setInputFiles({ name: 'shared.apkg', mimeType: 'application/octet-stream', buffer: apkg });
        await page.getByRole('button', { name: /^Import \d+ cards?$/ }).click();
        await page.getByRole('status').filter({ hasText: 'Imported shared.apkg' }).waitFor({ timeout: 60_000 });
      } finally {
        await app.close();
        xvfb?.process.kill();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
