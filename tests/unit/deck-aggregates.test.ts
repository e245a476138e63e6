import { describe, expect, it } from 'vitest';
import { openSqliteFile } from '../../electron/core/db/sqlite-file.js';
import { migrate } from '../../electron/core/db/migrate.js';
import { SeededRandom } from '../../electron/core/domain/seeded-random.js';
import { deckMastery } from '../../electron/core/decks/deck-mastery.js';
import { failedTodayCte, knownSql, type KnownParams } from '../../electron/core/mastery/known-sql.js';
import { dueSlotMs as slotWidthBuilt } from '../../electron/core/db/migrations/0016-due-load-slots.js';
import { dueSlotMs } from '../../electron/core/db/due-load-slots.js';

const day = 86_400_000;
const today = 20_000;
const decks = ['a', 'b', 'c'];

it('reads the due-load slots at the width schema step 16 built them with', () => {
  expect(dueSlotMs).toBe(slotWidthBuilt);
});

function randomCollection(seed: number) {
  const db = openSqliteFile(':memory:');
  migrate(db);
  for (const d of decks) db.prepare("INSERT INTO decks (id, title, service_type, origin, created_at) VALUES (?, ?, 't', 'imported', 0)").run(d, d);
  const rng = SeededRandom.stream(seed, 'deck-aggregates');
  const insert = db.prepare(
    `INSERT INTO cards (id, deck_id, source_deck_id, key, note_key, kind, content, position, state, due, stability, last_review, suspended, retired)
     VALUES (?, ?, ?, ?, ?, 'basic', '{"kind":"basic","front":"f","back":"b"}', ?, ?, ?, ?, ?, ?, ?)`,
  );
  let next = 1;
  const addCard = () => {
    const id = next++;
    const deck = decks[rng.int(decks.length)] as string;
    const state = rng.int(4);
    insert.run(id, deck, deck, `k${id}`, `n${id}`, id, state, (today + rng.int(40)) * day + rng.int(day), state > 0 ? 1 + rng.next() * 50 : 0,
      state > 0 ? (today - rng.int(30)) * day + rng.int(day) : null, rng.chance(0.1) ? 1 : 0, rng.chance(0.05) ? 1 : 0);
  };
  for (let i = 0; i < 300; i++) addCard();
  const anyCard = () => db.prepare('SELECT id FROM cards ORDER BY id LIMIT 1 OFFSET ?').pluck().get(rng.int(250)) as number;
  const writes: (() => void)[] = [
    () => db.prepare('UPDATE cards SET state = ?, due = ?, stability = ?, last_review = ? WHERE id = ?').run(rng.int(4), (today + rng.int(40)) * day + rng.int(day), 1 + rng.next() * 9, today * day + rng.int(day), anyCard()),
    () => db.prepare('UPDATE cards SET suspended = 1 - suspended WHERE id = ?').run(anyCard()),
    () => db.prepare('UPDATE cards SET retired = 1 - retired WHERE id = ?').run(anyCard()),
    () => db.prepare('UPDATE cards SET deck_id = ? WHERE id = ?').run(decks[rng.int(decks.length)], anyCard()),
    () => db.prepare('UPDATE cards SET last_review = NULL WHERE id = ?').run(anyCard()),
    () => db.prepare('DELETE FROM cards WHERE id = ?').run(anyCard()),
    () => db.prepare("INSERT INTO review_log (card_id, reviewed_at, day, rating, state_before, kind, scheduled_days, elapsed_days, duration_ms) VALUES (?, ?, ?, 1, 2, 'review', 3, 3, 1000)").run(anyCard(), today * day + 5, today),
    addCard,
  ];
  return { db, rng, writes };
}

const params: KnownParams = { knownAt: (today + 30) * day, knownToday: today, knownFactor: 19 / 81, knownDecay: -0.5 };

function plainMastery(db: ReturnType<typeof openSqliteFile>) {
  const rows = db
    .prepare(
      `WITH ${failedTodayCte}
       SELECT deck_id AS deckId, count(*) AS total, sum(state > 0) AS seen, sum(${knownSql()}) AS knownSum
       FROM cards NOT INDEXED WHERE retired = 0 AND suspended = 0 GROUP BY deck_id`,
    )
    .all(params) as { deckId: string; total: number; seen: number; knownSum: number }[];
  return new Map(rows.map((r) => [r.deckId, { known: r.knownSum / r.total, total: r.total, seen: r.seen }]));
}

function shown(m: Map<string, { known: number; total: number; seen: number }>) {
  return [...m].filter(([, v]) => v.total > 0).map(([k, v]) => [k, v.total, v.seen, v.known.toFixed(9)]).sort();
}

describe('what is kept per deck', () => {
  it('holds what a pass over the cards gives, through random writes of every kind', () => {
    for (const seed of [1, 2, 3, 4]) {
      const { db, rng, writes } = randomCollection(seed);
      for (let round = 0; round < 40; round++) {
        for (let k = rng.int(4); k >= 0; k--) (writes[rng.int(writes.length)] as () => void)();
        const counts = db.prepare('SELECT deck_id, state, suspended, n FROM deck_card_counts WHERE n <> 0 ORDER BY 1, 2, 3').all();
        expect(counts).toEqual(db.prepare('SELECT deck_id, state, suspended, count(*) AS n FROM cards NOT INDEXED WHERE retired = 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3').all());
        const slots = db.prepare('SELECT deck_id, slot, n FROM due_load_slots WHERE n <> 0 ORDER BY 1, 2').all();
        expect(slots).toEqual(
          db
            .prepare(
              `SELECT deck_id, CAST(due / ${dueSlotMs} AS INTEGER) AS slot, count(*) AS n FROM cards NOT INDEXED
               WHERE state = 2 AND suspended = 0 AND retired = 0 AND last_review IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
            )
            .all(),
        );
        // Read twice: the second read comes from what was kept, and must agree as well.
        expect(shown(deckMastery(db, params))).toEqual(shown(plainMastery(db)));
        expect(shown(deckMastery(db, params))).toEqual(shown(plainMastery(db)));
      }
      db.close();
    }
  });

  it('reads a deck again only when one of its cards or log rows was written', () => {
    const { db } = randomCollection(9);
    deckMastery(db, params);
    const stamps = () => new Map((db.prepare('SELECT deck_id, stamp FROM deck_card_writes').all() as { deck_id: string; stamp: number }[]).map((r) => [r.deck_id, r.stamp]));
    const before = stamps();
    const card = db.prepare("SELECT id FROM cards WHERE deck_id = 'a' LIMIT 1").pluck().get() as number;
    db.prepare('UPDATE cards SET stability = stability + 1 WHERE id = ?').run(card);
    const after = stamps();
    expect(after.get('a')).toBe((before.get('a') ?? 0) + 1);
    expect(after.get('b')).toBe(before.get('b'));
    expect(shown(deckMastery(db, params))).toEqual(shown(plainMastery(db)));
    db.close();
  });
});
