import type { Collection } from '../../electron/core/collection.js';
import { databaseOf } from './collection-database.js';

/**
 * What two synced collections must agree on: the review log (by event id,
 * with every field that travels), every studied or suspended card's
 * scheduling state (by deck and key, since row ids differ between devices;
 * a never-studied card's due time is when this device created it, so it is left out),
 * deck options (with the deck's preset) and the settings that travel, the
 * content of every card, deck and note that is not built in, each card's
 * flag, burying, reset and hand-set due date, and the presets.
 */
export function syncedView(c: Collection): { log: unknown[]; cards: unknown[]; decks: unknown[]; settings: unknown[]; content: unknown[]; notes: unknown[]; marks: unknown[]; presets: unknown[] } {
  const log = databaseOf(c)
    .prepare(`SELECT r.event_id, k.source_deck_id, k.key, r.reviewed_at, r.day, r.rating, r.state_before, r.kind, r.scheduled_days,
        r.elapsed_days, r.duration_ms, r.stability_after, r.difficulty_after, r.picked_owner, r.correct
      FROM review_log r JOIN cards k ON k.id = r.card_id ORDER BY r.event_id`)
    .all();
  const cards = databaseOf(c)
    .prepare(`SELECT source_deck_id, key, state, CASE WHEN state = 0 AND reps = 0 THEN NULL ELSE due END AS due, stability, difficulty, scheduled_days, learning_steps, reps, lapses, last_review, suspended
      FROM cards WHERE reps > 0 OR suspended = 1 OR state <> 0 ORDER BY source_deck_id, key`)
    .all();
  const decks = databaseOf(c)
    .prepare('SELECT d.id, d.new_per_day, d.reviews_per_day, d.exam_date, p.uid AS preset FROM decks d LEFT JOIN presets p ON p.id = d.preset_id ORDER BY d.id')
    .all();
  // What the learner did to every card's schedule by hand, and the presets (by uid: row ids differ).
  const marks = databaseOf(c).prepare('SELECT source_deck_id, key, flag, buried_day, reset_at, set_due FROM cards WHERE flag <> 0 OR buried_day <> 0 OR reset_at <> 0 OR set_due IS NOT NULL ORDER BY source_deck_id, key').all();
  const presets = databaseOf(c).prepare('SELECT uid, name, config FROM presets ORDER BY uid').all()
    .map((r) => ({ ...(r as { config: string }), config: JSON.parse((r as { config: string }).config) as unknown }));
  const settings = databaseOf(c).prepare("SELECT key, value FROM settings WHERE key <> 'theme' ORDER BY key").all();
  // Content of the cards and notes that travel (built-in decks come with the app).
  const content = databaseOf(c)
    .prepare(`SELECT source_deck_id, key, deck_id, note_key, kind, content, source, tags, retired FROM cards
      WHERE NOT EXISTS (SELECT 1 FROM decks d WHERE d.id = source_deck_id AND d.origin = 'builtin') ORDER BY source_deck_id, key`)
    .all()
    // A card's content is a JSON document: the order of its keys does not matter.
    .map((r) => ({ ...(r as { content: string }), content: JSON.parse((r as { content: string }).content) as unknown }));
  const notes = databaseOf(c).prepare('SELECT note_key, type, fields FROM authored_notes ORDER BY note_key').all()
    .map((r) => ({ ...(r as { fields: string }), fields: JSON.parse((r as { fields: string }).fields) as unknown }));
  return { log, cards, decks, settings, content, notes, marks, presets };
}
