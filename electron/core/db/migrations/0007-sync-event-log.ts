import type { Migration } from './migration.js';

/*
 * The sync event log. Answers are the review_log rows themselves: a row gets
 * its event id (and the device that made it) when a sync round takes it in,
 * so the answer path writes nothing new and an answer that was never synced
 * and is undone simply disappears. Everything else that travels is an event
 * row here:
 *
 * - sync_events: undos, field edits (last writer wins by hybrid logical
 *   clock, losers kept as history) and answers for cards this device does not
 *   have (yet), exactly as they travel (`body`).
 * - sync_outbox: events taken in locally but not yet written to a change file;
 *   rows leave only after the file is renamed into place.
 * - sync_local_edits: field edits made on this device, written by the
 *   triggers below in the same transaction as the edit.
 * - sync_fields: the winning edit of every field seen.
 * - sync_card_replay: per card, the memory state after the last replayed
 *   answer, so an answer that arrives in order costs one FSRS step.
 * - sync_files: change files already read (or written) by this device.
 * - sync_state: this device's sync settings and status (never travels).
 * - sync_applying: holds one row while a merge applies remote edits, so the
 *   triggers do not take them for local ones.
 */

const nowMs = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;
const notApplying = `NOT EXISTS (SELECT 1 FROM sync_applying)`;
const travellingSettings = [
  'desiredRetention', 'maximumIntervalDays', 'newPerDay', 'reviewsPerDay', 'learningSteps', 'relearningSteps',
  'rolloverHour', 'leechThreshold', 'leechAction', 'enableFuzz', 'examDate', 'examDeckIds', 'fsrsWeights',
];
const settingList = travellingSettings.map((k) => `'${k}'`).join(', ');

const deckOption = (column: string, name: string) => `
    CREATE TRIGGER decks_${column}_sync AFTER UPDATE OF ${column} ON decks
    WHEN OLD.${column} IS NOT NEW.${column} AND ${notApplying}
    BEGIN
      INSERT INTO sync_local_edits (field, value, at)
        VALUES (json_array('deck', NEW.id, '${name}'), json_quote(NEW.${column}), ${nowMs});
    END;`;

export const syncEventLog: Migration = {
  version: 7,
  name: 'sync-event-log',
  up: `
    ALTER TABLE review_log ADD COLUMN event_id TEXT;
    ALTER TABLE review_log ADD COLUMN event_device TEXT;
    CREATE UNIQUE INDEX review_log_event ON review_log (event_id) WHERE event_id IS NOT NULL;
    CREATE INDEX review_log_untaken ON review_log (id) WHERE event_id IS NULL;

    CREATE TABLE sync_events (
      id TEXT PRIMARY KEY,
      device TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('answer', 'undo', 'set')),
      hlc TEXT,
      field TEXT,
      answer_id TEXT,
      card_deck TEXT,
      card_key TEXT,
      pending INTEGER NOT NULL DEFAULT 0,
      body TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sync_events_device ON sync_events (device);
    CREATE INDEX sync_events_pending ON sync_events (card_deck, card_key) WHERE pending = 1;

    CREATE TABLE sync_outbox (
      seq INTEGER PRIMARY KEY,
      event_id TEXT NOT NULL UNIQUE,
      body TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sync_local_edits (
      seq INTEGER PRIMARY KEY,
      field TEXT NOT NULL,
      value TEXT NOT NULL,
      at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE sync_fields (
      field TEXT PRIMARY KEY,
      hlc TEXT NOT NULL,
      event_id TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sync_card_replay (
      card_id INTEGER PRIMARY KEY REFERENCES cards(id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      event_id TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      memory TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sync_files (
      device TEXT NOT NULL,
      name TEXT NOT NULL,
      size INTEGER NOT NULL,
      mtime_ms INTEGER NOT NULL,
      own INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (device, name)
    ) STRICT;

    CREATE TABLE sync_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sync_applying (one INTEGER PRIMARY KEY CHECK (one = 1)) STRICT;

    -- Undoing an answer that has already travelled is itself an event. A card
    -- deleted with its deck takes its log rows with it: that is no undo.
    CREATE TRIGGER review_log_undo_sync AFTER DELETE ON review_log
    WHEN OLD.event_id IS NOT NULL AND EXISTS (SELECT 1 FROM cards WHERE id = OLD.card_id)
    BEGIN
      INSERT OR IGNORE INTO sync_events (id, device, type, answer_id, card_deck, card_key, body)
        SELECT 'undo:' || OLD.event_id, d.value, 'undo', OLD.event_id, c.source_deck_id, c.key,
          json_object('type', 'undo', 'id', 'undo:' || OLD.event_id, 'device', d.value, 'answer', OLD.event_id,
            'card', json_object('deck', c.source_deck_id, 'key', c.key))
        FROM cards c, sync_state d WHERE c.id = OLD.card_id AND d.key = 'deviceId';
      INSERT OR IGNORE INTO sync_outbox (event_id, body)
        SELECT id, body FROM sync_events WHERE id = 'undo:' || OLD.event_id AND device = (SELECT value FROM sync_state WHERE key = 'deviceId');
    END;

    CREATE TRIGGER cards_suspended_sync AFTER UPDATE OF suspended ON cards
    WHEN OLD.suspended IS NOT NEW.suspended AND ${notApplying}
    BEGIN
      INSERT INTO sync_local_edits (field, value, at)
        VALUES (json_array('card', NEW.source_deck_id, NEW.key, 'suspended'), CASE WHEN NEW.suspended THEN 'true' ELSE 'false' END, ${nowMs});
    END;
    ${deckOption('new_per_day', 'newPerDay')}
    ${deckOption('reviews_per_day', 'reviewsPerDay')}
    ${deckOption('exam_date', 'examDate')}

    CREATE TRIGGER settings_insert_sync AFTER INSERT ON settings
    WHEN NEW.key IN (${settingList}) AND json_valid(NEW.value) AND ${notApplying}
    BEGIN
      INSERT INTO sync_local_edits (field, value, at) VALUES (json_array('setting', NEW.key), NEW.value, ${nowMs});
    END;
    CREATE TRIGGER settings_update_sync AFTER UPDATE OF value ON settings
    WHEN NEW.key IN (${settingList}) AND OLD.value IS NOT NEW.value AND json_valid(NEW.value) AND ${notApplying}
    BEGIN
      INSERT INTO sync_local_edits (field, value, at) VALUES (json_array('setting', NEW.key), NEW.value, ${nowMs});
    END;
  `,
};

export { travellingSettings };
