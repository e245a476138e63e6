import { cached } from '../db/statement-cache.js';
import type Database from 'better-sqlite3';
import { compareAnswers, isSchedulingKind, type ReplayAnswer } from './card-replay.js';
import type { AnswerEvent } from './sync-event.js';

/**
 * The answers one merge put into the review log, per local card id, as the
 * replay reads them. A card that had no log rows before the merge has exactly
 * these as its history, so its replay needs no read of the log: on a first
 * sync that is every card, and reading a million rows back in card order
 * costs more than the merge that wrote them.
 */
export interface ArrivedAnswers {
  /** The log's highest row id when the merge began: rows above it are this merge's. */
  lastIdBefore: number;
  answers: Map<number, ReplayAnswer[]>;
}

export function noteArrival(arrived: ArrivedAnswers, cardId: number, a: AnswerEvent): void {
  if (!isSchedulingKind(a.kind)) return;
  const list = arrived.answers.get(cardId);
  const answer: ReplayAnswer = { at: a.at, eventId: a.id, rating: a.rating, kind: a.kind };
  if (list) list.push(answer);
  else arrived.answers.set(cardId, [answer]);
}

/**
 * A card's whole scheduling history in replay order when it is made only of
 * answers this merge added (no row from before the merge is left), else null
 * (read it from the log).
 */
export function arrivedHistory(db: Database.Database, arrived: ArrivedAnswers | null, cardId: number): ReplayAnswer[] | null {
  const answers = arrived?.answers.get(cardId);
  if (!arrived || !answers) return null;
  // Answered from the index alone: every index entry carries its row id.
  const older = cached(db, 'SELECT EXISTS (SELECT 1 FROM review_log WHERE card_id = ? AND id <= ?)').pluck().get(cardId, arrived.lastIdBefore);
  if (older === 1) return null;
  return answers.sort(compareAnswers);
}
