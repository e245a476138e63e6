import type Database from 'better-sqlite3';
import { dayOfDate, dateOfDay } from '../domain/day-clock.js';
import type { ExamReadiness } from '../domain/types.js';
import { failedTodayCte, knownParams, knownSql } from '../mastery/known-sql.js';
import { masteryHorizon } from '../mastery/mastery-horizon.js';
import { examDeckSet } from './exam-scope.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { Settings } from '../settings/settings-schema.js';
import type { WriteConnection } from '../db/collection-door.js';
import { oneRow } from '../db/typed-statements.js';

/**
 * Readiness "if you stopped now" = the mean known value (mastery/known-sql.ts:
 * FSRS predicted recall on the exam morning; a card never studied, or failed
 * today, counts 0) over every active card of the exam decks (exam-scope.ts:
 * the learner's choice, else the built-in decks). A read: it never
 * writes (Today and Stats call it); the day's point of the history is written
 * by `recordReadiness`, after answers.
 */
export function computeReadiness(
  db: Database.Database,
  settings: Settings,
  scheduler: FsrsScheduler,
  now: number,
  today: number,
  options: { history: boolean } = { history: true },
): ExamReadiness | null {
  const current = currentReadiness(db, settings, scheduler, now, today);
  if (!current) return null;
  const { examDate, examDay, readiness, total, seen, deckIds, byDefault } = current;
  const base = { examDate, daysLeft: examDay - today, deckIds, byDefault, readiness, cardCount: total, seenCount: seen };
  if (!options.history) return { ...base, history: [] };
  const stored = (
    db.prepare<[string, number, number], { day: number; readiness: number }>('SELECT day, readiness FROM exam_readiness WHERE exam_date = ? AND day > ? AND day < ? ORDER BY day').all(examDate, today - 30, today)
  ).map((h) => ({ day: dateOfDay(h.day), readiness: h.readiness }));
  // Today's point is always the live value, stored or not.
  return { ...base, history: [...stored, { day: dateOfDay(today), readiness }] };
}

/** Stores today's readiness as a point of the history (after answers, off the read path). */
export function recordReadiness(db: WriteConnection, settings: Settings, scheduler: FsrsScheduler, now: number, today: number): void {
  const current = currentReadiness(db, settings, scheduler, now, today);
  if (!current) return;
  db.prepare(`INSERT INTO exam_readiness (day, exam_date, readiness, card_count) VALUES (?, ?, ?, ?)
    ON CONFLICT (day) DO UPDATE SET exam_date = excluded.exam_date, readiness = excluded.readiness, card_count = excluded.card_count`).run(
    today,
    current.examDate,
    current.readiness,
    current.total,
  );
}

function currentReadiness(db: Database.Database, settings: Settings, scheduler: FsrsScheduler, now: number, today: number) {
  if (!settings.examDate) return null;
  const examDate = settings.examDate;
  const examDay = dayOfDate(examDate);
  // An exam that is over has no readiness to show.
  if (examDay < today) return null;
  const horizon = masteryHorizon(examDate, now, settings.rolloverHour);
  const deckIds = examDeckSet(db, settings.examDeckIds);
  const byDefault = !settings.examDeckIds.some((id) => deckIds.includes(id));
  const filter = `AND deck_id IN (SELECT value FROM json_each(@examDecks))`;
  // One aggregate in SQL rather than a row per card: Today must stay instant at 100,000 cards.
  const { total, sum, seen } = oneRow(db
    .prepare<[Record<string, unknown>], { total: number; sum: number; seen: number }>(
      `WITH ${failedTodayCte}
       SELECT count(*) AS total, coalesce(sum(${knownSql()}), 0) AS sum, coalesce(sum(state > 0), 0) AS seen
       FROM cards WHERE retired = 0 AND suspended = 0 ${filter}`,
    )
    .get({ ...knownParams(scheduler.engine.parameters.w, horizon.at, today), examDecks: JSON.stringify(deckIds) }));
  return { examDate, examDay, total, seen, deckIds, byDefault, readiness: total ? sum / total : 0 };
}
