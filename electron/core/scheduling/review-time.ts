import type { MemoryState } from './memory-state.js';

/**
 * The time FSRS schedules an answer at: never before the card's last review.
 * A synced review from a device whose clock runs ahead can carry a time still
 * in this device's future; FSRS refuses a negative interval, so such a card
 * is scheduled as if answered right after that review.
 */
export function reviewTimeFor(memory: Pick<MemoryState, 'lastReview'>, now: number): number {
  return memory.lastReview !== null && memory.lastReview > now ? memory.lastReview : now;
}
