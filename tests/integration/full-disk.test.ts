/**
 * F6 and F8 on a real full file system: a small tmpfs mounted in a private
 * mount namespace (Linux, as root; skipped with a message elsewhere). A
 * backup, a CLI import and an in-app import that run out of space say
 * DISK_FULL with a message a user understands, leave no half-written file,
 * and a failed daily backup shows up with the action that helps.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { decksDir, repoRoot, tempDir } from '../helpers/test-collection.js';
import { inlineScriptRun } from '../helpers/node-entry.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const runsAsRoot = process.getuid?.() === 0;
const canMountTmpfs = process.platform === 'linux' && runsAsRoot && spawnSync('unshare', ['-m', 'true']).status === 0;
if (!canMountTmpfs) console.warn('full-disk.test.ts: skipped, mounting a tmpfs needs Linux, root and unshare -m here');

interface Report {
  filled: string;
  backupCli: { exit: number; stderr: string };
  backupLeftovers: string[];
  importCli: { exit: number; stderr: string };
  inAppImport: { state: string; error: { code: string; message: string } | null };
  health: { background: { job: string; code: string; action: string }[] };
  reviewsAfter: number;
}

describe('a full disk (tmpfs, 3 MiB)', () => {
  it.skipIf(!canMountTmpfs)('says DISK_FULL for backups and imports, CLI and in-app, and shows a failed daily backup', () => {
    const dir = tempDir('demarc-full-disk-');
    dirs.push(dir);
    const source = path.join(dir, 'source', 'collection.sqlite');
    const setup = Collection.open({ file: source, builtinDecksDir: decksDir });
    for (let i = 0; i < 20; i++) setup.answer({ cardId: 1 + i, grade: 3, durationMs: 1000 });
    setup.close();
    const mountPoint = path.join(dir, 'tiny');
    fs.mkdirSync(mountPoint);
    // The child loads the test run's bundle of the back end (about half the CPU of compiling the sources under tsx).
    const child = inlineScriptRun();
    const script = `
      import fs from 'node:fs';
      import path from 'node:path';
      import { Collection, runCli, createDispatcher, createHandlers } from ${JSON.stringify(child.from)};
      const [mount, source, decks] = process.argv.slice(1);
      const report = {};
      const cli = async (args) => { let stderr = ''; const exit = await runCli(args, { stdout: () => {}, stderr: (t) => (stderr += t) }); return { exit, stderr }; };
      const file = path.join(mount, 'collection.sqlite');
      fs.copyFileSync(source, file);
      const deck = path.join(mount, 'deck.csv');
      fs.writeFileSync(deck, 'front,back\\nq1,a1\\nq2,a2\\n');
      // Room to open and answer, not to copy the collection.
      const filler = path.join(mount, 'filler');
      const fd = fs.openSync(filler, 'w');
      try { for (;;) fs.writeSync(fd, Buffer.alloc(16384)); } catch (e) { report.filled = e.code; }
      fs.closeSync(fd);
      fs.truncateSync(filler, Math.max(0, fs.statSync(filler).size - Math.floor(fs.statSync(file).size / 3)));

      report.backupCli = await cli(['backup', '--out', path.join(mount, 'b.sqlite'), '--db', file, '--json']);
      report.backupLeftovers = fs.readdirSync(mount).filter((f) => f.startsWith('b.sqlite'));
      report.importCli = await cli(['import', deck, '--db', file, '--json']);

      const collection = Collection.open({ file, builtinDecksDir: decks, dailyBackup: 'off' });
      const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'ipc' }));
      await dispatcher.dispatch('import.start', { fileName: 'deck.csv', dataBase64: fs.readFileSync(deck).toString('base64') });
      let status;
      for (;;) {
        status = (await dispatcher.dispatch('import.status', {})).value;
        if (status.state !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      report.inAppImport = { state: status.state, error: status.error };
      // A backup run as background upkeep (the daily backup's path).
      collection.upkeep.inBackground('backup', () => collection.backupBeforeImport()?.finish());
      report.health = (await dispatcher.dispatch('app.health', {})).value;
      report.reviewsAfter = collection.doctor().reviews;
      collection.close();
      process.stdout.write(JSON.stringify(report));
      process.exit(0);`;
    const result = spawnSync(
      'unshare',
      ['-m', '--', 'sh', '-c', 'mount -t tmpfs -o size=3m tmpfs "$1" && shift && exec "$@"', 'sh', mountPoint, process.execPath, ...child.args, '-e', script, mountPoint, source, decksDir],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    const diskFull = { code: ErrorCode.diskFull, message: expect.stringMatching(/The disk holding .* is full; nothing was saved/) as unknown };
    expect(report.filled).toBe('ENOSPC');
    expect(report.backupCli.exit).toBe(1);
    expect(JSON.parse(report.backupCli.stderr)).toEqual({ error: diskFull });
    expect(report.backupLeftovers).toEqual([]);
    expect(report.importCli.exit).toBe(1);
    expect(JSON.parse(report.importCli.stderr)).toEqual({ error: diskFull });
    expect(report.inAppImport).toEqual({ state: 'failed', error: diskFull });
    expect(report.health.background).toEqual([expect.objectContaining({ job: 'backup', code: ErrorCode.diskFull, action: expect.stringMatching(/Free some space/) as unknown })]);
    expect(report.reviewsAfter).toBe(20);
    // The child's own bound (60 s) plus the setup, not the default 30 s: spawnSync holds this test until it ends.
  }, 90_000);
});
