import type Database from 'better-sqlite3';
import type { CollectionDoor, WriteConnection, WriteEffect } from '../db/collection-door.js';
import { DemarcError, ErrorCode } from '../domain/errors.js';
import { dayStart, studyDay } from '../domain/day-clock.js';
import { cardStateNames, type CardStateName, type ReviewKind } from '../domain/types.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import { memoryOf, type CardRecord } from './card-record.js';
import { forgettingCurve, type ForgettingCurve } from './forgetting-curve.js';
import type { CardKind } from '../domain/types.js';
import type { NoteType } from './note-types.js';
import { oneRow } from '../db/typed-statements.js';
import { momentAfterAnswers } from './moment-after-answers.js';

/** One answer in a card's history, as the card-info view shows it. */
export interface CardHistoryEntry {
  reviewedAt: number;
  kind: ReviewKind;
  rating: number;
  /** Days from this review to the next one it scheduled (0 for same-day steps). */
  scheduledDays: number;
  elapsedDays: number;
  durationMs: number;
  stability: number;
  difficulty: number;
}

export interface CardInfo {
  id: number;
  deckId: string;
  state: CardStateName;
  suspended: boolean;
  flag: number;
  /** When it is due; a new card's `due` means nothing to the learner (its place in line does: `newPosition`). */
  due: number;
  /** A new card's place among its deck's new cards (1 = next), in the deck's order; null once studied. */
  newPosition: number | null;
  reps: number;
  lapses: number;
  /** FSRS difficulty (1–10), stability (days) and retrievability now (0–1); null for a new card. */
  difficulty: number | null;
  stability: number | null;
  retrievability: number | null;
  history: CardHistoryEntry[];
  deckTitle: string;
  /** When the card was added (ms); a card older than that record counts from its deck's creation. */
  addedAt: number;
  kind: CardKind;
  /** The note type it was written with in the app; null for built-in and imported cards (their kind says what they are). */
  noteType: NoteType | null;
  /** Recall over time from its answers and FSRS stability; null for a new card. */
  curve: ForgettingCurve | null;
}

export const flagNames = ['none', 'red', 'orange', 'green', 'blue'] as const;

/** The review screen's card tools: bury, flag, set due date, card info. */
export class CardTools {
  constructor(private readonly door: CollectionDoor) {}

  private card(cardId: number): CardRecord & { flag: number } {
    return this.door.read((db) => cardOn(db, cardId));
  }

  /*
   * `effect`: 'cards' ends every undo history (the card changed outside any
   * session's stack); 'none' when a review session records the change on its
   * own stack (review/review-sessions.ts).
   */

  /** Hides a card until the next study day. */
  bury(cardId: number, now: number, rolloverHour: number, effect: WriteEffect): void {
    this.card(cardId);
    this.door.write((db) => db.prepare('UPDATE cards SET buried_day = ? WHERE id = ?').run(studyDay(now, rolloverHour), cardId), effect);
  }

  setFlag(cardId: number, flag: number, effect: WriteEffect): void {
    this.card(cardId);
    this.door.write((db) => db.prepare('UPDATE cards SET flag = ? WHERE id = ?').run(flag, cardId), effect);
  }

  /**
   * Anki's "set due date" for cards already studied: due `days` study days
   * from today (0 = today), keeping the memory state, so FSRS sees the real
   * elapsed time at the next review. A new card has no schedule to move.
   */
  setDue(cardIds: number[], days: number, now: number, rolloverHour: number, effect: WriteEffect): number {
    return this.door.write((db) => db.transaction(() => setDueOn(db, cardIds, days, now, rolloverHour)).immediate(), effect);
  }

  info(cardId: number, scheduler: FsrsScheduler, now: number): CardInfo {
    const card = this.card(cardId);
    const studied = card.state > 0 && card.stability > 0;
    // Read straight into the wire's shape (card info): the aliases are its field names.
    const history = this.door.read((db) => db
      .prepare<[number], CardHistoryEntry>(
        `SELECT reviewed_at AS reviewedAt, kind, rating, scheduled_days AS scheduledDays, elapsed_days AS elapsedDays,
                duration_ms AS durationMs, stability_after AS stability, difficulty_after AS difficulty
         FROM review_log WHERE card_id = ? ORDER BY reviewed_at, id`,
      )
      .all(cardId));
    const about = oneRow(this.door.read((db) => db
      .prepare<[number], Pick<CardInfo, 'deckTitle' | 'addedAt' | 'noteType'>>(
        `SELECT d.title AS deckTitle, coalesce(c.added_at, d.created_at) AS addedAt, n.type AS noteType
         FROM cards c JOIN decks d ON d.id = c.deck_id LEFT JOIN authored_notes n ON n.note_key = c.note_key WHERE c.id = ?`,
      )
      .get(cardId)));
    const curve = studied ? forgettingCurve(history, { stability: card.stability, lastReview: card.last_review, due: card.due }, now, (days, s) => scheduler.engine.forgetting_curve(days, s)) : null;
    return {
      id: card.id,
      deckId: card.deck_id,
      state: cardStateNames[card.state],
      suspended: card.suspended === 1,
      flag: card.flag,
      due: card.due,
      newPosition: card.state === 0 ? this.newPosition(card) : null,
      reps: card.reps,
      lapses: card.lapses,
      difficulty: studied ? card.difficulty : null,
      stability: studied ? card.stability : null,
      retrievability: studied ? scheduler.retrievability(memoryOf(card), now) : null,
      history,
      ...about,
      kind: card.kind,
      curve,
    };
  }

  private newPosition(card: CardRecord): number {
    return 1 + oneRow(this.door.read((db) => db
      .prepare<[string, number, number, number], number>(
        `SELECT count(*) FROM cards INDEXED BY cards_new
         WHERE deck_id = ? AND state = 0 AND suspended = 0 AND retired = 0 AND (position < ? OR (position = ? AND id < ?))`,
      )
      .pluck()
      .get(card.deck_id, card.position, card.position, card.id)));
  }
}

/**
 * Anki's "set due date" for cards already studied: due `days` study days
 * from today (0 = today), keeping the memory state, so FSRS sees the real
 * elapsed time at the next review. A new card has no schedule to move.
 */
export function setDueOn(db: WriteConnection, cardIds: readonly number[], days: number, now: number, rolloverHour: number): number {
  const today = studyDay(now, rolloverHour);
  const due = days === 0 ? now : dayStart(today + days, rolloverHour) + (now - dayStart(today, rolloverHour));
  const update = db.prepare('UPDATE cards SET due = ?, state = ?, scheduled_days = ?, set_due = ? WHERE id = ?');
  let changed = 0;
  for (const id of cardIds) {
    const card = cardOn(db, id);
    if (card.state === 0) throw new DemarcError(ErrorCode.invalidArgument, 'A new card has no schedule yet: study it once, then set its due date. Nothing was changed.');
    // A learning card moved to another day continues as a review, as in Anki.
    const state = card.state === 1 || card.state === 3 ? (days > 0 ? 2 : card.state) : card.state;
    // set_due keeps the date through a sync that replays the card's history (sync/card-replay.ts).
    const manual = JSON.stringify({ at: momentAfterAnswers(db, id, now), due, days: Math.max(0, days) });
    changed += update.run(due, state, Math.max(0, days), manual, id).changes;
  }
  return changed;
}

function cardOn(db: Database.Database, cardId: number): CardRecord & { flag: number } {
  const row = db.prepare<[number], CardRecord & { flag: number }>('SELECT * FROM cards WHERE id = ?').get(cardId);
  if (!row) throw new DemarcError(ErrorCode.notFound, `Card ${cardId} does not exist.`);
  return row;
}
