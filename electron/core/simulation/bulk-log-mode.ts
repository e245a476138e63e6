import { answerAggregatesBackfill } from '../db/answer-aggregates.js';
import type { WriteConnection } from '../db/collection-door.js';
import type { IndexOrTriggerRecord } from '../db/table-rows.js';

/**
 * Runs `load` with the review log stripped of its triggers and secondary
 * indexes, then puts every one of them back exactly as it was (from its own
 * CREATE statement in sqlite_schema) and rebuilds the trigger-maintained
 * aggregates from the log. A million per-row trigger runs and scattered index
 * inserts cost far more than one GROUP BY and one sorted index build.
 * The caller owns the transaction, so a failure leaves the schema untouched.
 */
export function withBulkReviewLog<T>(db: WriteConnection, load: () => T): T {
  const saved = db
    .prepare<[], IndexOrTriggerRecord>("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'review_log' AND type IN ('index', 'trigger') AND sql IS NOT NULL")
    .all();
  for (const o of saved) db.exec(`DROP ${o.type === 'index' ? 'INDEX' : 'TRIGGER'} "${o.name.replaceAll('"', '""')}"`);
  const result = load();
  // Indexes first: the aggregate rebuilds below read the log through them.
  for (const o of saved.filter((s) => s.type === 'index')) db.exec(o.sql);
  rebuildDailyReviews(db);
  rebuildAnswerAggregates(db);
  // The log's trigger that moves each deck's write counter was set aside too: move them all, so that what is kept
  // per deck until its counter moves (Decks' mastery, Stats' card figures) is read again.
  if (db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'deck_card_writes'").pluck().get() === 1) {
    db.exec('UPDATE deck_card_writes SET stamp = stamp + 1');
  }
  for (const o of saved.filter((s) => s.type === 'trigger')) db.exec(o.sql);
  return result;
}

/** The backfill of migration 0002 (daily_reviews), run over the whole log. */
export function rebuildDailyReviews(db: WriteConnection): void {
  db.exec(`
    DELETE FROM daily_reviews;
    INSERT INTO daily_reviews (day, deck_id, kind, reviews, correct, duration_ms)
      SELECT r.day, c.deck_id, r.kind, count(*), sum(r.rating > 1), sum(r.duration_ms)
      FROM review_log r JOIN cards c ON c.id = r.card_id
      GROUP BY r.day, c.deck_id, r.kind;
  `);
}

/** The backfill of the answer aggregates (migration 0004), when the collection has them. */
export function rebuildAnswerAggregates(db: WriteConnection): void {
  const present = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('daily_answers', 'daily_owner_answers')").pluck().get();
  if (present === 2) db.exec(answerAggregatesBackfill);
}
