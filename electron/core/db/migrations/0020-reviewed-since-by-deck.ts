import type { Migration } from './migration.js';

/**
 * The balancer's per-day load takes off the deck's cards already reviewed
 * today (scheduling/deck-load.ts). Led by the last review, the index made
 * every such read walk today's reviews of every deck, each with a lookup in
 * the table (11,000 of them, about 0.5 ms, at 10 million reviews), once for
 * each answer. Led by the deck, it walks that deck's alone, and holding the
 * columns its condition names (SQLite does not take them from the partial
 * index's WHERE) it needs no table lookup. Same cards.
 */
export const reviewedSinceByDeck: Migration = {
  version: 20,
  name: 'reviewed-since-by-deck',
  up: `
    DROP INDEX cards_reviewed_since;
    CREATE INDEX cards_reviewed_since ON cards (deck_id, last_review, due, state, suspended, retired) WHERE state = 2 AND suspended = 0 AND retired = 0;
  `,
};
