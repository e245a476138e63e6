import { dateOfDay } from '../domain/day-clock.js';
import type { EasyDayLevel } from '../presets/preset-schema.js';
import { runForecast, type ForecastCard } from './collection-forecast.js';
import type { CollectionSnapshot } from './forecast-cards.js';
import { dueRulesPolicy } from './forecast-policies.js';
import { SeededRandom } from '../domain/seeded-random.js';
import type { SimulatorOutcome, SimulatorRequest, SimulatorResult, WorkloadPoint } from './simulator-types.js';

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

/** The retentions of the workload curve besides the two asked for: Anki's range, denser where learners choose. */
export const workloadCurveRetentions: readonly number[] = [0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99];

function curveOnlyRetentions(request: SimulatorRequest): number[] {
  return workloadCurveRetentions.filter((r) => !request.retentions.some((asked) => Math.abs(asked - r) < 1e-9));
}

/** How many times a request runs the forecast over its days: the asked retentions and the curve's others. */
export function simulatorRuns(request: SimulatorRequest): number {
  return request.retentions.length + curveOnlyRetentions(request).length;
}

/**
 * Both retentions over the same days, with the same random draws, so the
 * difference is the retention's; then the same at the curve's other
 * retentions, for the workload-against-retention chart.
 */
export function runSimulator(input: SimulatorInput, onProgress: (fraction: number) => void = () => {}): SimulatorResult {
  const { request } = input;
  const extra = curveOnlyRetentions(request);
  const runs = simulatorRuns(request);
  const outcomes: SimulatorOutcome[] = request.retentions.map((retention, index) => simulateAt(input, retention, (done) => onProgress((index + done) / runs)));
  const curve: WorkloadPoint[] = [
    ...outcomes,
    ...extra.map((retention, i) => simulateAt(input, retention, (done) => onProgress((outcomes.length + i + done) / runs))),
  ]
    .map(({ retention, reviewsPerDay, minutesPerDay, memorisedAtEnd }) => ({ retention, reviewsPerDay, minutesPerDay, memorisedAtEnd }))
    .sort((a, b) => a.retention - b.retention);
  return { request, cards: input.snapshot.cards.length, outcomes, curve, warning: retentionWarning(outcomes) };
}

/** One retention over the asked days; `onProgress` gets the fraction of its days done. */
function simulateAt(input: SimulatorInput, retention: number, onProgress: (fraction: number) => void): SimulatorOutcome {
  const { request } = input;
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
      if (done % 10 === 0 || done === request.days) onProgress(done / request.days);
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
}

function retentionWarning(outcomes: readonly SimulatorOutcome[]): string | null {
  const high = outcomes.find((o) => o.retention >= 0.97);
  if (!high) return null;
  const other = outcomes.find((o) => o !== high && o.retention < high.retention);
  const costs = other && other.totalReviews > 0 ? ` ${(high.totalReviews / other.totalReviews).toFixed(1)}× the reviews of ${Math.round(other.retention * 100)}% for ${Math.max(0, Math.round(high.memorisedAtEnd - other.memorisedAtEnd))} more cards remembered.` : '';
  return `A desired retention of ${Math.round(high.retention * 100)}% makes the workload climb steeply:${costs || ' most reviews then come back within days.'} Most learners do better between 80% and 95%.`;
}
