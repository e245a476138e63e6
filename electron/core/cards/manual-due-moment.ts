import type Database from 'better-sqlite3';

/**
 * The moment a due date set by hand now is stamped with. A sync's replay
 * keeps that date only over the answers before it (sync/card-replay.ts
 * `withManualDue`), so it comes after every answer the card has, even one
 * stamped later than this machine's clock (an answer from a machine whose
 * clock runs ahead): else this device would show the date it set and every
 * other device, replaying the card, that answer's schedule. As a reset does
 * (CardActions.reset).
 */
export function manualDueMoment(db: Database.Database, cardId: number, now: number): number {
  const last = db.prepare<[number], number | null>('SELECT max(reviewed_at) FROM review_log WHERE card_id = ?').pluck().get(cardId);
  return last === null || last === undefined ? now : Math.max(now, last + 1);
}
