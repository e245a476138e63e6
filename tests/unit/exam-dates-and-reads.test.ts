import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import path from 'node:path';
import { Collection } from '../../electron/core/collection.js';
import { checksum, decksDir, openTestCollection, tempDir, TestClock } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { rightAction } from '../helpers/learner-actions.js';

// The test clock starts on 2026-03-04.
describe('exam dates', () => {
  it.each([
    ['2020-01-01', /has already passed/],
    ['2026-03-03', /has already passed/],
    ['2026-02-30', /does not exist/],
    ['2026-13-01', /does not exist/],
    ['2031-03-05', /more than 5 years away.*2031-03-04/],
    ['next friday', /YYYY-MM-DD/],
  ])('refuses %s for the exam in Settings and for a deck, saying why', async (date, why) => {
    const { collection } = openTestCollection();
    const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
    const before = checksum(databaseOf(collection));
    const settings = await dispatcher.dispatch('settings.update', { examDate: date });
    expect(settings).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(why) } });
    const deck = await dispatcher.dispatch('decks.setOptions', { deckId: 'iaas-ec2', newPerDay: null, reviewsPerDay: null, examDate: date });
    expect(deck).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(why) } });
    for (const reply of [settings, deck]) if (!reply.ok) expect(reply.error.message).not.toMatch(/settings\.update|decks\.setOptions|examDate/);
    expect(checksum(databaseOf(collection))).toBe(before);
  });

  it('accepts today, a day ahead and five years ahead', () => {
    const { collection } = openTestCollection();
    for (const date of ['2026-03-04', '2026-03-05', '2031-03-04']) {
      expect(collection.updateSettings({ examDate: date }).examDate).toBe(date);
      collection.setDeckOptions('iaas-ec2', { newPerDay: null, reviewsPerDay: null, examDate: date });
    }
    expect(collection.today().exam?.daysLeft).toBe(365 * 5 + 1);
  });

  it('an exam date that has passed since it was saved shows no readiness and does not block other changes', () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ examDate: '2026-03-06' });
    collection.setDeckOptions('iaas-ec2', { newPerDay: null, reviewsPerDay: null, examDate: '2026-03-06' });
    clock.advanceDays(5);
    expect(collection.today().exam).toBeNull();
    expect(collection.updateSettings({ examDate: '2026-03-06', newPerDay: 5 }).newPerDay).toBe(5);
    expect(() => collection.setDeckOptions('iaas-ec2', { newPerDay: 3, reviewsPerDay: null, examDate: '2026-03-06' })).not.toThrow();
  });
});

describe('reads', () => {
  it('Today, Decks and Stats write nothing, with an exam date set', () => {
    const { collection } = openTestCollection();
    collection.updateSettings({ examDate: '2026-04-01' });
    collection.setDeckOptions('iaas-ec2', { newPerDay: null, reviewsPerDay: null, examDate: '2026-03-20' });
    const db = databaseOf(collection);
    const tables = ['decks', 'cards', 'review_log', 'settings', 'daily_reviews', 'exam_readiness'];
    const before = JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t}`).all()));
    const changes = db.prepare('SELECT total_changes()').pluck();
    const changesBefore = changes.get();
    expect(collection.today().exam?.history.at(-1)).toMatchObject({ day: '2026-03-04' });
    collection.decks();
    collection.stats({}, '1m');
    collection.study();
    expect(changes.get()).toBe(changesBefore);
    expect(JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t}`).all()))).toBe(before);
  });

  it("today's readiness point is stored after answers, off the read path", () => {
    const file = path.join(tempDir(), 'c.sqlite');
    const clock = new TestClock();
    const open = () => Collection.open({ file, builtinDecksDir: decksDir, now: clock.now });
    const collection = open();
    collection.updateSettings({ examDate: '2026-04-01' });
    const session = collection.study();
    const card = session.cards[0]!;
    collection.answer({ sessionId: session.sessionId, cardId: card.id, grade: 3, durationMs: 1, ...rightAction(card) });
    collection.close();
    const again = open();
    const stored = databaseOf(again).prepare('SELECT exam_date AS examDate, card_count AS cards FROM exam_readiness').all();
    expect(stored).toEqual([{ examDate: '2026-04-01', cards: again.today().exam!.cardCount }]);
    again.close();
  });
});
