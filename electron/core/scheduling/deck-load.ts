import type Database from 'better-sqlite3';
import { dayEnd, dayStart } from '../domain/day-clock.js';
import type { DeckLoad } from './balanced-due.js';

/**
 * The load balancer's view of a deck: reviews due on each study day of a
 * range, counted from the due index alone (it holds `last_review`). Only cards
 * last reviewed before today count, so today's answers do not shift each
 * other: the interval a grade button shows when the session starts is the one
 * the answer gives.
 *
 * A session's start asks for four previews of every card, hundreds of windows
 * that overlap, so each day's count is kept until the collection changes: any
 * write on this connection (`total_changes()`) or another (`data_version`), or
 * a new study day, starts afresh. A count read is always the count now.
 */
export function deckLoadReader(db: Database.Database, rolloverHour: number): DeckLoad {
  const countDay = db
    .prepare('SELECT count(*) FROM cards INDEXED BY cards_due WHERE deck_id = ? AND state = 2 AND due >= ? AND due < ? AND last_review < ? AND suspended = 0 AND retired = 0')
    .pluck();
  const ownWrites = db.prepare('SELECT total_changes()').pluck();
  const otherWrites = db.prepare('PRAGMA data_version').pluck();
  let stamp = '';
  let known = new Map<string, Map<number, number>>();
  return (deckId, fromDay, toDay, today) => {
    const current = `${today}:${String(ownWrites.get())}:${String(otherWrites.get())}`;
    if (current !== stamp) {
      stamp = current;
      known = new Map();
    }
    let days = known.get(deckId);
    if (!days) known.set(deckId, (days = new Map()));
    const before = dayStart(today, rolloverHour);
    const counts = new Map<number, number>();
    for (let day = fromDay; day <= toDay; day++) {
      let n = days.get(day);
      if (n === undefined) {
        n = countDay.get(deckId, dayStart(day, rolloverHour), dayEnd(day, rolloverHour), before) as number;
        days.set(day, n);
      }
      if (n > 0) counts.set(day, n);
    }
    return counts;
  };
}
