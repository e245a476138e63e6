import type { Migration } from './migration.js';

/**
 * Named presets of scheduling options, Anki's model: each deck uses one
 * (NULL = the Default preset, which is the collection's own settings). A
 * preset's options are one JSON object, validated by the back end on every
 * read and write. Cards get a flag, set from the review screen.
 */
export const deckPresets: Migration = {
  // Its place in the list decides the version; the list is renumbered when other schema steps land before it.
  version: 8,
  name: 'deck-presets',
  up: `
    CREATE TABLE presets (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 100),
      config TEXT NOT NULL CHECK (json_valid(config))
    ) STRICT;
    ALTER TABLE decks ADD COLUMN preset_id INTEGER REFERENCES presets(id) ON DELETE SET NULL;
    -- A card's flag in review (Ctrl+1…4): 0 none, 1 red, 2 orange, 3 green, 4 blue, as in Anki.
    ALTER TABLE cards ADD COLUMN flag INTEGER NOT NULL DEFAULT 0 CHECK (flag BETWEEN 0 AND 4);
  `,
};
