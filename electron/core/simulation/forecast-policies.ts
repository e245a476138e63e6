import { get_fuzz_range } from 'ts-fsrs';
import type { EasyDayLevel } from '../presets/preset-schema.js';
import { balancedDay, balancesLoad, hasEasyDays, weekdayOfStudyDay } from '../scheduling/load-balancer.js';
import { SeededRandom } from '../domain/seeded-random.js';
import type { NextDuePolicy } from './collection-forecast.js';

/** Where the forecast puts a review: the app's own rules, on day offsets from `firstDay` (a study day). */
export interface DueRules {
  firstDay: number;
  maximumIntervalDays: number;
  fuzz: boolean;
  loadBalancer: boolean;
  easyDays: readonly EasyDayLevel[];
}

/**
 * The forecast's version of the scheduler's due-date steps: fuzz (a seeded
 * pick within ts-fsrs's fuzz range), or the load balancer and Easy Days
 * choosing within the same range, as the app does.
 */
export function dueRulesPolicy(rules: DueRules): NextDuePolicy {
  return (c) => {
    if (!rules.fuzz) return c.today + c.intervalDays;
    const range = get_fuzz_range(c.intervalDays, 0, rules.maximumIntervalDays);
    if (range.max_ivl <= range.min_ivl) return c.today + range.min_ivl;
    const byLoad = rules.loadBalancer && balancesLoad(c.intervalDays);
    const balance = byLoad || hasEasyDays(rules.easyDays);
    if (!balance) {
      const rng = SeededRandom.stream(c.cardId, `fuzz-${c.reps}`);
      return c.today + range.min_ivl + rng.int(range.max_ivl - range.min_ivl + 1);
    }
    const day = balancedDay({
      cardId: c.cardId,
      reps: c.reps,
      minDay: c.today + range.min_ivl,
      maxDay: c.today + range.max_ivl,
      load: byLoad ? c.load : undefined,
      weekday: (d) => weekdayOfStudyDay(rules.firstDay + d),
      easyDays: rules.easyDays,
    });
    return day;
  };
}
