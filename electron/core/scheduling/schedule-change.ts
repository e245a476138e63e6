import type { WriteConnection } from '../db/collection-door.js';
import { stableCardNumber } from './card-number.js';
import type { FsrsScheduler } from './fsrs-scheduler.js';
import { replayAnswers, type ReplayAnswer } from '../sync/card-replay.js';

/*
 * Changing the scheduling options (desired retention, parameters, steps,
 * maximum interval, a deck's preset) asks whether to reschedule the cards
 * already studied, as Anki's "Reschedule cards on change" does; not
 * rescheduling is the default. Either way the outcome is an edit of each
 * card that travels (migration 0015), so a synced collection ends where an
 * unsynced one does:
 *
 * - keep: each studied card's due date is kept as a due date set by hand
 *   (cards.set_due) as of now, which a sync's replay of the card's history
 *   under the new options honours until the card's next answer;
 * - reschedule: each studied card is scheduled again from its history under
 *   the new options, exactly as a sync's replay does, and any due date set by
 *   hand is cleared.
 */

/** Which cards a change touches: the given decks' (null: every deck's), studied, not retired. */
function scope(deckIds: readonly string[] | null): { sql: string; params: string[] } {
  if (deckIds === null) return { sql: '', params: [] };
  return { sql: ` AND deck_id IN (${deckIds.map(() => '?').join(', ') || "''"})`, params: [...deckIds] };
}

/** Keeps each studied card's current due date through the change; returns how many cards it marked. */
export function keepSchedules(db: WriteConnection, deckIds: readonly string[] | null, now: number): number {
  const where = scope(deckIds);
  return db
    .prepare(
      `UPDATE cards SET set_due = json_object('at', CAST(@now AS INTEGER), 'due', due, 'days', min(max(scheduled_days, 0), 36500))
       WHERE state <> 0 AND retired = 0 AND due BETWEEN 0 AND @latest${where.sql}
         AND (set_due IS NULL OR json_extract(set_due, '$.due') IS NOT due OR json_extract(set_due, '$.at') <= coalesce(last_review, 0))`,
    )
    .run({ now, latest: Date.UTC(2200, 0, 1) }, ...where.params).changes;
}

/** Schedules each studied card again from its history under the options now in force; returns how many. */
export function rescheduleCards(db: WriteConnection, deckIds: readonly string[] | null, schedulerFor: (deckId: string) => FsrsScheduler): number {
  const where = scope(deckIds);
  const cards = db
    .prepare<unknown[], { id: number; deckId: string; deck: string; key: string; resetAt: number }>(
      `SELECT id, deck_id AS deckId, source_deck_id AS deck, key, reset_at AS resetAt FROM cards WHERE state <> 0 AND retired = 0${where.sql}`,
    )
    .all(...where.params);
  const history = db.prepare<[number, number], ReplayAnswer>(`SELECT reviewed_at AS at, coalesce(event_id, '') AS eventId, rating, kind FROM review_log
    WHERE card_id = ? AND kind IN ('learning', 'review', 'relearning') AND reviewed_at >= ? ORDER BY reviewed_at, event_id, id`);
  const update = db.prepare(`UPDATE cards SET state = @state, due = @due, stability = @stability, difficulty = @difficulty,
    scheduled_days = @scheduledDays, learning_steps = @learningSteps, reps = @reps, lapses = @lapses, last_review = @lastReview, set_due = NULL WHERE id = @id`);
  let changed = 0;
  for (const c of cards) {
    const answers = history.all(c.id, c.resetAt);
    // A schedule with no history behind it (it came with an imported deck) has nothing to recompute from.
    if (answers.length === 0) continue;
    const memory = replayAnswers(schedulerFor(c.deckId), { stableId: stableCardNumber(c.deck, c.key), deckId: c.deckId }, answers);
    update.run({ id: c.id, ...memory });
    changed += 1;
  }
  return changed;
}
