import { plural } from './labels';

/** How a screen names the exam's scope: "275 cards in the 10 built-in decks" or "312 cards in 3 chosen decks". */
export function scopeText(cards: number, deckCount: number, byDefault: boolean): string {
  const decks = byDefault ? `the ${deckCount === 1 ? 'built-in deck' : `${deckCount} built-in decks`}` : deckCount === 1 ? 'the 1 deck you chose' : `the ${deckCount} decks you chose`;
  return `${plural(cards, 'card')} in ${decks}`;
}
