import type Database from 'better-sqlite3';
import { dayStart } from '../domain/day-clock.js';
import { deckCondition, deckParams, type ResolvedScope } from './stats-scope.js';

export const futureDueDays = 365;

/** Start times of the study days today .. today + 365: the bucket edges for due dates. */
export function dueDayEdges(today: number, rolloverHour: number): number[] {
  return Array.from({ length: futureDueDays + 1 }, (_, k) => dayStart(today + k, rolloverHour));
}

/** Due times of the cards that will come up (studied, not suspended or retired) before the last edge. */
export function readDueTimes(db: Database.Database, scope: ResolvedScope, until: number): number[] {
  return db
    .prepare(`SELECT due FROM cards WHERE retired = 0 AND suspended = 0 AND state > 0 AND due < @until ${deckCondition(scope, 'deck_id')}`)
    .pluck()
    .all({ until, ...deckParams(scope) }) as number[];
}

/**
 * Cards due on each of the next 365 study days; index 0 is today and holds
 * everything overdue too. Study days follow the local calendar, so the day
 * edges are looked up rather than computed as multiples of 24 hours.
 */
export function futureDueOf(dueTimes: Iterable<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(futureDueDays).fill(0);
  const last = edges.length - 1;
  for (const due of dueTimes) {
    if (due >= (edges[last] as number)) continue;
    if (due < (edges[1] as number)) {
      counts[0]!++;
      continue;
    }
    let lo = 1;
    let hi = last - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((edges[mid] as number) <= due) lo = mid;
      else hi = mid - 1;
    }
    counts[lo]!++;
  }
  return counts;
}
