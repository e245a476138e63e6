import type { WriteConnection } from '../db/collection-door.js';
import { withBulkCardMarks } from '../sync/bulk-card-marks.js';
import type { IndexOrTriggerRecord } from '../db/table-rows.js';
import { highestCardId } from './highest-card-id.js';

/** Cards longer than this are listed in card_text_long instead of tokenized (migration 0013, whose own constant this mirrors). */
const longContent = 100_000;

/**
 * The per-row triggers on cards that have a set-wise equivalent for new
 * cards: each group's statements do for every card with id > @lastId what its
 * triggers did for that card, from the card's final row (its insert and any
 * later update of it together). A group is set aside only when all its
 * triggers are there; a trigger not named here stays in place. A group of
 * insert triggers alone (`insertOnly`) can be set aside while older cards are
 * updated too: their own update triggers stay in place.
 */
const setWise: readonly { triggers: readonly string[]; insertOnly: boolean; statements: readonly string[] }[] = [
  {
    triggers: ['cards_insert_card_text'],
    insertOnly: true,
    statements: [
      // What the insert trigger does first; a new card whose text an update in the write already indexed is indexed once.
      'DELETE FROM card_text WHERE rowid > @lastId',
      'DELETE FROM card_text_long WHERE id > @lastId',
      `INSERT INTO card_text (rowid, text)
         SELECT id, CASE WHEN length(content) <= ${longContent} THEN demarc_search_text(content) ELSE '' END FROM cards WHERE id > @lastId`,
      `INSERT INTO card_text_long (id) SELECT id FROM cards WHERE id > @lastId AND length(content) > ${longContent}`,
    ],
  },
  {
    triggers: ['cards_deck_counts_insert', 'cards_deck_counts_update'],
    insertOnly: false,
    statements: [
      `INSERT INTO deck_card_counts (deck_id, state, suspended, n)
         SELECT deck_id, state, suspended, count(*) FROM cards WHERE id > @lastId AND retired = 0 GROUP BY deck_id, state, suspended
         ON CONFLICT (deck_id, state, suspended) DO UPDATE SET n = n + excluded.n`,
      `INSERT INTO deck_card_writes (deck_id, stamp) SELECT DISTINCT deck_id, 1 FROM cards WHERE id > @lastId
         ON CONFLICT (deck_id) DO UPDATE SET stamp = stamp + 1`,
    ],
  },
  {
    triggers: ['cards_due_slots_insert', 'cards_due_slots_update'],
    insertOnly: false,
    statements: [
      `INSERT INTO due_load_slots (deck_id, slot, n)
         SELECT deck_id, CAST(due / 900000 AS INTEGER), count(*) FROM cards
         WHERE id > @lastId AND state = 2 AND suspended = 0 AND retired = 0 AND last_review IS NOT NULL GROUP BY 1, 2
         ON CONFLICT (deck_id, slot) DO UPDATE SET n = n + excluded.n`,
    ],
  },
];

/**
 * Runs `write`, which inserts cards above the collection's highest id and
 * may then update those new cards (never older ones, never a delete), with
 * the cards' secondary indexes and the triggers that have a set-wise
 * equivalent set aside (the card text index, the deck counts, the due slots,
 * and the sync marks through `withBulkCardMarks`). Afterwards each index is
 * built once, sorted, each group's work is done in one statement, and
 * everything is put back from its own CREATE text. A million generated
 * cards thus cost a fraction of what row-by-row triggers and scattered
 * index inserts cost. Triggers that fire only on a column the write rarely
 * changes (a suspension's sync record, a tag change's sync mark) stay in
 * place. The caller owns the transaction, so a failure leaves everything as
 * it was.
 */
export function withBulkCardInserts<T>(db: WriteConnection, write: () => T): T {
  return setAside(db, 'new cards only', write);
}

/**
 * The same for an import, which inserts cards above the highest id and may
 * also update or retire older cards (a deck imported again): only the groups
 * of insert triggers are set aside (the card text index: every new card's
 * text tokenized in one statement, not in one FTS5 insert per card), with
 * the sync marks through `withBulkCardMarks`; the indexes and every update
 * trigger stay, so what happens to older cards is kept as always.
 */
export function withBulkCardImport<T>(db: WriteConnection, write: () => T): T {
  return setAside(db, 'older cards too', write);
}

function setAside<T>(db: WriteConnection, scope: 'new cards only' | 'older cards too', write: () => T): T {
  const lastId = highestCardId(db);
  const objects = db
    .prepare<[], IndexOrTriggerRecord>("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'cards' AND type IN ('index', 'trigger') AND sql IS NOT NULL")
    .all();
  const present = new Set(objects.filter((o) => o.type === 'trigger').map((o) => o.name));
  const groups = setWise.filter((g) => (scope === 'new cards only' || g.insertOnly) && g.triggers.every((t) => present.has(t)));
  const asideTriggers = new Set(groups.flatMap((g) => g.triggers));
  const aside = objects.filter((o) => (o.type === 'index' && scope === 'new cards only') || asideTriggers.has(o.name));
  for (const o of aside) db.exec(`DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} "${o.name.replaceAll('"', '""')}"`);
  const result = withBulkCardMarks(db, write);
  for (const o of aside.filter((a) => a.type === 'index')) db.exec(o.sql);
  for (const g of groups) for (const sql of g.statements) db.prepare(sql).run({ lastId });
  for (const o of aside.filter((a) => a.type === 'trigger')) db.exec(o.sql);
  return result;
}
