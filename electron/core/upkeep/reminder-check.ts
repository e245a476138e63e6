import type { CollectionDoor } from '../db/collection-door.js';
import type { TodayView } from '../domain/types.js';
import { reminderDecision, type ReminderDecision } from './daily-reminder.js';

/** What the reminder reads of the open collection. */
export interface ReminderSource extends CollectionDoor {
  now(): number;
  readonly settings: { rolloverHour: number; dailyReminder: string | null };
  today(): TodayView;
}

/** Kept beside the settings (not one of them, never travels): the study day the reminder last fired. */
const shownKey = 'reminderShownDay';

/**
 * The daily reminder for the open collection now: the pure decision
 * (daily-reminder.ts) from Today's counts, and when it fires, its day is
 * recorded first, so it fires once per study day even across restarts.
 */
export function checkReminder(c: ReminderSource): ReminderDecision {
  const time = c.settings.dailyReminder;
  if (time === null) return reminderDecision({ now: c.now(), rolloverHour: c.settings.rolloverHour, time, dueCount: 0, reviewsToday: 0, lastShownDay: null });
  const today = c.today();
  const stored = c.read((db) => db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(shownKey));
  const lastShownDay = stored !== undefined && /^\d{1,7}$/.test(stored) ? Number(stored) : null;
  const decision = reminderDecision({
    now: c.now(),
    rolloverHour: c.settings.rolloverHour,
    time,
    dueCount: today.totals.due + today.totals.learning,
    reviewsToday: today.reviewsToday,
    lastShownDay,
  });
  if (decision.notify) {
    c.write((db) => db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(shownKey, String(decision.day)), 'none');
  }
  return decision;
}
