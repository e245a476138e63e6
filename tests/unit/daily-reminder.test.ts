// The daily reminder's decision: off by default, once per study day at the
// picked time, only with cards due and nothing studied, on the learner's
// rollover hour; and the collection's check that records the day it fired.
import { describe, expect, it } from 'vitest';
import { reminderDecision, reminderMoment, type ReminderInputs } from '../../electron/core/upkeep/daily-reminder.js';
import { checkReminder } from '../../electron/core/upkeep/reminder-check.js';
import { studyDay } from '../../electron/core/domain/day-clock.js';
import { openTestCollection, TestClock } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import type { Envelope } from '../../electron/api/api-contract.js';

/** A local moment on a fixed date far from today (the decision never reads the real clock). */
const at = (hour: number, minute = 0, date = 14) => new Date(2031, 4, date, hour, minute).getTime();
const base: ReminderInputs = { now: at(19), rolloverHour: 4, time: '19:00', dueCount: 12, reviewsToday: 0, lastShownDay: null };

describe('the reminder decision', () => {
  it('is off until a time is picked', () => {
    expect(reminderDecision({ ...base, time: null })).toMatchObject({ notify: false, badge: 0 });
  });

  it('fires at the picked time with the due count, not before, and only once per study day', () => {
    expect(reminderDecision({ ...base, now: at(18, 59) })).toMatchObject({ notify: false, badge: 0 });
    const fired = reminderDecision(base);
    expect(fired).toMatchObject({ notify: true, badge: 12, title: 'Time to review', body: '12 cards are due in Demarc today.' });
    expect(fired.day).toBe(studyDay(at(19), 4));
    // Later the same study day (past midnight, before the rollover): the badge stays, no second notification.
    expect(reminderDecision({ ...base, now: at(2, 30, 15), lastShownDay: fired.day })).toMatchObject({ notify: false, badge: 12 });
    // The next study day: once more.
    expect(reminderDecision({ ...base, now: at(19, 5, 15), lastShownDay: fired.day })).toMatchObject({ notify: true });
  });

  it('stays quiet when nothing is due or the learner has studied today', () => {
    expect(reminderDecision({ ...base, dueCount: 0 })).toMatchObject({ notify: false, badge: 0 });
    expect(reminderDecision({ ...base, reviewsToday: 1 })).toMatchObject({ notify: false, badge: 0 });
    expect(reminderDecision({ ...base, dueCount: 1 }).body).toBe('1 card is due in Demarc today.');
  });

  it('reads the time on the study day: before the rollover hour it is the next calendar morning of the same study day', () => {
    const day = studyDay(at(12), 4);
    expect(reminderMoment(day, '01:30', 4)).toBe(at(1, 30, 15));
    expect(reminderMoment(day, '04:00', 4)).toBe(at(4, 0, 14));
    expect(reminderMoment(day, '01:30', 0)).toBe(at(1, 30, 14));
    const late = { ...base, time: '01:30' };
    expect(reminderDecision({ ...late, now: at(23) })).toMatchObject({ notify: false });
    expect(reminderDecision({ ...late, now: at(1, 31, 15) })).toMatchObject({ notify: true, day });
    // With a rollover at 0 the same 01:30 belongs to the new day, which starts at midnight.
    expect(reminderDecision({ ...late, rolloverHour: 0, now: at(1, 31, 15) })).toMatchObject({ notify: true, day: studyDay(at(1, 31, 15), 0) });
    expect(reminderMoment(day, '24:00', 4)).toBeNull();
  });
});

describe('the collection\'s reminder check', () => {
  it('fires once for cards due, records the day (a restart does not fire again), and clears the badge once studied', async () => {
    const clock = new TestClock(at(20));
    const { collection } = openTestCollection({ clock });
    const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
    const value = async <T>(method: string, args: unknown): Promise<T> => {
      const reply = (await dispatcher.dispatch(method, args)) as Envelope<T>;
      if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
      return reply.value;
    };
    const db = databaseOf(collection);
    const ids = db.prepare("SELECT id FROM cards WHERE deck_id = 'iaas-ec2' AND retired = 0 AND kind = 'basic' ORDER BY id LIMIT 3").pluck().all() as number[];
    for (const id of ids) {
      db.prepare('UPDATE cards SET state = 2, stability = 10, difficulty = 5, reps = 2, last_review = ?, due = ? WHERE id = ?').run(clock.now() - 10 * 86_400_000, clock.now() - 3_600_000, id);
    }
    expect(checkReminder(collection)).toMatchObject({ notify: false, badge: 0 });
    expect((await value<{ dailyReminder: string | null }>('settings.update', { dailyReminder: '19:30' })).dailyReminder).toBe('19:30');
    expect(checkReminder(collection)).toMatchObject({ notify: true, badge: 3 });
    expect(checkReminder(collection)).toMatchObject({ notify: false, badge: 3 });

    const session = await value<{ sessionId: string; cards: { id: number }[] }>('study.start', {});
    await value('study.answer', { sessionId: session.sessionId, cardId: session.cards[0]!.id, grade: 3, durationMs: 1, revealed: true });
    expect(checkReminder(collection)).toMatchObject({ notify: false, badge: 0 });
    await expect(dispatcher.dispatch('settings.update', { dailyReminder: '7pm' })).resolves.toMatchObject({ ok: false });
  });
});
