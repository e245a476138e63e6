import type Database from 'better-sqlite3';
import { classifiedAnswers } from './answer-aggregates.js';
import { oneRow } from './typed-statements.js';

/**
 * Runs `append` (which only adds review_log rows) with the log's aggregate
 * triggers set aside, then adds the new rows' share to the aggregates in three
 * grouped statements and puts the triggers back from their own CREATE text.
 * An import of 200,000 reviews thus pays for three GROUP BYs instead of
 * 600,000 trigger runs. The caller owns the transaction, so a failure leaves
 * triggers and aggregates as they were.
 *
 * "First answer of the day" is decided over each touched card's whole log, so
 * new rows are classified exactly as the triggers would have; an imported row
 * that lands before an existing answer of the same card and day does not
 * re-classify that existing answer (rare: imports of overlapping histories).
 */
export function withBulkReviewAppend<T>(db: Database.Database, append: () => T): T {
  const lastId = oneRow(db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM review_log').pluck().get());
  const triggers = db
    .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'review_log' AND sql IS NOT NULL")
    .all();
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name.replaceAll('"', '""')}"`);
  const result = append();
  const fresh = { lastId };
  db.prepare(`
    INSERT INTO daily_reviews (day, deck_id, kind, reviews, correct, duration_ms)
      SELECT r.day, c.deck_id, r.kind, count(*), sum(r.rating > 1), sum(r.duration_ms)
      FROM review_log r JOIN cards c ON c.id = r.card_id WHERE r.id > @lastId
      GROUP BY r.day, c.deck_id, r.kind
      ON CONFLICT (day, deck_id, kind) DO UPDATE SET
        reviews = reviews + excluded.reviews, correct = correct + excluded.correct, duration_ms = duration_ms + excluded.duration_ms`).run(fresh);
  if (hasAnswerAggregates(db)) {
    const touched = 'card_id IN (SELECT DISTINCT card_id FROM review_log WHERE id > @lastId)';
    db.prepare(`
      INSERT INTO daily_answers (day, deck_id, bucket, rating, answers, first_answers)
        SELECT a.day, c.deck_id, a.bucket, a.rating, count(*), sum(a.first)
        FROM (${classifiedAnswers(touched)}) a JOIN cards c ON c.id = a.card_id
        WHERE a.id > @lastId
        GROUP BY a.day, c.deck_id, a.bucket, a.rating
        ON CONFLICT (day, deck_id, bucket, rating) DO UPDATE SET
          answers = answers + excluded.answers, first_answers = first_answers + excluded.first_answers`).run(fresh);
    db.prepare(`
      INSERT INTO daily_owner_answers (day, deck_id, owner, answers, correct)
        SELECT r.day, c.deck_id, c.owner, count(*), sum(r.correct <> 0)
        FROM review_log r JOIN cards c ON c.id = r.card_id
        WHERE r.id > @lastId AND r.correct IS NOT NULL AND c.owner IS NOT NULL
        GROUP BY r.day, c.deck_id, c.owner
        ON CONFLICT (day, deck_id, owner) DO UPDATE SET answers = answers + excluded.answers, correct = correct + excluded.correct`).run(fresh);
  }
  // The log's share of what is kept per deck (migration 0018) is read again for every deck.
  if (db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'deck_card_writes'").pluck().get() === 1) {
    db.exec('UPDATE deck_card_writes SET stamp = stamp + 1');
  }
  for (const t of triggers) db.exec(t.sql);
  return result;
}

function hasAnswerAggregates(db: Database.Database): boolean {
  return db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('daily_answers', 'daily_owner_answers')").pluck().get() === 2;
}
