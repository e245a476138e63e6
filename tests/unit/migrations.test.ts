import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/db/migrate.js';
import { migrations } from '../../electron/core/db/migrations/index.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { Collection } from '../../electron/core/collection.js';
import { fileHash, tempDir } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

function atVersion(version: number): Database.Database {
  const db = openSqliteFile(':memory:');
  migrate(db, migrations.slice(0, version));
  return db;
}

function seedV1(db: Database.Database): void {
  db.exec(`
    INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('d', 'Deck', 'iaas', 'builtin', 0);
    INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position, state, due, stability, difficulty, reps, last_review)
      VALUES (1, 'd', 'd', 'k1', 'n1', 'basic', '{"kind":"basic","front":"f","back":"b"}', 1, 2, 1000, 3.5, 5.1, 2, 500);
    INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms)
      VALUES (1, 100, 20000, 3, 0, 'learning', 0, 0, 4000), (1, 500, 20001, 1, 2, 'review', 3, 1, 2000), (1, 600, 20001, 3, 3, 'relearning', 0, 0, 1000);
  `);
}

describe('migrations', () => {
  it('are numbered 1, 2, 3, … in order', () => {
    migrations.forEach((m, i) => expect(m.version).toBe(i + 1));
  });

  it('0001 creates the schema on an empty file', () => {
    const db = atVersion(1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['cards', 'decks', 'meta', 'review_log', 'settings']);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('0002 backfills the daily aggregates from existing reviews and keeps them current', () => {
    const db = atVersion(1);
    seedV1(db);
    migrate(db, migrations.slice(0, 2));
    expect(db.prepare('SELECT day, deck_id, kind, reviews, correct, duration_ms FROM daily_reviews ORDER BY day, kind').all()).toEqual([
      { day: 20000, deck_id: 'd', kind: 'learning', reviews: 1, correct: 1, duration_ms: 4000 },
      { day: 20001, deck_id: 'd', kind: 'relearning', reviews: 1, correct: 1, duration_ms: 1000 },
      { day: 20001, deck_id: 'd', kind: 'review', reviews: 1, correct: 0, duration_ms: 2000 },
    ]);
    db.prepare("INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms) VALUES (1, 700, 20001, 4, 2, 'review', 3, 0, 500)").run();
    expect(db.prepare("SELECT reviews, correct FROM daily_reviews WHERE day = 20001 AND kind = 'review'").get()).toEqual({ reviews: 2, correct: 1 });
    db.prepare('DELETE FROM review_log WHERE reviewed_at = 700').run();
    expect(db.prepare("SELECT reviews, correct FROM daily_reviews WHERE day = 20001 AND kind = 'review'").get()).toEqual({ reviews: 1, correct: 0 });
  });

  it('0003 adds the readiness history and leaves earlier rows alone', () => {
    const db = atVersion(2);
    seedV1(db);
    const cards = db.prepare('SELECT * FROM cards').all();
    migrate(db, migrations.slice(0, 3));
    expect(db.prepare('SELECT * FROM cards').all()).toEqual(cards);
    expect(db.prepare('SELECT count(*) FROM exam_readiness').pluck().get()).toBe(0);
  });

  it('0004 backfills the answer aggregates: buckets, first answers of the day, owner picks', () => {
    const db = atVersion(3);
    seedV1(db);
    db.exec(`UPDATE cards SET kind = 'responsibility', owner = 'aws' WHERE id = 1;
      UPDATE review_log SET picked_owner = 'customer', correct = 0 WHERE reviewed_at = 500;
      INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms, picked_owner, correct)
        VALUES (1, 550, 20001, 3, 2, 'review', 30, 1, 100, 'aws', 1);`);
    migrate(db, migrations.slice(0, 4));
    expect(db.prepare('SELECT day, bucket, rating, answers, first_answers FROM daily_answers ORDER BY day, bucket, rating').all()).toEqual([
      { day: 20000, bucket: 'learning', rating: 3, answers: 1, first_answers: 0 },
      { day: 20001, bucket: 'mature', rating: 3, answers: 1, first_answers: 0 },
      { day: 20001, bucket: 'relearning', rating: 3, answers: 1, first_answers: 0 },
      { day: 20001, bucket: 'young', rating: 1, answers: 1, first_answers: 1 },
    ]);
    expect(db.prepare('SELECT day, owner, answers, correct FROM daily_owner_answers').all()).toEqual([{ day: 20001, owner: 'aws', answers: 2, correct: 1 }]);
  });

  it('0005 gives decks an optional exam date, keeping their rows', () => {
    const db = atVersion(4);
    seedV1(db);
    const decks = db.prepare('SELECT * FROM decks').all();
    migrate(db, migrations.slice(0, 5));
    expect(db.prepare('SELECT * FROM decks').all()).toEqual(decks.map((d) => ({ ...(d as object), exam_date: null })));
    expect(() => db.prepare("UPDATE decks SET exam_date = 'soon'").run()).toThrow(/CHECK/);
  });

  it('an old file is upgraded in one step, with a backup taken first', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.sqlite');
    const db = openSqliteFile(file);
    migrate(db, migrations.slice(0, 1));
    seedV1(db);
    db.close();
    const collection = Collection.open({ file, now: () => 1_000_000 });
    expect(databaseOf(collection).pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(databaseOf(collection).prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(3);
    collection.close();
    const backups = fs.readdirSync(path.join(dir, 'backups'));
    expect(backups.some((f) => f.startsWith('before-migration'))).toBe(true);
  });

  it('a database from a newer Demarc is refused and left untouched', () => {
    const dir = tempDir();
    const file = path.join(dir, 'future.sqlite');
    const db = openSqliteFile(file);
    migrate(db);
    db.pragma(`user_version = ${migrations.length + 5}`);
    db.close();
    const hash = fileHash(file);
    expect(() => openDatabase(file)).toThrow(/newer version of Demarc/);
    expect(fileHash(file)).toBe(hash);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});
