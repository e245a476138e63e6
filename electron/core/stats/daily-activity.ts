import { oneRow } from '../db/typed-statements.js';
import type Database from 'better-sqlite3';
import { dateOfDay } from '../domain/day-clock.js';
import type { ReviewKind } from '../domain/types.js';
import { deckCondition, deckParams, type ResolvedScope } from './stats-scope.js';
import type { StatsReport } from './stats-types.js';

/** Review totals of one study day and kind, summed over the scope's decks (from daily_reviews). */
export interface DailyReviewRow {
  day: number;
  kind: ReviewKind;
  reviews: number;
  correct: number;
  durationMs: number;
}

export function readDailyReviews(db: Database.Database, scope: ResolvedScope, from: number, to: number): DailyReviewRow[] {
  return db
    .prepare<unknown[], DailyReviewRow>(
      `SELECT day, kind, sum(reviews) AS reviews, sum(correct) AS correct, sum(duration_ms) AS durationMs
       FROM daily_reviews WHERE day BETWEEN @from AND @to ${deckCondition(scope, 'deck_id')}
       GROUP BY day, kind`,
    )
    .all({ from, to, ...deckParams(scope) });
}

export function firstReviewDay(db: Database.Database, scope: ResolvedScope): number | null {
  return db.prepare<unknown[], number | null>(`SELECT min(day) FROM daily_reviews WHERE 1 ${deckCondition(scope, 'deck_id')}`).pluck().get(deckParams(scope)) ?? null;
}

/** Reviews per day over the 365 days ending today, oldest first, every day present. */
export function calendarOf(rows: readonly DailyReviewRow[], today: number): StatsReport['calendar'] {
  const from = today - 364;
  const counts = new Array<number>(365).fill(0);
  for (const r of rows) if (r.day >= from && r.day <= today) counts[r.day - from]! += r.reviews;
  return counts.map((reviews, i) => ({ day: dateOfDay(from + i), reviews }));
}

/** Reviews per day and kind over [from, today], every day present. */
export function reviewsPerDayOf(rows: readonly DailyReviewRow[], from: number, today: number): StatsReport['reviewsPerDay'] {
  const days = Array.from({ length: today - from + 1 }, (_, i) => ({ day: dateOfDay(from + i), learning: 0, review: 0, relearning: 0, cram: 0, manual: 0 }));
  for (const r of rows) {
    const entry = days[r.day - from];
    if (entry) entry[r.kind] += r.reviews;
  }
  return days;
}

/** Today's answers of every kind; right = graded above Again. */
export function todayTotalsOf(rows: readonly DailyReviewRow[], today: number): { reviews: number; timeMs: number; right: number; wrong: number } {
  const t = { reviews: 0, timeMs: 0, right: 0, wrong: 0 };
  for (const r of rows) {
    if (r.day !== today) continue;
    t.reviews += r.reviews;
    t.timeMs += r.durationMs;
    t.right += r.correct;
  }
  t.wrong = t.reviews - t.right;
  return t;
}

/** Consecutive study days with a review in scope, ending today (or yesterday while today is still empty). */
export function readStreak(db: Database.Database, scope: ResolvedScope, today: number): number {
  const days = db
    .prepare<unknown[], number>(`SELECT DISTINCT day FROM daily_reviews WHERE day <= @today AND reviews > 0 ${deckCondition(scope, 'deck_id')} ORDER BY day DESC`)
    .pluck()
    .iterate({ today, ...deckParams(scope) });
  return streakOf(days, today);
}

export function streakOf(daysDescending: Iterable<number>, today: number): number {
  let expected: number | null = null;
  let streak = 0;
  for (const day of daysDescending) {
    expected ??= day === today ? today : today - 1;
    if (day !== expected) break;
    streak++;
    expected--;
  }
  return streak;
}

/** Cards answered for the first time today (their first answer was made while new). */
export function readNewCardsToday(db: Database.Database, scope: ResolvedScope, today: number): number {
  return oneRow(
    db
      .prepare<unknown[], number>(
        `SELECT count(DISTINCT r.card_id) FROM review_log r JOIN cards c ON c.id = r.card_id
         WHERE r.day = @today AND r.state_before = 0 AND r.kind = 'learning' ${deckCondition(scope, 'c.deck_id')}`,
      )
      .pluck()
      .get({ today, ...deckParams(scope) }),
  );
}
