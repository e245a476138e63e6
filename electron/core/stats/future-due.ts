import type Database from 'better-sqlite3';
import { oneRow } from '../db/typed-statements.js';
import { dayStart } from '../domain/day-clock.js';
import { dueSlotMs } from '../db/due-load-slots.js';
import { deckCondition, deckParams, type ResolvedScope } from './stats-scope.js';

export const futureDueDays = 365;

/** Start times of the study days today .. today + 365: the bucket edges for due dates. */
export function dueDayEdges(today: number, rolloverHour: number): number[] {
  return Array.from({ length: futureDueDays + 1 }, (_, k) => dayStart(today + k, rolloverHour));
}

/** Due times of the cards that will come up (studied, not suspended or retired) before the last edge. */
export function readDueTimes(db: Database.Database, scope: ResolvedScope, until: number): number[] {
  return db
    .prepare<unknown[], number>(`SELECT due FROM cards WHERE retired = 0 AND suspended = 0 AND state > 0 AND due < @until ${deckCondition(scope, 'deck_id')}`)
    .pluck()
    .all({ until, ...deckParams(scope) });
}

/**
 * Cards due on each of the next 365 study days; index 0 is today and holds
 * everything overdue too. Study days follow the local calendar, so the day
 * edges are looked up rather than computed as multiples of 24 hours.
 * `weights[i]`, when given, is how many cards share `dueTimes[i]`.
 */
export function futureDueOf(dueTimes: Iterable<number>, edges: readonly number[], weights?: readonly number[]): number[] {
  const counts = new Array<number>(futureDueDays).fill(0);
  const last = edges.length - 1;
  let i = 0;
  for (const due of dueTimes) {
    const n = weights?.[i++] ?? 1;
    if (due >= (edges[last] as number)) continue;
    if (due < (edges[1] as number)) {
      counts[0]! += n;
      continue;
    }
    let lo = 1;
    let hi = last - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((edges[mid] as number) <= due) lo = mid;
      else hi = mid - 1;
    }
    counts[lo]! += n;
  }
  return counts;
}

/**
 * The future-due counts without a pass over the cards. Review cards with a
 * memory state (nearly all of them) are counted in the trigger-kept
 * quarter-hour slots of the load balancer (migration 0016): every study day
 * starts on a quarter hour, so all the cards of one slot fall on the same
 * day, and the slot's start stands for them. The other cards that come up
 * (learning and relearning ones, and review cards without a last review, a
 * fault the doctor reports) are few and read one by one. Exactly what
 * `futureDueOf(readDueTimes(...))` gives; day edges off the quarter hours
 * fall back to it.
 */
export function readFutureDue(db: Database.Database, scope: ResolvedScope, edges: readonly number[]): number[] {
  const until = edges.at(-1) as number;
  if (!edges.every((e) => e % dueSlotMs === 0)) return futureDueOf(readDueTimes(db, scope, until), edges);
  const decks = scope.deckIds ?? db.prepare<[], string>('SELECT id FROM decks').pluck().all();
  // One sum of slots per day, each a range read by key for each deck; before the first edge everything overdue, after the last the rest.
  const bounds: [number, number][] = [[-Number.MAX_SAFE_INTEGER, (edges[1] as number) / dueSlotMs]];
  for (let k = 1; k < edges.length - 1; k++) bounds.push([(edges[k] as number) / dueSlotMs, (edges[k + 1] as number) / dueSlotMs]);
  bounds.push([until / dueSlotMs, Number.MAX_SAFE_INTEGER]);
  const sums = db
    .prepare<unknown[], number>(
      `SELECT (SELECT coalesce(sum(s.n), 0) FROM json_each(@decks) d JOIN due_load_slots s
                 ON s.deck_id = d.value AND s.slot >= json_extract(b.value, '$[0]') AND s.slot < json_extract(b.value, '$[1]'))
       FROM json_each(@bounds) b ORDER BY b.key`,
    )
    .pluck()
    .all({ decks: JSON.stringify(decks), bounds: JSON.stringify(bounds) });
  const counts = sums.slice(0, futureDueDays);
  const slotted = sums.reduce((a, n) => a + n, 0);
  // Learning and relearning cards, found deck by deck through the due index.
  const others = db
    .prepare<unknown[], number>(
      `SELECT due FROM cards INDEXED BY cards_due WHERE deck_id IN (SELECT value FROM json_each(@decks)) AND state IN (1, 3) AND due < @until AND suspended = 0 AND retired = 0`,
    )
    .pluck()
    .all({ decks: JSON.stringify(decks), until });
  // Review cards the slots leave out (no last review): none unless the slots fall short of the review cards.
  const reviewCards = oneRow(
    db
      .prepare<unknown[], number>(`SELECT coalesce(sum(n), 0) FROM deck_card_counts WHERE state = 2 AND suspended = 0 ${deckCondition(scope, 'deck_id')}`)
      .pluck()
      .get(deckParams(scope)),
  );
  if (reviewCards !== slotted) {
    const unslotted = db
      .prepare<unknown[], number>(`SELECT due FROM cards WHERE state = 2 AND last_review IS NULL AND due < @until AND suspended = 0 AND retired = 0 ${deckCondition(scope, 'deck_id')}`)
      .pluck()
      .iterate({ until, ...deckParams(scope) });
    for (const due of unslotted) others.push(due);
  }
  const rest = futureDueOf(others, edges);
  return counts.map((n, k) => n + (rest[k] as number));
}
