// Card info for a new card tells its place among its deck's new cards, not a due moment.
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import type { Envelope } from '../../electron/api/api-contract.js';
import type { CardInfo } from '../../electron/core/cards/card-tools.js';
import type { StudySession } from '../../electron/core/domain/types.js';
import { openTestCollection } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';
import { rightAction } from '../helpers/learner-actions.js';

function setup() {
  const { collection } = openTestCollection();
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
  const value = async <T>(method: string, args: unknown): Promise<T> => {
    const reply = (await dispatcher.dispatch(method, args)) as Envelope<T>;
    if (!reply.ok) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  };
  return { collection, value };
}

describe('card info', () => {
  it('a new card shows its place in its deck\'s new cards; once studied, its due date instead', async () => {
    const { collection, value } = setup();
    const db = databaseOf(collection);
    const session = await value<StudySession>('study.start', {});
    const first = session.cards.find((c) => c.state === 0)!;
    const deckId = (db.prepare('SELECT deck_id FROM cards WHERE id = ?').pluck().get(first.id) as string);
    const line = db
      .prepare('SELECT id FROM cards WHERE deck_id = ? AND state = 0 AND suspended = 0 AND retired = 0 ORDER BY position, id')
      .pluck()
      .all(deckId) as number[];
    expect(line.length).toBeGreaterThan(2);
    const third = await value<CardInfo>('cards.info', { cardId: line[2] });
    expect(third).toMatchObject({ state: 'new', newPosition: 3 });

    const info = await value<CardInfo>('cards.info', { cardId: first.id });
    expect(info).toMatchObject({ state: 'new', newPosition: line.indexOf(first.id) + 1 });

    await value('study.answer', { sessionId: session.sessionId, cardId: first.id, grade: 3, durationMs: 1, ...rightAction(first) });
    expect((await value<CardInfo>('cards.info', { cardId: first.id })).newPosition).toBeNull();
    if (line.indexOf(first.id) < 2) expect((await value<CardInfo>('cards.info', { cardId: line[2] })).newPosition).toBe(2);
  });
});
