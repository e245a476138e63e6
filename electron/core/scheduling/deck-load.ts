import type Database from 'better-sqlite3';
import { dayEnd, dayStart, studyDay } from '../domain/day-clock.js';
import type { DeckLoad } from './balanced-due.js';

/**
 * The load balancer's view of a deck: reviews due on each study day of a
 * range, read through the due index. Only cards last reviewed before today
 * count, so today's answers do not shift each other: the interval a grade
 * button shows when the session starts is the one the answer gives.
 */
export function deckLoadReader(db: Database.Database, rolloverHour: number): DeckLoad {
  const stmt = db
    .prepare('SELECT due FROM cards INDEXED BY cards_due WHERE deck_id = ? AND state = 2 AND due >= ? AND due < ? AND last_review < ? AND suspended = 0 AND retired = 0')
    .pluck();
  return (deckId, fromDay, toDay, today) => {
    const counts = new Map<number, number>();
    for (const due of stmt.all(deckId, dayStart(fromDay, rolloverHour), dayEnd(toDay, rolloverHour), dayStart(today, rolloverHour)) as number[]) {
      const day = studyDay(due, rolloverHour);
      counts.set(day, (counts.get(day) ?? 0) + 1);
    }
    return counts;
  };
}
