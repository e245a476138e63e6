// Word and wildcard search read the card text index (migration 0013): on random
// collections, kept in step by every kind of write, it must find exactly what
// the search text function finds when it is called on every card.
import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { Collection } from '../../electron/core/collection.js';
import { SeededRandom } from '../../electron/core/domain/seeded-random.js';
import { likePattern, parseSearch } from '../../electron/core/search/search-query.js';
import { collectionSearchContext, searchCardIds } from '../../electron/core/search/search-cards.js';
import { trigramMatch } from '../../electron/core/search/trigram-match.js';
import { searchText } from '../../electron/core/text/search-text.js';
import { openTestCollection } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { fuzzRuns } from '../helpers/fuzz-runs.js';

// A small alphabet, so that random terms often match: letters in both cases, a space, accents and
// letters whose lower case differs in length, the search's own wildcards and escapes, quotes and markup.
const alphabet = ['a', 'b', 'c', 'A', 'B', ' ', 'é', 'É', 'Σ', 'σ', 'ß', 'İ', '%', '_', '*', '\\', '"', "'", '<', '>', '&', '😀'];
const patternAlphabet = ['a', 'b', 'c', 'A', ' ', 'é', 'σ', 'ß', 'i', '%', '😀', '"', '*', '_', '\\*', '\\_', '\\\\'];

let collection: Collection | null = null;
afterEach(() => {
  collection?.close();
  collection = null;
});

function randomText(rng: SeededRandom, max: number): string {
  return Array.from({ length: rng.int(max) }, () => rng.pick(alphabet)).join('');
}

function randomContent(rng: SeededRandom): string {
  switch (rng.int(4)) {
    case 0:
      return JSON.stringify({ kind: 'responsibility', prompt: randomText(rng, 30), owner: 'aws', service: rng.chance(0.5) ? randomText(rng, 6) : undefined, explanation: randomText(rng, 20) });
    case 1:
      return JSON.stringify({ kind: 'basic', front: randomText(rng, 30), back: randomText(rng, 20), html: rng.chance(0.5) });
    case 2:
      return JSON.stringify({ kind: 'choice', question: randomText(rng, 20), options: [randomText(rng, 8), randomText(rng, 8)], answer: [0], explanation: randomText(rng, 10) });
    default:
      // Content of another shape: the index's text function must never make a write fail.
      return rng.pick(['{}', '[]', 'null', 'not json', '{"kind":"choice","options":3}', '{"kind":"basic","front":7}']);
  }
}

function randomQueryTerm(rng: SeededRandom): string {
  const body = Array.from({ length: 1 + rng.int(6) }, () => rng.pick(patternAlphabet)).join('');
  // Quoted, so spaces, parentheses and colons stay part of the term; a quote inside is escaped.
  return `"${body.replaceAll('"', '\\"')}"`;
}

/** The search before the index: the text function called on every card, the term's LIKE on its result. */
function plainTextSearch(db: Database.Database, term: string): number[] {
  const tree = parseSearch(term);
  if (tree.type !== 'term' || tree.term.type !== 'text') throw new Error(`not a text term: ${term}`);
  const pattern = `%${likePattern(tree.term.pattern)}%`;
  return db
    .prepare("SELECT id FROM cards WHERE retired = 0 AND demarc_search_text(content) LIKE ? ESCAPE '\\' ORDER BY id")
    .pluck()
    .all(pattern) as number[];
}

function indexedSearch(c: Collection, query: string): number[] {
  return searchCardIds(databaseOf(c), { query }, collectionSearchContext(c)).sort((a, b) => a - b);
}

function buildRandomCollection(rng: SeededRandom): Collection {
  const c = openTestCollection({ builtin: false }).collection;
  const db = databaseOf(c);
  db.prepare("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('d', 'D', 'custom', 'imported', 0)").run();
  const insert = db.prepare("INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position, retired) VALUES (?, 'd', 'd', ?, ?, 'basic', ?, ?, ?)");
  for (let id = 1; id <= 60; id++) insert.run(id, `k${id}`, `n${id}`, randomContent(rng), id, rng.chance(0.1) ? 1 : 0);
  // Every way the app writes cards: edits, moves to a new id, deletions, an upsert and a replace.
  for (let i = 0; i < 15; i++) db.prepare('UPDATE cards SET content = ? WHERE id = ?').run(randomContent(rng), 1 + rng.int(60));
  db.prepare('UPDATE cards SET id = 500 WHERE id = 3').run();
  db.prepare('DELETE FROM cards WHERE id IN (5, 6)').run();
  db.prepare(
    "INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position) VALUES (7, 'd', 'd', 'k7', 'n7', 'basic', ?, 7) ON CONFLICT (id) DO UPDATE SET content = excluded.content",
  ).run(randomContent(rng));
  db.prepare("INSERT OR REPLACE INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position) VALUES (8, 'd', 'd', 'k8', 'n8', 'basic', ?, 8)").run(randomContent(rng));
  // A replace on the other unique key: the old row goes without a delete trigger, and its id comes back later.
  db.prepare("INSERT OR REPLACE INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position) VALUES (600, 'd', 'd', 'k9', 'n9', 'basic', ?, 9)").run(randomContent(rng));
  db.prepare("INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position) VALUES (9, 'd', 'd', 'k9b', 'n9b', 'basic', ?, 9)").run(randomContent(rng));
  return c;
}

describe('the card text index', () => {
  it('finds exactly what the text function finds on every card, for random terms on random collections', () => {
    const runs = fuzzRuns(20);
    for (let seed = 0; seed < runs; seed++) {
      const rng = SeededRandom.stream(seed, 'card-text-index');
      collection = buildRandomCollection(rng);
      const db = databaseOf(collection);
      // The stored text is the function's text, card for card.
      const rows = db
        .prepare('SELECT c.id, c.content, t.text, l.id AS long FROM cards c LEFT JOIN card_text t ON t.rowid = c.id LEFT JOIN card_text_long l ON l.id = c.id')
        .all() as { id: number; content: string; text: string | null; long: number | null }[];
      for (const r of rows) {
        expect(r.text, `card ${r.id}`).toBe(searchText(r.content));
        expect(r.long, `card ${r.id}`).toBeNull();
      }
      let matched = 0;
      for (let q = 0; q < 40; q++) {
        const term = randomQueryTerm(rng);
        let expected: number[];
        try {
          expected = plainTextSearch(db, term);
        } catch {
          continue; // An empty phrase: refused before any search.
        }
        matched += expected.length > 0 ? 1 : 0;
        expect(indexedSearch(collection, term), `${term} (seed ${seed})`).toEqual(expected);
        // The same term negated and combined: what the index does not find, "-term" does.
        const others = db.prepare('SELECT id FROM cards WHERE retired = 0 ORDER BY id').pluck().all() as number[];
        expect(indexedSearch(collection, `-${term}`), `-${term}`).toEqual(others.filter((id) => !expected.includes(id)));
      }
      expect(matched, 'random terms that match something').toBeGreaterThan(0);
      collection.close();
      collection = null;
    }
  });

  it('reads a card too long to tokenize whole, written so or edited to it, and forgets it when it is edited back', () => {
    collection = openTestCollection({ builtin: false }).collection;
    const db = databaseOf(collection);
    db.prepare("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('d', 'D', 'custom', 'imported', 0)").run();
    const long = (words: string) => JSON.stringify({ kind: 'basic', front: `${words} ${'z'.repeat(110_000)} tail end`, back: 'b' });
    const insert = db.prepare("INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position) VALUES (?, 'd', 'd', ?, ?, 'basic', ?, ?)");
    insert.run(1, 'a', 'a', long('Hypervisor patching'), 1);
    insert.run(2, 'b', 'b', JSON.stringify({ kind: 'basic', front: 'short hypervisor card', back: 'b' }), 2);
    insert.run(3, 'c', 'c', JSON.stringify({ kind: 'basic', front: 'plain', back: 'b' }), 3);
    db.prepare('UPDATE cards SET content = ? WHERE id = 3').run(long('guest os'));
    expect(db.prepare('SELECT id FROM card_text_long ORDER BY id').pluck().all()).toEqual([1, 3]);
    expect(db.prepare("SELECT text FROM card_text WHERE rowid IN (1, 3)").pluck().all()).toEqual(['', '']);
    for (const term of ['hypervisor', '"tail end"', 'guest*tail', 'z_z', 'plain', '*']) {
      expect(indexedSearch(collection, term), term).toEqual(plainTextSearch(db, term));
      expect(indexedSearch(collection, `-${term}`), `-${term}`).toEqual([1, 2, 3].filter((id) => !plainTextSearch(db, term).includes(id)));
    }
    expect(indexedSearch(collection, 'hypervisor')).toEqual([1, 2]);
    db.prepare('UPDATE cards SET content = ? WHERE id = 1').run(JSON.stringify({ kind: 'basic', front: 'short again', back: 'b' }));
    db.prepare('DELETE FROM cards WHERE id = 3').run();
    expect(db.prepare('SELECT count(*) FROM card_text_long').pluck().get()).toBe(0);
    expect(indexedSearch(collection, 'again')).toEqual([1]);
  });

  it('asks the index only for runs of three characters or more, and every trigram of a term is in any text that holds it', () => {
    expect(trigramMatch('%ab%')).toBeNull();
    expect(trigramMatch('%a_b_c%')).toBeNull();
    expect(trigramMatch('%hyper%')).toBe('"hyp" AND "ype" AND "per"');
    expect(trigramMatch('%patch%system%')).toBe('"pat" AND "atc" AND "tch" AND "sys" AND "yst" AND "ste" AND "tem"');
    // An escaped wildcard is a character of the run; a quote is doubled inside the FTS string.
    expect(trigramMatch('%a\\%b"%')).toBe('"a%b" AND "%b"""');
  });
});
