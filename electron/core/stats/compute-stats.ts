import type Database from 'better-sqlite3';
import { dateOfDay, studyDay } from '../domain/day-clock.js';
import { computeReadiness } from '../exam/exam-readiness.js';
import { answerButtonsOf } from './answer-buttons.js';
import { readAnswerRows, readOwnerAnswers } from './answer-rows.js';
import { cardStatesOf, knownNowOf, readCardGroups } from './card-overview.js';
import { calendarOf, firstReviewDay, readDailyReviews, readNewCardsToday, readStreak, reviewsPerDayOf, todayTotalsOf } from './daily-activity.js';
import { dueDayEdges, futureDueOf, readDueTimes } from './future-due.js';
import { memoryHistogramsOf, readMemoryBins } from './memory-stats.js';
import { confusionsOf, readConfusedCards, readWrongPicks } from './owner-confusions.js';
import { responsibilityMatrixOf } from './responsibility-matrix.js';
import { retrievabilityParams } from './retrievability-sql.js';
import { periodStart, resolveScope } from './stats-scope.js';
import type { StatsPeriod, StatsReport, StatsScope } from './stats-types.js';
import { trueRetentionOf } from './true-retention.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { Settings } from '../settings/settings-schema.js';
import { readTotalReviews, summaryOf } from './stats-summary.js';

/**
 * The Stats screen's report for one scope (all decks, one deck or one
 * service type) and period. Per-day figures come from the trigger-maintained
 * daily aggregates, card figures from a few aggregate passes over the cards
 * done inside SQLite, so that the report stays fast at a million reviews.
 * All in one read transaction, so the figures agree with each other.
 */
export interface StatsInputs {
  db: Database.Database;
  now: number;
  settings: Settings;
  scheduler: FsrsScheduler;
}

export function computeStats(c: StatsInputs, scope: StatsScope, period: StatsPeriod): StatsReport {
  const db = c.db;
  return db.transaction((): StatsReport => {
    const now = c.now;
    const settings = c.settings;
    const today = studyDay(now, settings.rolloverHour);
    const resolved = resolveScope(db, scope);
    const from = periodStart(period, today, period === 'all' ? firstReviewDay(db, resolved) : null);
    const curve = retrievabilityParams(c.scheduler.engine.parameters.w, now);

    const daily = readDailyReviews(db, resolved, Math.min(from, today - 364), today);
    const periodDaily = daily.filter((r) => r.day >= from);
    const answers = readAnswerRows(db, resolved, from, today);
    const cardGroups = readCardGroups(db, resolved, curve);
    const edges = dueDayEdges(today, settings.rolloverHour);
    const confused = readConfusedCards(db, resolved, from, today);

    const report: Omit<StatsReport, 'summary'> = {
      scope,
      period,
      generatedAt: now,
      today: {
        day: dateOfDay(today),
        ...todayTotalsOf(daily, today),
        newCards: readNewCardsToday(db, resolved, today),
        streakDays: readStreak(db, resolved, today),
      },
      futureDue: futureDueOf(readDueTimes(db, resolved, edges.at(-1) as number), edges),
      calendar: calendarOf(daily, today),
      reviewsPerDay: reviewsPerDayOf(periodDaily, from, today),
      cardStates: cardStatesOf(cardGroups),
      trueRetention: trueRetentionOf(answers, from, today, settings.desiredRetention),
      memory: { ...memoryHistogramsOf(readMemoryBins(db, resolved, curve)), knownNow: knownNowOf(cardGroups) },
      buttons: answerButtonsOf(answers),
      matrix: responsibilityMatrixOf(cardGroups, readOwnerAnswers(db, resolved, from, today), resolved.serviceTypeOf),
      confusions: confusionsOf(
        confused,
        readWrongPicks(
          db,
          confused.map((r) => r.cardId),
          from,
          today,
        ),
      ),
      exam: computeReadiness(db, settings, c.scheduler, today),
    };
    const last30 = from === today - 29 ? answers : readAnswerRows(db, resolved, today - 29, today);
    return { ...report, summary: summaryOf(readTotalReviews(db, resolved), report, last30) };
  })();
}
