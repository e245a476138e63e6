import type { Migration } from './migration.js';

/**
 * Per-day, per-deck review totals, kept up to date by triggers on the review
 * log so that the stats screen never has to scan a million log rows for its
 * daily charts. Backfilled from the existing log.
 */
export const dailyAggregates: Migration = {
  version: 2,
  name: 'daily-aggregates',
  up: `
    CREATE TABLE daily_reviews (
      day INTEGER NOT NULL,
      deck_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      reviews INTEGER NOT NULL,
      correct INTEGER NOT NULL,
      duration_ms INTEGER NOT NULL,
      PRIMARY KEY (day, deck_id, kind)
    ) STRICT, WITHOUT ROWID;

    INSERT INTO daily_reviews (day, deck_id, kind, reviews, correct, duration_ms)
      SELECT r.day, c.deck_id, r.kind, count(*), sum(r.rating > 1), sum(r.duration_ms)
      FROM review_log r JOIN cards c ON c.id = r.card_id
      GROUP BY r.day, c.deck_id, r.kind;

    CREATE TRIGGER review_log_aggregate_insert AFTER INSERT ON review_log
    BEGIN
      INSERT INTO daily_reviews (day, deck_id, kind, reviews, correct, duration_ms)
        VALUES (NEW.day, (SELECT deck_id FROM cards WHERE id = NEW.card_id), NEW.kind, 1, NEW.rating > 1, NEW.duration_ms)
        ON CONFLICT (day, deck_id, kind) DO UPDATE SET
          reviews = reviews + 1,
          correct = correct + excluded.correct,
          duration_ms = duration_ms + excluded.duration_ms;
    END;

    CREATE TRIGGER review_log_aggregate_delete AFTER DELETE ON review_log
    BEGIN
      UPDATE daily_reviews SET
          reviews = reviews - 1,
          correct = correct - (OLD.rating > 1),
          duration_ms = duration_ms - OLD.duration_ms
        WHERE day = OLD.day AND kind = OLD.kind
          AND deck_id = (SELECT deck_id FROM cards WHERE id = OLD.card_id);
      DELETE FROM daily_reviews WHERE reviews <= 0;
    END;
  `,
};
