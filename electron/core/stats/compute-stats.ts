import type Database from 'better-sqlite3';
import { dateOfDay, studyDay } from '../domain/day-clock.js';
import { computeReadiness } from '../exam/exam-readiness.js';
import { answerButtonsOf } from './answer-buttons.js';
import { readAnswerRows, readOwnerAnswers } from './answer-rows.js';
import { cardStatesOf, knownAtHorizonOf } from './card-overview.js';
import { calendarOf, firstReviewDay, readDailyReviews, readNewCardsToday, readStreak, reviewsPerDayOf, todayTotalsOf } from './daily-activity.js';
import { dueDayEdges } from './future-due.js';
import { confusionsOf } from './owner-confusions.js';
import { responsibilityMatrixOf } from './responsibility-matrix.js';
import { keptSources, type StatsSources } from './stats-sources.js';
import { retrievabilityParams, type RetrievabilityParams } from './retrievability-sql.js';
import { knownParams, type KnownParams } from '../mastery/known-sql.js';
import type { MasteryHorizon } from '../domain/types.js';
import { masteryHorizon } from '../mastery/mastery-horizon.js';
import { periodStart, resolveScope } from './stats-scope.js';
import type { StatsPeriod, StatsReport, StatsScope } from './stats-types.js';
import { trueRetentionOf } from './true-retention.js';
import { rangeDays, type StatsRange } from './stats-range.js';
import type { FsrsScheduler } from '../scheduling/fsrs-scheduler.js';
import type { Settings } from '../settings/settings-schema.js';
import { readTotalReviews, summaryOf } from './stats-summary.js';

/**
 * The Stats screen's report for one scope (all decks, one deck or one
 * service type) and period. Per-day figures come from the trigger-maintained
 * daily aggregates, card figures from what is kept of them (stats-sources.ts:
 * trigger-kept slots and counters, per-deck figures, indexes), so that the
 * report stays fast at ten million reviews.
 * All in one read transaction, so the figures agree with each other.
 */
export interface StatsInputs {
  db: Database.Database;
  now: number;
  settings: Settings;
  scheduler: FsrsScheduler;
}

/** The FSRS curve now, the mastery horizon and the known parameters at it: what the card figures are read with. */
export function statsParams(c: Omit<StatsInputs, 'db'>): { curve: RetrievabilityParams; horizon: MasteryHorizon; known: KnownParams } {
  const today = studyDay(c.now, c.settings.rolloverHour);
  const horizon = masteryHorizon(c.settings.examDate, c.now, c.settings.rolloverHour);
  return {
    curve: retrievabilityParams(c.scheduler.engine.parameters.w, c.now),
    horizon,
    known: knownParams(c.scheduler.engine.parameters.w, horizon.at, today),
  };
}

export function computeStats(c: StatsInputs, scope: StatsScope, period: StatsPeriod, range: StatsRange | null = null, sources: StatsSources = keptSources): StatsReport {
  const db = c.db;
  return db.transaction((): StatsReport => {
    const now = c.now;
    const settings = c.settings;
    const today = studyDay(now, settings.rolloverHour);
    const resolved = resolveScope(db, scope);
    // A custom range wins over the period; the period figures then cover [from, to].
    const { from, to } = range ? rangeDays(range, today) : { from: periodStart(period, today, period === 'all' ? firstReviewDay(db, resolved) : null), to: today };
    const { curve, horizon, known } = statsParams(c);

    const daily = readDailyReviews(db, resolved, Math.min(from, today - 364), today);
    const periodDaily = daily.filter((r) => r.day >= from && r.day <= to);
    const answers = readAnswerRows(db, resolved, from, to);
    const cardGroups = sources.cardGroups(db, resolved, known);
    const edges = dueDayEdges(today, settings.rolloverHour);
    const confused = sources.confusedCards(db, resolved, from, to);

    const report: Omit<StatsReport, 'summary'> = {
      scope,
      period,
      range: { from: dateOfDay(from), to: dateOfDay(to) },
      generatedAt: now,
      horizon,
      today: {
        day: dateOfDay(today),
        ...todayTotalsOf(daily, today),
        newCards: readNewCardsToday(db, resolved, today),
        streakDays: readStreak(db, resolved, today),
      },
      futureDue: sources.futureDue(db, resolved, edges),
      calendar: calendarOf(daily, today),
      reviewsPerDay: reviewsPerDayOf(periodDaily, from, to),
      cardStates: cardStatesOf(cardGroups),
      trueRetention: trueRetentionOf(answers, from, to, settings.desiredRetention),
      memory: { ...sources.memory(db, resolved, known, curve), knownAtHorizon: knownAtHorizonOf(cardGroups) },
      buttons: answerButtonsOf(answers),
      matrix: responsibilityMatrixOf([...cardGroups, ...sources.factCorrections(db, resolved, known)], readOwnerAnswers(db, resolved, from, to), resolved.serviceTypeOf),
      confusions: confusionsOf(
        confused,
        sources.wrongPicks(
          db,
          confused.map((r) => r.cardId),
          from,
          to,
        ),
      ),
      exam: computeReadiness(db, settings, c.scheduler, now, today),
    };
    const last30 = from === today - 29 && to === today ? answers : readAnswerRows(db, resolved, today - 29, today);
    return { ...report, summary: summaryOf(readTotalReviews(db, resolved), report, last30) };
  })();
}
