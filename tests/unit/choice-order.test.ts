import { describe, expect, it } from 'vitest';
import { choiceDisplayOrder } from '../../electron/core/review/choice-order.js';
import { openTestCollection } from '../helpers/test-collection.js';

const five = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];

describe('choice option order', () => {
  it.each([
    ['five plain options', five],
    ['three plain options', ['One', 'Two', 'Three']],
    ['with "Both" and "Neither" among the others', ['Only the EC2 copy', 'Only the Lambda copy', 'Both copies', 'Neither copy']],
    ['with "All of the above" last', ['A', 'B', 'C', 'All of the above']],
  ])('%s: a permutation, the same for a card and day', (_name, options) => {
    for (let card = 1; card < 40; card++) {
      const order = choiceDisplayOrder(card, 20_000, options);
      expect([...order].sort()).toEqual(options.map((_, i) => i));
      expect(choiceDisplayOrder(card, 20_000, options)).toEqual(order);
    }
  });

  it('keeps options that speak of the other options last, in file order', () => {
    for (let card = 1; card < 40; card++) {
      expect(choiceDisplayOrder(card, 1, ['A', 'B', 'All of the above', 'None of these']).slice(2)).toEqual([2, 3]);
      expect(choiceDisplayOrder(card, 1, ['A', 'B', 'C', 'None of the above']).at(-1)).toBe(3);
    }
  });

  it('moves an answer that starts with "Both": pinned last it would give itself away', () => {
    const options = ['AWS only', 'The customer only', 'The auditors', 'Both AWS and the customer'];
    const places = new Set(Array.from({ length: 40 }, (_, day) => choiceDisplayOrder(7, day, options).indexOf(3)));
    expect(places.size).toBe(4);
  });

  it('keeps True/False in that order', () => {
    for (let card = 1; card < 20; card++) expect(choiceDisplayOrder(card, card, ['True', 'False'])).toEqual([0, 1]);
  });

  it('moves options around: across cards and across days, the first shown option varies', () => {
    const firstByCard = new Set(Array.from({ length: 50 }, (_, card) => choiceDisplayOrder(card, 7, five)[0]));
    const firstByDay = new Set(Array.from({ length: 50 }, (_, day) => choiceDisplayOrder(3, day, five)[0]));
    expect(firstByCard.size).toBe(5);
    expect(firstByDay.size).toBe(5);
    const unchanged = Array.from({ length: 200 }, (_, card) => choiceDisplayOrder(card, 7, five)).filter((o) => o.join() === '0,1,2,3,4');
    expect(unchanged.length).toBeLessThan(10);
  });

  it('a study card carries the order, the same on a second fetch the same day, another the next day', () => {
    const { collection, clock } = openTestCollection();
    collection.updateSettings({ newPerDay: 1000 });
    const choices = collection.study().cards.filter((c) => c.content.kind === 'choice');
    expect(choices.length).toBeGreaterThan(10);
    const again = new Map(collection.study().cards.map((c) => [c.id, c.optionOrder]));
    for (const card of choices) expect(again.get(card.id)).toEqual(card.optionOrder);
    expect(choices.some((c) => c.optionOrder!.some((file, shown) => file !== shown))).toBe(true);

    // The next study day shows another order for most of them.
    clock.advanceDays(1);
    const tomorrow = choices.map((c) => collection.studyCard(collection.cardRecord(c.id), clock.now()).optionOrder!.join());
    expect(tomorrow.filter((o, i) => o !== choices[i]!.optionOrder!.join()).length).toBeGreaterThan(choices.length / 3);
  });
});
