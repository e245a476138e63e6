import { dayStart, dayOfDate, studyDay } from '../domain/day-clock.js';
import type { DueCap } from '../scheduling/fsrs-scheduler.js';

/** How many days before the exam the catch-up window opens (at most). */
export const examWindowDays = 5;

/**
 * The exam rule: a review that would fall due on or after the exam day is
 * brought forward into the last days before it, so every exam card is seen
 * at least once before the exam. Cards are spread over the window by id, so
 * no single day is flooded. Outside the exam decks, or once the exam is
 * within a day, scheduling is plain FSRS.
 */
export function createExamCap(
  examDate: string | null,
  examDeckIds: string[],
  rolloverHour: number,
  deckExamDates: ReadonlyMap<string, string> = new Map(),
): DueCap | null {
  if (!examDate && deckExamDates.size === 0) return null;
  const decks = new Set(examDeckIds);
  // A deck's own exam date wins; otherwise the collection's, for the exam decks (all when none are chosen).
  const examDayOf = (deckId: string): number | null => {
    const own = deckExamDates.get(deckId);
    if (own) return dayOfDate(own);
    if (!examDate || (decks.size > 0 && !decks.has(deckId))) return null;
    return dayOfDate(examDate);
  };
  return (due, now, card) => {
    const examDay = examDayOf(card.deckId);
    if (examDay === null) return due;
    const examStart = dayStart(examDay, rolloverHour);
    if (due < examStart) return due;
    const today = studyDay(now, rolloverHour);
    const daysLeft = examDay - today;
    if (daysLeft <= 1) return due;
    const window = Math.min(examWindowDays, daysLeft - 1);
    const offset = hashId(card.id) % window;
    const targetDay = examDay - 1 - offset;
    // Midday of the target study day: well inside that day whatever the rollover.
    return Math.max(now, dayStart(targetDay, rolloverHour) + 8 * 3_600_000);
  };
}

function hashId(id: number): number {
  let h = id | 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
