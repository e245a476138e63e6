import type { Migration } from './migration.js';

/**
 * Authoring: when each card was added (for `added:N`), the source fields of
 * notes written in the app (a cloze note makes one card per deletion), and
 * a log of every change made to cards outside review, so that each can be
 * undone and a card's edits stay on record next to its review history.
 */
export const cardEdits: Migration = {
  version: 6,
  name: 'card-edits',
  up: `
    ALTER TABLE cards ADD COLUMN added_at INTEGER;
    UPDATE cards SET added_at = (SELECT created_at FROM decks WHERE decks.id = cards.deck_id);

    CREATE TABLE authored_notes (
      note_key TEXT PRIMARY KEY,
      type TEXT NOT NULL CHECK (type IN ('basic', 'basic-reversed', 'cloze', 'responsibility', 'choice')),
      fields TEXT NOT NULL CHECK (json_valid(fields)),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE edit_batches (
      id INTEGER PRIMARY KEY,
      action TEXT NOT NULL CHECK (action IN ('add', 'edit', 'delete', 'suspend', 'unsuspend', 'move', 'tag', 'untag', 'reset')),
      summary TEXT NOT NULL,
      at INTEGER NOT NULL,
      undone_at INTEGER,
      -- authored_notes rows as they were before the batch: [{noteKey, row | null}]
      notes_before TEXT NOT NULL DEFAULT '[]'
    ) STRICT;

    -- One row per card a batch changed: the whole card row before and after, as JSON (before is NULL for a card the batch created).
    CREATE TABLE card_edits (
      id INTEGER PRIMARY KEY,
      batch_id INTEGER NOT NULL REFERENCES edit_batches(id) ON DELETE CASCADE,
      card_id INTEGER NOT NULL,
      before TEXT,
      after TEXT NOT NULL
    ) STRICT;
    CREATE INDEX card_edits_card ON card_edits (card_id);
    CREATE INDEX card_edits_batch ON card_edits (batch_id);
  `,
};
