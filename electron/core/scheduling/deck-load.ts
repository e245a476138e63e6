import type Database from 'better-sqlite3';
import { dayEnd, dayStart, studyDay } from '../domain/day-clock.js';
import type { DeckLoad } from './balanced-due.js';
import { dueSlotMs } from '../db/due-load-slots.js';
import { oneRow } from '../db/typed-statements.js';

/** Changes on this connection and commits on others since it opened: a count kept under one stamp holds until it moves. */
const stampSql = "SELECT total_changes() || ':' || data_version FROM pragma_data_version";

/**
 * The load balancer's view of a deck: reviews due on each study day of a
 * range. Only cards last reviewed before today count, so today's answers do
 * not shift each other: the interval a grade button shows when the session
 * starts is the one the answer gives.
 *
 * A day's count is read from the trigger-kept quarter-hour slots (migration
 * 0019), less the deck's cards reviewed today that fall on it: a few small
 * rows per day whatever the deck's size. A day whose bounds are not on
 * quarter hours (no time zone does that today) is counted from the due
 * index instead, which gives the same number.
 *
 * A session's start asks for four previews of every card, hundreds of windows
 * that overlap, so each day's count is kept until the collection changes: any
 * write on this connection (`total_changes()`) or another (`data_version`), or
 * a new study day, starts afresh. A count read is always the count now.
 * Reading that stamp is a statement of its own, and a session's start would
 * read it once for every preview (about 600): `holdingDeckLoads` reads it
 * once for a batch of reads that writes nothing.
 *
 * The counts are kept per connection (every scheduler's reader shares them),
 * and an answer keeps them too (`keepDeckLoadsThroughAnswer`): it changes at
 * most one count, which it corrects, where starting afresh would read the
 * slots again for the next card's previews and for every answer's own
 * balancing.
 */
export function deckLoadReader(db: Database.Database, rolloverHour: number): DeckLoad {
  // Each day of a run of days not yet known, counted inside SQLite in one statement: [[start, end], …] in, one count per day out.
  const countDays = db
    .prepare<[{ deckId: string; before: number; days: string }], number>(
      `SELECT (SELECT count(*) FROM cards INDEXED BY cards_due
                WHERE deck_id = @deckId AND state = 2 AND due >= json_extract(b.value, '$[0]') AND due < json_extract(b.value, '$[1]')
                  AND last_review < @before AND suspended = 0 AND retired = 0)
       FROM json_each(@days) b ORDER BY b.key`,
    )
    .pluck();
  // The same per day from the slots, summed inside SQLite: [[first slot, end slot], …] in, one sum per day out.
  const sumSlots = db
    .prepare<[{ deckId: string; slots: string }], number>(
      `SELECT (SELECT coalesce(sum(n), 0) FROM due_load_slots
                WHERE deck_id = @deckId AND slot >= json_extract(b.value, '$[0]') AND slot < json_extract(b.value, '$[1]'))
       FROM json_each(@slots) b ORDER BY b.key`,
    )
    .pluck();
  const reviewedToday = db
    .prepare<[{ deckId: string; before: number; from: number; to: number }], number>(
      `SELECT due FROM cards INDEXED BY cards_reviewed_since
       WHERE deck_id = @deckId AND last_review >= @before AND due >= @from AND due < @to AND state = 2 AND suspended = 0 AND retired = 0`,
    )
    .pluck();
  const kept = keptCountsOf(db, rolloverHour);
  return (deckId, fromDay, toDay, today) => {
    const current = `${today}:${heldStamps.get(db) ?? changeStamp(db)}`;
    if (current !== kept.stamp) {
      kept.stamp = current;
      kept.decks = new Map();
    }
    let days = kept.decks.get(deckId);
    if (!days) kept.decks.set(deckId, (days = new Map()));
    const missing: number[] = [];
    for (let day = fromDay; day <= toDay; day++) if (!days.has(day)) missing.push(day);
    if (missing.length > 0) {
      const bounds: Bounds[] = missing.map((day) => [dayStart(day, rolloverHour), dayEnd(day, rolloverHour)]);
      const before = dayStart(today, rolloverHour);
      const found = bounds.every(([start, end]) => start % dueSlotMs === 0 && end % dueSlotMs === 0)
        ? lessReviewedToday(
            bounds,
            sumSlots.all({ deckId, slots: JSON.stringify(bounds.map(([start, end]) => [start / dueSlotMs, end / dueSlotMs])) }),
            reviewedToday.all({ deckId, before, from: (bounds[0] as Bounds)[0], to: (bounds.at(-1) as Bounds)[1] }),
          )
        : countDays.all({ deckId, before, days: JSON.stringify(bounds) });
      missing.forEach((day, i) => days.set(day, found[i] ?? 0));
    }
    return days;
  };
}

type Bounds = readonly [number, number];

/** Each day's count per deck, valid while the change stamp (with the study day in front) is `stamp`. */
interface KeptCounts {
  stamp: string;
  decks: Map<string, Map<number, number>>;
}

/** The counts kept on each connection, by rollover hour (which places every day's bounds). */
const keptCounts = new WeakMap<Database.Database, Map<number, KeptCounts>>();

function keptCountsOf(db: Database.Database, rolloverHour: number): KeptCounts {
  let byHour = keptCounts.get(db);
  if (!byHour) keptCounts.set(db, (byHour = new Map()));
  let kept = byHour.get(rolloverHour);
  if (!kept) byHour.set(rolloverHour, (kept = { stamp: '', decks: new Map() }));
  return kept;
}

const stampStatements = new WeakMap<Database.Database, Database.Statement<[], string>>();

/** The connection's change stamp, or null when it keeps no counts (then an answer has none to keep). */
export function deckLoadStamp(db: Database.Database): string | null {
  return keptCounts.has(db) ? changeStamp(db) : null;
}

/** The connection's change stamp now, through one statement prepared per connection. */
function changeStamp(db: Database.Database): string {
  let statement = stampStatements.get(db);
  if (!statement) stampStatements.set(db, (statement = db.prepare<[], string>(stampSql).pluck()));
  return oneRow(statement.get());
}

/** The columns of a card that place it in the counts. */
export interface LoadedCard {
  deck_id: string;
  state: number;
  due: number;
  suspended: number;
  retired: number;
  last_review: number | null;
}

/**
 * Keeps the counts through a committed answer that rescheduled `before` at
 * `answeredAt`, when they held just before its writes: `stampBefore` and
 * `stampAfter` are read inside its transaction, before its first write and
 * after its last (no other connection commits in between). A day counts the
 * cards last reviewed before today's study day began, so the answer (its card
 * now reviewed today, the rest of the transaction only burying siblings)
 * takes the card off the day it was due, if it counted there, and changes no
 * other day. Counts that had already moved on are left to start afresh.
 */
export function keepDeckLoadsThroughAnswer(db: Database.Database, stamps: { before: string; after: string }, before: LoadedCard, answeredAt: number): void {
  const byHour = keptCounts.get(db);
  if (!byHour) return;
  for (const [rolloverHour, kept] of byHour) {
    const today = studyDay(answeredAt, rolloverHour);
    if (kept.stamp !== `${today}:${stamps.before}`) continue;
    const counted = before.state === 2 && before.suspended === 0 && before.retired === 0 && before.last_review !== null && before.last_review < dayStart(today, rolloverHour);
    const days = counted ? kept.decks.get(before.deck_id) : undefined;
    const day = studyDay(before.due, rolloverHour);
    const n = days?.get(day);
    if (days && n !== undefined) days.set(day, n - 1);
    kept.stamp = `${today}:${stamps.after}`;
  }
}

/** Connections running a batch that writes nothing, with the change stamp read when it began. */
const heldStamps = new WeakMap<Database.Database, string>();

/**
 * Runs `read` (which must write nothing: a session's cards and their grade
 * previews) with the connection's change stamp read once at its start, so
 * the load readers on this connection skip reading it for every preview.
 * A write on another connection while it runs is seen by the next read after
 * it, as if it had come just after.
 */
export function holdingDeckLoads<T>(db: Database.Database, read: () => T): T {
  if (heldStamps.has(db)) return read();
  heldStamps.set(db, changeStamp(db));
  try {
    return read();
  } finally {
    heldStamps.delete(db);
  }
}


/** Each day's count (days ascending) less the cards reviewed today that are due on it. */
function lessReviewedToday(bounds: readonly Bounds[], counts: number[], reviewedToday: readonly number[]): number[] {
  for (const due of reviewedToday) {
    let lo = 0;
    let hi = bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((bounds[mid] as Bounds)[0] <= due) lo = mid;
      else hi = mid - 1;
    }
    const [start, end] = bounds[lo] as Bounds;
    if (due >= start && due < end) counts[lo] = (counts[lo] ?? 0) - 1;
  }
  return counts;
}
