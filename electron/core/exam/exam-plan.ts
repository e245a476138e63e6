import type Database from 'better-sqlite3';
import { dateOfDay, dayOfDate, studyDay } from '../domain/day-clock.js';
import type { Settings } from '../settings/settings-schema.js';
import { runForecast } from '../simulation/collection-forecast.js';
import { readCollectionSnapshot } from '../simulation/forecast-cards.js';
import { SeededRandom } from '../domain/seeded-random.js';
import { sameDaySteps } from '../simulation/simulator-run.js';
import { examWindowDays } from './exam-schedule.js';
import { examStrategySetup } from './exam-strategies.js';

export interface ExamPlanDay {
  date: string;
  /** Cards to review that day (learning cards included): today, exactly what the Today screen holds. */
  reviews: number;
  newCards: number;
  /** Every answer of the day, learning steps included. */
  answers: number;
  /** Reviews that came due but wait for the next day: more came due than the daily review limit. */
  carried: number;
  /** One of the last days before the exam, where exam mode puts each card's last review. */
  finalDays: boolean;
}

export interface ExamPlanOption {
  newPerDay: number;
  /** Mean predicted recall over the exam cards on the exam morning (new cards count 0). */
  predictedRecall: number;
  totalReviews: number;
  /** The most cards to review on one day after today (never above the review limit; today is today's queue). */
  peakReviews: number;
  /** Days on which reviews wait for the next day because of the review limit. */
  daysOverLimit: number;
  /** Cards still unseen on the exam day. */
  unseenAtExam: number;
}

export interface ExamPlan {
  examDate: string;
  daysLeft: number;
  /** The exam's decks (exam-scope.ts); `byDefault` while they are the built-in decks because none was chosen. */
  deckIds: string[];
  byDefault: boolean;
  cards: number;
  newCards: number;
  newPerDay: number;
  /** The daily review limit the plan keeps to (Settings → Scheduling). */
  reviewsPerDay: number;
  /** How many of the last days before the exam hold the final reviews. */
  finalDays: number;
  days: ExamPlanDay[];
  /** "If you follow the plan": the mean recall the forecast expects on the exam morning (unseen cards count 0). */
  predictedRecall: number;
  totalReviews: number;
  /** The same plan at other new-card rates, lowest first; the rate that meets every card before the last days is among them. */
  options: ExamPlanOption[];
}

/** Today's queue for the exam decks: what the plan's first day holds, so that it matches the Today screen. */
export interface ExamPlanToday {
  reviews: number;
  newCards: number;
}

/** The longest plan computed (a year); an exam further away is planned for its first year. */
const maxPlanDays = 366;

/**
 * The plan until an exam: the collection's cards as they are, studied under
 * exam mode (exam-schedule.ts) within the daily limits, day by day, with the
 * predicted recall on the exam morning; and what other new-card rates would
 * give. Today is today's queue as the Today screen shows it; each later day
 * takes at most the daily review limit, and what comes due beyond it waits
 * (and is shown waiting). The forecast is seeded, so the same collection gives
 * the same plan. The same forecast measures exam mode in the exam benchmark.
 */
export function computeExamPlan(
  db: Database.Database,
  settings: Settings,
  weights: readonly number[],
  now: number,
  request: { examDate: string; deckIds: string[]; byDefault: boolean; newPerDay: number; today: ExamPlanToday },
): ExamPlan {
  const today = studyDay(now, settings.rolloverHour);
  const examDay = dayOfDate(request.examDate);
  const daysLeft = examDay - today;
  const snapshot = readCollectionSnapshot(db, now, settings.rolloverHour, request.deckIds);
  const newCards = snapshot.cards.filter((c) => c.state === 0).length;
  const horizon = Math.max(0, Math.min(daysLeft, maxPlanDays));
  const finalDays = Math.min(examWindowDays, Math.max(0, daysLeft - 1));

  const run = (newPerDay: number) => {
    const setup = examStrategySetup('demarc', horizon, settings.desiredRetention);
    const rng = SeededRandom.stream(19, 'exam-plan');
    const result = runForecast(
      snapshot.cards.map((c) => ({ ...c })),
      {
        days: horizon,
        weights,
        desiredRetention: setup.desiredRetention,
        maximumIntervalDays: settings.maximumIntervalDays,
        newPerDay,
        reviewsPerDay: settings.reviewsPerDay,
        firstDay: { reviews: request.today.reviews, newCards: Math.min(newPerDay, request.today.newCards) },
        learningSteps: sameDaySteps(settings.learningSteps),
        relearningSteps: sameDaySteps(settings.relearningSteps),
        seconds: snapshot.seconds,
        firstAgain: 0.25,
        random: () => rng.next(),
        nextDue: setup.nextDue,
        recallDay: horizon,
      },
    );
    const introduced = result.days.reduce((a, d) => a + d.newCards, 0);
    return { result, unseen: newCards - introduced };
  };

  const chosen = run(request.newPerDay);
  // Enough new cards a day to meet every card before the exam's last three days.
  const everyCard = newCards > 0 && horizon > 0 ? Math.ceil(newCards / Math.max(1, horizon - 3)) : 0;
  const rates = [...new Set([0, Math.round(request.newPerDay / 2), request.newPerDay, Math.round(request.newPerDay * 1.5), request.newPerDay * 2, everyCard])]
    .filter((r) => r >= 0 && r <= 9999)
    .sort((a, b) => a - b);
  const options = rates.map((rate) => {
    const { result, unseen } = rate === request.newPerDay ? chosen : run(rate);
    return {
      newPerDay: rate,
      predictedRecall: result.recallOnDay ?? 0,
      totalReviews: result.totalReviews,
      peakReviews: Math.max(0, ...result.days.filter((d) => d.day > 0).map((d) => d.dueCards)),
      daysOverLimit: result.days.filter((d) => d.day > 0 && d.carried > 0).length,
      unseenAtExam: unseen,
    };
  });
  return {
    examDate: request.examDate,
    daysLeft,
    deckIds: request.deckIds,
    byDefault: request.byDefault,
    cards: snapshot.cards.length,
    newCards,
    newPerDay: request.newPerDay,
    reviewsPerDay: settings.reviewsPerDay,
    finalDays,
    days: chosen.result.days.map((d) => ({
      date: dateOfDay(today + d.day),
      reviews: d.dueCards,
      newCards: d.newCards,
      answers: d.reviews,
      // Today's queue is what it is (limits already applied, siblings buried): only later days can be over the limit.
      carried: d.day === 0 ? 0 : d.carried,
      finalDays: d.day >= horizon - finalDays && daysLeft <= maxPlanDays,
    })),
    predictedRecall: chosen.result.recallOnDay ?? 0,
    totalReviews: chosen.result.totalReviews,
    options,
  };
}
