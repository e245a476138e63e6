import type { Migration } from './migration.js';

/**
 * The study queue reads each deck's due reviews, learning cards and first
 * new cards: their id, deck, note and due, skipping those buried today
 * (review/study-queue.ts). The two indexes it walks held neither the note
 * nor the day a card is buried until, so every candidate
 * cost a lookup in the table: 2,000 scattered rows for a morning's session
 * at ten million reviews, 51 ms on the first session after opening (the
 * rows not yet in the page cache), 7 ms on later ones. Holding them, the
 * queue reads the indexes alone (2.6 ms, the first session included).
 * Same cards in the same order; only an index entry is longer (a note key
 * of about 20 bytes). The new-card index holds the columns of its own
 * condition too: SQLite reads a query from it alone only then (the due
 * index's condition it takes from the index's WHERE).
 */
export const coveringQueueIndexes: Migration = {
  version: 21,
  name: 'covering-queue-indexes',
  up: `
    DROP INDEX cards_due;
    CREATE INDEX cards_due ON cards (deck_id, state, due, last_review, buried_day, note_key) WHERE suspended = 0 AND retired = 0;
    DROP INDEX cards_new;
    CREATE INDEX cards_new ON cards (deck_id, position, buried_day, note_key, due, state, suspended, retired) WHERE state = 0 AND suspended = 0 AND retired = 0;
  `,
};
