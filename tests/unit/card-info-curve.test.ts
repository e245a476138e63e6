import { describe, expect, it } from 'vitest';
import { default_w } from 'ts-fsrs';
import { forgettingCurve, type CurveReview } from '../../electron/core/cards/forgetting-curve.js';
import { openTestCollection } from '../helpers/test-collection.js';

const day = 86_400_000;
const decay = default_w[20]!;
const factor = Math.pow(0.9, -1 / decay) - 1;
/** FSRS-6's forgetting curve, written out. */
const recall = (t: number, s: number) => Math.pow(1 + (factor * t) / s, -decay);

describe('a card’s forgetting curve', () => {
  const t0 = 1_000 * day;
  const history: CurveReview[] = [
    { reviewedAt: t0, kind: 'learning', rating: 3, stability: 2 },
    { reviewedAt: t0 + 1_000, kind: 'cram', rating: 1, stability: 2 },
    { reviewedAt: t0 + 3 * day, kind: 'review', rating: 3, stability: 9 },
  ];

  it('falls from 100% after each answer along the stability it left, and marks each answer with the recall just before it', () => {
    const now = t0 + 8 * day;
    const curve = forgettingCurve(history, { stability: 9, lastReview: t0 + 3 * day, due: t0 + 12 * day }, now, recall)!;
    expect(curve.reviews).toEqual([
      { at: t0, rating: 3, retrievabilityBefore: null },
      { at: t0 + 3 * day, rating: 3, retrievabilityBefore: recall(3, 2) },
    ]);
    const at = (t: number) => curve.points.filter((p) => p.at === t).map((p) => p.retrievability);
    expect(at(t0)).toEqual([1]);
    // The jump at the second answer: the end of the first stretch, then 100% again.
    expect(at(t0 + 3 * day)).toEqual([recall(3, 2), 1]);
    expect(curve.points.every((p, i) => i === 0 || p.at >= curve.points[i - 1]!.at)).toBe(true);
    // It runs past the due date, and the last stretch follows stability 9.
    const last = curve.points.at(-1)!;
    expect(last.at).toBeGreaterThan(t0 + 12 * day);
    expect(last.retrievability).toBeCloseTo(recall((last.at - (t0 + 3 * day)) / day, 9), 12);
    expect(curve.current).toBeCloseTo(recall(5, 9), 12);
    expect(curve.points.length).toBeLessThan(140);
  });

  it('starts again after a reset, and is null for a card with no memory state', () => {
    const reset: CurveReview[] = [...history, { reviewedAt: t0 + 4 * day, kind: 'manual', rating: 0, stability: 0 }, { reviewedAt: t0 + 5 * day, kind: 'learning', rating: 4, stability: 6 }];
    const curve = forgettingCurve(reset, { stability: 6, lastReview: t0 + 5 * day, due: t0 + 11 * day }, t0 + 6 * day, recall)!;
    expect(curve.reviews).toEqual([{ at: t0 + 5 * day, rating: 4, retrievabilityBefore: null }]);
    expect(curve.points[0]).toEqual({ at: t0 + 5 * day, retrievability: 1 });
    expect(forgettingCurve([], { stability: 0, lastReview: null, due: t0 }, t0, recall)).toBeNull();
  });
});

describe('card info', () => {
  it('names the deck, the added date, the kind and note type, and draws the curve from the back end’s own maths', () => {
    const { collection, clock } = openTestCollection();
    const deckId = collection.authoring.createDeck('My notes', clock.now());
    const [cardId] = collection.authoring.add({ deckId, note: { type: 'basic', front: 'Who patches the guest OS on EC2?', back: 'The customer' }, tags: [] }, clock.now()).cardIds;
    const fresh = collection.cardInfo(cardId!);
    expect(fresh).toMatchObject({ id: cardId, deckTitle: 'My notes', addedAt: clock.now(), kind: 'basic', noteType: 'basic', state: 'new', curve: null });

    collection.updateSettings({ learningSteps: [] });
    const session = collection.study({ deckIds: [deckId] });
    expect(session.cards.map((c) => c.id)).toContain(cardId);
    collection.answer({ cardId: cardId!, grade: 3, durationMs: 3000 });
    clock.advanceDays(4);
    const studied = collection.cardInfo(cardId!);
    expect(studied.curve).not.toBeNull();
    expect(studied.curve!.current).toBe(studied.retrievability);
    expect(studied.curve!.reviews).toHaveLength(1);
    expect(studied.curve!.points[0]!.retrievability).toBe(1);

    const builtin = collection.study().cards.find((c) => c.deckId !== deckId)!;
    const info = collection.cardInfo(builtin.id);
    expect(info.noteType).toBeNull();
    expect(info.deckTitle).toBe(builtin.deckTitle);
    expect(info.kind).toBe(builtin.content.kind);
    collection.close();
  });
});
