import { buriedDaySchema, cardFlagSchema, manualDueSchema, resetMomentSchema } from '../domain/value-rules.js';
import { presetConfigSchema, presetNameSchema, defaultPresetName } from '../presets/preset-schema.js';
import { z } from 'zod';
import { cached } from '../db/statement-cache.js';
import { fieldKey, presetUidPattern, type SetEvent } from './sync-event.js';
import type { WriteConnection } from '../db/collection-door.js';
import { hasReplayableAnswers } from './replay-cards.js';

/** What applying an edit did to the merge: cards to replay, schedulers to rebuild. */
export interface ScheduleEditEffects {
  touchedCards: Set<number>;
  fullReplay: Set<number>;
  settingsChanged: boolean;
}

/*
 * The edits of migration 0015 as they arrive from another device: burying,
 * flags, resets and due dates set by hand, presets, which deck uses which
 * and deleting a deck. Each is the winning edit of its field (the caller
 * checked its stamp and holds the transaction and the sync_applying row).
 * Its value is checked against the rule the API applies
 * (domain/value-rules.ts, presets/preset-schema.ts): a value that fails is
 * kept in history and never applied, like every other edit.
 */

const presetValueSchema = z.object({ name: presetNameSchema, config: presetConfigSchema }).strict().nullable();

/** The value each of these fields takes: the rules the API applies to the same change. */
const valueSchemas = {
  buried: buriedDaySchema,
  flag: cardFlagSchema,
  reset: resetMomentSchema,
  setDue: manualDueSchema,
  preset: presetValueSchema,
  deckPreset: z.string().regex(presetUidPattern).nullable(),
  deleted: z.literal(true),
};

function valueSchemaOf(e: SetEvent): z.ZodType | null {
  const f = e.field;
  if (f[0] === 'preset') return valueSchemas.preset;
  if (f[0] === 'card' && f[3] !== 'suspended') return valueSchemas[f[3]];
  if (f[0] === 'deck' && f[2] === 'preset') return valueSchemas.deckPreset;
  if (f[0] === 'deck' && f[2] === 'deleted') return valueSchemas.deleted;
  return null;
}

/**
 * A card's winning suspension, by source deck and key: applied when it wins
 * (merge-events.ts) and when the card arrives after it (card-content-apply.ts),
 * retired or not, so every device holds the same flag whichever came first.
 * Returns whether it found the card.
 */
export function applySuspension(db: WriteConnection, deck: string, key: string, suspended: boolean): boolean {
  return cached(db, 'UPDATE cards SET suspended = ? WHERE source_deck_id = ? AND key = ?').run(suspended ? 1 : 0, deck, key).changes > 0;
}

export function isScheduleEdit(e: SetEvent): boolean {
  return valueSchemaOf(e) !== null;
}

/**
 * Whether an arriving edit's value is one the API could have written. One
 * that is not is refused on arrival with the other invalid events (counted,
 * never stored, never winning its field); every other edit passes.
 */
export function scheduleValueIsValid(e: SetEvent): boolean {
  const schema = valueSchemaOf(e);
  return schema === null || schema.safeParse(e.value).success;
}

export function applyScheduleEdit(db: WriteConnection, e: SetEvent, r: ScheduleEditEffects): boolean {
  const f = e.field;
  if (f[0] === 'card') return applyCardEdit(db, f[1], f[2], f[3], e.value, r);
  if (f[0] === 'preset') return applyPreset(db, f[1], e.value, r);
  if (f[0] === 'deck' && f[2] === 'preset') return applyDeckPreset(db, f[1], e.value, r);
  if (f[0] === 'deck' && f[2] === 'deleted') return applyDeckDeletion(db, f[1], e, r);
  return false;
}

function applyCardEdit(db: WriteConnection, deck: string, key: string, field: string, value: unknown, r: ScheduleEditEffects): boolean {
  const id = cached<number>(db, 'SELECT id FROM cards WHERE source_deck_id = ? AND key = ?').pluck().get(deck, key);
  if (id === undefined) return false;
  if (field === 'buried') {
    const parsed = buriedDaySchema.safeParse(value);
    return parsed.success && cached(db, 'UPDATE cards SET buried_day = ? WHERE id = ?').run(parsed.data, id).changes > 0;
  }
  if (field === 'flag') {
    const parsed = cardFlagSchema.safeParse(value);
    return parsed.success && cached(db, 'UPDATE cards SET flag = ? WHERE id = ?').run(parsed.data, id).changes > 0;
  }
  // A reset or a due date set by hand changes what the card's history gives: the card is replayed.
  if (field === 'reset') {
    const parsed = resetMomentSchema.safeParse(value);
    if (!parsed.success) return false;
    cached(db, 'UPDATE cards SET reset_at = ? WHERE id = ?').run(parsed.data, id);
  } else if (field === 'setDue') {
    const parsed = manualDueSchema.safeParse(value);
    if (!parsed.success) return false;
    cached(db, 'UPDATE cards SET set_due = ? WHERE id = ?').run(parsed.data === null ? null : JSON.stringify(parsed.data), id);
    if (!hasReplayableAnswers(db, id)) {
      // No history to replay (a schedule that came with an imported deck): the due date is set on the card as it stands.
      const m = parsed.data;
      if (m !== null) {
        cached(db, `UPDATE cards SET due = @due, scheduled_days = @days, state = CASE WHEN state IN (1, 3) AND @days > 0 THEN 2 ELSE state END
          WHERE id = @id AND state <> 0 AND reset_at <= @at AND (last_review IS NULL OR last_review < @at)`).run({ ...m, id });
      }
      return true;
    }
  } else return false;
  r.touchedCards.add(id);
  r.fullReplay.add(id);
  return true;
}

/**
 * A preset made, changed or deleted on another device. Two presets of one
 * name (made on two devices before they synced) both stay: the one with the
 * larger uid is renamed "<name> (<first four digits of its uid>)" on every
 * device, whichever arrived first.
 */
function applyPreset(db: WriteConnection, uid: string, value: unknown, r: ScheduleEditEffects): boolean {
  const parsed = presetValueSchema.safeParse(value);
  if (!parsed.success) return false;
  r.settingsChanged = true;
  if (parsed.data === null) return cached(db, 'DELETE FROM presets WHERE uid = ?').run(uid).changes > 0;
  const { name, config } = parsed.data;
  if (name.toLowerCase() === defaultPresetName.toLowerCase()) return false;
  const clash = cached<{ id: number; uid: string; name: string }>(db, 'SELECT id, uid, name FROM presets WHERE name = ? COLLATE NOCASE AND uid IS NOT ?').get(name, uid);
  let stored = name;
  if (clash) {
    if (clash.uid < uid) stored = suffixed(name, uid);
    else cached(db, 'UPDATE presets SET name = ? WHERE id = ?').run(suffixed(clash.name, clash.uid), clash.id);
  }
  if (cached(db, 'SELECT 1 FROM presets WHERE name = ? COLLATE NOCASE AND uid IS NOT ?').get(stored, uid)) return false;
  const existed = cached(db, 'SELECT 1 FROM presets WHERE uid = ?').get(uid) !== undefined;
  cached(db, `INSERT INTO presets (name, config, uid) VALUES (?, ?, ?)
    ON CONFLICT (uid) DO UPDATE SET name = excluded.name, config = excluded.config`).run(stored, JSON.stringify(config), uid);
  // Decks whose winning assignment named this preset before it was here.
  if (!existed) {
    const assigned = cached<string>(db, `SELECT json_extract(e.body, '$.field[1]') FROM sync_fields f JOIN sync_events e ON e.id = f.event_id
        WHERE f.field LIKE '["deck",%,"preset"]' AND json_extract(e.body, '$.value') = ?`).pluck().all(uid);
    const assign = cached(db, 'UPDATE decks SET preset_id = (SELECT id FROM presets WHERE uid = ?) WHERE id = ?');
    for (const deck of assigned) assign.run(uid, deck);
  }
  return true;
}

function suffixed(name: string, uid: string): string {
  return `${name.slice(0, 93)} (${uid.slice(0, 4)})`;
}

/** A deck's preset by uid (null: Default). A preset not here (deleted, or not arrived yet) leaves the deck on Default until it comes. */
function applyDeckPreset(db: WriteConnection, deck: string, value: unknown, r: ScheduleEditEffects): boolean {
  const parsed = valueSchemas.deckPreset.safeParse(value);
  if (!parsed.success) return false;
  const presetId = parsed.data === null ? null : (cached<number>(db, 'SELECT id FROM presets WHERE uid = ?').pluck().get(parsed.data) ?? null);
  const changed = cached(db, 'UPDATE decks SET preset_id = ? WHERE id = ? AND preset_id IS NOT ?').run(presetId, deck, presetId).changes > 0;
  if (changed) r.settingsChanged = true;
  return changed;
}

/**
 * A deck deleted on another device: deleted here with its cards and their
 * history, as deleting it here does, unless its title or description was
 * changed (or the deck made again) with a later stamp. Built-in decks come
 * with the app and are never deleted from the folder.
 */
function applyDeckDeletion(db: WriteConnection, deck: string, e: SetEvent, r: ScheduleEditEffects): boolean {
  if (e.value !== true) return false;
  const row = cached<{ origin: string }>(db, 'SELECT origin FROM decks WHERE id = ?').get(deck);
  if (!row || row.origin === 'builtin') return false;
  const meta = cached<string>(db, 'SELECT hlc FROM sync_fields WHERE field = ?').pluck().get(fieldKey(['deck', deck, 'meta']));
  if (meta !== undefined && meta > e.hlc) return false;
  cached(db, 'DELETE FROM cards WHERE deck_id = ?').run(deck);
  cached(db, 'DELETE FROM daily_reviews WHERE deck_id = ?').run(deck);
  cached(db, 'DELETE FROM decks WHERE id = ?').run(deck);
  r.settingsChanged = true;
  return true;
}
