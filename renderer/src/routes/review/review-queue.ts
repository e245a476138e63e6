import type { StudyCard } from '../../../../electron/api/wire-types';

/** How far ahead a learning card may be shown when nothing else is left (Anki's learn-ahead limit). */
export const learnAheadMs = 20 * 60_000;

/**
 * The session's cards, held in the renderer so the next card shows without a
 * round trip: the main queue in order, plus learning cards that come back
 * later, sorted by when they are due.
 */
export class ReviewQueue {
  main: StudyCard[];
  later: StudyCard[];

  constructor(main: StudyCard[], later: StudyCard[]) {
    this.main = [...main];
    this.later = [...later].sort(byDue);
  }

  get size(): number {
    return this.main.length + this.later.length;
  }

  /** The next card to show: a learning card that is due, else the main queue, else a learning card due soon. */
  take(now: number): StudyCard | null {
    const soonest = this.later[0];
    if (soonest && dueOf(soonest) <= now) return this.later.shift()!;
    const next = this.main.shift();
    if (next) return next;
    if (soonest && dueOf(soonest) <= now + learnAheadMs) return this.later.shift()!;
    return null;
  }

  /** When the next learning card comes back, if none can be shown now. */
  nextLaterDue(): number | null {
    return this.later[0] ? dueOf(this.later[0]) : null;
  }

  addLater(card: StudyCard): void {
    this.remove(card.id);
    this.later.push(card);
    this.later.sort(byDue);
  }

  addLast(card: StudyCard): void {
    this.main.push(card);
  }

  putFirst(card: StudyCard): void {
    this.main.unshift(card);
  }

  remove(cardId: number): void {
    this.main = this.main.filter((c) => c.id !== cardId);
    this.later = this.later.filter((c) => c.id !== cardId);
  }
}

function dueOf(card: StudyCard): number {
  return card.due;
}

function byDue(a: StudyCard, b: StudyCard): number {
  return dueOf(a) - dueOf(b);
}
