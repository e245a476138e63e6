import type { WriteConnection } from '../db/collection-door.js';
import { highestCardId } from '../cards/highest-card-id.js';

const insertTrigger = 'cards_insert_content_sync';

/**
 * Runs `write` (an import's card writes) with the trigger that marks each
 * inserted card for sync set aside, then marks every card it inserted in one
 * statement, exactly as the trigger would have (not built-in, not a card
 * arriving through sync), and puts the trigger back from its own CREATE
 * text. A 50,000-card import thus pays one INSERT … SELECT instead of
 * 50,000 trigger runs (about a second). Updates and retirements keep their
 * triggers: they fire only for rows that really change. The caller owns the
 * transaction, so a failure leaves trigger and marks as they were.
 */
export function withBulkCardMarks<T>(db: WriteConnection, write: () => T): T {
  const sql = db.prepare<[string], string>("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?").pluck().get(insertTrigger);
  if (!sql) return write();
  const lastId = highestCardId(db);
  db.exec(`DROP TRIGGER ${insertTrigger}`);
  const result = write();
  db.prepare(`
    INSERT INTO sync_content_dirty (kind, ref, key, deck_id)
      SELECT 'card', c.source_deck_id, c.key, c.deck_id FROM cards c
      WHERE c.id > ? AND NOT EXISTS (SELECT 1 FROM sync_applying)
        AND NOT EXISTS (SELECT 1 FROM decks d WHERE d.id = c.source_deck_id AND d.origin = 'builtin')
      ON CONFLICT (kind, ref, key) DO UPDATE SET deck_id = excluded.deck_id`).run(lastId);
  db.exec(sql);
  return result;
}
