import type { Migration } from './migration.js';

/**
 * A deck's browser lists its cards in the deck's own order (deck, position,
 * card id: search/search-sort.ts), and Browse does the same across decks
 * when no column is chosen. Without an index in that order every page sorted
 * every card of the deck (0.9 s for a deck's first page at a million
 * cards); with this one a page is a walk along the index, and a deck's count
 * reads only the index. The card id is the index's last key (every index
 * ends in the rowid), so ties in position keep one order. Only the columns
 * that never change when a card is answered: studying pays nothing for it.
 *
 * cards_retired lists the retired cards alone (normally few): a word search's
 * count takes them from its matches without reading any card
 * (search/word-search.ts).
 */
export const browseOrderIndex: Migration = {
  version: 18,
  name: 'browse-order-index',
  up: `
    CREATE INDEX cards_browse_order ON cards (deck_id, position) WHERE retired = 0;
    CREATE INDEX cards_retired ON cards (id) WHERE retired = 1;
  `,
};
