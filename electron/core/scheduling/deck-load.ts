import type Database from 'better-sqlite3';
import { dayEnd, dayStart, studyDay } from '../domain/day-clock.js';
import type { DeckLoad } from './balanced-due.js';

/** The load balancer's view of a deck: reviews due on each study day of a range, read through the due index. */
export function deckLoadReader(db: Database.Database, rolloverHour: number): DeckLoad {
  const stmt = db
    .prepare('SELECT due FROM cards INDEXED BY cards_due WHERE deck_id = ? AND state = 2 AND due >= ? AND due < ? AND suspended = 0 AND retired = 0')
    .pluck();
  return (deckId, fromDay, toDay) => {
    const counts = new Map<number, number>();
    for (const due of stmt.all(deckId, dayStart(fromDay, rolloverHour), dayEnd(toDay, rolloverHour)) as number[]) {
      const day = studyDay(due, rolloverHour);
      counts.set(day, (counts.get(day) ?? 0) + 1);
    }
    return counts;
  };
}
