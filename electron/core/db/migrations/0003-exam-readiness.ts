import type { Migration } from './migration.js';

/** One readiness figure per study day, so Today can show how it moved. */
export const examReadiness: Migration = {
  version: 3,
  name: 'exam-readiness',
  up: `
    CREATE TABLE exam_readiness (
      day INTEGER PRIMARY KEY,
      exam_date TEXT NOT NULL,
      readiness REAL NOT NULL,
      card_count INTEGER NOT NULL
    ) STRICT;
  `,
};
