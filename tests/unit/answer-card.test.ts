import { describe, expect, it } from 'vitest';
import { dumpTables, openTestCollection } from '../helpers/test-collection.js';
import { databaseOf } from '../helpers/collection-database.js';

describe('answering a card', () => {
  it('changes exactly one card and adds exactly one log row', () => {
    const { collection } = openTestCollection();
    const card = collection.study().cards[0]!;
    const before = dumpTables(databaseOf(collection));
    collection.answer({ cardId: card.id, grade: 3, durationMs: 4200, pickedOwner: 'aws' });
    const after = dumpTables(databaseOf(collection));

    expect(after.review_log).toHaveLength(before.review_log!.length + 1);
    const changed = after.cards!.filter((row, i) => JSON.stringify(row) !== JSON.stringify(before.cards![i]));
    expect(changed).toHaveLength(1);
    expect((changed[0] as { id: number }).id).toBe(card.id);
    expect(after.decks).toEqual(before.decks);
    const log = after.review_log!.at(-1) as Record<string, unknown>;
    expect(log).toMatchObject({ card_id: card.id, rating: 3, state_before: 0, kind: 'learning', duration_ms: 4200, picked_owner: 'aws', correct: 1 });
  });

  it('undo restores the card byte for byte and removes the log row, ten steps deep', () => {
    const { collection, clock } = openTestCollection();
    const before = dumpTables(databaseOf(collection));
    const cards = collection.study().cards.slice(0, 12);
    for (const [i, card] of cards.entries()) {
      clock.advance(15_000);
      collection.answer({ cardId: card.id, grade: ((i % 4) + 1) as 1 | 2 | 3 | 4, durationMs: 1000 });
    }
    for (let i = 0; i < 12; i++) expect(collection.undo()).not.toBeNull();
    expect(collection.undo()).toBeNull();
    expect(dumpTables(databaseOf(collection))).toEqual(before);
  });

  it('requeues a card that is still learning today, with its new due time', () => {
    const { collection, clock } = openTestCollection();
    const card = collection.study().cards[0]!;
    const result = collection.answer({ cardId: card.id, grade: 1, durationMs: 500 });
    expect(result.requeue?.id).toBe(card.id);
    expect(result.requeue!.due - clock.now()).toBe(60_000);
  });

  it('refuses an unknown card without writing anything', () => {
    const { collection } = openTestCollection();
    const before = dumpTables(databaseOf(collection));
    expect(() => collection.answer({ cardId: 999_999, grade: 3, durationMs: 0 })).toThrow(/does not exist/);
    expect(dumpTables(databaseOf(collection))).toEqual(before);
  });

  it('tags and suspends a leech at the threshold', () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ leechThreshold: 2, relearningSteps: [], learningSteps: [] });
    const card = collection.study().cards[0]!;
    collection.answer({ cardId: card.id, grade: 3, durationMs: 1 });
    let leech = false;
    for (let i = 0; i < 2; i++) {
      clock.advanceDays(30);
      collection.answer({ cardId: card.id, grade: 3, durationMs: 1 });
      clock.advanceDays(60);
      leech = collection.answer({ cardId: card.id, grade: 1, durationMs: 1 }).leech;
    }
    const row = collection.cardRecord(card.id);
    expect(leech).toBe(true);
    expect(row.lapses).toBe(2);
    expect(row.suspended).toBe(1);
    expect(row.tags.split(' ')).toContain('leech');
  });

  it('cram answers with the switch off log a cram row and leave the card alone', () => {
    const { collection } = openTestCollection();
    const card = collection.study().cards[0]!;
    collection.answer({ cardId: card.id, grade: 3, durationMs: 1 });
    const before = collection.cardRecord(card.id);
    collection.answer({ cardId: card.id, grade: 1, durationMs: 1, cram: { countTowardSchedule: false } });
    expect(collection.cardRecord(card.id)).toEqual(before);
    const last = databaseOf(collection).prepare('SELECT kind, rating FROM review_log ORDER BY id DESC LIMIT 1').get();
    expect(last).toEqual({ kind: 'cram', rating: 1 });
  });

  it('cram answers with the switch on are ordinary early reviews', () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ learningSteps: [] });
    const card = collection.study().cards[0]!;
    collection.answer({ cardId: card.id, grade: 3, durationMs: 1 });
    clock.advanceDays(1);
    const before = collection.cardRecord(card.id);
    collection.answer({ cardId: card.id, grade: 3, durationMs: 1, cram: { countTowardSchedule: true } });
    const after = collection.cardRecord(card.id);
    expect(after.reps).toBe(before.reps + 1);
    expect(after.last_review).toBe(clock.now());
    expect(databaseOf(collection).prepare('SELECT kind FROM review_log ORDER BY id DESC LIMIT 1').pluck().get()).toBe('cram');
  });
});
