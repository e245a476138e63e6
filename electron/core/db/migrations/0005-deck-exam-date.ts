import type { Migration } from './migration.js';

/** A deck may have an exam date of its own (YYYY-MM-DD), ahead of the collection's. */
export const deckExamDate: Migration = {
  version: 5,
  name: 'deck-exam-date',
  up: `ALTER TABLE decks ADD COLUMN exam_date TEXT CHECK (exam_date IS NULL OR exam_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');`,
};
