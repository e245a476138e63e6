import { default_w, forgetting_curve } from 'ts-fsrs';
import { dayStart, dayOfDate, studyDay } from '../domain/day-clock.js';
import type { DueCap } from '../scheduling/fsrs-scheduler.js';
import { examDueDay } from './exam-schedule.js';

export { examWindowDays } from './exam-schedule.js';

/**
 * The exam mode as the scheduler applies it (see exam-schedule.ts for the
 * rule): a review due date is moved to the study day the rule chooses, at
 * midday of that day. Outside the exam decks, scheduling is plain FSRS.
 */
export function createExamCap(
  examDate: string | null,
  examDeckIds: string[],
  rolloverHour: number,
  deckExamDates: ReadonlyMap<string, string> = new Map(),
  weights: readonly number[] | null = null,
): DueCap | null {
  if (!examDate && deckExamDates.size === 0) return null;
  const decks = new Set(examDeckIds);
  // A deck's own exam date wins; otherwise the collection's, for the exam decks (exam-scope.ts resolves them: the
  // chosen ones, else the built-in decks; an empty list here, from older callers, still means every deck).
  const examDayOf = (deckId: string): number | null => {
    const own = deckExamDates.get(deckId);
    if (own) return dayOfDate(own);
    if (!examDate || (decks.size > 0 && !decks.has(deckId))) return null;
    return dayOfDate(examDate);
  };
  const curve = [...(weights ?? default_w)];
  return (due, now, card, memory) => {
    const examDay = examDayOf(card.deckId);
    if (examDay === null) return due;
    const today = studyDay(now, rolloverHour);
    const dueDay = studyDay(due, rolloverHour);
    const day = examDueDay({
      cardId: card.id,
      today,
      examDay,
      dueDay,
      recallAfter: (days) => forgetting_curve(curve, days, memory.stability),
    });
    if (day === dueDay) return due;
    // Midday of the chosen study day: well inside that day whatever the rollover.
    return Math.max(now, dayStart(day, rolloverHour) + 8 * 3_600_000);
  };
}
