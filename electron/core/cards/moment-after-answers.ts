import type Database from 'better-sqlite3';
import { cached } from '../db/statement-cache.js';

/**
 * The moment an edit of a card's schedule made now is stamped with when a
 * sync's replay weighs it against the card's answers: a reset skips the
 * answers before it (CardActions.reset), a due date set by hand holds only
 * over the answers before it (sync/card-replay.ts `withManualDue`). So it
 * comes after every answer the card has, even one stamped later than this
 * machine's clock (a collection copied from a machine whose clock is ahead,
 * or an answer from such a device): else this device would show the edit and
 * every other device, replaying the card, that answer's schedule.
 */
export function momentAfterAnswers(db: Database.Database, cardId: number, now: number): number {
  const last = cached<number | null, [number]>(db, 'SELECT max(reviewed_at) FROM review_log WHERE card_id = ?').pluck().get(cardId);
  return last === null || last === undefined ? now : Math.max(now, last + 1);
}
