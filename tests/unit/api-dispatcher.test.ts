import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import { checksum, openTestCollection } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

function setup() {
  const { collection, clock } = openTestCollection();
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
  return { collection, clock, dispatcher };
}

describe('the dispatcher', () => {
  it('answers a valid call with an ok envelope', async () => {
    const { dispatcher } = setup();
    const reply = await dispatcher.dispatch('today.get', {});
    expect(reply.ok).toBe(true);
  });

  it.each([
    ['nope', {}],
    [42, {}],
    [null, {}],
    ['__proto__', {}],
    ['constructor', {}],
    ['toString', {}],
  ])('rejects the unknown method %j with a typed error', async (method, args) => {
    const { dispatcher } = setup();
    const reply = await dispatcher.dispatch(method, args);
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it.each([
    ['study.answer', { cardId: 1, grade: 5, durationMs: 1 }],
    ['study.answer', { cardId: '1', grade: 3, durationMs: 1 }],
    ['study.answer', { cardId: 1, grade: 3, durationMs: -1 }],
    ['study.answer', { cardId: 1, grade: 3, durationMs: Number.NaN }],
    ['study.answer', { cardId: 1, grade: 3, durationMs: 1, extra: true }],
    ['study.answer', 'a string'],
    ['study.answer', [1, 3]],
    ['cards.suspend', { cardIds: [], suspended: true }],
    ['cards.reset', { cardIds: [1.5] }],
    ['settings.update', { desiredRetention: 2 }],
    ['settings.update', { newPerDay: -1 }],
    ['settings.update', { learningSteps: ['ten minutes'] }],
    ['settings.update', { unknownSetting: 1 }],
    ['decks.delete', { deckId: '' }],
    ['import.run', { fileName: 'x.csv', dataBase64: '!!!' }],
    ['today.get', { anything: 1 }],
  ])('rejects malformed arguments to %s without touching the database', async (method, args) => {
    const { dispatcher, collection } = setup();
    const before = checksum(databaseOf(collection));
    const reply = await dispatcher.dispatch(method, args);
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(checksum(databaseOf(collection))).toBe(before);
  });

  it('turns a failure inside a handler into a typed error', async () => {
    const { dispatcher, collection } = setup();
    const before = checksum(databaseOf(collection));
    const reply = await dispatcher.dispatch('study.answer', { cardId: 987654, grade: 3, durationMs: 10 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(checksum(databaseOf(collection))).toBe(before);
  });
});
