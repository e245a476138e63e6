import { z } from 'zod';
import { dateOfDay, dayOfDate } from './day-clock.js';
import { DemarcError, ErrorCode } from './errors.js';

/** How far ahead an exam may be planned: past this, readiness and the interval cap mean nothing. */
export const maxExamYearsAhead = 5;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;
export const calendarDateSchema = z
  .string()
  .regex(isoDatePattern, 'write the date as YYYY-MM-DD, for example 2027-03-15')
  // Zod runs refinements after a failed regex too: only a well-formed string is looked up in the calendar.
  .refine((value) => !isoDatePattern.test(value) || dateOfDay(dayOfDate(value)) === value, { message: 'that day does not exist in the calendar' });

/**
 * An exam date must be today or later, and at most five years ahead. Checked
 * against the collection's clock (study days), so it cannot live in the schema.
 */
export function checkExamDate(date: string | null | undefined, today: number, what = 'The exam date'): void {
  const problem = examDateProblem(date, today, what);
  if (problem) throw new DemarcError(ErrorCode.invalidArgument, problem);
}

/** Why an exam date cannot be chosen on `today`, or null when it can (the rule checkExamDate applies). */
export function examDateProblem(date: string | null | undefined, today: number, what = 'The exam date'): string | null {
  if (!date) return null;
  const day = dayOfDate(date);
  if (day < today) return `${what} ${date} has already passed: choose today or a later day.`;
  const latest = latestExamDay(today);
  if (day > latest) return `${what} ${date} is more than ${maxExamYearsAhead} years away: choose a day up to ${dateOfDay(latest)}.`;
  return null;
}

/** The last day an exam may be planned for on `today`: the same day five years on (28 February for a 29th). */
export function latestExamDay(today: number): number {
  return dayOfDate(`${Number(dateOfDay(today).slice(0, 4)) + maxExamYearsAhead}${dateOfDay(today).slice(4)}`.replace('-02-29', '-02-28'));
}
