/**
 * Backups are input too: a file in `backups/` is restored over the
 * collection. A backup crafted with a trigger of its own (one that deletes
 * every other card on the next answer), a view, an extra table, a changed or a
 * missing definition, or a schema version from the future used to be listed
 * as "ok" and restored (the future one then refused at open). Each is now
 * listed as failed, with what is wrong, and never restored; the collection
 * is left as it was. A copy half-written when a backup was cut short (a
 * collection-sized `*.partial`) is removed at the next open or backup,
 * unless the process writing it is still alive.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { listBackups, newestGoodBackup } from '../../electron/core/backup/backup-list.js';
import { removeAbandonedCopies } from '../../electron/core/backup/backups.js';
import { restoreBackup } from '../../electron/core/backup/restore-backup.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { migrate } from '../../electron/core/db/migrate.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { ErrorCode } from '../../electron/core/domain/errors.js';
import { cli } from '../helpers/cli-capture.js';
import { rightAction } from '../helpers/learner-actions.js';
import { decksDir, fileHash, repoRoot, tempDir } from '../helpers/test-collection.js';
import { inlineScriptRun } from '../helpers/node-entry.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A collection with a few answers and one good backup of it. */
function collectionWithBackup(): { dir: string; file: string; backups: string; good: string } {
  const dir = tempDir('demarc-hostile-backup-');
  dirs.push(dir);
  const file = path.join(dir, 'demarc.sqlite');
  const collection = Collection.open({ file, builtinDecksDir: decksDir });
  for (const card of collection.study().cards.slice(0, 4)) collection.answer({ cardId: card.id, grade: 3, durationMs: 1000, ...rightAction(card) });
  const good = collection.backup(path.join(collection.backupDir, 'manual-2026-01-01T00-00-00-000Z.sqlite')).file;
  fs.utimesSync(good, new Date(2026, 0, 1), new Date(2026, 0, 1));
  collection.close();
  return { dir, file, backups: path.join(dir, 'backups'), good };
}

/** A copy of the good backup, changed by `sql` (it keeps the check it recorded: 'ok'). */
function crafted(good: string, name: string, sql: string): string {
  const file = path.join(path.dirname(good), name);
  fs.copyFileSync(good, file);
  const db = openSqliteFile(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
  return file;
}

const attacks = [
  { name: 'trigger', sql: 'CREATE TRIGGER wipe_cards AFTER INSERT ON review_log BEGIN DELETE FROM cards WHERE id <> NEW.card_id; END', says: /trigger "wipe_cards" that Demarc's schema does not have/ },
  { name: 'view', sql: 'CREATE VIEW decks_view AS SELECT * FROM decks', says: /view "decks_view" that Demarc's schema does not have/ },
  { name: 'table', sql: 'CREATE TABLE payload (x)', says: /table "payload" that Demarc's schema does not have/ },
  { name: 'changed', sql: 'ALTER TABLE cards ADD COLUMN extra TEXT', says: /table "cards" defined differently from Demarc's/ },
  { name: 'missing', sql: "DROP TRIGGER cards_insert_content_sync", says: /no trigger "cards_insert_content_sync"/ },
  { name: 'future', sql: 'PRAGMA user_version = 9999', says: /written by a newer Demarc \(schema 9999; this version opens up to \d+\)/ },
];

describe('a crafted backup', () => {
  let setup: ReturnType<typeof collectionWithBackup>;
  const files = new Map<string, string>();

  beforeAll(() => {
    setup = collectionWithBackup();
    for (const [i, attack] of attacks.entries()) {
      const file = crafted(setup.good, `manual-2026-02-0${i + 1}T00-00-00-000Z.sqlite`, attack.sql);
      fs.utimesSync(file, new Date(2026, 1, i + 1), new Date(2026, 1, i + 1));
      files.set(attack.name, file);
    }
  });

  it('is hostile: the trigger deletes every other card at the next answer once in place', () => {
    const copy = path.join(setup.dir, 'raw-restore.sqlite');
    fs.copyFileSync(files.get('trigger')!, copy);
    const victim = Collection.open({ file: copy });
    try {
      const cards = () => victim.read((db) => db.prepare('SELECT count(*) FROM cards').pluck().get() as number);
      expect(cards()).toBeGreaterThan(100);
      const card = victim.study().cards[0]!;
      victim.answer({ cardId: card.id, grade: 3, durationMs: 1000, ...rightAction(card) });
      expect(cards()).toBe(1);
    } finally {
      victim.close();
    }
  });

  it.each(attacks)('is listed as failed (Settings and restore --list) and never chosen: $name', (attack) => {
    const file = files.get(attack.name)!;
    for (const verify of [false, true]) {
      const entry = listBackups(setup.backups, { verify }).find((b) => b.file === file)!;
      expect(entry.check, `verify: ${verify}`).toMatch(/^failed: /);
      expect(entry.check, `verify: ${verify}`).toMatch(attack.says);
    }
    // The newest backup that passes is the good one, older than every crafted one.
    expect(newestGoodBackup(setup.backups)?.file).toBe(setup.good);
  });

  it.each(attacks)('is refused by restore, the collection left as it was: $name', (attack) => {
    const before = fileHash(setup.file);
    const listing = () => fs.readdirSync(setup.dir).sort();
    const names = listing();
    expect(() => restoreBackup(setup.file, files.get(attack.name)!, Date.now())).toThrow(
      expect.objectContaining({ code: ErrorCode.databaseCorrupt, message: expect.stringMatching(attack.says) as unknown }),
    );
    expect(fileHash(setup.file)).toBe(before);
    expect(listing()).toEqual(names);
  });

  it('is marked failed by `demarc restore --list`, and `demarc restore` takes the good one', async () => {
    const listed = await cli(['restore', '--list', '--json', '--db', setup.file]);
    expect(listed.exit, listed.stderr).toBe(0);
    const backups = (JSON.parse(listed.stdout) as { backups: { name: string; check: string }[] }).backups;
    for (const attack of attacks) {
      const entry = backups.find((b) => b.name === path.basename(files.get(attack.name)!))!;
      expect(entry.check).toMatch(attack.says);
    }
    expect(backups.find((b) => b.name === path.basename(setup.good))!.check).toBe('ok');
    const restored = await cli(['restore', '--db', setup.file]);
    expect(restored.exit, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(path.basename(setup.good));
    const reopened = Collection.open({ file: setup.file });
    try {
      expect(reopened.read((db) => db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'wipe_cards'").pluck().get())).toBe(0);
    } finally {
      reopened.close();
    }
  });
});

describe('a backup of an older version', () => {
  it.each([1, 5, migrations.length - 1])('passes its check at schema %i (the one its migrations made) and is restored and upgraded', (version) => {
    const dir = tempDir('demarc-old-backup-');
    dirs.push(dir);
    const file = path.join(dir, 'demarc.sqlite');
    const old = openSqliteFile(file);
    migrate(old, migrations.slice(0, version));
    old.close();
    Collection.open({ file }).close();
    const [backup] = listBackups(path.join(dir, 'backups'), { verify: true });
    expect(backup?.kind).toBe('before-migration');
    expect(backup?.check).toBe('ok');
    restoreBackup(file, backup!.file, Date.now());
    const reopened = Collection.open({ file });
    try {
      expect(reopened.read((db) => db.pragma('user_version', { simple: true }))).toBe(migrations.length);
    } finally {
      reopened.close();
    }
  });
});

/** A process that has ended: its id names a writer that is gone. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(run.stdout);
}

describe('a backup cut short', () => {
  it('leaves a collection-sized copy when killed during the before-import backup; the next open removes it', () => {
    const { file, backups } = collectionWithBackup();
    // A process that stages the before-import backup, as an import does, and is killed before the import commits.
    const child = inlineScriptRun();
    const script = `
      import { Collection } from ${JSON.stringify(child.from)};
      const c = Collection.open({ file: ${JSON.stringify(file)} });
      c.backupBeforeImport();
      process.kill(process.pid, 'SIGKILL');`;
    const run = spawnSync(process.execPath, [...child.args, '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(run.signal, run.stderr).toBe('SIGKILL');
    const left = fs.readdirSync(backups).filter((name) => name.includes('.partial'));
    expect(left).toHaveLength(1);
    expect(fs.statSync(path.join(backups, left[0]!)).size).toBeGreaterThan(fs.statSync(file).size / 2);
    expect(listBackups(backups).map((b) => b.name)).not.toContain(left[0]);

    Collection.open({ file }).close();
    expect(fs.readdirSync(backups).filter((name) => name.includes('.partial'))).toEqual([]);
  }, 90_000);

  it('removes copies of dead writers (and of older versions) at each backup, and leaves those being written', async () => {
    const { file, backups } = collectionWithBackup();
    const collection = Collection.open({ file });
    const sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      const dead = deadPid();
      const abandoned = [`before-import-a.sqlite.${dead}.partial`, `before-import-a.sqlite.${dead}.partial-journal`, 'daily-2026-01-01.sqlite.partial'];
      const live = `before-import-b.sqlite.${sleeper.pid}.partial`;
      const notOurs = 'notes.partial';
      for (const name of [...abandoned, live, notOurs]) fs.writeFileSync(path.join(backups, name), 'x'.repeat(1000));
      // An import's own backup, staged in this process and waiting for its import to commit.
      const staged = collection.backupBeforeImport()!;
      const ownInFlight = fs.readdirSync(backups).find((name) => name.includes(`.${process.pid}.partial`));
      expect(ownInFlight).toBeDefined();

      collection.backup(path.join(backups, 'manual-now.sqlite'));
      const left = fs.readdirSync(backups);
      for (const name of abandoned) expect(left, name).not.toContain(name);
      expect(left).toContain(live);
      expect(left).toContain(notOurs);
      expect(left).toContain(ownInFlight);
      const finished = staged.finish();
      expect(fs.existsSync(finished.file)).toBe(true);
      expect(removeAbandonedCopies(backups)).toEqual([]);
    } finally {
      sleeper.kill('SIGKILL');
      collection.close();
    }
  });
});
