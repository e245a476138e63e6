import type { Migration } from './migration.js';

/*
 * Card, deck and note content travels (electron/core/sync/card-content-events.ts).
 * Triggers mark what changed, in the same transaction as the change, by the
 * names every device shares (source deck and key, deck id, note key); a sync
 * round turns each mark into one event carrying the row as it is then, so
 * many edits of one card between two rounds travel as one. Built-in decks and
 * their cards come with the app and are never marked.
 *
 * - sync_content_dirty: what changed here since the last round. For a card,
 *   the deck it was in, so a card deleted with its deck (deleting a deck does
 *   not travel) is told apart from a card deleted on its own.
 * - sync_content_events: card, deck and note events, this device's and the
 *   others', winners and losers (the history); `pending` marks a winning card
 *   event whose deck is not here yet.
 * - sync_media_wanted: media a card that arrived refers to and whose bytes have
 *   not arrived yet, by content hash and the local name the card uses.
 */

const notApplying = `NOT EXISTS (SELECT 1 FROM sync_applying)`;
const notBuiltin = (deck: string) => `NOT EXISTS (SELECT 1 FROM decks WHERE id = ${deck} AND origin = 'builtin')`;
// No conflict clauses inside the triggers: an outer statement's own (an upsert, INSERT OR REPLACE) would override them.
const marked = (kind: string, ref: string, key: string) =>
  `EXISTS (SELECT 1 FROM sync_content_dirty WHERE kind = '${kind}' AND ref = ${ref} AND key = ${key})`;
const markCard = (row: 'NEW' | 'OLD') => `
      UPDATE sync_content_dirty SET deck_id = ${row}.deck_id WHERE kind = 'card' AND ref = ${row}.source_deck_id AND key = ${row}.key;
      INSERT INTO sync_content_dirty (kind, ref, key, deck_id) SELECT 'card', ${row}.source_deck_id, ${row}.key, ${row}.deck_id
        WHERE NOT ${marked('card', `${row}.source_deck_id`, `${row}.key`)};`;
const mark = (kind: 'deck' | 'note', ref: string) =>
  `INSERT INTO sync_content_dirty (kind, ref) SELECT '${kind}', ${ref} WHERE NOT ${marked(kind, ref, "''")};`;

export const cardContentSync: Migration = {
  version: 9,
  name: 'card-content-sync',
  up: `
    CREATE TABLE sync_content_dirty (
      kind TEXT NOT NULL CHECK (kind IN ('card', 'deck', 'note')),
      ref TEXT NOT NULL,
      key TEXT NOT NULL DEFAULT '',
      deck_id TEXT,
      PRIMARY KEY (kind, ref, key)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE sync_content_events (
      id TEXT PRIMARY KEY,
      device TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('card', 'deck', 'note')),
      hlc TEXT NOT NULL,
      field TEXT NOT NULL,
      pending INTEGER NOT NULL DEFAULT 0,
      body TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sync_content_events_device ON sync_content_events (device);
    CREATE INDEX sync_content_events_pending ON sync_content_events (field) WHERE pending = 1;

    CREATE TABLE sync_media_wanted (
      sha256 TEXT NOT NULL,
      name TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      PRIMARY KEY (sha256, name)
    ) STRICT, WITHOUT ROWID;

    CREATE TRIGGER cards_insert_content_sync AFTER INSERT ON cards
    WHEN ${notApplying} AND ${notBuiltin('NEW.source_deck_id')}
    BEGIN ${markCard('NEW')}
    END;
    CREATE TRIGGER cards_update_content_sync AFTER UPDATE OF deck_id, kind, content, source, tags, note_key, retired ON cards
    WHEN ${notApplying} AND ${notBuiltin('NEW.source_deck_id')}
      AND (OLD.deck_id IS NOT NEW.deck_id OR OLD.content IS NOT NEW.content OR OLD.source IS NOT NEW.source
        OR OLD.tags IS NOT NEW.tags OR OLD.note_key IS NOT NEW.note_key OR OLD.retired IS NOT NEW.retired)
    BEGIN ${markCard('NEW')}
    END;
    CREATE TRIGGER cards_delete_content_sync AFTER DELETE ON cards
    WHEN ${notApplying} AND ${notBuiltin('OLD.source_deck_id')}
    BEGIN ${markCard('OLD')}
    END;

    CREATE TRIGGER decks_insert_content_sync AFTER INSERT ON decks
    WHEN ${notApplying} AND NEW.origin <> 'builtin'
    BEGIN
      ${mark('deck', 'NEW.id')}
    END;
    CREATE TRIGGER decks_update_content_sync AFTER UPDATE OF title, service_type, description ON decks
    WHEN ${notApplying} AND NEW.origin <> 'builtin'
      AND (OLD.title IS NOT NEW.title OR OLD.service_type IS NOT NEW.service_type OR OLD.description IS NOT NEW.description)
    BEGIN
      ${mark('deck', 'NEW.id')}
    END;

    CREATE TRIGGER notes_insert_content_sync AFTER INSERT ON authored_notes
    WHEN ${notApplying}
    BEGIN
      ${mark('note', 'NEW.note_key')}
    END;
    CREATE TRIGGER notes_update_content_sync AFTER UPDATE OF type, fields ON authored_notes
    WHEN ${notApplying} AND (OLD.type IS NOT NEW.type OR OLD.fields IS NOT NEW.fields)
    BEGIN
      ${mark('note', 'NEW.note_key')}
    END;
    CREATE TRIGGER notes_delete_content_sync AFTER DELETE ON authored_notes
    WHEN ${notApplying}
    BEGIN
      ${mark('note', 'OLD.note_key')}
    END;

    -- What was made before this version travels on the next round too: decks first, so cards find theirs.
    INSERT OR IGNORE INTO sync_content_dirty (kind, ref) SELECT 'deck', id FROM decks WHERE origin <> 'builtin';
    INSERT OR IGNORE INTO sync_content_dirty (kind, ref) SELECT 'note', note_key FROM authored_notes;
    INSERT OR IGNORE INTO sync_content_dirty (kind, ref, key, deck_id)
      SELECT 'card', c.source_deck_id, c.key, c.deck_id FROM cards c
      WHERE NOT EXISTS (SELECT 1 FROM decks d WHERE d.id = c.source_deck_id AND d.origin = 'builtin');
  `,
};
