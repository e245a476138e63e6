import type { Migration } from './migration.js';

/*
 * Per-deck figures the Decks and Today screens show, kept by triggers so that
 * neither screen passes over every card:
 *
 * - deck_card_counts: the active (not retired) cards of each deck by state
 *   and suspension, exactly what `GROUP BY deck_id, state, suspended` over
 *   the cards gives (a group whose cards all left keeps a row with n = 0).
 * - deck_card_writes: a counter per deck that moves on every write to one of
 *   its cards or to one of their log rows. What depends on a deck's cards and
 *   today's log (its mastery, decks/deck-mastery.ts) is kept while the
 *   counter stands still, and read again for that deck alone when it moves.
 *
 * - cards_deck_known: a deck's active cards with what their known value
 *   needs (mastery/known-sql.ts), so a deck's mastery is read from the index
 *   alone.
 *
 * The count triggers fire only when a card's deck, state, suspension or
 * retirement changes; the counter trigger adds one small keyed write to each
 * card write. A bulk load that sets the triggers aside must run
 * `deckAggregatesBackfill` afterwards.
 */

/** Rebuilds both tables from the cards. */
export const deckAggregatesBackfill = `
  DELETE FROM deck_card_counts;
  INSERT INTO deck_card_counts (deck_id, state, suspended, n)
    SELECT deck_id, state, suspended, count(*) FROM cards WHERE retired = 0 GROUP BY deck_id, state, suspended;
  UPDATE deck_card_writes SET stamp = stamp + 1;
  INSERT INTO deck_card_writes (deck_id, stamp) SELECT DISTINCT deck_id, 1 FROM cards WHERE true ON CONFLICT (deck_id) DO NOTHING;
`;

const bump = (deck: string) => `INSERT INTO deck_card_writes (deck_id, stamp) VALUES (${deck}, 1) ON CONFLICT (deck_id) DO UPDATE SET stamp = stamp + 1;`;
const countUp = `INSERT INTO deck_card_counts (deck_id, state, suspended, n) SELECT NEW.deck_id, NEW.state, NEW.suspended, 1 WHERE NEW.retired = 0
    ON CONFLICT (deck_id, state, suspended) DO UPDATE SET n = n + 1;`;
const countDown = `UPDATE deck_card_counts SET n = n - 1 WHERE OLD.retired = 0 AND deck_id = OLD.deck_id AND state = OLD.state AND suspended = OLD.suspended;`;

export const deckAggregates: Migration = {
  version: 15,
  name: 'deck-aggregates',
  up: `
    CREATE TABLE deck_card_counts (
      deck_id TEXT NOT NULL,
      state INTEGER NOT NULL,
      suspended INTEGER NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (deck_id, state, suspended)
    ) WITHOUT ROWID;
    CREATE TABLE deck_card_writes (
      deck_id TEXT NOT NULL PRIMARY KEY,
      stamp INTEGER NOT NULL
    ) WITHOUT ROWID;
    ${deckAggregatesBackfill}
    CREATE INDEX cards_deck_known ON cards (deck_id, state, stability, last_review) WHERE retired = 0 AND suspended = 0;

    CREATE TRIGGER cards_deck_counts_insert AFTER INSERT ON cards BEGIN
      ${countUp}
      ${bump('NEW.deck_id')}
    END;
    CREATE TRIGGER cards_deck_counts_delete AFTER DELETE ON cards BEGIN
      ${countDown}
      ${bump('OLD.deck_id')}
    END;
    CREATE TRIGGER cards_deck_counts_update AFTER UPDATE ON cards BEGIN
      ${countDown.replace('WHERE', `WHERE (OLD.deck_id IS NOT NEW.deck_id OR OLD.state IS NOT NEW.state OR OLD.suspended IS NOT NEW.suspended OR OLD.retired IS NOT NEW.retired) AND`)}
      ${countUp.replace('WHERE', `WHERE (OLD.deck_id IS NOT NEW.deck_id OR OLD.state IS NOT NEW.state OR OLD.suspended IS NOT NEW.suspended OR OLD.retired IS NOT NEW.retired) AND`)}
      ${bump('NEW.deck_id')}
      UPDATE deck_card_writes SET stamp = stamp + 1 WHERE OLD.deck_id IS NOT NEW.deck_id AND deck_id = OLD.deck_id;
    END;
    CREATE TRIGGER review_log_deck_writes_insert AFTER INSERT ON review_log BEGIN
      UPDATE deck_card_writes SET stamp = stamp + 1 WHERE deck_id = (SELECT deck_id FROM cards WHERE id = NEW.card_id);
    END;
    CREATE TRIGGER review_log_deck_writes_delete AFTER DELETE ON review_log BEGIN
      UPDATE deck_card_writes SET stamp = stamp + 1 WHERE deck_id = (SELECT deck_id FROM cards WHERE id = OLD.card_id);
    END;
  `,
};
