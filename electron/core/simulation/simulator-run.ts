import { dateOfDay } from '../domain/day-clock.js';
import type { EasyDayLevel } from '../presets/preset-schema.js';
import { runForecast, type ForecastCard } from './collection-forecast.js';
import type { CollectionSnapshot } from './forecast-cards.js';
import { dueRulesPolicy } from './forecast-policies.js';
import { SeededRandom } from '../domain/seeded-random.js';
import type { SimulatorOutcome, SimulatorRequest, SimulatorResult } from './simulator-types.js';

/** Everything a simulator run needs, all plain data: it crosses to a worker thread. */
export interface SimulatorInput {
  request: SimulatorRequest;
  snapshot: CollectionSnapshot;
  today: number;
  weights: number[];
  maximumIntervalDays: number;
  learningSteps: string[];
  relearningSteps: string[];
  fuzz: boolean;
  loadBalancer: boolean;
  easyDays: EasyDayLevel[];
  seed: number;
}

/** Steps under a day are answered on the same day; a step of a day or more is a review the next day. */
export function sameDaySteps(steps: readonly string[]): number {
  return steps.filter((s) => !s.endsWith('d')).length;
}

/** Both retentions over the same days, with the same random draws, so the difference is the retention's. */
export function runSimulator(input: SimulatorInput, onProgress: (fraction: number) => void = () => {}): SimulatorResult {
  const { request } = input;
  const outcomes: SimulatorOutcome[] = request.retentions.map((retention, index) => {
    const rng = SeededRandom.stream(input.seed, 'simulator');
    const cards: ForecastCard[] = input.snapshot.cards.map((c) => ({ ...c }));
    const result = runForecast(cards, {
      days: request.days,
      weights: input.weights,
      desiredRetention: retention,
      maximumIntervalDays: input.maximumIntervalDays,
      newPerDay: request.newPerDay,
      reviewsPerDay: request.reviewsPerDay,
      learningSteps: sameDaySteps(input.learningSteps),
      relearningSteps: sameDaySteps(input.relearningSteps),
      seconds: input.snapshot.seconds,
      firstAgain: 0.25,
      random: () => rng.next(),
      nextDue: dueRulesPolicy({
        firstDay: input.today,
        maximumIntervalDays: input.maximumIntervalDays,
        fuzz: input.fuzz,
        loadBalancer: input.loadBalancer,
        easyDays: input.easyDays,
      }),
      onProgress: (done) => {
        if (done % 10 === 0 || done === request.days) onProgress((index + done / request.days) / request.retentions.length);
      },
    });
    const days = result.days.map((d) => ({
      date: dateOfDay(input.today + d.day),
      reviews: d.reviews,
      minutes: d.seconds / 60,
      memorised: d.memorised,
    }));
    const count = Math.max(1, days.length);
    return {
      retention,
      days,
      totalReviews: result.totalReviews,
      totalMinutes: result.totalSeconds / 60,
      reviewsPerDay: result.totalReviews / count,
      minutesPerDay: result.totalSeconds / 60 / count,
      memorisedAtEnd: days.at(-1)?.memorised ?? 0,
    };
  });
  return { request, cards: input.snapshot.cards.length, outcomes, warning: retentionWarning(outcomes) };
}

function retentionWarning(outcomes: readonly SimulatorOutcome[]): string | null {
  const high = outcomes.find((o) => o.retention >= 0.97);
  if (!high) return null;
  const other = outcomes.find((o) => o !== high && o.retention < high.retention);
  const costs = other && other.totalReviews > 0 ? ` ${(high.totalReviews / other.totalReviews).toFixed(1)}× the reviews of ${Math.round(other.retention * 100)}% for ${Math.max(0, Math.round(high.memorisedAtEnd - other.memorisedAtEnd))} more cards remembered.` : '';
  return `A desired retention of ${Math.round(high.retention * 100)}% makes the workload climb steeply:${costs || ' most reviews then come back within days.'} Most learners do better between 80% and 95%.`;
}
