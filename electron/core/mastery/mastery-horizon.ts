import { dateOfDay, dayOfDate, dayStart, studyDay } from '../domain/day-clock.js';
import type { MasteryHorizon } from '../domain/types.js';

/**
 * Without an exam date, mastery is measured this many days ahead: long enough
 * that a card seen once yesterday is not "known" (FSRS predicts most such
 * cards below 80% a month on), short enough to be about this course of study.
 */
export const fixedHorizonDays = 30;

/**
 * The moment at which "known" is measured: the exam morning when there is an
 * exam date still ahead (or today), else `fixedHorizonDays` from today's
 * start. Never now: right after a review every card is recalled, which says
 * nothing about the exam.
 */
export function masteryHorizon(examDate: string | null, now: number, rolloverHour: number): MasteryHorizon {
  const today = studyDay(now, rolloverHour);
  const examDay = examDate ? dayOfDate(examDate) : null;
  if (examDay !== null && examDay >= today) {
    return { kind: 'exam', date: examDate as string, daysAhead: examDay - today, at: Math.max(now, dayStart(examDay, rolloverHour)) };
  }
  const day = today + fixedHorizonDays;
  return { kind: 'fixed', date: dateOfDay(day), daysAhead: fixedHorizonDays, at: dayStart(day, rolloverHour) };
}
