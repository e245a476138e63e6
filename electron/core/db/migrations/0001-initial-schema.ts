import type { Migration } from './migration.js';

export const initialSchema: Migration = {
  version: 1,
  name: 'initial-schema',
  up: `
    CREATE TABLE decks (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      service_type TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      origin TEXT NOT NULL CHECK (origin IN ('builtin', 'imported')),
      new_per_day INTEGER,
      reviews_per_day INTEGER,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE cards (
      id INTEGER PRIMARY KEY,
      deck_id TEXT NOT NULL REFERENCES decks(id) ON DELETE CASCADE,
      source_deck_id TEXT NOT NULL,
      key TEXT NOT NULL,
      note_key TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('responsibility', 'basic', 'choice')),
      content TEXT NOT NULL,
      owner TEXT CHECK (owner IN ('aws', 'customer', 'shared')),
      service TEXT,
      source TEXT NOT NULL DEFAULT '',
      tags TEXT NOT NULL DEFAULT '',
      position INTEGER NOT NULL,
      state INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
      due INTEGER NOT NULL DEFAULT 0,
      stability REAL NOT NULL DEFAULT 0,
      difficulty REAL NOT NULL DEFAULT 0,
      scheduled_days INTEGER NOT NULL DEFAULT 0,
      learning_steps INTEGER NOT NULL DEFAULT 0,
      reps INTEGER NOT NULL DEFAULT 0,
      lapses INTEGER NOT NULL DEFAULT 0,
      last_review INTEGER,
      suspended INTEGER NOT NULL DEFAULT 0,
      buried_day INTEGER NOT NULL DEFAULT 0,
      retired INTEGER NOT NULL DEFAULT 0,
      UNIQUE (source_deck_id, key)
    ) STRICT;

    -- The daily queue reads due cards per deck and new cards in deck order.
    CREATE INDEX cards_due ON cards (deck_id, state, due) WHERE suspended = 0 AND retired = 0;
    CREATE INDEX cards_new ON cards (deck_id, position) WHERE state = 0 AND suspended = 0 AND retired = 0;
    CREATE INDEX cards_note ON cards (note_key);

    CREATE TABLE review_log (
      id INTEGER PRIMARY KEY,
      card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
      reviewed_at INTEGER NOT NULL,
      day INTEGER NOT NULL,
      rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
      state_before INTEGER NOT NULL CHECK (state_before BETWEEN 0 AND 3),
      kind TEXT NOT NULL CHECK (kind IN ('learning', 'review', 'relearning', 'cram', 'manual')),
      scheduled_days INTEGER NOT NULL,
      elapsed_days INTEGER NOT NULL,
      duration_ms INTEGER NOT NULL,
      stability_after REAL,
      difficulty_after REAL,
      picked_owner TEXT CHECK (picked_owner IN ('aws', 'customer', 'shared')),
      correct INTEGER
    ) STRICT;

    CREATE INDEX review_log_card ON review_log (card_id, reviewed_at);
    CREATE INDEX review_log_day ON review_log (day);

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- Identifies the file as a Demarc collection (a foreign SQLite file has no such row).
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
    INSERT INTO meta (key, value) VALUES ('application', 'demarc');
  `,
};
