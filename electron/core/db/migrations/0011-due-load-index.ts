import type { Migration } from './migration.js';

/**
 * The due index also holds each card's last review, so the load balancer's
 * count of reviews due per day in a deck (scheduling/deck-load.ts) is read
 * from the index alone, without a table lookup per card; the daily queue's
 * reads use the same index as before (same name, same leading columns).
 */
export const dueLoadIndex: Migration = {
  version: 11,
  name: 'due-load-index',
  up: `
    DROP INDEX cards_due;
    CREATE INDEX cards_due ON cards (deck_id, state, due, last_review) WHERE suspended = 0 AND retired = 0;
  `,
};
