import type { Migration } from './migration.js';

/*
 * What the learner does to a card's schedule and the scheduling options
 * travels like every other edit (migration 0007): a trigger records each
 * change in sync_local_edits in the same transaction, and the last edit of a
 * field by hybrid logical clock wins everywhere.
 *
 * - cards.reset_at: when the card was last reset to new (0: never). A reset
 *   is a mark in the card's history: a replay of its answers from the merged
 *   log (sync/replay-cards.ts) skips those before it, so the next sync no
 *   longer brings the old schedule back.
 * - cards.set_due: a due date set by hand ({at, due, days}, or NULL): set due
 *   date, or the schedule kept when the settings change without
 *   rescheduling. A replay keeps it until the card's next answer.
 * - presets.uid: a preset's name on every device (row ids differ between
 *   devices); a deck's preset travels as that uid.
 * - burying, flags, presets (made, changed, deleted), which deck uses which
 *   preset, and deleting a deck of one's own or an imported one.
 */

const nowMs = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;
const notApplying = `NOT EXISTS (SELECT 1 FROM sync_applying)`;

const cardField = (column: string, name: string, value: string) => `
    CREATE TRIGGER cards_${column}_sync AFTER UPDATE OF ${column} ON cards
    WHEN OLD.${column} IS NOT NEW.${column} AND ${notApplying}
    BEGIN
      INSERT INTO sync_local_edits (field, value, at)
        VALUES (json_array('card', NEW.source_deck_id, NEW.key, '${name}'), ${value}, ${nowMs});
    END;`;

const presetValue = (row: string) => `json_object('name', ${row}.name, 'config', json(${row}.config))`;

export const scheduleSync: Migration = {
  // Its place in the list decides the version; the list is renumbered when other schema steps land before it.
  version: 14,
  name: 'schedule-sync',
  up: `
    ALTER TABLE cards ADD COLUMN reset_at INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE cards ADD COLUMN set_due TEXT CHECK (set_due IS NULL OR json_valid(set_due));
    ALTER TABLE presets ADD COLUMN uid TEXT;
    UPDATE presets SET uid = lower(hex(randomblob(8)));
    CREATE UNIQUE INDEX presets_uid ON presets (uid);

    ${cardField('buried_day', 'buried', 'NEW.buried_day')}
    ${cardField('flag', 'flag', 'NEW.flag')}
    ${cardField('reset_at', 'reset', 'NEW.reset_at')}
    ${cardField('set_due', 'setDue', "coalesce(NEW.set_due, 'null')")}

    CREATE TRIGGER decks_preset_sync AFTER UPDATE OF preset_id ON decks
    WHEN OLD.preset_id IS NOT NEW.preset_id AND ${notApplying}
    BEGIN
      INSERT INTO sync_local_edits (field, value, at)
        VALUES (json_array('deck', NEW.id, 'preset'), json_quote((SELECT uid FROM presets WHERE id = NEW.preset_id)), ${nowMs});
    END;

    CREATE TRIGGER decks_delete_sync AFTER DELETE ON decks
    WHEN OLD.origin <> 'builtin' AND ${notApplying}
    BEGIN
      INSERT INTO sync_local_edits (field, value, at) VALUES (json_array('deck', OLD.id, 'deleted'), 'true', ${nowMs});
    END;

    -- A preset made here gets its uid first; one arriving from another device comes with its own.
    CREATE TRIGGER presets_insert_sync AFTER INSERT ON presets
    WHEN ${notApplying}
    BEGIN
      UPDATE presets SET uid = lower(hex(randomblob(8))) WHERE id = NEW.id AND uid IS NULL;
      INSERT INTO sync_local_edits (field, value, at)
        SELECT json_array('preset', p.uid), ${presetValue('p')}, ${nowMs} FROM presets p WHERE p.id = NEW.id;
    END;
    CREATE TRIGGER presets_update_sync AFTER UPDATE OF name, config ON presets
    WHEN (OLD.name IS NOT NEW.name OR OLD.config IS NOT NEW.config) AND ${notApplying}
    BEGIN
      INSERT INTO sync_local_edits (field, value, at) VALUES (json_array('preset', NEW.uid), ${presetValue('NEW')}, ${nowMs});
    END;
    CREATE TRIGGER presets_delete_sync AFTER DELETE ON presets
    WHEN ${notApplying}
    BEGIN
      INSERT INTO sync_local_edits (field, value, at) VALUES (json_array('preset', OLD.uid), 'null', ${nowMs});
    END;
  `,
};
