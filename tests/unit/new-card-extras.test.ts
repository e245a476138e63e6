import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../electron/api/api-dispatcher.js';
import { createHandlers } from '../../electron/api/api-handlers.js';
import type { DeckSummary } from '../../electron/core/domain/types.js';
import { openTestCollection } from '../helpers/test-collection.js';

function setup() {
  const { collection, clock } = openTestCollection();
  const dispatcher = createDispatcher(createHandlers({ collection, appVersion: 'test', transport: 'http' }));
  const call = async <T>(method: string, args: unknown): Promise<T> => {
    const reply = await dispatcher.dispatch(method, args);
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
    return reply.value as T;
  };
  return { collection, clock, call };
}

const newOf = (decks: DeckSummary[], id: string) => decks.find((d) => d.id === id)!.newToday;

describe('"Study this deck anyway": a per-deck extra of new cards for today', () => {
  it('opens a deck held back by the overall limit, for that deck and that day only', async () => {
    const { collection, clock, call } = setup();
    collection.updateSettings({ newPerDay: 5 });
    // Spend the shared allowance on the EC2 deck.
    for (const card of collection.study({ deckIds: ['iaas-ec2'] }).cards) collection.answer({ cardId: card.id, grade: 1, durationMs: 1000 });
    expect(collection.today().totals.new).toBe(0);
    expect(newOf(collection.decks(), 'terminology')).toBe(0);

    const deck = await call<DeckSummary>('study.extendNew', { deckId: 'terminology', count: 4 });
    expect(deck.newToday).toBe(4);
    expect(collection.study({ deckIds: ['terminology'] }).cards.filter((c) => c.state === 0)).toHaveLength(4);
    // Other decks stay held back.
    expect(newOf(collection.decks(), 'core-model')).toBe(0);

    // Using the extra spends it.
    for (const card of collection.study({ deckIds: ['terminology'] }).cards) collection.answer({ cardId: card.id, grade: 1, durationMs: 1000 });
    expect(newOf(collection.decks(), 'terminology')).toBe(0);

    // The next day the ordinary limits are back, without the extra.
    clock.advanceDays(1);
    expect(newOf(collection.decks(), 'terminology')).toBe(5);
    expect(collection.today().totals.new).toBe(5);
  });

  it('refuses an unknown deck', async () => {
    const { call } = setup();
    await expect(call('study.extendNew', { deckId: 'no-such-deck', count: 3 })).rejects.toThrow(/NOT_FOUND/);
  });
});
