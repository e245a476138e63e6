import type Database from 'better-sqlite3';
import { FSRSBindingItem, FSRSBindingReview } from '@open-spaced-repetition/binding';

/** One review as the optimizer sees it: the grade and whole study days since the card's previous review. */
export interface TrainingReview {
  rating: number;
  deltaT: number;
}

/** The review log rows the optimizer reads, per card in time order. */
export interface ReviewLogRow {
  cardId: number;
  day: number;
  rating: number;
  stateBefore: number;
}

/**
 * Reads the review log, per card in time order, leaving out cram and manual
 * entries: cramming outside the schedule and manual changes are not
 * evidence of how memory decays under the schedule.
 */
export function readReviewLog(db: Database.Database): ReviewLogRow[] {
  const rows = db
    // raw(): each row as its values in column order, [card_id, day, rating, state_before].
    .prepare<[], [number, number, number, number]>(
      `SELECT card_id, day, rating, state_before FROM review_log
       WHERE kind NOT IN ('cram', 'manual')
       ORDER BY card_id, reviewed_at, id`,
    )
    .raw()
    .all();
  return rows.map(([cardId, day, rating, stateBefore]) => ({ cardId, day, rating, stateBefore }));
}

/**
 * Splits the rows (sorted by card, then time) into one review history per card.
 *
 * - A card's history starts at the last time it was learned from new: the
 *   first of its last run of reviews made while new (state_before = 0). A
 *   card that was reset and learned again starts over, as in Anki.
 * - A card with no review made while new is skipped: its log begins after it
 *   was learned (partial history, e.g. from an import), and the first logged
 *   review would be mistaken for the first ever.
 * - deltaT is the number of study days since the previous review (0 for the
 *   same day, and for the first review).
 */
export function cardHistories(rows: readonly ReviewLogRow[]): TrainingReview[][] {
  const histories: TrainingReview[][] = [];
  let start = 0;
  while (start < rows.length) {
    const cardId = rows[start]!.cardId;
    let end = start;
    let firstLearn = -1;
    while (end < rows.length && rows[end]!.cardId === cardId) {
      if (rows[end]!.stateBefore === 0 && (end === start || rows[end - 1]!.stateBefore !== 0)) firstLearn = end;
      end++;
    }
    if (firstLearn >= 0) {
      const history: TrainingReview[] = [];
      let previousDay = rows[firstLearn]!.day;
      for (let i = firstLearn; i < end; i++) {
        const row = rows[i]!;
        const rating = row.rating;
        if (rating < 1 || rating > 4) continue;
        history.push({ rating, deltaT: history.length === 0 ? 0 : Math.max(0, row.day - previousDay) });
        previousDay = row.day;
      }
      if (history.length > 1) histories.push(history);
    }
    start = end;
  }
  return histories;
}

/** An item whose last review came a day or more after the one before: what fsrs-rs evaluates (and mostly trains on). */
export function isLongTermItem(reviews: readonly TrainingReview[]): boolean {
  return (reviews.at(-1)?.deltaT ?? 0) > 0;
}

/** Counts the items (as buildBindingItems keeps them) and the long-term items a set of histories gives, without building them. */
export function countItems(histories: readonly TrainingReview[][]): { items: number; longTerm: number } {
  let items = 0;
  let longTerm = 0;
  for (const h of histories) {
    let seenLongTerm = false;
    for (let i = 1; i < h.length; i++) {
      seenLongTerm ||= h[i]!.deltaT > 0;
      if (!seenLongTerm) continue;
      items++;
      if (h[i]!.deltaT > 0) longTerm++;
    }
  }
  return { items, longTerm };
}

export interface BindingItems {
  /**
   * One item per review after a card's first, holding the history up to that
   * review: for fitting. Items whose reviews all fall on the card's first day
   * are left out: fsrs-rs panics on them ("at least one review with delta_t >
   * 0 is required"), and a panic on its worker thread aborts the process.
   */
  all: FSRSBindingItem[];
  /** The items whose last review has deltaT > 0: for evaluating (FSRSBinding#evaluate refuses the others). */
  longTerm: FSRSBindingItem[];
}

/**
 * Builds the binding items in slices of `sliceSize` histories, yielding to
 * the event loop between slices so a large history does not block the
 * main process. `onSlice` reports the share done and may stop early by
 * returning false (then null is returned).
 */
export async function buildBindingItems(
  histories: readonly TrainingReview[][],
  onSlice: (done: number) => boolean = () => true,
  sliceSize = 500,
): Promise<BindingItems | null> {
  const all: FSRSBindingItem[] = [];
  const longTerm: FSRSBindingItem[] = [];
  for (let start = 0; start < histories.length; start += sliceSize) {
    for (const history of histories.slice(start, start + sliceSize)) {
      const reviews = history.map((r) => new FSRSBindingReview(r.rating, r.deltaT));
      let seenLongTerm = false;
      for (let i = 2; i <= reviews.length; i++) {
        const lastIsLongTerm = history[i - 1]!.deltaT > 0;
        seenLongTerm ||= lastIsLongTerm;
        if (!seenLongTerm) continue;
        const item = new FSRSBindingItem(reviews.slice(0, i));
        all.push(item);
        if (lastIsLongTerm) longTerm.push(item);
      }
    }
    if (!onSlice(Math.min(1, (start + sliceSize) / histories.length))) return null;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { all, longTerm };
}
