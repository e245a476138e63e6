import type { Migration } from './migration.js';

/**
 * Stats by fact (stats/fact-groups-sql.ts) look for notes with several
 * responsibility cards: this partial index holds exactly the cards that
 * question reads, in note order, so it is answered from the index instead of
 * a pass over every card with a table lookup each.
 */
export const statsIndexes: Migration = {
  version: 12,
  name: 'stats-indexes',
  up: `
    CREATE INDEX cards_owned_note ON cards (note_key, owner, retired) WHERE retired = 0 AND owner IS NOT NULL;
  `,
};
