import type { Migration } from './migration.js';

/*
 * Aggregates and indexes for the stats screen. The aggregates serve its
 * grade-level figures (answer buttons, true retention, the responsibility
 * matrix), which daily_reviews cannot give: at a million log rows, reading
 * the log itself takes far longer than the screen may. Kept up to date by
 * triggers, like daily_reviews.
 *
 * Answers are the rows of kind learning, review and relearning (cram and
 * manual rows are not answers under the schedule). Each falls in a bucket by
 * the card's state when answered: learning (new or learning), relearning, or
 * a review that is young (< 21 days) or mature by the interval the card had
 * when answered. That interval is the row's own scheduled_days: ts-fsrs 5
 * logs the card as it was before the answer (its ReviewLog.scheduled_days is
 * the old interval, like Anki's lastIvl), and the review path stores that.
 * `first_answers` counts the answers that were the card's first answer of
 * the study day and of kind review: true retention counts only those.
 *
 * The insert trigger decides "first of the day" from the rows already
 * written, so it assumes a card's answers of one day are written in time
 * order, as the review path does and undo reverses; a bulk load out of order
 * must run `answerAggregatesBackfill` afterwards.
 */

/** The kinds of log row that are answers under the schedule. */
const answerKinds = `('learning', 'review', 'relearning')`;
/** SQL condition: p is an answer to the same card made before `row`, in (reviewed_at, id) order. */
const before = (row: 'NEW' | 'OLD') =>
  `p.card_id = ${row}.card_id AND p.kind IN ${answerKinds}
   AND p.reviewed_at <= ${row}.reviewed_at AND (p.reviewed_at < ${row}.reviewed_at OR p.id < ${row}.id)`;

const bucketOf = (row: 'NEW' | 'OLD') => `CASE
    WHEN ${row}.state_before IN (0, 1) THEN 'learning'
    WHEN ${row}.state_before = 3 THEN 'relearning'
    WHEN ${row}.scheduled_days >= 21 THEN 'mature'
    ELSE 'young'
  END`;

const firstOfDay = (row: 'NEW' | 'OLD') =>
  `(${row}.state_before = 2 AND ${row}.kind = 'review'
    AND NOT EXISTS (SELECT 1 FROM review_log p WHERE ${before(row)} AND p.day = ${row}.day))`;

/**
 * Every answer row with its bucket and whether it is a first answer of the
 * day (card_id, day, rating, bucket, first): the definition the triggers
 * apply row by row, over the whole log at once.
 */
export const classifiedAnswersSql = classifiedAnswers('');

/** The classification over the answers matching `where` (an SQL condition on review_log), with each row's id. */
export function classifiedAnswers(where: string): string {
  return `
  SELECT id, card_id, day, rating,
    CASE
      WHEN state_before IN (0, 1) THEN 'learning'
      WHEN state_before = 3 THEN 'relearning'
      WHEN scheduled_days >= 21 THEN 'mature'
      ELSE 'young'
    END AS bucket,
    (state_before = 2 AND kind = 'review' AND previous_day IS NOT day) AS first
  FROM (
    SELECT id, card_id, day, rating, state_before, kind, scheduled_days,
      lag(day) OVER (PARTITION BY card_id ORDER BY reviewed_at, id) AS previous_day
    FROM review_log
    WHERE kind IN ${answerKinds}${where ? ` AND (${where})` : ''}
  )`;
}

/** Recomputes both aggregate tables from the whole log (the migration's backfill; also after bulk loads). */
export const answerAggregatesBackfill = `
  DELETE FROM daily_answers;
  INSERT INTO daily_answers (day, deck_id, bucket, rating, answers, first_answers)
    SELECT a.day, c.deck_id, a.bucket, a.rating, count(*), sum(a.first)
    FROM (${classifiedAnswersSql}) a JOIN cards c ON c.id = a.card_id
    GROUP BY a.day, c.deck_id, a.bucket, a.rating;

  DELETE FROM daily_owner_answers;
  INSERT INTO daily_owner_answers (day, deck_id, owner, answers, correct)
    SELECT r.day, c.deck_id, c.owner, count(*), sum(r.correct <> 0)
    FROM review_log r JOIN cards c ON c.id = r.card_id
    WHERE r.correct IS NOT NULL AND c.owner IS NOT NULL
    GROUP BY r.day, c.deck_id, c.owner;
`;

export const answerAggregates: Migration = {
  version: 4,
  name: 'answer-aggregates',
  up: `
    CREATE TABLE daily_answers (
      day INTEGER NOT NULL,
      deck_id TEXT NOT NULL,
      bucket TEXT NOT NULL CHECK (bucket IN ('learning', 'young', 'mature', 'relearning')),
      rating INTEGER NOT NULL,
      answers INTEGER NOT NULL,
      first_answers INTEGER NOT NULL,
      PRIMARY KEY (day, deck_id, bucket, rating)
    ) STRICT, WITHOUT ROWID;

    -- Owner picks on responsibility cards (rows with correct set, cram included), by the card's true owner.
    CREATE TABLE daily_owner_answers (
      day INTEGER NOT NULL,
      deck_id TEXT NOT NULL,
      owner TEXT NOT NULL,
      answers INTEGER NOT NULL,
      correct INTEGER NOT NULL,
      PRIMARY KEY (day, deck_id, owner)
    ) STRICT, WITHOUT ROWID;

    -- Wrong owner picks per day and card, for the "most confused" list (a small slice of the log).
    CREATE INDEX review_log_wrong_owner ON review_log (day, card_id, picked_owner) WHERE correct = 0;

    -- Covers the stats screen's passes over the cards (states, memory, due dates) without reading card content.
    CREATE INDEX cards_stats ON cards (deck_id, owner, state, suspended, stability, difficulty, last_review, due) WHERE retired = 0;

    ${answerAggregatesBackfill}

    CREATE TRIGGER review_log_answers_insert AFTER INSERT ON review_log
    WHEN NEW.kind IN ${answerKinds}
    BEGIN
      INSERT INTO daily_answers (day, deck_id, bucket, rating, answers, first_answers)
        SELECT NEW.day, c.deck_id, ${bucketOf('NEW')}, NEW.rating, 1, ${firstOfDay('NEW')}
        FROM cards c WHERE c.id = NEW.card_id
        ON CONFLICT (day, deck_id, bucket, rating) DO UPDATE SET
          answers = answers + 1,
          first_answers = first_answers + excluded.first_answers;
    END;

    CREATE TRIGGER review_log_answers_delete AFTER DELETE ON review_log
    WHEN OLD.kind IN ${answerKinds}
    BEGIN
      UPDATE daily_answers SET
          answers = answers - 1,
          first_answers = first_answers - ${firstOfDay('OLD')}
        WHERE day = OLD.day AND rating = OLD.rating AND bucket = ${bucketOf('OLD')}
          AND deck_id = (SELECT deck_id FROM cards WHERE id = OLD.card_id);
      DELETE FROM daily_answers WHERE day = OLD.day AND answers <= 0;
    END;

    CREATE TRIGGER review_log_owner_insert AFTER INSERT ON review_log
    WHEN NEW.correct IS NOT NULL
    BEGIN
      INSERT INTO daily_owner_answers (day, deck_id, owner, answers, correct)
        SELECT NEW.day, c.deck_id, c.owner, 1, NEW.correct <> 0
        FROM cards c WHERE c.id = NEW.card_id AND c.owner IS NOT NULL
        ON CONFLICT (day, deck_id, owner) DO UPDATE SET
          answers = answers + 1,
          correct = correct + excluded.correct;
    END;

    CREATE TRIGGER review_log_owner_delete AFTER DELETE ON review_log
    WHEN OLD.correct IS NOT NULL
    BEGIN
      UPDATE daily_owner_answers SET
          answers = answers - 1,
          correct = correct - (OLD.correct <> 0)
        WHERE day = OLD.day
          AND deck_id = (SELECT deck_id FROM cards WHERE id = OLD.card_id)
          AND owner = (SELECT owner FROM cards WHERE id = OLD.card_id);
      DELETE FROM daily_owner_answers WHERE day = OLD.day AND answers <= 0;
    END;
  `,
};
