import type Database from 'better-sqlite3';
import { dateOfDay, dayOfDate, studyDay } from '../domain/day-clock.js';
import type { Settings } from '../settings/settings-schema.js';
import { runForecast } from '../simulation/collection-forecast.js';
import { readCollectionSnapshot } from '../simulation/forecast-cards.js';
import { SeededRandom } from '../simulation/seeded-random.js';
import { sameDaySteps } from '../simulation/simulator-run.js';
import { examStrategySetup } from './exam-strategies.js';

export interface ExamPlanDay {
  date: string;
  reviews: number;
  newCards: number;
}

export interface ExamPlanOption {
  newPerDay: number;
  /** Mean predicted recall over the exam cards on the exam morning (new cards count 0). */
  predictedRecall: number;
  totalReviews: number;
  peakReviews: number;
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
  days: ExamPlanDay[];
  predictedRecall: number;
  totalReviews: number;
  /** The same plan at other new-card rates, lowest first; the rate that meets every card before the last days is among them. */
  options: ExamPlanOption[];
}

/** The longest plan computed (a year); an exam further away is planned for its first year. */
const maxPlanDays = 366;

/**
 * The plan until an exam: the collection's cards as they are, studied under
 * exam mode (exam-schedule.ts) at the given new-card rate, day by day, with
 * the predicted recall on the exam morning; and what other new-card rates
 * would give. The forecast is seeded, so the same collection gives the same
 * plan. The same forecast measures exam mode in the exam benchmark.
 */
export function computeExamPlan(
  db: Database.Database,
  settings: Settings,
  weights: readonly number[],
  now: number,
  request: { examDate: string; deckIds: string[]; byDefault: boolean; newPerDay: number },
): ExamPlan {
  const today = studyDay(now, settings.rolloverHour);
  const examDay = dayOfDate(request.examDate);
  const daysLeft = examDay - today;
  const snapshot = readCollectionSnapshot(db, now, settings.rolloverHour, request.deckIds);
  const newCards = snapshot.cards.filter((c) => c.state === 0).length;
  const horizon = Math.max(0, Math.min(daysLeft, maxPlanDays));

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
        reviewsPerDay: 9999,
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
      peakReviews: Math.max(0, ...result.days.map((d) => d.reviews)),
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
    days: chosen.result.days.map((d) => ({ date: dateOfDay(today + d.day), reviews: d.reviews, newCards: d.newCards })),
    predictedRecall: chosen.result.recallOnDay ?? 0,
    totalReviews: chosen.result.totalReviews,
    options,
  };
}
