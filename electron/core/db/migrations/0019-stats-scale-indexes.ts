import type { Migration } from './migration.js';

/**
 * Indexes that keep the Stats report from passing over all cards or a year
 * of the log on every report:
 *
 * - review_log_wrong_card: the wrong owner picks of each card in day order,
 *   for the "most confused" list (stats/owner-confusions.ts). Over a long
 *   period the picks are counted card by card along it, in the order
 *   GROUP BY card_id wants, instead of sorting a year of them; a card's
 *   picks by owner are a few keyed reads. Only wrong picks are in it.
 * - cards_memory_phase: the cards with a memory state (studied, active, with
 *   a stability and a last review) of each deck by the time of day of their
 *   last review (last_review modulo 24 hours), with what their
 *   retrievability needs. A card's whole days since its last review, and so
 *   its retrievability bin, change only when the clock passes that time of
 *   day, so the bins kept from the last report are brought up to now by
 *   reading only the cards whose time of day the clock passed since
 *   (stats/kept-retrievability.ts); a deck whose cards changed is read
 *   again from this index alone.
 */
export const statsScaleIndexes: Migration = {
  version: 19,
  name: 'stats-scale-indexes',
  up: `
    CREATE INDEX review_log_wrong_card ON review_log (card_id, day, picked_owner) WHERE correct = 0;
    CREATE INDEX cards_memory_phase ON cards (deck_id, (last_review % 86400000), stability, last_review)
      WHERE retired = 0 AND state > 0 AND stability > 0 AND last_review IS NOT NULL;
  `,
};
