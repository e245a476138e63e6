import type Database from 'better-sqlite3';
import { dayEnd } from '../domain/day-clock.js';
import type { DeckSummary, TodayView } from '../domain/types.js';
import { deckSummaries, streakDays } from '../decks/deck-summaries.js';
import { computeReadiness } from '../exam/exam-readiness.js';
import { knownParams } from '../mastery/known-sql.js';
import { masteryHorizon } from '../mastery/mastery-horizon.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { Settings } from '../settings/settings-schema.js';
import type { DailyQueue } from '../review/study-queue.js';
import { readNewCardsToday } from '../stats/daily-activity.js';
import { oneRow } from '../db/typed-statements.js';

export interface TodayInputs {
  db: Database.Database;
  settings: Settings;
  scheduler: FsrsScheduler;
  now: number;
}

/** The Today screen from today's queue: the same rows a session started now would hold. */
export function todayView(input: TodayInputs, queue: DailyQueue): TodayView {
  const { db, settings, scheduler, now } = input;
  const totals = queue.totals;
  // Today's own figures from the daily aggregates and today's log: the screen never waits for a Stats report.
  const { reviews: reviewsToday, cram: cramToday } = oneRow(db
    .prepare<[number], { reviews: number; cram: number }>("SELECT coalesce(sum(reviews), 0) AS reviews, coalesce(sum(reviews) FILTER (WHERE kind = 'cram'), 0) AS cram FROM daily_reviews WHERE day = ?")
    .get(queue.day));
  const nextDueAt = totals.due + totals.new + totals.learning > 0 ? now : (totals.nextLearningAt ?? nextDueAfter(db, settings, now, queue.day));
  return {
    day: queue.day,
    now,
    decks: deckViews(input, queue),
    totals,
    reviewsToday,
    cramToday,
    newCardsToday: readNewCardsToday(db, { deckIds: null, serviceTypeOf: new Map() }, queue.day),
    streakDays: streakDays(db, queue.day),
    nextDueAt,
    exam: computeReadiness(db, settings, scheduler, now, queue.day),
  };
}

/** Every deck with its counts, today's share of the queue and its own exam readiness: the Decks screen and the CLI. */
export function deckViews(input: TodayInputs, queue: DailyQueue): DeckSummary[] {
  const { db, settings, scheduler, now } = input;
  const horizon = masteryHorizon(settings.examDate, now, settings.rolloverHour);
  return deckSummaries(db, queue, horizon, knownParams(scheduler.engine.parameters.w, horizon.at, queue.day)).map((d) => {
    if (!d.options.examDate) return d;
    const exam = computeReadiness(db, { ...settings, examDate: d.options.examDate, examDeckIds: [d.id] }, scheduler, now, queue.day, { history: false });
    return exam ? { ...d, exam: { date: exam.examDate, daysLeft: exam.daysLeft, readiness: exam.readiness } } : d;
  });
}

/** When the next card comes due: a learning card later today, else the first review of a later day. */
function nextDueAfter(db: Database.Database, settings: Settings, now: number, day: number): number | null {
  const learning = oneRow(db.prepare<[], number | null>('SELECT min(due) FROM cards WHERE state IN (1, 3) AND suspended = 0 AND retired = 0').pluck().get());
  if (learning !== null) return Math.max(now, learning);
  const end = dayEnd(day, settings.rolloverHour);
  const review = oneRow(db.prepare<[], number | null>('SELECT min(due) FROM cards WHERE state = 2 AND suspended = 0 AND retired = 0').pluck().get());
  if (review === null) return null;
  return Math.max(end, review);
}
