/**
 * Files the app cannot use: truncated, random bytes, another app's SQLite
 * database, locked by another process, read-only, on a full disk. Each must
 * be refused (or fail) with a typed error and a message that says what is
 * wrong, through Collection.open, the CLI and the dispatcher, without
 * changing a byte of the file, and the newest backup must be on offer.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { afterAll, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { DemarcError, ErrorCode, type ErrorCodeValue } from '../../electron/core/domain/errors.js';
import { dailyBackup, latestBackup } from '../../electron/core/backup/backups.js';
import { cli } from '../helpers/cli-capture.js';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { checksum, decksDir, fileHash, repoRoot, tempDir, TestClock } from '../helpers/test-collection.js';
import { inlineScriptRun } from '../helpers/node-entry.js';
import { databaseOf } from '../helpers/collection-database.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function freshDir(): string {
  const dir = tempDir('demarc-damaged-');
  dirs.push(dir);
  return dir;
}

let historyTemplate: string | null = null;

/**
 * A real collection with five answers and its daily backup in `<dir>/backups/`, closed. Built once for
 * the file and copied for each test (migrating, loading the built-in decks, answering and backing up cost
 * more than the copy); each test still damages, locks or reopens a file and a backup of its own.
 */
function collectionWithHistory(dir: string): string {
  if (!historyTemplate) {
    historyTemplate = freshDir();
    const collection = Collection.open({ file: path.join(historyTemplate, 'collection.sqlite'), builtinDecksDir: decksDir });
    for (let id = 1; id <= 5; id++) collection.answer({ cardId: id, grade: 3, durationMs: 2000 });
    // What the app does shortly after start (a no-op if opening already took today's backup).
    dailyBackup(databaseOf(collection), collection.backupDir, Date.now());
    collection.close();
  }
  fs.cpSync(historyTemplate, dir, { recursive: true });
  return path.join(dir, 'collection.sqlite');
}

/** Deterministic "random" bytes: SHA-256 in counter mode. */
function seededBytes(length: number, seed: string): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) blocks.push(createHash('sha256').update(`${seed}:${i}`).digest());
  return Buffer.concat(blocks).subarray(0, length);
}

function openError(file: string): DemarcError {
  try {
    Collection.open({ file, builtinDecksDir: decksDir }).close();
  } catch (error) {
    if (error instanceof DemarcError) return error;
    throw new Error(`expected a typed DemarcError, got ${String(error)}`, { cause: error });
  }
  throw new Error(`${file} opened, but it should have been refused`);
}

/** Refused through Collection.open and the CLI (JSON and text), with the file byte-for-byte as it was. */
async function expectRefused(file: string, code: ErrorCodeValue, message: RegExp): Promise<void> {
  const before = fileHash(file);
  const error = openError(file);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  expect(error.message).toContain(file);

  const json = await cli(['doctor', '--db', file, '--json']);
  expect(json.exit).toBe(1);
  expect(json.stdout).toBe('');
  expect(JSON.parse(json.stderr)).toEqual({ error: { code, message: expect.stringMatching(message) as unknown } });
  const text = await cli(['decks', '--db', file]);
  expect(text.exit).toBe(1);
  expect(text.stderr).toMatch(message);

  expect(fileHash(file), 'the refused file was changed').toBe(before);
  expect(fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0, 'a WAL with content was left beside the refused file').toBe(false);
}

/** The recovery the error dialog offers: the newest backup beside the file, itself a whole collection. */
function expectBackupOffered(file: string, reviews: number): void {
  const backup = latestBackup(path.join(path.dirname(file), 'backups'));
  expect(backup).not.toBeNull();
  const restored = path.join(freshDir(), 'restored.sqlite');
  fs.copyFileSync(backup!, restored);
  const collection = Collection.open({ file: restored, builtinDecksDir: decksDir });
  try {
    expect(collection.doctor()).toMatchObject({ ok: true, reviews });
  } finally {
    collection.close();
  }
}

describe('a truncated collection', () => {
  it('is refused as damaged when cut in the middle, and the latest backup is offered', async () => {
    const file = collectionWithHistory(freshDir());
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    await expectRefused(file, ErrorCode.databaseCorrupt, /is damaged: it is shorter than its own header says/);
    expectBackupOffered(file, 5);
  });

  it('is refused as not a database when cut inside the header', async () => {
    const file = collectionWithHistory(freshDir());
    fs.truncateSync(file, 60);
    await expectRefused(file, ErrorCode.databaseCorrupt, /not a Demarc collection: it is not an SQLite database/);
    expectBackupOffered(file, 5);
  });
});

describe('a file of random bytes', () => {
  it('is refused as not an SQLite database', async () => {
    const dir = freshDir();
    const file = path.join(dir, 'collection.sqlite');
    fs.writeFileSync(file, seededBytes(64 * 1024, 'random-file'));
    await expectRefused(file, ErrorCode.databaseCorrupt, /not an SQLite database/);
    expect(latestBackup(path.join(dir, 'backups'))).toBeNull();
  });

  it('is refused as damaged when the garbage sits behind a valid SQLite header', async () => {
    const file = collectionWithHistory(freshDir());
    const size = fs.statSync(file).size;
    const header = fs.readFileSync(file).subarray(0, 100);
    fs.writeFileSync(file, Buffer.concat([header, seededBytes(size - 100, 'behind-header')]));
    await expectRefused(file, ErrorCode.databaseCorrupt, /is damaged or not a database/);
    expectBackupOffered(file, 5);
  });
});

describe('a collection damaged beyond its first page', () => {
  it('is reported by doctor (or refused), and doctor leaves it untouched', async () => {
    const file = collectionWithHistory(freshDir());
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // Garbage over every fifth page after the schema page: tables and indexes, not the header.
    for (let page = 2; page * pageSize <= bytes.length; page += 5) seededBytes(pageSize, `page-${page}`).copy(bytes, (page - 1) * pageSize);
    fs.writeFileSync(file, bytes);
    const before = fileHash(file);
    const doctor = await cli(['doctor', '--db', file, '--json']);
    expect(doctor.exit).toBe(1);
    if (doctor.stdout) {
      expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.stringMatching(/^integrity: /)]) as unknown });
    } else {
      expect(JSON.parse(doctor.stderr)).toMatchObject({ error: { code: ErrorCode.databaseCorrupt } });
    }
    expect(fileHash(file)).toBe(before);
    expectBackupOffered(file, 5);
  });
});

describe('an SQLite database of another application', () => {
  it('is refused by name and left untouched', async () => {
    const file = path.join(freshDir(), 'notes.sqlite');
    const other = openSqliteFile(file);
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')");
    other.close();
    await expectRefused(file, ErrorCode.databaseForeign, /an SQLite database of another application \(tables: notes\)/);
  });
});

/** A second process holding the write lock, as another Demarc, the CLI or an SQLite browser would. */
async function holdLock(file: string, exclusiveMode: boolean): Promise<ChildProcess> {
  const script = `
    // A plain Node script in its own process (no tsx): it loads better-sqlite3 directly.
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    ${exclusiveMode ? "db.pragma('locking_mode = EXCLUSIVE');" : ''}
    db.exec('BEGIN EXCLUSIVE');
    db.prepare('SELECT count(*) FROM cards').get();
    process.stdout.write('locked\\n');
    setInterval(() => {}, 60_000);`;
  const holder = spawn(process.execPath, ['-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.once('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
    holder.stdout!.once('data', () => resolve());
  });
  return holder;
}

async function release(holder: ChildProcess): Promise<void> {
  if (holder.exitCode !== null || holder.signalCode !== null) return;
  const exited = new Promise((resolve) => holder.once('exit', resolve));
  holder.kill('SIGKILL');
  await exited;
}

describe('a collection locked by another process', () => {
  it.each([
    ['holding a write transaction (BEGIN EXCLUSIVE in WAL mode)', false],
    ['in exclusive locking mode (no readers either)', true],
  ])('is refused with DATABASE_LOCKED within a few seconds: %s', async (_label, exclusiveMode) => {
    const file = collectionWithHistory(freshDir());
    const holder = await holdLock(file, exclusiveMode);
    try {
      const before = fileHash(file);
      const error = openError(file);
      expect(error.code).toBe(ErrorCode.databaseLocked);
      expect(error.message).toMatch(/is locked by another program \(is Demarc already running\?\)/);
      if (!exclusiveMode) {
        const json = await cli(['doctor', '--db', file, '--json']);
        expect(json.exit).toBe(1);
        expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: ErrorCode.databaseLocked } });
      }
      expect(fileHash(file)).toBe(before);
    } finally {
      await release(holder);
    }
    // Once the other process lets go, the same file opens normally.
    const collection = Collection.open({ file, builtinDecksDir: decksDir });
    expect(collection.doctor()).toMatchObject({ ok: true, reviews: 5 });
    // What bounds the wait above (no stopwatch: how long it took is the machine's business): SQLite's busy timeout,
    // 2 s, long enough to ride out a CLI backup, short enough not to look hung. The same timeout holds while opening.
    expect(databaseOf(collection).pragma('busy_timeout', { simple: true })).toBe(2000);
    collection.close();
  });

  it('fails an answer with DATABASE_LOCKED, writing nothing, when another process takes the lock while the app runs', async () => {
    const file = collectionWithHistory(freshDir());
    // A 100 ms busy timeout instead of the app's 2 s: the answer meets the same held lock and fails the same way once
    // the timeout runs out, whatever its length (the premise is checked: it did wait the timeout out).
    const busyTimeoutMs = 100;
    const collection = Collection.open({ file, builtinDecksDir: decksDir, busyTimeoutMs });
    const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'ipc' }));
    try {
      const holder = await holdLock(file, false);
      try {
        const before = checksum(databaseOf(collection));
        const started = performance.now();
        const reply = await dispatcher.dispatch('study.answer', { cardId: 10, grade: 3, durationMs: 1000 });
        expect(performance.now() - started, "the answer waited for the lock before giving up").toBeGreaterThanOrEqual(busyTimeoutMs * 0.9);
        expect(reply).toMatchObject({ ok: false, error: { code: ErrorCode.databaseLocked, message: expect.stringMatching(/locked by another program/) as unknown } });
        expect(checksum(databaseOf(collection))).toBe(before);
        expect(collection.undoDepth).toBe(0);
      } finally {
        await release(holder);
      }
      const retry = await dispatcher.dispatch('study.answer', { cardId: 10, grade: 3, durationMs: 1000 });
      expect(retry.ok).toBe(true);
    } finally {
      collection.close();
    }
  });
});

/**
 * Opens the file in a child process (as another user when the tests run as
 * root, for whom permission bits do not stop writes) and reports what
 * Collection.open and the CLI said.
 */
interface ChildReport {
  writable: boolean;
  open: { ok: true } | { ok: false; code: string; message: string };
  cli: { exit: number; stderr: string };
}

const nobody = 65534;
const runsAsRoot = process.getuid?.() === 0;
const canTestPermissions = process.platform !== 'win32';

function openInChild(file: string, asUid: number | undefined): ChildReport {
  const child = inlineScriptRun();
  const script = `
    import fs from 'node:fs';
    import { Collection, runCli } from ${JSON.stringify(child.from)};
    const file = process.argv[1];
    let writable = true;
    try { fs.accessSync(file, fs.constants.W_OK); } catch { writable = false; }
    let open;
    try { Collection.open({ file, builtinDecksDir: ${JSON.stringify(decksDir)} }).close(); open = { ok: true }; }
    catch (error) { open = { ok: false, code: error.code, message: error.message }; }
    let stderr = '';
    const exit = await runCli(['doctor', '--db', file, '--json'], { stdout: () => {}, stderr: (t) => (stderr += t) });
    process.stdout.write(JSON.stringify({ writable, open, cli: { exit, stderr } }));
    process.exit(0);`;
  const result = spawnSync(process.execPath, [...child.args, '-e', script, file], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 20_000,
    ...(asUid === undefined ? {} : { uid: asUid, gid: asUid }),
  });
  if (result.status !== 0) throw new Error(`the child failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as ChildReport;
}

describe.skipIf(!canTestPermissions)('a read-only collection', () => {
  // Root ignores permission bits, so as root the child runs as "nobody", for whom they hold.
  const asUid = runsAsRoot ? nobody : undefined;
  const giveTo = (target: string) => {
    if (runsAsRoot) fs.chownSync(target, nobody, nobody);
  };

  it('is refused with DATABASE_READ_ONLY when the file is read-only (chmod 0444)', () => {
    const dir = freshDir();
    const file = collectionWithHistory(dir);
    for (const target of [dir, file]) giveTo(target);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(file, 0o444);
    const before = fileHash(file);
    const report = openInChild(file, asUid);
    expect(report.writable, 'the child could still write the file: this test cannot run here').toBe(false);
    expect(report.open).toMatchObject({ ok: false, code: ErrorCode.databaseReadOnly, message: expect.stringMatching(/is read-only, and Demarc must write/) as unknown });
    expect(report.cli.exit).toBe(1);
    expect(JSON.parse(report.cli.stderr)).toMatchObject({ error: { code: ErrorCode.databaseReadOnly } });
    expect(fileHash(file)).toBe(before);
  });

  it('is refused with DATABASE_READ_ONLY when its folder is read-only (no room for the WAL)', () => {
    const dir = freshDir();
    const file = collectionWithHistory(dir);
    giveTo(file);
    fs.chmodSync(file, 0o644);
    fs.chmodSync(dir, 0o555);
    const before = fileHash(file);
    const report = openInChild(file, asUid);
    expect(report.open).toMatchObject({ ok: false, code: ErrorCode.databaseReadOnly, message: expect.stringMatching(/cannot be written/) as unknown });
    expect(report.cli.exit).toBe(1);
    expect(JSON.parse(report.cli.stderr)).toMatchObject({ error: { code: ErrorCode.databaseReadOnly } });
    expect(fileHash(file)).toBe(before);
  });
});

describe('a full disk', () => {
  it('fails an answer with DISK_FULL through the dispatcher, with nothing half-written (max_page_count)', async () => {
    const dir = freshDir();
    const clock = new TestClock();
    const collection = Collection.open({ file: path.join(dir, 'collection.sqlite'), builtinDecksDir: decksDir, now: clock.now });
    const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'ipc' }));
    try {
      // SQLite refuses to grow the file past this many pages, exactly as when the disk is full.
      const pages = databaseOf(collection).pragma('page_count', { simple: true }) as number;
      databaseOf(collection).pragma(`max_page_count = ${pages}`);
      let failed: { code: string; message: string } | null = null;
      for (let i = 0; i < 5000 && !failed; i++) {
        clock.advance(61_000);
        const before = checksum(databaseOf(collection));
        const depth = collection.undoDepth;
        const reply = await dispatcher.dispatch('study.answer', { cardId: 1 + (i % 250), grade: 3, durationMs: 1500 });
        if (!reply.ok) {
          failed = reply.error;
          expect(checksum(databaseOf(collection)), 'the failed answer changed the collection').toBe(before);
          expect(collection.undoDepth).toBe(depth);
        }
      }
      expect(failed).toMatchObject({ code: ErrorCode.diskFull, message: expect.stringMatching(/disk holding .* is full; nothing was saved/) as unknown });
      expect(databaseOf(collection).pragma('integrity_check', { simple: true })).toBe('ok');
      // Once there is room again, answering simply works.
      databaseOf(collection).pragma('max_page_count = 1073741823');
      expect((await dispatcher.dispatch('study.answer', { cardId: 1, grade: 3, durationMs: 1500 })).ok).toBe(true);
    } finally {
      collection.close();
    }
  });

  // A real ENOSPC needs a small file system: a tmpfs mounted in a private mount namespace.
  const canMountTmpfs = process.platform === 'linux' && runsAsRoot && spawnSync('unshare', ['-m', 'true']).status === 0;

  it.skipIf(!canMountTmpfs)('refuses to create or grow a collection on a real full file system (tmpfs, unshare -m)', () => {
    const dir = freshDir();
    const source = collectionWithHistory(path.join(dir, 'source'));
    const mountPoint = path.join(dir, 'tiny');
    fs.mkdirSync(mountPoint);
    const child = inlineScriptRun();
    const script = `
      import fs from 'node:fs';
      import path from 'node:path';
      import { Collection, runCli, createDispatcher, createHandlers, checksum, decksDir, databaseOf } from ${JSON.stringify(child.from)};
      const [mount, source] = process.argv.slice(1);
      const report = {};
      const errorOf = (fn) => { try { fn(); return null; } catch (e) { return { code: e.code, message: e.message }; } };
      const cli = async (args) => { let stderr = ''; const exit = await runCli(args, { stdout: () => {}, stderr: (t) => (stderr += t) }); return { exit, stderr }; };

      const fillerFile = path.join(mount, 'filler');
      const leaveFree = (bytes) => {
        const fd = fs.openSync(fillerFile, 'w');
        try { for (;;) fs.writeSync(fd, Buffer.alloc(16384)); } catch (e) { report.filled = e.code; }
        fs.closeSync(fd);
        fs.truncateSync(fillerFile, Math.max(0, fs.statSync(fillerFile).size - bytes));
      };

      // 1. A new collection does not fit in 96 KiB.
      leaveFree(96 * 1024);
      const fresh = path.join(mount, 'new.sqlite');
      report.create = errorOf(() => Collection.open({ file: fresh, builtinDecksDir: decksDir }).close());
      report.createCli = await cli(['decks', '--db', fresh, '--json']);
      for (const f of fs.readdirSync(mount)) fs.rmSync(path.join(mount, f), { recursive: true, force: true });

      // 2. An existing collection, with room for its daily backup and a few answers, then none.
      const file = path.join(mount, 'collection.sqlite');
      fs.copyFileSync(source, file);
      leaveFree(640 * 1024);
      const collection = Collection.open({ file, builtinDecksDir: decksDir });
      const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'ipc' }));
      let acknowledged = 0;
      for (let i = 0; i < 100000; i++) {
        const before = checksum(databaseOf(collection));
        const reply = await dispatcher.dispatch('study.answer', { cardId: 1 + (i % 250), grade: 3, durationMs: 1000 });
        if (reply.ok) { acknowledged++; continue; }
        report.answer = reply.error;
        report.unchangedByFailure = checksum(databaseOf(collection)) === before;
        break;
      }
      report.acknowledged = acknowledged;
      report.integrity = databaseOf(collection).pragma('integrity_check', { simple: true });
      collection.close();
      // 3. Reopened on the still-full disk, every acknowledged answer is there.
      const doctor = await cli(['doctor', '--db', file, '--json']);
      report.doctor = doctor;
      const reopened = Collection.open({ file, builtinDecksDir: decksDir });
      report.reviewsAfter = reopened.doctor().reviews;
      reopened.close();
      process.stdout.write(JSON.stringify(report));`;
    const result = spawnSync(
      'unshare',
      ['-m', '--', 'sh', '-c', 'mount -t tmpfs -o size=$1 tmpfs "$2" && shift 2 && exec "$@"', 'sh', '4m', mountPoint, process.execPath, ...child.args, '-e', script, mountPoint, source],
      // A bound on the child (it must not hang the run), well past what it takes on a busy machine; the test's own
      // timeout below covers it, since spawnSync holds the test until the child ends.
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      create: { code: string; message: string } | null;
      createCli: { exit: number; stderr: string };
      filled: string;
      answer: { code: string; message: string } | undefined;
      unchangedByFailure: boolean;
      acknowledged: number;
      integrity: string;
      doctor: { exit: number; stderr: string };
      reviewsAfter: number;
    };
    const diskFull = { code: ErrorCode.diskFull, message: expect.stringMatching(/is full; nothing was saved/) as unknown };
    expect(report.create).toMatchObject(diskFull);
    expect(report.createCli.exit).toBe(1);
    expect(JSON.parse(report.createCli.stderr)).toMatchObject({ error: diskFull });
    expect(report.filled).toBe('ENOSPC');
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report.answer).toMatchObject(diskFull);
    expect(report.unchangedByFailure).toBe(true);
    expect(report.integrity).toBe('ok');
    expect(report.doctor.exit, report.doctor.stderr).toBe(0);
    expect(report.reviewsAfter).toBe(5 + report.acknowledged);
  }, 90_000);
});
