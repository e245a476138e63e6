// Cards inserted (and then updated, as the generator gives them their final
// state) with their indexes and per-row triggers set aside end up with the
// same card text index, deck counts, due slots, sync marks and indexes as
// cards written one by one, and the triggers and indexes are back afterwards.
// So do an import's writes, which also change and retire older cards, with
// only the card text index's insert trigger set aside.
import { describe, expect, it } from 'vitest';
import { Collection } from '../../electron/core/collection.js';
import { databaseOf, writeConnectionOf } from '../helpers/collection-database.js';
import { withBulkCardImport, withBulkCardInserts } from '../../electron/core/cards/bulk-card-inserts.js';
import { SeededRandom } from '../../electron/core/domain/seeded-random.js';

const triggers = "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'cards' ORDER BY name";
const indexes = "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'cards' ORDER BY name";

function insertCards(db: ReturnType<typeof databaseOf>, seed: number): void {
  const rng = SeededRandom.stream(seed, 'bulk-card-inserts');
  const first = (db.prepare('SELECT coalesce(max(id), 0) + 1 FROM cards').pluck().get() as number) + 5;
  const insert = db.prepare(
    `INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position, state, due, last_review, suspended, retired)
     VALUES (?, ?, ?, ?, ?, 'basic', ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (let i = 0; i < 200; i++) {
    const deck = rng.chance(0.5) ? 'a' : 'b';
    const state = rng.int(4);
    const long = rng.chance(0.02);
    const content = JSON.stringify({ kind: 'basic', front: `Question <b>${i}</b> ${long ? 'x'.repeat(100_001) : ''}`, back: `Answer ${rng.int(1000)}` });
    insert.run(first + i, deck, deck, `k${i}`, `n${i}`, content, first + i, state, 1_700_000_000_000 + rng.int(90) * 86_400_000 + rng.int(86_400_000),
      state > 0 ? 1_699_000_000_000 : null, rng.chance(0.1) ? 1 : 0, rng.chance(0.05) ? 1 : 0);
  }
  // Then some of them move on, as a simulated history's final states do: schedule, suspension, tags.
  const update = db.prepare('UPDATE cards SET state = ?, due = ?, last_review = ?, stability = ? WHERE id = ?');
  const suspend = db.prepare("UPDATE cards SET suspended = ?, tags = tags || ' leech' WHERE id = ?");
  for (let i = 0; i < 200; i += 1 + rng.int(3)) {
    update.run(rng.int(4), 1_700_000_000_000 + rng.int(90) * 86_400_000, rng.chance(0.9) ? 1_699_500_000_000 : null, rng.next() * 50, first + i);
    if (rng.chance(0.1)) suspend.run(rng.chance(0.5) ? 1 : 0, first + i);
  }
}

/** An import's shape: older cards' text changed and some retired, new cards added, one of them changed again. */
function importCards(db: ReturnType<typeof databaseOf>, seed: number): void {
  const rng = SeededRandom.stream(seed, 'bulk-card-import');
  const older = db.prepare('SELECT id FROM cards ORDER BY id').pluck().all() as number[];
  const edit = db.prepare("UPDATE cards SET content = json_set(content, '$.back', ?) WHERE id = ?");
  const retire = db.prepare('UPDATE cards SET retired = 1 WHERE id = ?');
  for (const id of older) {
    if (rng.chance(0.2)) edit.run(`Changed answer ${rng.int(1000)} hypervisor`, id);
    else if (rng.chance(0.1)) retire.run(id);
  }
  const first = (db.prepare('SELECT coalesce(max(id), 0) + 1 FROM cards').pluck().get() as number);
  const insert = db.prepare(`INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position, due) VALUES (?, 'b', 'b', ?, ?, 'basic', ?, ?, 0)`);
  for (let i = 0; i < 100; i++) {
    const long = rng.chance(0.03);
    insert.run(first + i, `new${i}`, `new${i}`, JSON.stringify({ kind: 'basic', front: `Imported ${i} ${long ? 'y'.repeat(100_001) : ''}`, back: 'Patched by the customer' }), first + i);
  }
  edit.run('Edited twice in one import', first + 7);
}

function kept(db: ReturnType<typeof databaseOf>) {
  return {
    text: db.prepare('SELECT rowid, text FROM card_text ORDER BY rowid').all(),
    long: db.prepare('SELECT id FROM card_text_long ORDER BY id').all(),
    counts: db.prepare('SELECT * FROM deck_card_counts WHERE n <> 0 ORDER BY 1, 2, 3').all(),
    decksWritten: db.prepare('SELECT deck_id FROM deck_card_writes ORDER BY 1').all(),
    slots: db.prepare('SELECT * FROM due_load_slots WHERE n <> 0 ORDER BY 1, 2').all(),
    marks: db.prepare('SELECT kind, ref, key, deck_id FROM sync_content_dirty ORDER BY 1, 2, 3').all(),
    trigram: db.prepare("SELECT rowid FROM card_text WHERE text LIKE '%uestio%' ORDER BY rowid").all(),
    edits: db.prepare('SELECT field, value FROM sync_local_edits ORDER BY rowid').all(),
    dueIndex: db.prepare('SELECT id FROM cards INDEXED BY cards_due WHERE suspended = 0 AND retired = 0 ORDER BY deck_id, state, due, last_review, id').all(),
    integrity: db.pragma('integrity_check'),
    ftsIntegrity: db.prepare("INSERT INTO card_text (card_text, rank) VALUES ('integrity-check', 1)").run().changes,
  };
}

function collectionWithDecks() {
  const collection = Collection.open({ file: ':memory:' });
  const db = databaseOf(collection);
  db.exec("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES ('a', 'A', 't', 'imported', 0), ('b', 'B', 't', 'imported', 0)");
  return { collection, db };
}

describe('inserting cards in bulk', () => {
  it('keeps what the per-row triggers keep, and puts the triggers back', () => {
    const one = collectionWithDecks();
    const bulk = collectionWithDecks();
    const before = { triggers: bulk.db.prepare(triggers).all(), indexes: bulk.db.prepare(indexes).all() };
    one.db.transaction(() => insertCards(one.db, 4))();
    bulk.db.transaction(() =>
      withBulkCardInserts(writeConnectionOf(bulk.db), () => {
        expect(bulk.db.prepare(triggers).all().length).toBeLessThan(before.triggers.length);
        expect(bulk.db.prepare(indexes).all().length).toBeLessThan(before.indexes.length);
        insertCards(bulk.db, 4);
      }),
    )();
    expect(kept(bulk.db)).toEqual(kept(one.db));
    expect(kept(bulk.db).text.length).toBeGreaterThan(100);
    expect(kept(bulk.db).edits.length).toBeGreaterThan(0);
    expect({ triggers: bulk.db.prepare(triggers).all(), indexes: bulk.db.prepare(indexes).all() }).toEqual(before);
    one.collection.close();
    bulk.collection.close();
  });

  it('keeps what the per-row triggers keep through an import that also changes and retires older cards', () => {
    const one = collectionWithDecks();
    const bulk = collectionWithDecks();
    for (const c of [one, bulk]) c.db.transaction(() => insertCards(c.db, 6))();
    const before = { triggers: bulk.db.prepare(triggers).all(), indexes: bulk.db.prepare(indexes).all() };
    one.db.transaction(() => importCards(one.db, 7))();
    bulk.db.transaction(() =>
      withBulkCardImport(writeConnectionOf(bulk.db), () => {
        // Only the card text index's insert trigger (and the sync marks' insert trigger) step aside; every index stays.
        expect(bulk.db.prepare(triggers).all().length).toBe(before.triggers.length - 2);
        expect(bulk.db.prepare(indexes).all()).toEqual(before.indexes);
        importCards(bulk.db, 7);
      }),
    )();
    expect(kept(bulk.db)).toEqual(kept(one.db));
    expect(bulk.db.prepare("SELECT count(*) FROM card_text WHERE text LIKE '%twice in one%'").pluck().get()).toBe(1);
    expect(kept(bulk.db).marks.length).toBeGreaterThan(100);
    expect({ triggers: bulk.db.prepare(triggers).all(), indexes: bulk.db.prepare(indexes).all() }).toEqual(before);
    one.collection.close();
    bulk.collection.close();
  });

  it('a write that fails inside the transaction leaves triggers and tables as they were', () => {
    const { collection, db } = collectionWithDecks();
    const before = { triggers: db.prepare(triggers).all(), indexes: db.prepare(indexes).all(), kept: kept(db) };
    expect(() =>
      db.transaction(() =>
        withBulkCardInserts(writeConnectionOf(db), () => {
          insertCards(db, 5);
          throw new Error('the disk is full');
        }),
      )(),
    ).toThrow('the disk is full');
    expect({ triggers: db.prepare(triggers).all(), indexes: db.prepare(indexes).all(), kept: kept(db) }).toEqual(before);
    collection.close();
  });
});
