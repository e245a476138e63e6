import type { EasyDayLevel } from '../presets/preset-schema.js';
import { SeededRandom } from '../domain/seeded-random.js';

/**
 * The load balancer and Easy Days. FSRS's fuzz already allows a review to
 * land anywhere in a range of days around its interval; within that range
 * this picks the day, preferring days with fewer reviews already due and
 * weekdays the learner has not marked Reduced or Minimum. The pick is a
 * weighted draw seeded from the card and its review count, so the same
 * answer gives the same day on every device and every run.
 */
export interface BalanceInput {
  cardId: number;
  /** The card's review count after this answer: a new seed for each review. */
  reps: number;
  /** Study days of the fuzz range, inclusive. */
  minDay: number;
  maxDay: number;
  /** Reviews already due on a study day; omitted = load is not balanced (Easy Days only). */
  load?: ((day: number) => number) | undefined;
  /** Weekday of a study day, 0 = Sunday. */
  weekday: (day: number) => number;
  easyDays: readonly EasyDayLevel[];
}

/**
 * The longest interval whose day the balancer picks by load, as in Anki's
 * load balancer (`MAX_LOAD_BALANCE_INTERVAL`, 90 days): a review sent further
 * out gains little from a lighter day, and its fuzz range alone spreads it.
 * Easy Days still apply at any interval. Bounding it also bounds what a
 * session's start reads: the days of the next quarter-year, not every day a
 * mature card's range reaches (thousands at ten million reviews).
 */
export const maxBalancedIntervalDays = 90;

/** Whether a review `intervalDays` out is placed by load (when the load balancer is on). */
export function balancesLoad(intervalDays: number): boolean {
  return intervalDays <= maxBalancedIntervalDays;
}

/** How much of a normal day's share a marked weekday takes. */
const easyDayShare: Record<EasyDayLevel, number> = { normal: 1, reduced: 0.5, minimum: 0.02 };

export function balancedDay(input: BalanceInput): number {
  const { minDay, maxDay } = input;
  if (maxDay <= minDay) return minDay;
  const weights: number[] = [];
  for (let day = minDay; day <= maxDay; day++) {
    const share = easyDayShare[input.easyDays[input.weekday(day)] ?? 'normal'];
    // An inverse square of the load leans hard towards light days while still spreading cards among near-equal ones.
    const load = input.load ? input.load(day) : 0;
    weights.push(share / ((load + 1) * (load + 1)));
  }
  const rng = SeededRandom.stream(input.cardId, `balance-${input.reps}`);
  return minDay + rng.weighted(weights);
}

export function hasEasyDays(easyDays: readonly EasyDayLevel[]): boolean {
  return easyDays.some((d) => d !== 'normal');
}

/** Weekday of a study day number (days since 1970-01-01, a Thursday). */
export function weekdayOfStudyDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}
