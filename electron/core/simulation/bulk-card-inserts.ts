import type { WriteConnection } from '../db/collection-door.js';
import { withBulkCardMarks } from '../sync/bulk-card-marks.js';

/** Cards longer than this are listed in card_text_long instead of tokenized (migration 0013, whose own constant this mirrors). */
const longContent = 100_000;

/**
 * The per-row insert triggers on cards that have a set-wise equivalent: each
 * statement does for every card with id > @lastId what the trigger does for
 * one. A trigger not named here stays in place.
 */
const setWise: Record<string, readonly string[]> = {
  cards_insert_card_text: [
    `INSERT INTO card_text (rowid, text)
       SELECT id, CASE WHEN length(content) <= ${longContent} THEN demarc_search_text(content) ELSE '' END FROM cards WHERE id > @lastId`,
    `INSERT INTO card_text_long (id) SELECT id FROM cards WHERE id > @lastId AND length(content) > ${longContent}`,
  ],
  cards_deck_counts_insert: [
    `INSERT INTO deck_card_counts (deck_id, state, suspended, n)
       SELECT deck_id, state, suspended, count(*) FROM cards WHERE id > @lastId AND retired = 0 GROUP BY deck_id, state, suspended
       ON CONFLICT (deck_id, state, suspended) DO UPDATE SET n = n + excluded.n`,
    `INSERT INTO deck_card_writes (deck_id, stamp) SELECT DISTINCT deck_id, 1 FROM cards WHERE id > @lastId
       ON CONFLICT (deck_id) DO UPDATE SET stamp = stamp + 1`,
  ],
  cards_due_slots_insert: [
    `INSERT INTO due_load_slots (deck_id, slot, n)
       SELECT deck_id, CAST(due / 900000 AS INTEGER), count(*) FROM cards
       WHERE id > @lastId AND state = 2 AND suspended = 0 AND retired = 0 AND last_review IS NOT NULL GROUP BY 1, 2
       ON CONFLICT (deck_id, slot) DO UPDATE SET n = n + excluded.n`,
  ],
};

/**
 * Runs `write`, which only inserts cards above the collection's highest id,
 * with the per-row insert triggers that have a set-wise equivalent set aside
 * (the card text index, the deck counts, the due slots, and the sync marks
 * through `withBulkCardMarks`), then does their work in one statement each
 * and puts them back from their own CREATE text. A hundred thousand
 * generated cards thus cost about a fifth of what row-by-row triggers cost.
 * The caller owns the transaction, so a failure leaves everything as it was.
 */
export function withBulkCardInserts<T>(db: WriteConnection, write: () => T): T {
  const lastId = db.prepare('SELECT coalesce(max(id), 0) FROM cards').pluck().get() as number;
  const saved = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'cards' AND name IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(Object.keys(setWise))) as { name: string; sql: string }[];
  for (const t of saved) db.exec(`DROP TRIGGER "${t.name}"`);
  const result = withBulkCardMarks(db, write);
  for (const t of saved) for (const sql of setWise[t.name] ?? []) db.prepare(sql).run({ lastId });
  for (const t of saved) db.exec(t.sql);
  return result;
}
