/*
 * The answer classification behind the stats aggregates (daily_answers,
 * daily_owner_answers), for running code: bulk loads append to the log and
 * rebuild the aggregates with it, and Stats reads answers by it. Migration
 * 0004 holds its own copy, frozen as it ran; a later change to the
 * classification is a new migration that rebuilds the triggers, and
 * tests/unit/history-generator.test.ts checks this backfill against what
 * the triggers wrote.
 */

/** The kinds of log row that are answers under the schedule. */
const answerKinds = `('learning', 'review', 'relearning')`;
/** SQL condition: p is an answer to the same card made before `row`, in (reviewed_at, id) order. */
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
