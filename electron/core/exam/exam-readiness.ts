import type Database from 'better-sqlite3';
import { dayOfDate, dayStart, dateOfDay } from '../domain/day-clock.js';
import type { ExamReadiness } from '../domain/types.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { Settings } from '../settings/settings-schema.js';
import { hasMemorySql, retrievabilityParams, retrievabilitySql } from '../stats/retrievability-sql.js';
import type { WriteConnection } from '../db/collection-door.js';

/**
 * Readiness = the mean FSRS retrievability at the exam morning over every
 * active card of the exam decks (all decks when none are chosen). A card never
 * studied counts as 0: you cannot expect to recall what you have not seen.
 * A read: it never writes (Today and Stats call it); the day's point of the
 * history is written by `recordReadiness`, after answers.
 */
export function computeReadiness(
  db: Database.Database,
  settings: Settings,
  scheduler: FsrsScheduler,
  today: number,
  options: { history: boolean } = { history: true },
): ExamReadiness | null {
  const current = currentReadiness(db, settings, scheduler, today);
  if (!current) return null;
  const { examDate, examDay, readiness, total } = current;
  const deckIds = settings.examDeckIds;
  if (!options.history) return { examDate, daysLeft: examDay - today, deckIds, readiness, cardCount: total, history: [] };
  const stored = (
    db.prepare('SELECT day, readiness FROM exam_readiness WHERE exam_date = ? AND day > ? AND day < ? ORDER BY day').all(examDate, today - 30, today) as {
      day: number;
      readiness: number;
    }[]
  ).map((h) => ({ day: dateOfDay(h.day), readiness: h.readiness }));
  // Today's point is always the live value, stored or not.
  const history = [...stored, { day: dateOfDay(today), readiness }];
  return { examDate, daysLeft: examDay - today, deckIds, readiness, cardCount: total, history };
}

/** Stores today's readiness as a point of the history (after answers, off the read path). */
export function recordReadiness(db: WriteConnection, settings: Settings, scheduler: FsrsScheduler, today: number): void {
  const current = currentReadiness(db, settings, scheduler, today);
  if (!current) return;
  db.prepare(`INSERT INTO exam_readiness (day, exam_date, readiness, card_count) VALUES (?, ?, ?, ?)
    ON CONFLICT (day) DO UPDATE SET exam_date = excluded.exam_date, readiness = excluded.readiness, card_count = excluded.card_count`).run(
    today,
    current.examDate,
    current.readiness,
    current.total,
  );
}

function currentReadiness(db: Database.Database, settings: Settings, scheduler: FsrsScheduler, today: number) {
  if (!settings.examDate) return null;
  const examDate = settings.examDate;
  const examDay = dayOfDate(examDate);
  // An exam that is over has no readiness to show.
  if (examDay < today) return null;
  const at = dayStart(examDay, settings.rolloverHour);
  const deckIds = settings.examDeckIds;
  const filter = deckIds.length > 0 ? `AND deck_id IN (${deckIds.map((_, i) => `@d${i}`).join(',')})` : '';
  // One aggregate in SQL rather than a row per card: Today must stay instant at 100,000 cards.
  const { total, sum } = db
    .prepare(
      `SELECT count(*) AS total, coalesce(sum(CASE WHEN state > 0 AND ${hasMemorySql} THEN ${retrievabilitySql} ELSE 0 END), 0) AS sum
       FROM cards WHERE retired = 0 AND suspended = 0 ${filter}`,
    )
    .get({ ...retrievabilityParams(scheduler.engine.parameters.w, at), ...Object.fromEntries(deckIds.map((id, i) => [`d${i}`, id])) }) as {
    total: number;
    sum: number;
  };
  return { examDate, examDay, total, readiness: total ? sum / total : 0 };
}
