import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import type { CardChange } from '../../electron/api/api-contract.js';
import { openTestCollection } from '../helpers/test-collection.js';

function setup() {
  const { collection, clock } = openTestCollection();
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
  const call = async <T>(method: string, args: unknown): Promise<T> => {
    const reply = await dispatcher.dispatch(method, args);
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.value as T;
  };
  const schedule = (ids: number[]) =>
    (collection as unknown as { db: Database.Database }).db.prepare(`SELECT id, deck_id, state, due, stability, difficulty, reps, lapses, last_review FROM cards WHERE id IN (${ids.join(',')}) ORDER BY id`).all();
  return { collection, clock, call, schedule };
}

/** Two studied cards of the EC2 deck. */
function studyTwo(collection: ReturnType<typeof setup>['collection']): number[] {
  const cards = collection.study({ deckIds: ['iaas-ec2'] }).cards.slice(0, 2);
  for (const card of cards) collection.answer({ cardId: card.id, grade: 4, durationMs: 1000, ...(card.content.kind === 'responsibility' ? { pickedOwner: card.content.owner, correct: true } : {}) });
  return cards.map((c) => c.id);
}

describe('bulk reset and move can be undone', () => {
  it('a reset is undone to the exact schedule it replaced', async () => {
    const { collection, call, schedule } = setup();
    const ids = studyTwo(collection);
    const before = schedule(ids);
    const change = await call<CardChange>('cards.reset', { cardIds: ids });
    expect(change.changed).toBe(2);
    expect(schedule(ids).every((r) => (r as { state: number }).state === 0)).toBe(true);
    expect(await call('cards.undoChange', { undoToken: change.undoToken })).toEqual({ restored: 2 });
    expect(schedule(ids)).toEqual(before);
    // A token works once.
    await expect(call('cards.undoChange', { undoToken: change.undoToken })).rejects.toThrow(/NOT_FOUND/);
  });

  it('a move is undone back to each card’s own deck', async () => {
    const { collection, call, schedule } = setup();
    const ec2 = studyTwo(collection);
    const rds = collection.cards.list({ deckId: 'paas-managed', limit: 1 }).cards.map((c) => c.id);
    const before = schedule([...ec2, ...rds]);
    const change = await call<CardChange>('cards.move', { cardIds: [...ec2, ...rds], deckId: 'terminology' });
    expect(change.changed).toBe(3);
    await call('cards.undoChange', { undoToken: change.undoToken });
    expect(schedule([...ec2, ...rds])).toEqual(before);
  });

  it('an undo leaves alone a card reviewed after the reset', async () => {
    const { collection, clock, call, schedule } = setup();
    const ids = studyTwo(collection);
    const change = await call<CardChange>('cards.reset', { cardIds: ids });
    clock.advance(60_000);
    const card = collection.study({ deckIds: ['iaas-ec2'] }).cards.find((c) => c.id === ids[0])!;
    collection.answer({ cardId: card.id, grade: 3, durationMs: 1000, ...(card.content.kind === 'responsibility' ? { pickedOwner: card.content.owner, correct: true } : {}) });
    const reviewedSince = schedule([ids[0]!]);
    expect(await call('cards.undoChange', { undoToken: change.undoToken })).toEqual({ restored: 1 });
    expect(schedule([ids[0]!])).toEqual(reviewedSince);
  });
});
