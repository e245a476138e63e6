// The collection's file is read through a memory map from a search of a word
// over every card until a while after the last one (search/search-map.ts), not
// before: opening, Today, Study, a deck's page and other searches leave it
// unmapped, so the memory after start holds none of the file. Whether the file
// is mapped is read from the process's own map list, which only Linux offers.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Collection } from '../../electron/core/collection.js';
import { searchCardIds } from '../../electron/core/search/search-cards.js';
import { mapFromCards, searchMapIdleMs } from '../../electron/core/search/search-map.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection, tempDir } from '../helpers/test-collection.js';

const hasMapList = fs.existsSync('/proc/self/maps');
if (!hasMapList) console.warn('search-map.test.ts: skipped, no /proc/self/maps on this system (Linux only)');

/** Whether this process maps the file itself (its -wal and -shm files are other names). */
function mapped(file: string): boolean {
  return fs
    .readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .some((line) => line.endsWith(` ${file}`));
}

let collection: Collection | null = null;
afterEach(() => {
  vi.useRealTimers();
  collection?.close();
  collection = null;
});

describe.skipIf(!hasMapList)('the collection file read through a memory map (Linux: /proc/self/maps)', () => {
  it('is mapped from a search of a word over every card until a while after the last one, answers as unmapped, and is unmapped when closed', () => {
    // The unmapping timer's clock (the collection's own clock is a test clock already).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const file = path.join(fs.realpathSync(tempDir('demarc-search-map-')), 'collection.sqlite');
    collection = openTestCollection({ file }).collection;
    const c = collection;
    const db = databaseOf(c);
    // Pages still in the write-ahead log are read from it, never through the map: into the file with them, as the app's checkpoints do.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const deckId = db.prepare('SELECT deck_id FROM cards GROUP BY deck_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;

    // A word search while every card's text fits in the page cache: nothing mapped.
    c.searchCards({ query: 'customer', limit: 10 });
    expect(mapped(file)).toBe(false);

    // A collection whose cards reach the size that maps (by the highest card id).
    db.prepare("INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position) VALUES (?, ?, ?, 'filler', 'filler', 'basic', ?, 0)")
      .run(mapFromCards, deckId, deckId, JSON.stringify({ kind: 'basic', front: 'filler', back: 'filler' }));
    db.pragma('wal_checkpoint(TRUNCATE)');

    // What a start and the other screens read, and other searches: nothing mapped.
    c.today();
    c.study();
    c.searchCards({ query: '', deckId, limit: 100 });
    c.searchCards({ query: 'tag:iaas', limit: 100 });
    c.searchCards({ query: 'encrypt*', deckId, limit: 100 });
    expect(mapped(file)).toBe(false);
    expect(db.pragma('mmap_size', { simple: true })).toBe(0);

    // Each word's cards as the general statement finds them, read unmapped.
    const queries = ['encrypt*', 'patch*', 'customer', 'the', 'absent-word'];
    const ctx = c.searchContext();
    const unmapped = new Map(queries.map((query) => [query, searchCardIds(db, { query }, ctx)]));
    expect(unmapped.get('customer')!.length).toBeGreaterThan(0);

    c.searchCards({ query: 'customer', limit: 10 });
    expect(mapped(file)).toBe(true);
    expect(db.pragma('mmap_size', { simple: true })).toBeGreaterThan(0);
    for (const query of queries) {
      const ids = unmapped.get(query)!;
      const page = c.searchCards({ query, limit: 100 });
      expect(page.total, query).toBe(ids.length);
      expect(page.cards.map((card) => card.id), query).toEqual(ids.slice(0, 100));
      expect(searchCardIds(db, { query }, ctx), query).toEqual(ids);
    }
    // A write and a search after it: the map follows the file as it changes.
    const first = unmapped.get('customer')![0]!;
    expect(c.suspend([first], true).changed).toBe(1);
    expect(c.searchCards({ query: 'customer', limit: 100 }).total).toBe(unmapped.get('customer')!.length);
    expect(mapped(file)).toBe(true);

    // Each search keeps the map for another while; a while after the last one, it goes.
    vi.advanceTimersByTime(searchMapIdleMs - 1000);
    c.searchCards({ query: 'patch*', limit: 10 });
    vi.advanceTimersByTime(searchMapIdleMs - 1000);
    expect(mapped(file)).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(mapped(file)).toBe(false);
    expect(db.pragma('mmap_size', { simple: true })).toBe(0);
    expect(c.searchCards({ query: 'customer', limit: 100 }).total).toBe(unmapped.get('customer')!.length);
    expect(mapped(file)).toBe(true);

    // A connection busy reading rows one by one when the while is up keeps the map until the next try.
    const rows = db.prepare('SELECT id FROM cards').iterate();
    rows.next();
    vi.advanceTimersByTime(searchMapIdleMs);
    expect(mapped(file)).toBe(true);
    rows.return?.();
    vi.advanceTimersByTime(searchMapIdleMs);
    expect(mapped(file)).toBe(false);
    c.searchCards({ query: 'customer', limit: 10 });

    c.close();
    collection = null;
    expect(mapped(file)).toBe(false);
    // The timer finds the connection closed and leaves it.
    vi.advanceTimersByTime(searchMapIdleMs);
  });

  it('never maps an in-memory collection', () => {
    collection = openTestCollection().collection;
    collection.searchCards({ query: 'customer', limit: 10 });
    expect(databaseOf(collection).pragma('mmap_size', { simple: true }) ?? 0).toBe(0);
  });
});
