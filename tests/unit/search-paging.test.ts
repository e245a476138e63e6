// A page of a search and its count at any size: the deck's own order read
// from an index (migration 0018), a word search's matches found once for both
// the page and the count, and `deck:` through the deck index. The plans are
// SQLite's own (EXPLAIN QUERY PLAN on a real collection; the app keeps no
// statistics, so a small collection plans as a large one); the pages are
// checked against a full sort in JavaScript on a collection with ties.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type Database from 'better-sqlite3';
import type { Collection } from '../../electron/core/collection.js';
import { SeededRandom } from '../../electron/core/domain/seeded-random.js';
import { searchCards, searchCardIds, searchStatements, type CardSearch } from '../../electron/core/search/search-cards.js';
import { tableSortColumns } from '../../electron/core/search/search-sort.js';
import { wordSearch } from '../../electron/core/search/word-search.js';
import { mapFromCards } from '../../electron/core/search/search-map.js';
import { openTestCollection, tempDir } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

let collection: Collection | null = null;
afterEach(() => {
  vi.useRealTimers();
  collection?.close();
  collection = null;
});

function open(): { collection: Collection; db: Database.Database } {
  collection = openTestCollection().collection;
  return { collection, db: databaseOf(collection) };
}

/** The plan of the statement that reads a page, one line per step. */
function pagePlan(c: Collection, search: CardSearch): string[] {
  const db = databaseOf(c);
  const { page } = searchStatements(db, search, c.searchContext());
  return (db.prepare(`EXPLAIN QUERY PLAN ${page.sql}`).all(...page.params) as { detail: string }[]).map((r) => r.detail);
}

function countPlan(c: Collection, search: CardSearch): string[] {
  const db = databaseOf(c);
  const { count } = searchStatements(db, search, c.searchContext());
  return (db.prepare(`EXPLAIN QUERY PLAN ${count.sql}`).all(...count.params) as { detail: string }[]).map((r) => r.detail);
}

/** Every card of a search, a page at a time, as the browser asks for them. */
function allPages(c: Collection, search: Omit<CardSearch, 'offset' | 'limit'>, size: number): { ids: number[]; totals: number[] } {
  const ids: number[] = [];
  const totals: number[] = [];
  for (let offset = 0; ; offset += size) {
    const page = c.searchCards({ ...search, offset, limit: size });
    totals.push(page.total);
    ids.push(...page.cards.map((card) => card.id));
    if (page.cards.length < size) return { ids, totals };
  }
}

describe('a deck\'s browser page', () => {
  it('walks the deck\'s order in an index, and counts the deck from the index alone', () => {
    const { collection: c, db } = open();
    const deckId = db.prepare('SELECT deck_id FROM cards GROUP BY deck_id ORDER BY count(*) DESC LIMIT 1').pluck().get() as string;
    const page = pagePlan(c, { query: '', deckId, limit: 100 });
    expect(page.join('\n')).toMatch(/SEARCH c USING COVERING INDEX cards_browse_order \(deck_id=\?\)/);
    expect(page.join('\n')).not.toMatch(/TEMP B-TREE/);
    expect(countPlan(c, { query: '', deckId }).join('\n')).toMatch(/COVERING INDEX cards_browse_order \(deck_id=\?\)/);
    // Browse without a sort: every deck in the same order, the same index.
    const browse = pagePlan(c, { query: '', limit: 100 });
    expect(browse.join('\n')).toMatch(/cards_browse_order/);
    expect(browse.join('\n')).not.toMatch(/TEMP B-TREE/);
  });

  it('gives, page by page, the full sort by deck, position and id, ties in position included', () => {
    const { collection: c, db } = open();
    const rng = SeededRandom.stream(7, 'paging');
    // Positions that repeat within a deck (a move or an import can leave such ties) and a retired card.
    const ids = db.prepare('SELECT id FROM cards').pluck().all() as number[];
    for (const id of ids) db.prepare('UPDATE cards SET position = ? WHERE id = ?').run(rng.int(5), id);
    db.prepare('UPDATE cards SET retired = 1 WHERE id = ?').run(ids[3]!);
    const expected = (db.prepare('SELECT id, deck_id AS deck, position FROM cards WHERE retired = 0').all() as { id: number; deck: string; position: number }[])
      .sort((a, b) => (a.deck < b.deck ? -1 : a.deck > b.deck ? 1 : a.position - b.position || a.id - b.id))
      .map((r) => r.id);
    const everyDeck = allPages(c, { query: '' }, 37);
    expect(everyDeck.ids).toEqual(expected);
    expect(new Set(everyDeck.totals)).toEqual(new Set([expected.length]));
    const deckId = db.prepare('SELECT deck_id FROM cards WHERE id = ?').pluck().get(ids[0]!) as string;
    const deckIds = new Set(db.prepare('SELECT id FROM cards WHERE deck_id = ?').pluck().all(deckId) as number[]);
    const oneDeck = allPages(c, { query: '', deckId }, 11);
    expect(oneDeck.ids).toEqual(expected.filter((id) => deckIds.has(id)));
    expect(new Set(oneDeck.totals)).toEqual(new Set([oneDeck.ids.length]));
  });
});

describe('Browse sorted by a column', () => {
  it('walks an index for a column one holds, and reads the table itself for one none holds, never a partial index card by card', () => {
    const { collection: c } = open();
    const byCard = pagePlan(c, { query: '', sort: { column: 'card', descending: false }, limit: 100 }).join('\n');
    expect(byCard).toMatch(/cards_sort_field/);
    expect(byCard).not.toMatch(/TEMP B-TREE/);
    for (const column of tableSortColumns) {
      const plan = pagePlan(c, { query: '', sort: { column, descending: true }, limit: 100 }).join('\n');
      expect(plan, column).toMatch(/^SCAN c$/m);
    }
    // Within a deck the deck's index still finds its cards.
    const inDeck = pagePlan(c, { query: '', deckId: 'iaas-ec2', sort: { column: 'type', descending: false }, limit: 100 }).join('\n');
    expect(inDeck).toMatch(/\(deck_id=\?\)/);
  });
});

describe('a search\'s page and count', () => {
  it('reads a word\'s matches once, as ids to look up, never an OR scanned twice', () => {
    const { collection: c } = open();
    const plan = pagePlan(c, { query: 'hypervisor', limit: 100 }).join('\n');
    expect(plan).toMatch(/SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(plan).toMatch(/SCAN card_text VIRTUAL TABLE/);
    expect(plan).toMatch(/SEARCH t USING INTEGER PRIMARY KEY/);
    expect(plan).not.toMatch(/MULTI-INDEX OR/);
    expect(plan.match(/SCAN card_text VIRTUAL TABLE/g)).toHaveLength(1);
    expect(plan).not.toMatch(/SCAN c\b/);
  });

  it('finds deck: through the deck index, never a LIKE per card', () => {
    const { collection: c } = open();
    const plan = pagePlan(c, { query: 'deck:iaas*', limit: 100 }).join('\n');
    expect(plan).toMatch(/SEARCH c USING (COVERING )?INDEX \w+ \(deck_id=\?\)/);
    expect(plan).not.toMatch(/SCAN c\b/);
  });

  it('counts tags over every card from the table itself, never a partial index card by card, and within a deck through its index', () => {
    const { collection: c } = open();
    for (const query of ['tag:aws', '-tag:aws or service:ec2', 'task:1']) {
      expect(countPlan(c, { query }).join('\n'), query).toMatch(/^SCAN c$/m);
      // The page still walks the list's order, stopping once it is full.
      expect(pagePlan(c, { query, limit: 100 }).join('\n'), query).toMatch(/cards_browse_order/);
    }
    expect(countPlan(c, { query: 'tag:aws', deckId: 'iaas-ec2' }).join('\n')).toMatch(/\(deck_id=\?\)/);
    // A term an index serves keeps it.
    expect(countPlan(c, { query: 'tag:aws deck:iaas*' }).join('\n')).not.toMatch(/^SCAN c$/m);
  });

  it('counts what the full list holds, for terms and none, on every page and past the end', () => {
    const { collection: c, db } = open();
    const ctx = c.searchContext();
    for (const query of ['', 'aws', 'the -aws', 'deck:iaas* or shared', 'is:new', 'nothing-matches-this', 's*d', 'tag:aws', '-tag:aws or service:ec2']) {
      for (const sort of [undefined, { column: 'card' as const, descending: true }, { column: 'due' as const, descending: false }]) {
        const full = searchCardIds(db, { query, sort }, ctx);
        const paged = allPages(c, { query, sort }, 23);
        expect(paged.ids, query).toEqual(full);
        expect(new Set(paged.totals), query).toEqual(new Set([full.length]));
        // A page past the end has no card and still the count; so has a page of no rows.
        expect(searchCards(db, { query, sort, offset: full.length + 5, limit: 10 }, ctx)).toEqual({ total: full.length, cards: [] });
        expect(searchCards(db, { query, sort, offset: 0, limit: 0 }, ctx)).toEqual({ total: full.length, cards: [] });
      }
    }
  });
});

describe('a search of one word over every deck', () => {
  // On disk, a word search reads the file through a memory map (search-map.ts), kept here for the whole test (its unmapping timer faked).
  it.each(['in memory', 'on disk'])('counts and pages as the general statement does, whether it walks the order or reads each match, retired and overlong cards included (%s)', (where) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    collection = openTestCollection({ builtin: false, file: where === 'on disk' ? path.join(tempDir(), 'collection.sqlite') : ':memory:' }).collection;
    const c = collection;
    const db = databaseOf(c);
    db.prepare("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('a', 'A', 'custom', 'imported', 0), ('b', 'B', 'custom', 'imported', 0)").run();
    const insert = db.prepare("INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position) VALUES (?, ?, ?, ?, ?, 'basic', ?, ?)");
    const rng = SeededRandom.stream(11, 'word-search');
    // A common word (about every other card: a page walks a few cards) and a rare one (a page reads its few matches by id).
    for (let id = 1; id <= 600; id++) {
      const words = [rng.chance(0.5) ? 'common' : 'plain', id % 97 === 0 ? 'rareword' : 'other', rng.chance(0.3) ? 'patch the system' : 'system'].join(' ');
      insert.run(id, rng.chance(0.5) ? 'a' : 'b', 'a', `k${id}`, `n${id}`, JSON.stringify({ kind: 'basic', front: words, back: 'b' }), rng.int(20));
    }
    // Two cards too long to tokenize, one of them with every word; two retired cards holding them too.
    insert.run(601, 'a', 'a', 'k601', 'n601', JSON.stringify({ kind: 'basic', front: `common rareword patch system ${'z'.repeat(110_000)}`, back: 'b' }), 3);
    insert.run(602, 'b', 'a', 'k602', 'n602', JSON.stringify({ kind: 'basic', front: `nothing ${'z'.repeat(110_000)}`, back: 'b' }), 4);
    db.prepare('UPDATE cards SET retired = 1 WHERE id IN (194, 2)').run();
    if (where === 'on disk') {
      // A card id that makes the collection large enough to map, and into the file: a page still in the write-ahead log is read from the log, never through the map.
      insert.run(mapFromCards, 'b', 'a', 'filler', 'filler', JSON.stringify({ kind: 'basic', front: 'filler', back: 'b' }), 5);
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    const ctx = c.searchContext();
    for (const query of ['common', 'rareword', 'patch*system', 'ste', 'z_z', '*', 'absent']) {
      for (const sort of [undefined, { column: 'card' as const, descending: false }, { column: 'lapses' as const, descending: true }]) {
        const full = searchCardIds(db, { query, sort }, ctx);
        for (const size of [7, 100]) {
          const paged = allPages(c, { query, sort }, size);
          expect(paged.ids, `${query} by ${size}`).toEqual(full);
          expect(new Set(paged.totals), query).toEqual(new Set([full.length]));
        }
        expect(searchCards(db, { query, sort, offset: full.length + 1, limit: 5 }, ctx)).toEqual({ total: full.length, cards: [] });
      }
    }
    expect(searchCardIds(db, { query: 'rareword' }, ctx)).toContain(601);
    expect(searchCardIds(db, { query: 'common' }, ctx)).not.toContain(194);
    expect(db.pragma('mmap_size', { simple: true }) ?? 0, where).toSatisfy((size: number) => (where === 'on disk') === size > 0);
  });

  it('counts from the text index and the retired cards\' index alone, reading no card', () => {
    const { collection: c } = open();
    const word = wordSearch('hypervisor', undefined)!;
    const plan = (databaseOf(c).prepare(`EXPLAIN QUERY PLAN ${word.count.sql}`).all(...word.count.params) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan).toMatch(/SCAN card_text VIRTUAL TABLE/);
    expect(plan).toMatch(/SEARCH t USING INTEGER PRIMARY KEY/);
    expect(plan).toMatch(/cards_retired/);
    expect(plan).not.toMatch(/^SCAN (cards|c)$/m);
    // A walk of the deck order filters by the candidates instead of sorting them.
    const walk = (databaseOf(c).prepare(`EXPLAIN QUERY PLAN SELECT c.id FROM cards c JOIN decks d ON d.id = c.deck_id WHERE c.retired = 0 AND ${word.walkCondition!.sql} ORDER BY c.deck_id, c.position, c.id LIMIT 10`).all(...word.walkCondition!.params) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(walk).toMatch(/SCAN c USING COVERING INDEX cards_browse_order/);
    expect(walk).not.toMatch(/TEMP B-TREE/);
    expect(wordSearch('hypervisor deck:x', undefined)).toBeNull();
    expect(wordSearch('hypervisor', 'iaas-ec2')).toBeNull();
  });
});
