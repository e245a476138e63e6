// Tests copy one built collection (tests/helpers/test-collection.ts) instead of
// migrating and loading the built-in decks each time: the copy must hold
// exactly what a new collection opened at the same moment holds, and copies
// must not share anything.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { decksDir, openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';

function everyRow(collection: Collection): Record<string, string[]> {
  const db = databaseOf(collection);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).all().map((r) => JSON.stringify(r)).sort()]));
}

describe('a collection copied from a built one', () => {
  it('holds what opening a new one at the same moment holds: schema, version, rows', () => {
    const clock = new TestClock();
    clock.advanceDays(3);
    const fresh = Collection.open({ file: ':memory:', builtinDecksDir: decksDir, now: clock.now });
    const copy = openTestCollection({ clock }).collection;
    const schema = (c: Collection) => databaseOf(c).prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    expect(schema(copy)).toEqual(schema(fresh));
    expect(databaseOf(copy).pragma('user_version', { simple: true })).toBe(databaseOf(fresh).pragma('user_version', { simple: true }));
    expect(databaseOf(copy).pragma('foreign_keys', { simple: true })).toBe(1);
    const rows = everyRow(fresh);
    expect(rows.cards?.length).toBeGreaterThan(100);
    expect(everyRow(copy)).toEqual(rows);
    fresh.close();
    copy.close();
  });

  it('copies share nothing: a write to one is not in the next', () => {
    const first = openTestCollection().collection;
    const cards = databaseOf(first).prepare('SELECT COUNT(*) FROM cards').pluck();
    const before = cards.get();
    databaseOf(first).prepare('DELETE FROM cards WHERE id = (SELECT MIN(id) FROM cards)').run();
    expect(cards.get()).toBe(Number(before) - 1);
    const second = openTestCollection().collection;
    expect(databaseOf(second).prepare('SELECT COUNT(*) FROM cards').pluck().get()).toBe(before);
    first.close();
    second.close();
  });

  it('an image opens only in memory, never over a file', () => {
    const image = databaseOf(openTestCollection().collection).serialize();
    expect(() => Collection.open({ file: path.join(tempDir(), 'c.sqlite'), image })).toThrow(/in-memory/);
  });
});
