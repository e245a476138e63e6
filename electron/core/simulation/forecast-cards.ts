import type Database from 'better-sqlite3';
import { studyDay } from '../domain/day-clock.js';
import type { ForecastCard } from './collection-forecast.js';
import type { CardRecord, ReviewLogRecord } from '../db/table-rows.js';

export interface CollectionSnapshot {
  cards: ForecastCard[];
  /** Median seconds per answer in the collection's own history (defaults when there is none). */
  seconds: { learn: number; review: number; lapse: number };
}

const defaultSeconds = { learn: 10, review: 8, lapse: 14 };

/**
 * The collection as the forecast sees it: every active card's memory state
 * as it is now, with its days counted from today; new cards in the order the
 * queue introduces them.
 */
export function readCollectionSnapshot(db: Database.Database, now: number, rolloverHour: number, deckIds: readonly string[] = []): CollectionSnapshot {
  const today = studyDay(now, rolloverHour);
  const filter = deckIds.length ? `AND deck_id IN (${deckIds.map(() => '?').join(',')})` : '';
  const rows = db
    .prepare<string[], Pick<CardRecord, 'id' | 'state' | 'stability' | 'difficulty' | 'last_review' | 'due' | 'reps'>>(
      `SELECT id, state, stability, difficulty, last_review, due, reps FROM cards
       WHERE retired = 0 AND suspended = 0 ${filter} ORDER BY state = 0, position, id`,
    )
    .all(...deckIds);
  const cards = rows.map((r) => ({
    id: r.id,
    state: r.state,
    stability: r.stability,
    difficulty: r.difficulty,
    lastReviewDay: r.last_review === null ? null : studyDay(r.last_review, rolloverHour) - today,
    dueDay: r.state === 0 ? 0 : studyDay(r.due, rolloverHour) - today,
    reps: r.reps,
  }));
  return { cards, seconds: answerSeconds(db) };
}

/** Median answer time by kind over the last 5,000 answers, in seconds. */
function answerSeconds(db: Database.Database): CollectionSnapshot['seconds'] {
  const rows = db
    .prepare<[], Pick<ReviewLogRecord, 'kind' | 'rating' | 'duration_ms'>>("SELECT kind, rating, duration_ms FROM review_log WHERE kind <> 'cram' AND kind <> 'manual' ORDER BY id DESC LIMIT 5000")
    .all();
  const median = (values: number[], fallback: number) => {
    if (values.length < 20) return fallback;
    const sorted = [...values].sort((a, b) => a - b);
    return Math.min(120, Math.max(1, (sorted[Math.floor(sorted.length / 2)] as number) / 1000));
  };
  return {
    learn: median(rows.filter((r) => r.kind === 'learning' || r.kind === 'relearning').map((r) => r.duration_ms), defaultSeconds.learn),
    review: median(rows.filter((r) => r.kind === 'review' && r.rating > 1).map((r) => r.duration_ms), defaultSeconds.review),
    lapse: median(rows.filter((r) => r.kind === 'review' && r.rating === 1).map((r) => r.duration_ms), defaultSeconds.lapse),
  };
}
