// An import marks the cards it adds for sync in one statement, with the
// per-row trigger set aside meanwhile: the marks are the trigger's, the
// trigger is back afterwards, and a failed write changes neither.
import { describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { databaseOf, writeConnectionOf } from '../helpers/collection-database.js';
import { withBulkCardMarks } from '../../electron/core/sync/bulk-card-marks.js';

const csv = (rows: number, from = 0) => Buffer.from(['front,back', ...Array.from({ length: rows }, (_, i) => `Question ${from + i}?,Answer ${from + i}`)].join('\n'));
const trigger = "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'cards_insert_content_sync'";

describe('marking imported cards for sync', () => {
  it('marks every card an import adds, by its deck and key, and leaves the trigger in place', () => {
    const collection = Collection.open({ file: ':memory:' });
    const db = databaseOf(collection);
    db.prepare('DELETE FROM sync_content_dirty').run();
    const summary = collection.runImport('notes.csv', csv(300), {});
    expect(summary.added).toBe(300);
    const marks = db.prepare("SELECT ref, key, deck_id AS deckId FROM sync_content_dirty WHERE kind = 'card' ORDER BY key").all() as { ref: string; key: string; deckId: string }[];
    const cards = db.prepare('SELECT source_deck_id AS ref, key, deck_id AS deckId FROM cards WHERE deck_id = ? ORDER BY key').all(summary.decks[0]!.id);
    expect(marks).toEqual(cards);
    expect(db.prepare(trigger).pluck().get()).toBe(1);

    // A card inserted later by anything else is marked by the trigger again.
    db.prepare('DELETE FROM sync_content_dirty').run();
    collection.runImport('notes.csv', csv(2, 300), {});
    expect(db.prepare("SELECT count(*) FROM sync_content_dirty WHERE kind = 'card'").pluck().get()).toBe(2);
    collection.close();
  });

  it('a write that fails inside the transaction leaves the trigger and the marks as they were', () => {
    const collection = Collection.open({ file: ':memory:' });
    const db = databaseOf(collection);
    const before = db.prepare('SELECT * FROM sync_content_dirty ORDER BY kind, ref, key').all();
    const failing = db.transaction(() =>
      withBulkCardMarks(writeConnectionOf(db), () => {
        expect(db.prepare(trigger).pluck().get()).toBe(0);
        throw new Error('the disk is full');
      }),
    );
    expect(failing).toThrow('the disk is full');
    expect(db.prepare('SELECT * FROM sync_content_dirty ORDER BY kind, ref, key').all()).toEqual(before);
    expect(db.prepare(trigger).pluck().get()).toBe(1);
    collection.close();
  });
});
