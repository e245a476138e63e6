// The practice deck is in the form of the Cloud Practitioner exam (CLF-C02):
// one right answer of four, or "Choose two" of five, with near-miss options,
// and hardly any True/False, which the exam does not use. No choice card lets
// its position answer it: not in the file, and not on screen.
import { describe, expect, it } from 'vitest';
import { choiceDisplayOrder } from '../../electron/core/review/choice-order.js';
import { builtinCards, builtinDecks, isTrueFalse, type ChoiceFileCard } from '../helpers/builtin-deck-files.js';

const practice = builtinDecks.find((d) => d.id === 'practice-exam')!;
const practiceChoice = practice.cards.filter((c): c is ChoiceFileCard => c.kind === 'choice');
const singles = practiceChoice.filter((c) => c.options.length === 4 && c.answer.length === 1);
const chooseTwo = practiceChoice.filter((c) => /\(Choose two\.\)$/.test(c.question) && c.answer.length === 2 && c.options.length === 5);
const allChoice = builtinCards.flatMap(({ card }) => (card.kind === 'choice' ? [card] : []));
const numbers: Record<number, string> = { 2: 'two', 3: 'three', 4: 'four' };

describe('the practice exam deck', () => {
  it('holds at least 20 single-answer items of four options and 8 "Choose two" items of five', () => {
    expect(singles.length).toBeGreaterThanOrEqual(20);
    expect(chooseTwo.length).toBeGreaterThanOrEqual(8);
  });

  it('keeps True/False to a fifth of the deck at most', () => {
    expect(practiceChoice.filter((c) => isTrueFalse(c.options)).length / practice.cards.length).toBeLessThanOrEqual(0.2);
  });

  it('spreads the right answers of its single-answer items over the four positions in the file', () => {
    for (let position = 0; position < 4; position++) {
      const share = singles.filter((c) => c.answer[0] === position).length / singles.length;
      expect(share, `position ${position + 1}`).toBeGreaterThanOrEqual(0.15);
      expect(share, `position ${position + 1}`).toBeLessThanOrEqual(0.35);
    }
    // Every one of the five places holds a right answer of some "Choose two" item.
    expect(new Set(chooseTwo.flatMap((c) => c.answer)).size).toBe(5);
  });

  it('asks nothing "select all that apply": every multiple-answer card says how many to choose, and has more wrong options than one', () => {
    const bad = allChoice
      .filter((c) => c.answer.length > 1)
      .filter((c) => !c.question.endsWith(`(Choose ${numbers[c.answer.length]}.)`) || c.options.length - c.answer.length < 2 || c.answer.length / c.options.length > 0.6)
      .map((c) => c.id);
    expect(bad).toEqual([]);
    expect(allChoice.filter((c) => /select all/i.test(c.question)).map((c) => c.id)).toEqual([]);
  });

  it('never pins a right answer to one place on screen: over a month of study days each right option moves', () => {
    const pinned = allChoice
      .filter((c) => !isTrueFalse(c.options))
      .flatMap((c, i) =>
        c.answer.filter((right) => new Set(Array.from({ length: 30 }, (_, day) => choiceDisplayOrder(1000 + i, 20_000 + day, c.options).indexOf(right))).size < 2).map((right) => `${c.id}: ${c.options[right]}`),
      );
    expect(pinned).toEqual([]);
  });
});
