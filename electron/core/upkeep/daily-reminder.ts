import { dayStart, studyDay } from '../domain/day-clock.js';

/**
 * The daily reminder's decision (the desktop app shows it: one OS
 * notification and the due count on the tray or dock badge). Pure: the clock,
 * the counts and the day it last fired are given, so it is the same on any
 * date and in any time zone the process runs in (times are read on the local
 * calendar, like the study day).
 *
 * - Off unless the learner picked a time (`time` null).
 * - The reminder moment of a study day is the picked time on that study day:
 *   a time before the rollover hour (01:30 with a 04:00 rollover) falls on the
 *   next calendar date, still inside the same study day.
 * - It fires once per study day, at or after that moment, only when cards are
 *   due and nothing was studied in that study day; never again that day.
 * - The badge shows the due count from the moment on, until the learner has
 *   studied that day (then it clears); 0 when off.
 */
export interface ReminderInputs {
  now: number;
  rolloverHour: number;
  /** "HH:MM" on a 24-hour clock, or null: off. */
  time: string | null;
  /** Cards due now (reviews and learning cards due; new cards are not due). */
  dueCount: number;
  /** Answers given in the current study day (cram included). */
  reviewsToday: number;
  /** The study day it last fired, or null. */
  lastShownDay: number | null;
}

export interface ReminderDecision {
  /** Show the notification now (and record `day` as shown). */
  notify: boolean;
  /** The study day this decision is for. */
  day: number;
  /** The number for the tray or dock badge (0: none). */
  badge: number;
  /** The notification's words, when it fires. */
  title: string;
  body: string;
}

const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isReminderTime(value: string): boolean {
  return timePattern.test(value);
}

/** The moment a study day's reminder is due, or null when the time is not a time. */
export function reminderMoment(day: number, time: string, rolloverHour: number): number | null {
  const match = timePattern.exec(time);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  // Local wall-clock time on the study day's calendar date, or the next one when it comes before the rollover.
  const start = new Date(dayStart(day, rolloverHour));
  const onDate = hour < rolloverHour ? 1 : 0;
  return new Date(start.getFullYear(), start.getMonth(), start.getDate() + onDate, hour, minute).getTime();
}

export function reminderDecision(input: ReminderInputs): ReminderDecision {
  const day = studyDay(input.now, input.rolloverHour);
  const quiet = { notify: false, day, badge: 0, title: '', body: '' };
  if (input.time === null) return quiet;
  const moment = reminderMoment(day, input.time, input.rolloverHour);
  if (moment === null || input.now < moment) return quiet;
  if (input.reviewsToday > 0 || input.dueCount <= 0) return quiet;
  const cards = input.dueCount === 1 ? '1 card is' : `${input.dueCount} cards are`;
  return {
    notify: input.lastShownDay !== day,
    day,
    badge: input.dueCount,
    title: 'Time to review',
    body: `${cards} due in Demarc today.`,
  };
}
