/**
 * The collection stays held while the app serves it. POSIX record locks are
 * dropped when the process closes *any* descriptor of the file, so a backup
 * that copied the file, or a worker that read its header, used to leave the
 * app without SQLite's lock on it (`/proc/locks`: 1 → 0); an outside SQLite
 * client that then opened and closed the file believed it was the last user
 * and deleted the -wal and -shm under the app. Here the app's collection
 * goes through a backup, an import (a worker, with its before-import
 * backup) and a sync round (a worker); after each, SQLite's lock is still
 * held, an outside client leaves the WAL alone, and a second server (by the
 * same name, through a symlink or through a linked folder) is refused.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { holdFile } from '../../electron/core/db/held-descriptor.js';
import { lockFileOf, realPathOf } from '../../electron/core/db/running-lock.js';
import { nativeBindingInUse } from '../../electron/core/db/sqlite-file.js';
import { defaultImportWorkerLimits, runImportWorker } from '../../electron/core/jobs/import-worker-host.js';
import { parseContextOf } from '../../electron/core/importing/import-file.js';
import type { ImportSummary } from '../../electron/core/importing/import-types.js';
import { runSyncInWorker } from '../../electron/core/jobs/sync-worker-host.js';
import { rightAction } from '../helpers/learner-actions.js';
import { decksDir, repoRoot, tempDir } from '../helpers/test-collection.js';
import { nodeArgs } from '../helpers/node-entry.js';

const procLocks = '/proc/locks';
const canSeeLocks = fs.existsSync(procLocks);

/** The POSIX locks this process holds on the file (Linux's /proc/locks: "N: POSIX ADVISORY READ PID MAJ:MIN:INODE START END"). */
function locksHeld(file: string): string[] {
  const { ino } = fs.statSync(file);
  return fs
    .readFileSync(procLocks, 'utf8')
    .split('\n')
    .filter((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[1] === 'POSIX' && fields[4] === String(process.pid) && fields[5]?.split(':')[2] === String(ino);
    });
}

/** Another program with SQLite of its own: opens the file, reads, closes (as the `sqlite3` shell would). */
function outsideClientOpensAndCloses(file: string): number {
  const script = `const D = require('better-sqlite3'); const db = new D(process.argv[1]); const n = db.prepare('SELECT count(*) FROM review_log').pluck().get(); db.close(); console.log(n);`;
  const run = spawnSync(process.execPath, ['-e', script, file], { cwd: repoRoot, encoding: 'utf8', timeout: 20_000 });
  expect(run.status, run.stderr).toBe(0);
  return Number(run.stdout.trim());
}

/** Another process of ours on the file (web mode, or the CLI): it must refuse at once (exit 1), never start serving or restoring. */
function otherProcess(entry: 'web-main' | 'cli-main', args: string[], stateDir: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [...nodeArgs(entry), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, DEMARC_STATE_DIR: stateDir },
  });
  return { status: run.status, stderr: run.stderr };
}

describe.skipIf(!canSeeLocks)('the collection stays held while it is served', () => {
  const dir = tempDir('demarc-held-');
  const file = path.join(dir, 'data', 'demarc.sqlite');
  const stateDir = path.join(dir, 'state');
  let collection: Collection;
  let answered = 0;

  const answerSome = (count: number) => {
    for (const card of collection.study().cards.slice(0, count)) {
      collection.answer({ cardId: card.id, grade: 3, durationMs: 1000, ...rightAction(card) });
      answered++;
    }
  };

  /** SQLite still holds the file, an outside client leaves the WAL in place, and the app still saves answers. */
  const expectStillHeld = (after: string) => {
    expect(locksHeld(file), `SQLite's lock after ${after}`).not.toEqual([]);
    answerSome(2);
    expect(fs.existsSync(`${file}-wal`), `-wal after ${after}`).toBe(true);
    expect(outsideClientOpensAndCloses(file), `answers seen from outside after ${after}`).toBe(answered);
    expect(fs.existsSync(`${file}-wal`), `-wal after an outside client, after ${after}`).toBe(true);
    expect(fs.existsSync(`${file}-shm`), `-shm after an outside client, after ${after}`).toBe(true);
    answerSome(1);
    expect(outsideClientOpensAndCloses(file)).toBe(answered);
  };

  beforeAll(() => {
    collection = Collection.open({ file, builtinDecksDir: decksDir, runningLock: true, stateDir });
    answerSome(3);
  });
  afterAll(() => {
    collection.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('holds SQLite’s lock from the start', () => {
    expect(locksHeld(file)).not.toEqual([]);
    expectStillHeld('opening');
  });

  it('after a backup (the copy reads through the descriptor the collection holds)', () => {
    const backup = collection.backup(path.join(dir, 'backups', 'manual.sqlite'));
    expect(backup.bytes).toBeGreaterThan(0);
    expectStillHeld('a backup');
  });

  it('after a backup on a worker thread (Back up now, the daily backup: a connection of its own, opened and closed)', async () => {
    const backup = await collection.backupInBackground(path.join(dir, 'backups', 'manual-worker.sqlite'));
    expect(backup.bytes).toBeGreaterThan(0);
    expectStillHeld('a backup on a worker thread');
  });

  it('after doctor on a worker thread', async () => {
    expect((await collection.doctorInBackground()).ok).toBe(true);
    expectStillHeld('doctor on a worker thread');
  });

  it('after an import in a worker, with its before-import backup', async () => {
    const bytes = Buffer.from('front,back\nWho patches the guest OS?,The customer\nWho runs the hypervisor?,AWS\n');
    const run = runImportWorker<ImportSummary>(
      {
        mode: 'import',
        sqliteBinding: nativeBindingInUse(),
        fileName: 'held.csv',
        bytes,
        options: {},
        context: parseContextOf(collection.importTarget()),
        file: collection.file,
        descriptor: collection.descriptor,
        backupDir: collection.backupDir,
        nativeBinding: collection.nativeBinding,
      },
      defaultImportWorkerLimits,
      () => {},
    );
    const summary = await run.result;
    expect(summary.added).toBe(2);
    expect(fs.readdirSync(collection.backupDir).some((name) => name.startsWith('before-import-'))).toBe(true);
    expectStillHeld('an import in a worker');
  });

  it('after a sync round in a worker', async () => {
    const folder = path.join(dir, 'sync');
    fs.mkdirSync(folder);
    await runSyncInWorker(collection, folder, () => {}).result;
    expect(fs.readdirSync(folder)).not.toEqual([]);
    expectStillHeld('a sync round');
  });

  it('refuses a second server by the same name, through a symlink and through a linked folder, and a restore through the symlink', () => {
    const link = path.join(dir, 'link.sqlite');
    fs.symlinkSync(file, link);
    const linkedFolder = path.join(dir, 'linked-data');
    fs.symlinkSync(path.join(dir, 'data'), linkedFolder);
    expect(lockFileOf(link)).toBe(lockFileOf(file));
    expect(lockFileOf(path.join(linkedFolder, 'demarc.sqlite'))).toBe(lockFileOf(file));
    // Which names lead to the one lock is asserted above in this process; a second server is started (a process
    // start each, the most of this test's cost) for the two names it must resolve itself: through a linked folder,
    // and relative to its working folder through the symlink. The plain same name takes the same path in
    // lockFileOf with nothing to resolve.
    for (const name of [path.join(linkedFolder, 'demarc.sqlite'), path.relative(repoRoot, link)]) {
      const second = otherProcess('web-main', ['--port', '0', '--db', name], stateDir);
      expect(second.status, `${name}: ${second.stderr}`).toBe(1);
      expect(second.stderr, name).toMatch(/Demarc is already running on it; close it first/);
    }
    // (In another process: this one holds the lock, and a holder may take its own lock again.)
    const restore = otherProcess('cli-main', ['restore', '--db', link], stateDir);
    expect(restore.status, restore.stderr).toBe(1);
    expect(restore.stderr).toMatch(/Demarc is running; close it first/);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expectStillHeld('refused openers');
  }, 120_000);
});

describe('the real path a lock is named by', () => {
  it('resolves links to files not there yet, chains of links, and new files in linked folders', () => {
    const dir = fs.realpathSync(tempDir('demarc-realpath-'));
    try {
      fs.mkdirSync(path.join(dir, 'real'));
      fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'folder-link'));
      fs.symlinkSync(path.join(dir, 'real', 'new.sqlite'), path.join(dir, 'dangling.sqlite'));
      fs.symlinkSync('dangling.sqlite', path.join(dir, 'chain.sqlite'));
      const target = path.join(dir, 'real', 'new.sqlite');
      expect(realPathOf(path.join(dir, 'folder-link', 'new.sqlite'))).toBe(target);
      expect(realPathOf(path.join(dir, 'dangling.sqlite'))).toBe(target);
      expect(realPathOf(path.join(dir, 'chain.sqlite'))).toBe(target);
      fs.writeFileSync(target, '');
      expect(realPathOf(path.join(dir, 'chain.sqlite'))).toBe(target);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a collection path that is not a regular file (a pipe would block the open forever)', () => {
    const dir = tempDir('demarc-fifo-');
    try {
      const fifo = path.join(dir, 'demarc.sqlite');
      const made = spawnSync('mkfifo', [fifo]);
      if (made.status !== 0) return;
      expect(() => holdFile(fifo)).toThrow(/not a regular file/);
      expect(() => Collection.open({ file: fifo })).toThrow(/not a regular file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
