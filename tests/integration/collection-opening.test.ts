import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { openCollection, type OpeningStatus } from '../../electron/core/jobs/collection-opening.js';
import { listBackups } from '../../electron/core/backup/backup-list.js';
import { migrate } from '../../electron/core/db/migrate.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { lockFileOf } from '../../electron/core/db/running-lock.js';
import { repoRoot, tempDir } from '../helpers/test-collection.js';
import { nodeArgs } from '../helpers/node-entry.js';
import { CollectionHost } from '../../electron/api/collection-host.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';

/**
 * Opening a collection written by an older Demarc: the backup before the
 * upgrade is taken on a worker, with its progress told to the first screen,
 * while the app's thread stays free; then the migrations run. Shown by order
 * (timers the thread ran while the backup was under way), not by time.
 */
const opened: Collection[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const oldVersion = migrations.length - 3;

/** A collection file at an older schema, with a deck, cards and reviews in it. */
function olderCollection(size = { cards: 400, reviews: 4000 }): { dir: string; file: string } {
  const dir = tempDir('demarc-opening-');
  dirs.push(dir);
  const file = path.join(dir, 'demarc.sqlite');
  // A history is generated at the current schema; the old file gets its decks, cards and reviews (the columns both schemas have).
  const current = Collection.open({ file: path.join(dir, 'current.sqlite') });
  current.generateHistory({ seed: 3, ...size, days: 60, endAt: Date.UTC(2026, 0, 31) });
  current.close();
  const db = openSqliteFile(file);
  migrate(db, migrations.slice(0, oldVersion));
  db.exec(`ATTACH '${path.join(dir, 'current.sqlite').replace(/'/g, "''")}' AS cur`);
  const columns = (table: string) => (db.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[]).map((c) => c.name).join(', ');
  db.exec(`INSERT INTO decks (${columns('decks')}) SELECT ${columns('decks')} FROM cur.decks WHERE id IN (SELECT deck_id FROM cur.cards)`);
  db.exec(`INSERT INTO cards (${columns('cards')}) SELECT ${columns('cards')} FROM cur.cards`);
  db.exec(`INSERT INTO review_log (${columns('review_log')}) SELECT ${columns('review_log')} FROM cur.review_log`);
  db.exec('DETACH cur');
  db.close();
  fs.rmSync(path.join(dir, 'current.sqlite'));
  return { dir, file };
}

const count = (file: string, sql: string) => {
  const db = openSqliteFile(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('opening a collection written by an older Demarc', () => {
  it('backs it up first on a worker, telling how far the copy is while the thread stays free, then upgrades it', async () => {
    const { dir, file } = olderCollection();
    const reviews = count(file, 'SELECT count(*) FROM review_log');
    expect(reviews).toBeGreaterThan(1000);
    const statuses: OpeningStatus[] = [];
    // Timers the app's thread runs while the backup is under way: none would run if the copy held the thread.
    let ticks = 0;
    let ticksWhileBackingUp = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    // 16 pages a step: the copy is told in many steps, as a large collection's is.
    const collection = await openCollection({ file, now: () => Date.UTC(2026, 1, 1) }, (status) => {
      statuses.push(status);
      if (status.state === 'upgrading') ticksWhileBackingUp = ticks;
    }, 16).finally(() => clearInterval(timer));
    opened.push(collection);

    const states = statuses.map((s) => s.state).filter((s, i, all) => i === 0 || all[i - 1] !== s);
    expect(states).toEqual(['opening', 'backing up', 'upgrading', 'ready']);
    expect(ticksWhileBackingUp).toBeGreaterThan(0);
    // The backup's own steps, in order: checked, then copied to the last page.
    const phases = statuses.filter((s) => s.state === 'backing up').map((s) => s.phase);
    expect(phases.indexOf('checking')).toBeGreaterThan(-1);
    expect(phases.lastIndexOf('checking')).toBeLessThan(phases.indexOf('copying'));
    const copied = statuses.filter((s) => s.phase === 'copying').map((s) => s.fraction!);
    expect(new Set(copied).size).toBeGreaterThan(3);
    expect(copied).toEqual([...copied].sort((a, b) => a - b));
    expect(phases.at(-1)).toBe('recording the check');

    // The backup holds the collection as it was before the upgrade, checked; the collection is upgraded with every review.
    const backups = listBackups(path.join(dir, 'backups'), { verify: true });
    expect(backups.map((b) => [b.kind, b.check])).toEqual([['before-migration', 'ok']]);
    expect(count(backups[0]!.file, 'PRAGMA user_version')).toBe(oldVersion);
    expect(count(backups[0]!.file, 'SELECT count(*) FROM review_log')).toBe(reviews);
    expect(collection.read((db) => db.pragma('user_version', { simple: true }))).toBe(migrations.length);
    expect(collection.read((db) => db.prepare('SELECT count(*) FROM review_log').pluck().get())).toBe(reviews);
  });

  it('takes no backup and says ready at once for a collection already at this version', async () => {
    const dir = tempDir('demarc-opening-');
    dirs.push(dir);
    const file = path.join(dir, 'demarc.sqlite');
    Collection.open({ file }).close();
    const statuses: OpeningStatus[] = [];
    opened.push(await openCollection({ file }, (s) => statuses.push(s)));
    expect(statuses.map((s) => s.state)).toEqual(['opening', 'ready']);
    expect(listBackups(path.join(dir, 'backups'))).toEqual([]);
  });

  it('says why it failed, and takes no backup, when another Demarc serves the file', async () => {
    const { dir, file } = olderCollection();
    // Another live process holds the running lock (this test's parent stands in for it).
    fs.writeFileSync(lockFileOf(file), JSON.stringify({ pid: process.ppid, role: 'app', since: Date.now() }));
    try {
      const statuses: OpeningStatus[] = [];
      await expect(openCollection({ file, runningLock: true }, (s) => statuses.push(s))).rejects.toThrow(/in use|running|another/i);
      expect(statuses.at(-1)?.state).toBe('failed');
      expect(statuses.some((s) => s.state === 'backing up')).toBe(false);
      expect(listBackups(path.join(dir, 'backups'))).toEqual([]);
      expect(count(file, 'PRAGMA user_version')).toBe(oldVersion);
    } finally {
      fs.rmSync(lockFileOf(file));
    }
  });
});

describe('the app while an older collection opens', () => {
  it('answers app.opening with the backup\'s progress and refuses every other call until the collection is ready', async () => {
    const { file } = olderCollection();
    let status: OpeningStatus | null = null;
    const seen: { state: string; fraction: number | null; todayRefused: boolean }[] = [];
    const host = new CollectionHost({
      open: () => Collection.open({ file }),
      opening: {
        collection: openCollection({ file }, (s) => (status = s), 1),
        status: () => status!,
      },
      appVersion: 'test',
      transport: 'http',
    });
    // Polled as the first screen does, one call at a time, until ready.
    for (let polls = 0; polls < 10_000; polls++) {
      const reply = await host.dispatcher.dispatch('app.opening', {});
      expect(reply.ok).toBe(true);
      const opening = (reply as { value: OpeningStatus }).value;
      const today = await host.dispatcher.dispatch('today.get', {});
      seen.push({ state: opening.state, fraction: opening.fraction, todayRefused: !today.ok && today.error.code === ErrorCode.databaseLocked });
      if (opening.state === 'ready') break;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await host.ready;
    opened.push(host.collection);
    // Seen backing up part-way (the app's thread answered meanwhile), each such call refused, then ready.
    expect(seen.some((s) => s.state === 'backing up' && s.fraction !== null && s.fraction > 0 && s.fraction < 1 && s.todayRefused)).toBe(true);
    expect(seen.at(-1)!.state).toBe('ready');
    expect((await host.dispatcher.dispatch('today.get', {})).ok).toBe(true);
    expect(await host.dispatcher.dispatch('app.opening', {})).toMatchObject({ ok: true, value: { state: 'ready' } });
  });
});

describe('web mode killed while it opens an older collection', () => {
  it('leaves the file as it was or upgraded whole, and the next open ends upgraded, every review kept, its backup checked and no copy left half-written', async () => {
    const { dir, file } = olderCollection({ cards: 3000, reviews: 60_000 });
    const reviews = count(file, 'SELECT count(*) FROM review_log');
    const child = spawn(process.execPath, [...nodeArgs('web-main'), '--port', '0', '--db', file], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEMARC_DATA_DIR: dir, DEMARC_STATE_DIR: path.join(dir, 'state') },
    });
    // Killed as soon as it says it is backing up (or, on a fast machine, whatever it reached by then).
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('web mode did not start opening in time')), 60_000);
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/Backing up your collection before upgrading it/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`web mode exited (${code}) before it said it was backing up`));
      });
    });
    child.kill('SIGKILL');
    await exited;
    const version = count(file, 'PRAGMA user_version');
    expect([oldVersion, migrations.length]).toContain(version);
    expect(count(file, 'SELECT count(*) FROM review_log')).toBe(reviews);

    const statuses: OpeningStatus[] = [];
    opened.push(await openCollection({ file }, (s) => statuses.push(s)));
    expect(statuses.at(-1)?.state).toBe('ready');
    expect(count(file, 'PRAGMA user_version')).toBe(migrations.length);
    expect(count(file, 'SELECT count(*) FROM review_log')).toBe(reviews);
    const backupDir = path.join(dir, 'backups');
    const backups = listBackups(backupDir, { verify: true });
    expect(backups.length).toBeGreaterThan(0);
    expect(backups.every((b) => b.kind === 'before-migration' && b.check === 'ok')).toBe(true);
    expect(fs.readdirSync(backupDir).filter((f) => f.includes('.partial'))).toEqual([]);
  }, 120_000);
});
