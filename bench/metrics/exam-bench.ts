import { default_w } from 'ts-fsrs';
import type { Metric } from '../bench-stats.js';
import { runForecast, type ForecastCard, type ForecastResult } from '../../electron/core/simulation/collection-forecast.js';
import { SeededRandom } from '../../electron/core/domain/seeded-random.js';
import { examStrategies, examStrategySetup, type ExamStrategy } from '../../electron/core/exam/exam-strategies.js';

/**
 * The exam-plan benchmark: simulated learners start from nothing, learn a
 * deck at a steady new-card rate and sit an exam after 30 or 90 days, under
 * each exam strategy. Exam-day recall is the mean retrievability over every
 * card of the deck on the exam morning (by the learner's own memory model);
 * workload is every answer given until then, learning steps included. Each
 * strategy meets the same learner with the same random draws.
 */
export interface LearnerProfile {
  name: string;
  /** Multiplies FSRS's initial stabilities (w0–w3): how well first learning sticks. */
  initialStability: number;
  firstAgain: number;
  newPerDay: number;
  /** Share of the days before the exam it takes to meet every card. */
  learningShare: number;
}

export const learnerProfiles: readonly LearnerProfile[] = [
  { name: 'steady', initialStability: 1, firstAgain: 0.2, newPerDay: 20, learningShare: 0.6 },
  { name: 'forgetful', initialStability: 0.5, firstAgain: 0.35, newPerDay: 15, learningShare: 0.6 },
  { name: 'quick', initialStability: 1.6, firstAgain: 0.1, newPerDay: 25, learningShare: 0.6 },
  { name: 'late-starter', initialStability: 1, firstAgain: 0.25, newPerDay: 40, learningShare: 0.85 },
];

export const examHorizons = [30, 90] as const;
export const examBenchSeed = 19;
const desiredRetention = 0.9;

export interface ExamRun {
  profile: string;
  horizon: number;
  strategy: ExamStrategy;
  cards: number;
  recall: number;
  reviews: number;
}

export function learnerWeights(profile: LearnerProfile): number[] {
  return default_w.map((w, i) => (i < 4 ? w * profile.initialStability : w));
}

export function runExamScenario(profile: LearnerProfile, horizon: number, strategy: ExamStrategy, seed = examBenchSeed): ExamRun {
  const cardCount = Math.round(profile.newPerDay * horizon * profile.learningShare);
  const cards: ForecastCard[] = Array.from({ length: cardCount }, (_, i) => ({
    id: i + 1,
    state: 0,
    stability: 0,
    difficulty: 0,
    lastReviewDay: null,
    dueDay: 0,
    reps: 0,
  }));
  const setup = examStrategySetup(strategy, horizon, desiredRetention);
  const rng = SeededRandom.stream(seed, `exam-${profile.name}-${horizon}`);
  const result: ForecastResult = runForecast(cards, {
    days: horizon,
    // The scheduler knows the learner: these are the parameters the optimizer would fit.
    weights: learnerWeights(profile),
    desiredRetention: setup.desiredRetention,
    maximumIntervalDays: 36500,
    newPerDay: profile.newPerDay,
    reviewsPerDay: 9999,
    learningSteps: 2,
    relearningSteps: 1,
    seconds: { learn: 8, review: 6, lapse: 12 },
    firstAgain: profile.firstAgain,
    random: () => rng.next(),
    nextDue: setup.nextDue,
    recallDay: horizon,
  });
  return { profile: profile.name, horizon, strategy, cards: cardCount, recall: result.recallOnDay ?? 0, reviews: result.totalReviews };
}

export function runExamBench(seed = examBenchSeed): ExamRun[] {
  const runs: ExamRun[] = [];
  for (const horizon of examHorizons)
    for (const profile of learnerProfiles) for (const strategy of examStrategies) runs.push(runExamScenario(profile, horizon, strategy, seed));
  return runs;
}

/** Per strategy and horizon: recall averaged over the learners, reviews summed over them. */
export function examMetrics(runs: readonly ExamRun[]): Metric[] {
  const metrics: Metric[] = [];
  for (const horizon of examHorizons)
    for (const strategy of examStrategies) {
      const mine = runs.filter((r) => r.horizon === horizon && r.strategy === strategy);
      const recall = mine.reduce((a, r) => a + r.recall, 0) / mine.length;
      const reviews = mine.reduce((a, r) => a + r.reviews, 0);
      metrics.push({ metric: `exam_${strategy}_${horizon}d_recall`, value: recall, unit: 'share' });
      metrics.push({ metric: `exam_${strategy}_${horizon}d_reviews`, value: reviews, unit: 'reviews' });
    }
  return metrics;
}

/** The per-learner table, for the human-readable run. */
export function examTable(runs: readonly ExamRun[]): string {
  const lines = ['| horizon | learner | cards | strategy | exam-day recall | reviews |', '|---|---|---:|---|---:|---:|'];
  for (const r of runs) lines.push(`| ${r.horizon}d | ${r.profile} | ${r.cards} | ${r.strategy} | ${(r.recall * 100).toFixed(1)}% | ${r.reviews} |`);
  return lines.join('\n');
}
