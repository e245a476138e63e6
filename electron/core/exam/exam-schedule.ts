/**
 * Demarc's exam mode, as one rule on whole study days. What counts for an
 * exam is the recall on the exam morning, so a review is only worth its time
 * if it raises that recall:
 *
 * - a card that will still be recalled with at least `examTargetRecall` on the
 *   exam morning without another review is not reviewed again before the
 *   exam (a review due in the last days is moved to after it);
 * - a card that would fall below that gets its last review before the exam
 *   as late as possible: in the last `examWindowDays` days, spread by card so
 *   that no single day is flooded;
 * - reviews that come due well before the exam stay where FSRS puts them
 *   (they build the stability the last review relies on).
 *
 * The usual workarounds (a higher desired retention, or a maximum interval of
 * the days left) review every card more often everywhere; this reviews where
 * it pays. `npm run bench -- --only exam` compares the three.
 */
export const examTargetRecall = 0.97;
/** How many days before the exam the last reviews are spread over (at most). */
export const examWindowDays = 3;
/**
 * Before the last days, exam mode spaces reviews for this recall: a review
 * given when recall has dropped this far raises stability more (FSRS's
 * stability increase grows as retrievability falls), and the last review
 * before the exam restores recall anyway. (At 0.8 the benchmark's forgetful
 * and quick learners needed slightly more reviews than the max-interval
 * workaround over 30 days; at 0.75 exam mode needs fewer for every learner.)
 */
export const examBuildRetention = 0.75;

export interface ExamDueInput {
  cardId: number;
  /** Study day of the review just given. */
  today: number;
  /** Study day of the exam: the exam is taken on its morning, before any review that day. */
  examDay: number;
  /** The study day FSRS (with fuzz, load balancing) chose for the next review. */
  dueDay: number;
  /** Recall probability after `days` days from now, by the card's new memory state. */
  recallAfter: (days: number) => number;
}

/** The study day of the next review under exam mode. */
export function examDueDay(input: ExamDueInput): number {
  const { today, examDay } = input;
  const dueDay = Math.max(input.dueDay, today + daysAtRecall(input.recallAfter, examBuildRetention, examDay - today));
  const daysLeft = examDay - today;
  // On the exam day or after it, or the exam tomorrow (nothing fits in between): plain FSRS.
  if (daysLeft <= 1) return dueDay;
  const lastChance = examDay - 1;
  const window = Math.min(examWindowDays, daysLeft - 1);
  const windowStart = examDay - window;
  if (input.recallAfter(daysLeft) >= examTargetRecall) {
    // Recalled well enough on the exam morning as it is: a review in the last days would be spent for little.
    return dueDay >= windowStart ? Math.max(dueDay, examDay) : dueDay;
  }
  // Due before the exam anyway: that review happens, and this rule runs again after it.
  if (dueDay < examDay) return dueDay;
  return lastChance - (hashCardId(input.cardId) % window);
}

/** A well-mixed hash of a card id: spreads cards over days without randomness, so synced devices agree. */
export function hashCardId(id: number): number {
  let h = id | 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The longest wait (in whole days, at most `limit`) after which recall is still at least `recall`. */
export function daysAtRecall(recallAfter: (days: number) => number, recall: number, limit: number): number {
  let lo = 0;
  let hi = Math.max(0, limit);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (recallAfter(mid) >= recall) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
