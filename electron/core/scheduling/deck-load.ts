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
  // Each day of a run of days not yet known, counted inside SQLite in one statement: [[start, end], …] in, one count per day out.
  const countDays = db
    .prepare(
      `SELECT (SELECT count(*) FROM cards INDEXED BY cards_due
                WHERE deck_id = @deckId AND state = 2 AND due >= json_extract(b.value, '$[0]') AND due < json_extract(b.value, '$[1]')
                  AND last_review < @before AND suspended = 0 AND retired = 0)
       FROM json_each(@days) b ORDER BY b.key`,
    )
    .pluck();
  const writes = db.prepare("SELECT total_changes() || ':' || data_version FROM pragma_data_version").pluck();
  let stamp = '';
  let known = new Map<string, Map<number, number>>();
  return (deckId, fromDay, toDay, today) => {
    const current = `${today}:${writes.get() as string}`;
    if (current !== stamp) {
      stamp = current;
      known = new Map();
    }
    let days = known.get(deckId);
    if (!days) known.set(deckId, (days = new Map()));
    const missing: number[] = [];
    for (let day = fromDay; day <= toDay; day++) if (!days.has(day)) missing.push(day);
    if (missing.length > 0) {
      const bounds = missing.map((day) => [dayStart(day, rolloverHour), dayEnd(day, rolloverHour)]);
      const found = countDays.all({ deckId, before: dayStart(today, rolloverHour), days: JSON.stringify(bounds) }) as number[];
      missing.forEach((day, i) => days.set(day, found[i] ?? 0));
    }
    return days;
  };
}
