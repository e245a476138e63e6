import { describe, expect, it } from 'vitest';
import { openTestCollection } from '../helpers/test-collection.js';
import { rightAction } from '../helpers/learner-actions.js';

const sessionSize = (s: { cards: unknown[]; later: unknown[] }) => s.cards.length + s.later.length;

describe("Today's counts and the session it starts", () => {
  it('agree on a collection with learning cards due later today, and Today says when they come back', () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ learningSteps: ['10m', '1h'], newPerDay: 20 });
    // Six new cards answered Good: each is learning again, due in ten minutes.
    const first = collection.study();
    const answered = first.cards.slice(0, 6);
    for (const card of answered) collection.answer({ sessionId: first.sessionId, cardId: card.id, grade: 3, durationMs: 1, ...rightAction(card) });
    clock.advance(60_000);

    const today = collection.today();
    const session = collection.study();
    const t = today.totals;
    expect(t.learningLater).toBe(6);
    expect(t.due + t.new + t.learning + t.learningLater).toBe(sessionSize(session));
    expect(t.nextLearningAt).toBe(Math.min(...session.later.map((c) => c.due)));
    // Each deck's row adds up to what studying that deck alone holds.
    for (const deck of today.decks.filter((d) => d.learningLater > 0 || d.dueToday + d.newToday > 0)) {
      const own = collection.study({ deckIds: [deck.id] });
      expect(deck.dueToday + deck.newToday + deck.learningNow + deck.learningLater, deck.id).toBe(sessionSize(own));
    }
  });

  it('when only learning cards later today are left, Today is not "all done" and names their time', () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ learningSteps: ['10m'], newPerDay: 1 });
    const s = collection.study();
    const card = s.cards[0]!;
    collection.answer({ sessionId: s.sessionId, cardId: card.id, grade: 1, durationMs: 1, ...rightAction(card) });
    clock.advance(60_000);
    const today = collection.today();
    expect(today.totals).toMatchObject({ due: 0, new: 0, learning: 0, learningLater: 1 });
    expect(today.nextDueAt).toBe(today.totals.nextLearningAt);
    expect(sessionSize(collection.study())).toBe(1);
  });

  it("shows today's new cards and cram answers as the Stats report counts them, without asking for the report", () => {
    const { collection } = openTestCollection();
    collection.updateSettings({ newPerDay: 5 });
    const s = collection.study();
    for (const card of s.cards.slice(0, 3)) collection.answer({ sessionId: s.sessionId, cardId: card.id, grade: 3, durationMs: 1, ...rightAction(card) });
    const crammed = s.cards.slice(3, 5);
    for (const card of crammed) collection.answer({ cardId: card.id, grade: 1, durationMs: 1, cram: { countTowardSchedule: false } });
    const today = collection.today();
    const stats = collection.stats({}, '1m');
    expect(today.newCardsToday).toBe(3);
    expect(today.newCardsToday).toBe(stats.today.newCards);
    expect(today.cramToday).toBe(2);
    expect(today.cramToday).toBe(stats.reviewsPerDay.find((d) => d.day === stats.today.day)?.cram);
    expect(today.reviewsToday).toBe(5);
  });
});
