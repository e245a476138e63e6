/**
 * Faults around the collection file, not inside SQLite: a truncated copy
 * with its WAL, permissions that change, a file deleted or replaced while
 * the app runs. Each case here failed before the fix it tests (see
 * SECURITY.md, "Durability").
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { DemarcError, ErrorCode } from '../../electron/core/domain/errors.js';
import { dailyBackup } from '../../electron/core/backup/backups.js';
import { cli } from '../helpers/cli-capture.js';
import { lockFileOf } from '../../electron/core/db/running-lock.js';
import { walLimits } from '../../electron/core/db/wal-keeper.js';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { decksDir, fileHash, repoRoot, tempDir, TestClock } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { inlineScriptRun, nodeArgs } from '../helpers/node-entry.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = tempDir('demarc-faults-');
  fs.chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

function openError(file: string): DemarcError {
  try {
    Collection.open({ file, builtinDecksDir: decksDir }).close();
  } catch (error) {
    if (error instanceof DemarcError) return error;
    throw error;
  }
  throw new Error(`${file} opened, but it should have been refused`);
}

describe('F1: a truncated file with a WAL beside it', () => {
  it('is refused, and neither the file nor its WAL is written', () => {
    const dir = freshDir();
    const live = path.join(dir, 'live', 'collection.sqlite');
    const collection = Collection.open({ file: live, builtinDecksDir: decksDir });
    try {
      databaseOf(collection).pragma('wal_checkpoint(TRUNCATE)');
      for (let i = 0; i < 300; i++) collection.answer({ cardId: 1 + (i % 250), grade: 3, durationMs: 1000 });
      // What a crash plus a bad copy leaves: the WAL whole, the main file cut in half.
      const file = path.join(dir, 'copy', 'collection.sqlite');
      fs.mkdirSync(path.dirname(file));
      fs.copyFileSync(live, file);
      fs.copyFileSync(`${live}-wal`, `${file}-wal`);
      fs.truncateSync(file, Math.floor(fs.statSync(file).size / 8192) * 4096);
      const before = { main: fileHash(file), wal: fileHash(`${file}-wal`) };
      const error = openError(file);
      expect(error.code).toBe(ErrorCode.databaseCorrupt);
      expect(error.message).toMatch(/shorter than its own header says .* write-ahead log collection\.sqlite-wal does not hold the missing pages/);
      expect({ main: fileHash(file), wal: fileHash(`${file}-wal`) }).toEqual(before);
      expect(fs.existsSync(`${file}-shm`)).toBe(false);
    } finally {
      collection.close();
    }
  });

  it('still opens a whole file with its WAL (the usual state after a crash)', () => {
    const dir = freshDir();
    const live = path.join(dir, 'live', 'collection.sqlite');
    const collection = Collection.open({ file: live, builtinDecksDir: decksDir });
    for (let id = 1; id <= 50; id++) collection.answer({ cardId: id, grade: 3, durationMs: 1000 });
    const file = path.join(dir, 'copy', 'collection.sqlite');
    fs.mkdirSync(path.dirname(file));
    fs.copyFileSync(live, file);
    fs.copyFileSync(`${live}-wal`, `${file}-wal`);
    collection.close();
    const reopened = Collection.open({ file, builtinDecksDir: decksDir });
    expect(reopened.doctor()).toMatchObject({ ok: true, reviews: 50 });
    reopened.close();
  });
});

const nobody = 65534;
const runsAsRoot = process.getuid?.() === 0;

/** Opens the file in a child (as "nobody" when running as root, for whom permission bits hold). */
function openAsUser(file: string): { ok: true } | { ok: false; code: string; message: string } {
  const child = inlineScriptRun();
  const script = `
    import { Collection } from ${JSON.stringify(child.from)};
    let out;
    try { Collection.open({ file: process.argv[1], builtinDecksDir: ${JSON.stringify(decksDir)} }).close(); out = { ok: true }; }
    catch (error) { out = { ok: false, code: error.code, message: error.message }; }
    process.stdout.write(JSON.stringify(out));`;
  const result = spawnSync(process.execPath, [...child.args, '-e', script, file], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 20_000,
    ...(runsAsRoot ? { uid: nobody, gid: nobody } : {}),
  });
  if (result.status !== 0) throw new Error(`the child failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as { ok: true } | { ok: false; code: string; message: string };
}

describe.skipIf(process.platform === 'win32')('F3: a read-only file made writable again', () => {
  function readOnlyCollection(): string {
    const dir = freshDir();
    const file = path.join(dir, 'collection.sqlite');
    const collection = Collection.open({ file, builtinDecksDir: decksDir });
    collection.answer({ cardId: 1, grade: 3, durationMs: 1000 });
    collection.close();
    if (runsAsRoot) for (const target of [dir, file]) fs.chownSync(target, nobody, nobody);
    fs.chmodSync(file, 0o444);
    return file;
  }

  it('leaves no -wal or -shm behind when refused, so chmod 644 is the whole fix', () => {
    const file = readOnlyCollection();
    expect(openAsUser(file)).toMatchObject({ ok: false, code: ErrorCode.databaseReadOnly });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['collection.sqlite']);
    fs.chmodSync(file, 0o644);
    expect(openAsUser(file)).toEqual({ ok: true });
  });

  it('names read-only -wal/-shm files left by an older version, so the user knows what to fix', () => {
    const file = readOnlyCollection();
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(`${file}-shm`, '');
    if (runsAsRoot) fs.chownSync(`${file}-shm`, nobody, nobody);
    fs.chmodSync(`${file}-shm`, 0o444);
    expect(openAsUser(file)).toMatchObject({ ok: false, code: ErrorCode.databaseReadOnly, message: expect.stringMatching(/collection\.sqlite-shm/) as unknown });
  });
});

/** A closed collection with `answers` reviews and a daily backup of it in `<dir>/backups/`. */
function collectionWithBackup(dir: string, answers: number): string {
  const file = path.join(dir, 'collection.sqlite');
  const collection = Collection.open({ file, builtinDecksDir: decksDir });
  for (let i = 0; i < answers; i++) collection.answer({ cardId: 1 + (i % 250), grade: 3, durationMs: 1000 });
  dailyBackup(databaseOf(collection), collection.backupDir, Date.now());
  collection.close();
  return file;
}

/** Garbage over one leaf page of an index the app does not read at start: damaged pages, intact header. */
function damageIndexPage(file: string): void {
  const db = databaseOf(Collection.open({ file }));
  const page = db.prepare("SELECT pageno FROM dbstat WHERE name = 'review_log_card' AND pagetype = 'leaf' ORDER BY pageno DESC LIMIT 1").pluck().get() as number | undefined;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  if (!page) throw new Error('no index page to damage');
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (page - 1) * pageSize);
  fs.closeSync(fd);
}

describe('F2: damaged pages behind an intact header', () => {
  it('are never copied as a backup, and restore picks and checks a good one', async () => {
    const dir = freshDir();
    const file = collectionWithBackup(dir, 40);
    const backups = path.join(dir, 'backups');
    const [good] = fs.readdirSync(backups);
    damageIndexPage(file);

    // The damaged collection still opens (as it did in the report), but no backup is taken of it.
    const collection = Collection.open({ file, builtinDecksDir: decksDir });
    try {
      expect(() => collection.backup(path.join(dir, 'manual.sqlite'))).toThrow(/is damaged \(quick_check: .*no backup was written/);
      expect(fs.existsSync(path.join(dir, 'manual.sqlite'))).toBe(false);
      expect(() => dailyBackup(databaseOf(collection), backups, Date.now() + 86_400_000)).toThrow(DemarcError);
      expect(() => collection.backupBeforeImport()!.finish()).toThrow(/no backup was written/);
    } finally {
      collection.close();
    }
    expect(fs.readdirSync(backups)).toEqual([good]);

    // A damaged file that did get into backups/ (copied by hand, or rotted) is newest but never restored.
    const rotten = path.join(backups, 'manual-rotten.sqlite');
    fs.copyFileSync(file, rotten);
    fs.utimesSync(rotten, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    const list = await cli(['restore', '--list', '--db', file, '--json']);
    const listed = (JSON.parse(list.stdout) as { backups: { name: string; check: string }[] }).backups;
    expect(listed.map((b) => b.name)).toEqual(['manual-rotten.sqlite', good]);
    expect(listed[0]!.check).toMatch(/^failed: /);
    expect(listed[1]!.check).toBe('ok');

    const before = fileHash(file);
    const refused = await cli(['restore', '--from', rotten, '--db', file, '--json']);
    expect(refused.exit).toBe(1);
    expect(JSON.parse(refused.stderr)).toMatchObject({ error: { code: ErrorCode.databaseCorrupt, message: expect.stringMatching(/fails its check .* not restored/) as unknown } });
    expect(fileHash(file)).toBe(before);

    const restored = await cli(['restore', '--db', file, '--json']);
    expect(restored.exit, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ restored: path.join(backups, good!), previousKeptAs: expect.stringContaining('.before-restore-') as unknown });
    const reopened = Collection.open({ file, builtinDecksDir: decksDir });
    expect(reopened.doctor()).toMatchObject({ ok: true, reviews: 40 });
    reopened.close();
  });
});

describe('F2 during an import: the check runs beside the writing', () => {
  it('refuses to import into a damaged collection: nothing commits, no backup or media is left', () => {
    const dir = freshDir();
    const file = collectionWithBackup(dir, 40);
    const backups = path.join(dir, 'backups');
    const kept = fs.readdirSync(backups);
    damageIndexPage(file);
    const collection = Collection.open({ file, builtinDecksDir: decksDir });
    try {
      const cards = () => databaseOf(collection).prepare('SELECT count(*) FROM cards').pluck().get();
      const before = cards();
      expect(() => collection.runImport('notes.csv', Buffer.from('front,back\nWho patches the guest OS?,The customer\n'), {})).toThrow(
        expect.objectContaining({ code: ErrorCode.databaseCorrupt, message: expect.stringMatching(/is damaged \(quick_check: .*no backup was written/) as unknown }),
      );
      expect(cards()).toBe(before);
      expect(fs.readdirSync(backups)).toEqual(kept);
    } finally {
      collection.close();
    }
  });
});

/** Web mode serving the file, as a separate process (the app, for this purpose). */
async function serve(file: string): Promise<ChildProcess> {
  const server = spawn(process.execPath, [...nodeArgs('web-main'), '--port', '0', '--db', file], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    server.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    server.once('exit', (code) => reject(new Error(`web mode exited (${code}): ${err}`)));
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('http://127.0.0.1:')) resolve();
    });
  });
  return server;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

describe('F4: restore and a running app exclude each other', () => {
  it('refuses to restore while the app serves the file, and restores once it is gone (even killed)', async () => {
    const dir = freshDir();
    const file = collectionWithBackup(dir, 10);
    const server = await serve(file);
    try {
      const { ino } = fs.statSync(file);
      const refused = await cli(['restore', '--db', file]);
      expect(refused.exit).toBe(1);
      expect(refused.stderr).toMatch(/Demarc is running; close it first/);
      expect(fs.statSync(file).ino, 'the served file was swapped').toBe(ino);
      expect(fs.readdirSync(dir).filter((f) => f.includes('.before-restore-'))).toEqual([]);
    } finally {
      await stop(server, 'SIGKILL');
    }
    // A killed app leaves its lock behind; a dead process's lock is taken over.
    expect(fs.existsSync(lockFileOf(file))).toBe(true);
    const restored = await cli(['restore', '--db', file]);
    expect(restored.exit, restored.stderr).toBe(0);
  });

  it('a second server and the CLI wait for a restore in progress', async () => {
    const dir = freshDir();
    const file = collectionWithBackup(dir, 3);
    const sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(lockFileOf(file), JSON.stringify({ pid: sleeper.pid, role: 'restore', since: Date.now() }));
      expect(() => Collection.open({ file, runningLock: true })).toThrow(/is being restored from a backup/);
      expect((await cli(['decks', '--db', file])).stderr).toMatch(/is being restored from a backup/);
    } finally {
      await stop(sleeper, 'SIGKILL');
    }
    Collection.open({ file, runningLock: true }).close();
    expect(fs.existsSync(lockFileOf(file))).toBe(false);
  });
});

function dispatcherFor(collection: Collection) {
  return createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'ipc' }));
}

describe('F7: the collection file deleted or replaced while the app runs', () => {
  it('stops acknowledging answers at once, says why, and the next start does not create an empty collection', async () => {
    const dir = freshDir();
    const stateDir = path.join(dir, 'state');
    const file = path.join(dir, 'data', 'collection.sqlite');
    const collection = Collection.open({ file, builtinDecksDir: decksDir, runningLock: true, stateDir });
    const dispatcher = dispatcherFor(collection);
    try {
      for (let id = 1; id <= 5; id++) expect((await dispatcher.dispatch('study.answer', { cardId: id, grade: 3, durationMs: 1000 })).ok).toBe(true);
      fs.rmSync(path.join(dir, 'data'), { recursive: true, force: true });
      for (let id = 6; id <= 8; id++) {
        const reply = await dispatcher.dispatch('study.answer', { cardId: id, grade: 3, durationMs: 1000 });
        expect(reply).toMatchObject({ ok: false, error: { code: ErrorCode.notFound, message: expect.stringMatching(/was deleted .* this change was not saved/) as unknown } });
      }
      const health = await dispatcher.dispatch('app.health', {});
      expect(health).toMatchObject({ ok: true, value: { fileProblem: expect.stringMatching(/was deleted/) as unknown } });
    } finally {
      collection.close();
    }
    // The data folder (backups included) is gone; the note outside it says a collection was here.
    expect(() => Collection.open({ file, builtinDecksDir: decksDir, runningLock: true, stateDir })).toThrow(/no collection at .*collection\.sqlite: restore a backup or start fresh/);
    expect(fs.existsSync(file)).toBe(false);
    const fresh = Collection.open({ file, builtinDecksDir: decksDir, runningLock: true, stateDir, startFresh: true });
    expect(fresh.doctor()).toMatchObject({ ok: true, reviews: 0 });
    fresh.close();
  });

  it('notices a file replaced under it (a copy renamed over it)', async () => {
    const dir = freshDir();
    const file = collectionWithBackup(dir, 2);
    const collection = Collection.open({ file, builtinDecksDir: decksDir });
    const dispatcher = dispatcherFor(collection);
    try {
      fs.copyFileSync(file, `${file}.copy`);
      fs.renameSync(`${file}.copy`, file);
      const reply = await dispatcher.dispatch('study.answer', { cardId: 3, grade: 3, durationMs: 1000 });
      expect(reply).toMatchObject({ ok: false, error: { code: ErrorCode.notFound, message: expect.stringMatching(/was replaced by another file/) as unknown } });
    } finally {
      collection.close();
    }
  });

  it('a missing file beside its backups is not silently recreated either (web mode says so and exits)', () => {
    const dir = freshDir();
    const file = collectionWithBackup(dir, 2);
    fs.rmSync(file);
    const result = spawnSync(process.execPath, [...nodeArgs('web-main'), '--port', '0', '--db', file], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, DEMARC_STATE_DIR: path.join(dir, 'state') },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no collection at .*: restore a backup or start fresh.*1 backup is in/);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('F8: a failed background backup', () => {
  it('is shown through app.health with the action that helps, and reported by doctor in another process', async () => {
    const { vi } = await import('vitest');
    const dir = freshDir();
    const file = collectionWithBackup(dir, 3);
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const collection = Collection.open({ file, builtinDecksDir: decksDir, backupDir: path.join(blocker, 'backups'), dailyBackup: 'soon' });
    try {
      vi.advanceTimersByTime(10_000);
    } finally {
      vi.useRealTimers();
    }
    const dispatcher = dispatcherFor(collection);
    try {
      // The daily backup runs on a worker thread: its failure is recorded when the worker reports it.
      await expect.poll(() => collection.health().background.length).toBe(1);
      const health = await dispatcher.dispatch('app.health', {});
      expect(health).toMatchObject({
        ok: true,
        value: { fileProblem: null, background: [{ job: 'backup', code: ErrorCode.notFound, action: expect.stringMatching(/Back up now/) as unknown }] },
      });
      const doctor = await cli(['doctor', '--db', file, '--json']);
      expect(doctor.exit).toBe(1);
      expect((JSON.parse(doctor.stdout) as { problems: string[] }).problems.join(' ')).toMatch(/the last automatic backup failed: .* Back up now/);
      // Once a backup works again, the problem is gone for both.
      (collection as unknown as { backupDir: string }).backupDir = path.join(dir, 'backups');
    } finally {
      collection.close();
    }
  });
});

describe('F9: the write-ahead log stays small', () => {
  it(`keeps the WAL under 8 MB over 2,000 answers, with the main file current enough to copy alone`, async () => {
    const dir = freshDir();
    const clock = new TestClock();
    const file = path.join(dir, 'collection.sqlite');
    const collection = Collection.open({ file, builtinDecksDir: decksDir, now: clock.now });
    const dispatcher = dispatcherFor(collection);
    let largest = 0;
    try {
      for (let i = 0; i < 2000; i++) {
        clock.advance(61_000);
        const reply = await dispatcher.dispatch('study.answer', { cardId: 1 + (i % 250), grade: 3, durationMs: 1500 });
        expect(reply.ok).toBe(true);
        largest = Math.max(largest, fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
        // Answers arrive one per event-loop turn (IPC or HTTP), which is when the queued checkpoint runs.
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(largest).toBeLessThanOrEqual(8 * 1024 * 1024);
      // Never near SQLite's own auto-checkpoint (which would run inside an answer's commit).
      expect(largest).toBeLessThan(walLimits.checkpointAfterBytes * 2);
      const alone = path.join(dir, 'main-file-only.sqlite');
      fs.copyFileSync(file, alone);
      const copy = Collection.open({ file: alone });
      expect(copy.doctor().reviews).toBeGreaterThan(1900);
      copy.close();
    } finally {
      collection.close();
    }
  }, 120_000);
});
