import type { Migration } from './migration.js';

/**
 * Practice exams: each timed test taken, the score the memory model predicted
 * before it and the one achieved, and each item with what was chosen, whether
 * it was right and whether it was marked for review. Finishing records each
 * answer as a review of the item's card (and a miss as Again on the studied
 * cards of its fact group): ordinary review_log rows, which travel with sync;
 * these tables stay on this machine.
 */
export const practiceExams: Migration = {
  version: 10,
  name: 'practice-exams',
  up: `
    CREATE TABLE practice_exams (
      id INTEGER PRIMARY KEY,
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      time_limit_ms INTEGER NOT NULL CHECK (time_limit_ms > 0),
      retake_of INTEGER REFERENCES practice_exams(id) ON DELETE SET NULL,
      item_count INTEGER NOT NULL CHECK (item_count > 0),
      predicted REAL NOT NULL CHECK (predicted BETWEEN 0 AND 1),
      correct INTEGER,
      timed_out INTEGER NOT NULL DEFAULT 0,
      -- What finishing wrote to the schedule: reviews recorded and the cards they touched.
      recorded_reviews INTEGER NOT NULL DEFAULT 0,
      recorded_cards INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    CREATE TABLE practice_exam_items (
      exam_id INTEGER NOT NULL REFERENCES practice_exams(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
      predicted REAL NOT NULL CHECK (predicted BETWEEN 0 AND 1),
      chosen TEXT CHECK (chosen IS NULL OR json_valid(chosen)),
      correct INTEGER,
      marked INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (exam_id, position)
    ) STRICT;
    CREATE INDEX practice_exam_items_card ON practice_exam_items (card_id);
  `,
};
