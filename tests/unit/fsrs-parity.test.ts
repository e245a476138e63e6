import { describe, expect, it } from 'vitest';
import { createEmptyCard, fsrs, generatorParameters, type Grade } from 'ts-fsrs';
import { openTestCollection } from '../helpers/test-collection.js';

describe('our scheduler against ts-fsrs itself', () => {
  it('replaying a review log gives the same card state as calling ts-fsrs directly', () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ enableFuzz: false });
    const card = collection.study().cards[0]!;
    const engine = fsrs(generatorParameters({ request_retention: 0.9, enable_fuzz: false, enable_short_term: true, learning_steps: ['1m', '10m'], relearning_steps: ['10m'] }));
    let reference = createEmptyCard(new Date(clock.now()));
    // Our new card's due equals its creation time; ts-fsrs' empty card likewise.
    const grades: Grade[] = [3, 3, 3, 1, 3, 3, 4, 2, 3, 1, 1, 3, 4];
    const gaps = [0, 60_000, 600_000, 3 * 86_400_000, 600_000, 86_400_000, 5 * 86_400_000, 20 * 86_400_000, 9 * 86_400_000, 40 * 86_400_000, 600_000, 600_000, 2 * 86_400_000];
    grades.forEach((grade, i) => {
      clock.advance(gaps[i]!);
      collection.answer({ cardId: card.id, grade, durationMs: 1000 });
      reference = engine.next(reference, new Date(clock.now()), grade).card;
      const ours = collection.cardRecord(card.id);
      expect({ state: ours.state, due: ours.due, reps: ours.reps, lapses: ours.lapses, steps: ours.learning_steps }).toEqual({
        state: reference.state,
        due: reference.due.getTime(),
        reps: reference.reps,
        lapses: reference.lapses,
        steps: reference.learning_steps,
      });
      expect(ours.stability).toBeCloseTo(reference.stability, 10);
      expect(ours.difficulty).toBeCloseTo(reference.difficulty, 10);
    });
  });
});
