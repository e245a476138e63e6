import fs from 'node:fs';
import path from 'node:path';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { describe, expect, it } from 'vitest';
import { backupTo, beforeImportKept, rotateBackups } from '../../electron/core/backup/backups.js';
import { listBackups } from '../../electron/core/backup/backup-list.js';
import { openTestCollection, tempDir } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

function reviewsIn(file: string): number {
  const db = openSqliteFile(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM review_log').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('backups', () => {
  it('hold every committed answer, including those still in the WAL', () => {
    const dir = tempDir();
    const { collection } = openTestCollection({ file: path.join(dir, 'c.sqlite') });
    for (const card of collection.study().cards.slice(0, 7)) collection.answer({ cardId: card.id, grade: 3, durationMs: 1 });
    expect(fs.statSync(path.join(dir, 'c.sqlite-wal')).size).toBeGreaterThan(0);
    const { file } = backupTo(databaseOf(collection), path.join(dir, 'backups', 'now.sqlite'));
    expect(reviewsIn(file)).toBe(7);
    expect(fs.readdirSync(path.dirname(file)).filter((name) => name.includes('.partial'))).toEqual([]);
    collection.close();
  });

  it('keep seven daily and four weekly files', () => {
    const dir = tempDir();
    // Forty consecutive days, newest 2026-02-09.
    for (let d = 0; d < 40; d++) {
      const date = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
      fs.writeFileSync(path.join(dir, `daily-${date}.sqlite`), '');
    }
    rotateBackups(dir);
    const left = fs.readdirSync(dir).sort();
    expect(left).toHaveLength(11);
    expect(left.slice(-7)).toEqual(['03', '04', '05', '06', '07', '08', '09'].map((d) => `daily-2026-02-${d}.sqlite`));
  });
});

describe('before-import backups', () => {
  it(`are rotated: the newest ${beforeImportKept} are kept, each recording its passed check`, () => {
    const dir = tempDir();
    const { collection, clock } = openTestCollection({ file: path.join(dir, 'c.sqlite') });
    collection.answer({ cardId: 1, grade: 3, durationMs: 1 });
    const made: string[] = [];
    for (let i = 0; i < 11; i++) {
      clock.advance(60_000);
      made.push(path.basename(collection.backupBeforeImport()!.finish().file));
    }
    collection.close();
    const listed = listBackups(path.join(dir, 'backups'));
    expect(listed.map((b) => b.name).sort()).toEqual(made.slice(-beforeImportKept).sort());
    expect(listed.every((b) => b.kind === 'before-import' && b.check === 'ok' && b.bytes > 0)).toBe(true);
  });
});

describe('background upkeep', () => {
  it('a failing daily backup is reported by doctor, never thrown from its timer', async () => {
    const { vi } = await import('vitest');
    const { Collection } = await import('../../electron/core/collection.js');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const dir = tempDir();
      const blocker = path.join(dir, 'not-a-folder');
      fs.writeFileSync(blocker, 'x');
      const collection = Collection.open({ file: path.join(dir, 'c.sqlite'), backupDir: path.join(blocker, 'backups'), dailyBackup: 'soon' });
      databaseOf(collection).exec("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('d', 'D', 'custom', 'imported', 0)");
      databaseOf(collection).exec(`INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position) VALUES (1, 'd', 'd', 'k', 'n', 'basic', '{"kind":"basic","front":"f","back":"b"}', 1)`);
      collection.answer({ cardId: 1, grade: 3, durationMs: 1 });
      vi.advanceTimersByTime(10_000);
      // The daily backup runs on a worker thread: its failure is recorded when the worker reports it.
      vi.useRealTimers();
      await expect.poll(() => collection.health().background.length).toBe(1);
      expect(collection.doctor().problems.join(' ')).toMatch(/the last automatic backup failed: .*writable|the last automatic backup failed/);
      collection.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
