import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointWal } from '../../electron/core/db/wal-keeper.js';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import type { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection, tempDir } from '../helpers/test-collection.js';

/** The WAL header's checkpoint sequence: SQLite adds one each time it starts the log over. */
function logGeneration(file: string): number {
  const fd = fs.openSync(`${file}-wal`, 'r');
  try {
    const header = Buffer.alloc(32);
    fs.readSync(fd, header, 0, 32, 0);
    return header.readUInt32BE(12);
  } finally {
    fs.closeSync(fd);
  }
}

const open: { close(): void }[] = [];
afterEach(() => {
  for (const c of open.splice(0).reverse()) c.close();
});

function answeredCollection(): { collection: Collection; file: string; answer: (i: number) => void } {
  const file = path.join(tempDir('demarc-wal-keeper-'), 'collection.sqlite');
  const { collection, clock } = openTestCollection({ file });
  open.push(collection);
  const ids = databaseOf(collection).prepare('SELECT id FROM cards ORDER BY id LIMIT 50').pluck().all() as number[];
  const answer = (i: number) => {
    clock.advance(61_000);
    collection.answer({ cardId: ids[i % ids.length]!, grade: 3, durationMs: 1500 });
  };
  for (let i = 0; i < 20; i++) answer(i);
  return { collection, file, answer };
}

describe('the app checkpoint', () => {
  it('starts the log over itself, so the answer after it only appends', () => {
    const { collection, file, answer } = answeredCollection();
    const db = databaseOf(collection);
    const version = db.pragma('user_version', { simple: true }) as number;
    const before = logGeneration(file);
    checkpointWal(db);
    const restarted = logGeneration(file);
    expect(restarted).toBe(before + 1);
    const walSize = fs.statSync(`${file}-wal`).size;
    answer(20);
    // Neither a new header (and its sync) nor the log cut back inside the answer.
    expect(logGeneration(file)).toBe(restarted);
    expect(fs.statSync(`${file}-wal`).size).toBe(walSize);
    expect(db.pragma('user_version', { simple: true })).toBe(version);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('leaves a log another connection still reads, and the answers after it whole', () => {
    const { collection, file, answer } = answeredCollection();
    const db = databaseOf(collection);
    const reader = openSqliteFile(file);
    open.push(reader);
    reader.exec('BEGIN');
    const reviews = reader.prepare('SELECT count(*) FROM review_log').pluck().get() as number;
    answer(20);
    const before = logGeneration(file);
    expect(() => checkpointWal(db)).not.toThrow();
    expect(logGeneration(file)).toBe(before);
    // The reader's snapshot still holds, and it sees the new answers once it ends it.
    expect(reader.prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(reviews);
    reader.exec('COMMIT');
    expect(reader.prepare('SELECT count(*) FROM review_log').pluck().get()).toBe(reviews + 1);
  });

  it('does not wait for a write lock held elsewhere, and keeps the busy timeout', () => {
    const { collection, file } = answeredCollection();
    const db = databaseOf(collection);
    db.pragma('busy_timeout = 60000');
    const other = openSqliteFile(file);
    open.push(other);
    // Checkpointed once with nothing reading, then another connection takes the write lock.
    db.pragma('wal_checkpoint(PASSIVE)');
    other.exec('BEGIN IMMEDIATE');
    const before = logGeneration(file);
    // With the 60 s timeout it would sleep that long before failing; it returns at once instead.
    expect(() => checkpointWal(db)).not.toThrow();
    expect(logGeneration(file)).toBe(before);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(60000);
    other.exec('ROLLBACK');
  });
});
