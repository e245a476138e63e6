import { cached } from '../db/statement-cache.js';
import { createHash } from 'node:crypto';
import type { GradeValue } from '../domain/types.js';
import type { HybridClock } from './hybrid-clock.js';
import { fieldKey, type AnswerEvent, type SetEvent } from './sync-event.js';
import type { WriteConnection } from '../db/collection-door.js';

/**
 * An answer's event id: a digest of what makes it a fact (the card, the
 * moment, the grade). The same review reaching the log twice (the same Anki
 * history imported on two machines, a file read twice) has the same id and
 * counts once.
 */
export function answerEventId(deck: string, key: string, at: number, rating: number): string {
  const digest = createHash('sha256').update(`${deck}\u0000${key}\u0000${at}\u0000${rating}`).digest('base64url');
  return `a:${digest.slice(0, 22)}`;
}

/** The columns of a review_log row (with its card's deck and key) that make an answer event. */
export const answerRowColumns = `c.source_deck_id AS deck, c.key, r.reviewed_at AS at, r.day, r.rating, r.state_before AS stateBefore, r.kind,
  r.scheduled_days AS scheduledDays, r.elapsed_days AS elapsedDays, r.duration_ms AS durationMs,
  r.stability_after AS stability, r.difficulty_after AS difficulty, r.picked_owner AS pickedOwner, r.correct`;

export interface AnswerRow {
  deck: string;
  key: string;
  at: number;
  day: number;
  /** The log's CHECK holds it to 1..4. */
  rating: GradeValue;
  stateBefore: number;
  kind: AnswerEvent['kind'];
  scheduledDays: number;
  elapsedDays: number;
  durationMs: number;
  stability: number | null;
  difficulty: number | null;
  pickedOwner: AnswerEvent['pickedOwner'];
  correct: number | null;
}

export interface TakenChanges {
  answers: number;
  edits: number;
  /** Local card ids whose history changed, to replay. */
  touchedCards: Set<number>;
}

/**
 * Takes this device's new changes into the event log, in the caller's
 * transaction: answers not yet given an event id (every review_log row made
 * since the last round, whatever wrote it) and the field edits the triggers
 * recorded. Each goes into the outbox until a change file holds it. Undo
 * events reach the outbox straight from their trigger.
 */
export function takeLocalChanges(db: WriteConnection, device: string, clock: HybridClock, now: number): TakenChanges {
  const touchedCards = new Set<number>();
  const rows = cached<AnswerRow & { id: number; cardId: number }>(db, `SELECT r.id, ${answerRowColumns}, r.card_id AS cardId FROM review_log r JOIN cards c ON c.id = r.card_id
      WHERE r.event_id IS NULL ORDER BY r.id`)
    .all();
  const mark = cached(db, 'UPDATE review_log SET event_id = ?, event_device = ? WHERE id = ?');
  const exists = cached(db, 'SELECT 1 FROM review_log WHERE event_id = ?').pluck();
  const drop = cached(db, 'DELETE FROM review_log WHERE id = ?');
  const outbox = cached(db, 'INSERT OR IGNORE INTO sync_outbox (event_id, body) VALUES (?, ?)');
  let answers = 0;
  for (const r of rows) {
    const id = answerEventId(r.deck, r.key, r.at, r.rating);
    if (exists.get(id)) {
      // The same review is already in the log (imported twice): keep one.
      drop.run(r.id);
      touchedCards.add(r.cardId);
      continue;
    }
    const event = answerEventFromRow(r, id, device);
    mark.run(id, device, r.id);
    outbox.run(id, JSON.stringify(event));
    touchedCards.add(r.cardId);
    answers += 1;
  }

  const edits = cached<{ seq: number; field: string; value: string; at: number }>(db, 'SELECT seq, field, value, at FROM sync_local_edits ORDER BY seq').all();
  const insertEvent = cached(db, `INSERT INTO sync_events (id, device, type, hlc, field, body) VALUES (?, ?, 'set', ?, ?, ?)`);
  const winner = cached(db, `INSERT INTO sync_fields (field, hlc, event_id) VALUES (?, ?, ?)
    ON CONFLICT (field) DO UPDATE SET hlc = excluded.hlc, event_id = excluded.event_id WHERE excluded.hlc > sync_fields.hlc`);
  for (const e of edits) {
    // When the edit was made (the trigger's wall clock), but never after the round's own time: a
    // stamp is never ahead of this device's clock as the round reads it.
    const hlc = clock.tick(Math.min(e.at, now));
    const field = JSON.parse(e.field) as SetEvent['field'];
    const event: SetEvent = { type: 'set', id: `s:${hlc}`, device, hlc, field, value: JSON.parse(e.value) as SetEvent['value'] };
    const body = JSON.stringify(event);
    insertEvent.run(event.id, device, hlc, fieldKey(field), body);
    winner.run(fieldKey(field), hlc, event.id);
    outbox.run(event.id, body);
  }
  cached(db, 'DELETE FROM sync_local_edits').run();

  // Undos made here since the last round: their cards are replayed too.
  const undone = cached<number>(db, `SELECT c.id FROM sync_outbox o JOIN sync_events e ON e.id = o.event_id
      JOIN cards c ON c.source_deck_id = e.card_deck AND c.key = e.card_key WHERE e.type = 'undo'`)
    .pluck()
    .all();
  for (const id of undone) touchedCards.add(id);
  return { answers, edits: edits.length, touchedCards };
}

export function answerEventFromRow(r: AnswerRow, id: string, device: string): AnswerEvent {
  return {
    type: 'answer',
    id,
    device,
    card: { deck: r.deck, key: r.key },
    at: r.at,
    day: r.day,
    rating: r.rating,
    stateBefore: r.stateBefore,
    kind: r.kind,
    scheduledDays: r.scheduledDays,
    elapsedDays: r.elapsedDays,
    durationMs: r.durationMs,
    stability: r.stability,
    difficulty: r.difficulty,
    pickedOwner: r.pickedOwner,
    correct: r.correct === null ? null : r.correct !== 0,
  };
}
