import type { Migration } from './migration.js';

/**
 * The wrong owner picks of each card in day order, for the Stats screen's
 * "most confused" list (stats/owner-confusions.ts): over a long period it
 * counts the picks card by card along this index, in the order GROUP BY
 * card_id wants, instead of sorting a year of wrong picks; and a card's
 * picks by owner are a few keyed reads. Only wrong picks are in it, so an
 * answer adds to it only when it is one.
 */
export const wrongPicksByCard: Migration = {
  version: 18,
  name: 'wrong-picks-by-card',
  up: `
    CREATE INDEX review_log_wrong_card ON review_log (card_id, day, picked_owner) WHERE correct = 0;
  `,
};
