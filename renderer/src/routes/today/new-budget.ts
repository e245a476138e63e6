import type { DeckSummary, TodayView } from '../../../../electron/api/wire-types';

/** Today's shared allowance of new cards, from the back end's own figures. */
export interface NewBudget {
  /** The overall "new cards per day" setting. */
  limit: number;
  /** New cards first studied today (cram left out). */
  used: number;
}

export function newBudgetOf(newPerDay: number, today: Pick<TodayView, 'newCardsToday'>): NewBudget {
  return { limit: newPerDay, used: today.newCardsToday };
}

/** The one plain sentence about the shared allowance: "20 new today across all decks; 12 used". */
export function newBudgetLine(b: NewBudget): string {
  const used = b.used >= b.limit && b.limit > 0 ? `all ${b.limit} used` : `${b.used.toLocaleString('en')} used`;
  return `${b.limit.toLocaleString('en')} new today across all decks; ${used}`;
}

/** A deck with new cards that gets none today only because the shared allowance is spent. */
export function heldBackByOverallLimit(deck: DeckSummary, b: NewBudget): boolean {
  return deck.newToday === 0 && deck.counts.new > 0 && b.used >= b.limit;
}
