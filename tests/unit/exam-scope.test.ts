import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import type { Collection } from '../../electron/core/collection.js';
import { dayOfDate, dayStart } from '../../electron/core/domain/day-clock.js';
import type { ExamScope } from '../../electron/core/domain/types.js';
import type { ExamPlan } from '../../electron/core/exam/exam-plan.js';
import { databaseOf } from '../helpers/collection-database.js';
import { openTestCollection, TestClock } from '../helpers/test-collection.js';

const unrelatedDeck = ['front,back', ...Array.from({ length: 40 }, (_, i) => `Capital of country ${i},City ${i}`)].join('\n');

async function examOf(collection: Collection) {
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
  const value = async <T>(method: 'exam.plan' | 'exam.scope') => {
    const reply = await dispatcher.dispatch(method, {});
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value as T;
  };
  const readiness = collection.today().exam!;
  return { readiness, plan: await value<ExamPlan>('exam.plan'), scope: await value<ExamScope>('exam.scope') };
}

describe('the exam’s scope', () => {
  it('is the built-in decks until the learner chooses; an import leaves readiness and the plan unchanged until it is added', async () => {
    const { collection } = openTestCollection();
    collection.updateSettings({ examDate: '2026-03-25', learningSteps: [] });
    for (const card of collection.study().cards.slice(0, 12)) collection.answer({ cardId: card.id, grade: 3, durationMs: 5000 });
    const builtin = databaseOf(collection).prepare("SELECT id FROM decks WHERE origin = 'builtin' ORDER BY id").pluck().all() as string[];
    const before = await examOf(collection);
    expect(before.scope.byDefault).toBe(true);
    expect([...before.scope.deckIds].sort()).toEqual(builtin);
    expect(before.readiness).toMatchObject({ byDefault: true, cardCount: before.scope.cardCount });
    expect([...before.readiness.deckIds].sort()).toEqual(builtin);
    expect(before.plan).toMatchObject({ byDefault: true, cards: before.scope.cardCount });

    const imported = collection.runImport('Capitals.csv', Buffer.from(unrelatedDeck), {});
    const deckId = imported.decks[0]!.id;
    const after = await examOf(collection);
    expect(after.readiness).toEqual(before.readiness);
    expect(after.plan).toEqual(before.plan);
    expect(after.scope.decks.find((d) => d.id === deckId)).toMatchObject({ onExam: false, cards: 40, origin: 'imported' });

    // The learner adds it: the exam is now the built-in decks and this one, chosen.
    collection.updateSettings({ examDeckIds: [...after.scope.deckIds, deckId] });
    const added = await examOf(collection);
    expect(added.scope).toMatchObject({ byDefault: false, cardCount: before.scope.cardCount + 40 });
    expect(added.readiness.cardCount).toBe(before.readiness.cardCount + 40);
    expect(added.readiness.readiness).toBeLessThan(before.readiness.readiness);
    expect(added.plan.cards).toBe(before.plan.cards + 40);
    expect(added.plan.newCards).toBe(before.plan.newCards + 40);
  });

  it('a chosen deck list narrows the exam; unticking every deck goes back to the built-in decks', async () => {
    const { collection } = openTestCollection();
    collection.updateSettings({ examDate: '2026-03-25', examDeckIds: ['terminology'] });
    const chosen = await examOf(collection);
    expect(chosen.scope).toMatchObject({ byDefault: false, deckIds: ['terminology'] });
    expect(chosen.readiness.cardCount).toBe(chosen.scope.decks.find((d) => d.id === 'terminology')!.cards);
    collection.updateSettings({ examDeckIds: [] });
    expect((await examOf(collection)).scope.byDefault).toBe(true);
    // A choice that names only decks that no longer exist is no choice.
    collection.updateSettings({ examDeckIds: ['gone'] });
    expect((await examOf(collection)).scope.byDefault).toBe(true);
  });

  it('exam mode bends the schedule of the exam’s decks only: an imported deck keeps plain FSRS', () => {
    const clock = new TestClock(new Date(2026, 2, 1, 10).getTime());
    const { collection } = openTestCollection({ clock });
    const { decks } = collection.runImport('Capitals.csv', Buffer.from(unrelatedDeck), {});
    collection.updateSettings({ examDate: '2026-03-09', learningSteps: [], newPerDay: 200 });
    const examAt = dayStart(dayOfDate('2026-03-09'), collection.settings.rolloverHour);
    for (const deckId of ['terminology', decks[0]!.id]) {
      for (const card of collection.study({ deckIds: [deckId] }).cards) collection.answer({ cardId: card.id, grade: 4, durationMs: 1 });
    }
    const dues = (deck: string) => databaseOf(collection).prepare('SELECT due FROM cards WHERE state = 2 AND deck_id = ?').pluck().all(deck) as number[];
    // Easy on a first answer is due in about eight days, around the exam: exam mode gives every built-in card its
    // last review before the exam...
    expect(dues('terminology').length).toBeGreaterThan(0);
    expect(dues('terminology').every((due) => due < examAt)).toBe(true);
    // ...and leaves the imported deck where FSRS put it, many on the exam day or after.
    const own = dues(decks[0]!.id);
    expect(own.length).toBe(40);
    expect(own.filter((due) => due >= examAt).length).toBeGreaterThan(10);
  });
});
